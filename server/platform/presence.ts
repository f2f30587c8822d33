import { LocalDriver, LocalPresence, type MatchMakerDriver, type Presence } from '@colyseus/core';
import { RedisDriver } from '@colyseus/redis-driver';
import { RedisPresence } from '@colyseus/redis-presence';

/**
 * How rooms find each other: in this process only (no REDIS_URL), or across every node of a
 * cluster through Redis.
 */
export function createPresence(redisUrl: string | undefined): {
  presence: Presence;
  driver: MatchMakerDriver;
} {
  if (!redisUrl) return { presence: new LocalPresence(), driver: new LocalDriver() };
  return { presence: new RedisPresence(redisUrl), driver: new RedisDriver(redisUrl) };
}
