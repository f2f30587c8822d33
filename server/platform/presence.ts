import { LocalDriver, LocalPresence, type MatchMakerDriver, matchMaker, type Presence } from '@colyseus/core';
import { RedisPresence } from '@colyseus/redis-presence';
import { Redis } from 'ioredis';
import { OwnListingsRedisDriver } from './own-listings-driver.ts';

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
  // sharing the Redis server then never see each other's rooms, keys or messages.
  const options = { keyPrefix: `${keyPrefix}:`, maxRetriesPerRequest: null };
  return {
    presence: new PrefixedRedisPresence(new Redis(redisUrl, options), `${keyPrefix}:`),
    driver: new OwnListingsRedisDriver(new Redis(redisUrl, options), () => matchMaker.processId, {
      countRead: (listing) => !listing.private && sortsByClients(listing.name),
    }),
  };
}

/**
 * Whether the queries for a room type sort by its rooms' client counts (`.sortBy({ clients })`):
 * only then must a listing's count be written as it changes. No room type of ours does.
 */
function sortsByClients(roomName: string): boolean {
  const sortOptions = matchMaker.getAllHandlers()[roomName]?.sortOptions as
    | Record<string, unknown>
    | undefined;
  return sortOptions !== undefined && 'clients' in sortOptions;
}

/**
 * Redis presence whose channels carry the deployment's prefix too. The client's key prefix
 * applies to keys only: without this, the rooms of two deployments on one Redis server that
 * share an id (every deployment's lobby and queues) would answer each other's calls.
 */
export class PrefixedRedisPresence extends RedisPresence {
  constructor(
    redis: Redis,
    private readonly channelPrefix: string,
  ) {
    super(redis as never);
  }

  override subscribe(topic: string, callback: Parameters<RedisPresence['subscribe']>[1]) {
    return super.subscribe(this.channelPrefix + topic, callback);
  }

  override unsubscribe(topic: string, callback?: Parameters<RedisPresence['unsubscribe']>[1]) {
    return super.unsubscribe(this.channelPrefix + topic, callback);
  }

  override publish(topic: string, data: unknown) {
    return super.publish(this.channelPrefix + topic, data);
  }

  override async channels(pattern = '*'): Promise<string[]> {
    const found = await super.channels(this.channelPrefix + pattern);
    return found.map((channel) => channel.slice(this.channelPrefix.length));
  }
}
