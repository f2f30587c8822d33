import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { LimitsInTurn, RateDecision, RateLimiter } from '../services/ports.ts';

export interface RateLimitRule {
  /** Events allowed per window. */
  points: number;
  windowSeconds: number;
}

/**
 * A fixed-window limiter, shared by every node through Redis when there is one, else in memory.
 * With Redis, an in-memory limiter stands in while Redis does not answer, so an outage neither
 * opens the gates nor fails every request.
 */
export class FlexibleRateLimiter implements RateLimiter {
  private readonly limiter: RateLimiterAbstract;
  /** Where the counts are kept, and under which prefix (the store's own key is `prefix:key`). */
  readonly store: { redis: Redis | undefined; prefix: string };

  constructor(
    name: string,
    readonly rule: RateLimitRule,
    redis?: Redis,
    keyPrefix = 'rookery:rl',
  ) {
    const opts = { points: rule.points, duration: rule.windowSeconds, keyPrefix: `${keyPrefix}:${name}` };
    this.store = { redis, prefix: opts.keyPrefix };
    this.limiter = redis
      ? new RateLimiterRedis({ ...opts, storeClient: redis, insuranceLimiter: new RateLimiterMemory(opts) })
      : new RateLimiterMemory(opts);
  }

  async consume(key: string): Promise<RateDecision> {
    try {
      await this.limiter.consume(key, 1);
      return { allowed: true };
    } catch (res) {
      if (res instanceof RateLimiterRes) return denied(res);
      throw res;
    }
  }

  async check(key: string): Promise<RateDecision> {
    const res = await this.limiter.get(key);
    if (res && res.consumedPoints >= this.rule.points) return denied(res);
    return { allowed: true };
  }

  async reset(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}

/**
 * Counts one event against each limit in turn, stopping at the first that refuses it, as
 * `consume` called on each in order would: the limits before it counted the event, those after
 * did not. Limits kept in one Redis are counted in one round trip (one script, the same keys and
 * windows as `consume`'s); if it does not answer, each is consumed on its own, so an outage falls
 * back to each limit's in-memory stand-in. Answers the index of the limit that refused, if any.
 */
export async function consumeInTurn(
  steps: ReadonlyArray<{ limiter: FlexibleRateLimiter; key: string }>,
): Promise<{ refusedBy: number; retryAfterSeconds: number } | null> {
  const redis = steps[0]?.limiter.store.redis;
  if (redis && steps.length > 1 && steps.every((s) => s.limiter.store.redis === redis)) {
    try {
      const [refusedBy, ttlMs] = (await consumeScript(redis)(
        steps.length,
        ...steps.map((s) => `${s.limiter.store.prefix}:${s.key}`),
        ...steps.flatMap((s) => [String(s.limiter.rule.points), String(s.limiter.rule.windowSeconds)]),
      )) as [number, number];
      return refusedBy === 0
        ? null
        : { refusedBy: refusedBy - 1, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
    } catch {
      // Redis did not answer: each limit on its own, through its stand-in.
    }
  }
  for (const [index, { limiter, key }] of steps.entries()) {
    const decision = await limiter.consume(key);
    if (!decision.allowed) return { refusedBy: index, retryAfterSeconds: decision.retryAfterSeconds };
  }
  return null;
}

/** `limiters` as one {@link LimitsInTurn}, the i-th key counted by the i-th limiter. */
export function limitsInTurn(limiters: readonly FlexibleRateLimiter[]): LimitsInTurn {
  return {
    async consume(keys) {
      const steps = limiters.flatMap((limiter, index) => {
        const key = keys[index];
        return key === undefined ? [] : [{ limiter, key, index }];
      });
      const refused = await consumeInTurn(steps);
      return (
        refused && {
          refusedBy: steps[refused.refusedBy]!.index,
          retryAfterSeconds: refused.retryAfterSeconds,
        }
      );
    },
  };
}

/**
 * For each key in turn: opens its window if none is open (the count expiring with it), counts one,
 * and stops with `{ index, ms left }` (from 1) if the count is past the window's points; `{0, 0}`
 * when every key allows it. Each key as rate-limiter-flexible's own script counts it.
 */
const CONSUME_IN_TURN = `
for i = 1, #KEYS do
  local seconds = ARGV[2 * i]
  redis.call('SET', KEYS[i], 0, 'EX', seconds, 'NX')
  local consumed = redis.call('INCRBY', KEYS[i], 1)
  local ttl = redis.call('PTTL', KEYS[i])
  if ttl == -1 then
    redis.call('EXPIRE', KEYS[i], seconds)
    ttl = 1000 * seconds
  end
  if consumed > tonumber(ARGV[2 * i - 1]) then return {i, ttl} end
end
return {0, 0}`;

type ConsumeScript = (numberOfKeys: number, ...args: string[]) => Promise<unknown>;

/** The script, defined once per client and then called by its digest. */
function consumeScript(redis: Redis): ConsumeScript {
  const commands = redis as unknown as Record<string, ConsumeScript | undefined>;
  if (!commands.rateConsumeInTurn) redis.defineCommand('rateConsumeInTurn', { lua: CONSUME_IN_TURN });
  return commands.rateConsumeInTurn!.bind(redis);
}

function denied(res: RateLimiterRes): RateDecision {
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
}
