import { LocalDriver, LocalPresence, type MatchMakerDriver, type Presence } from '@colyseus/core';
import { RedisDriver } from '@colyseus/redis-driver';
import { RedisPresence } from '@colyseus/redis-presence';
import { Redis } from 'ioredis';

/**
 * How rooms find each other: in this process only (no REDIS_URL), or across every node of a
 * cluster through Redis.
 */
export function createPresence(
  redisUrl: string | undefined,
  keyPrefix: string,
): {
  presence: Presence;
  driver: MatchMakerDriver;
} {
  if (!redisUrl) return { presence: new LocalPresence(), driver: new LocalDriver() };
  // Every node of one deployment must use the same prefix; other deployments (and test runs)
  // sharing the Redis server then never see each other's rooms.
  const options = { keyPrefix: `${keyPrefix}:`, maxRetriesPerRequest: null };
  return {
    presence: new RedisPresence(new Redis(redisUrl, options) as never),
    driver: new RedisDriver(new Redis(redisUrl, options)),
  };
}
