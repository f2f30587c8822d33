import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { RateDecision, RateLimiter } from '../services/ports.ts';

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

  constructor(
    name: string,
    private readonly rule: RateLimitRule,
    redis?: Redis,
    keyPrefix = 'rookery:rl',
  ) {
    const opts = { points: rule.points, duration: rule.windowSeconds, keyPrefix: `${keyPrefix}:${name}` };
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

function denied(res: RateLimiterRes): RateDecision {
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
}
