import type { RequestHandler } from 'express';
import { AppError } from '../services/errors.ts';
import type { RateLimiter } from '../services/ports.ts';

/**
 * Answers of public reads kept for a short while, by URL: a burst of the same request costs one
 * read. Bounded: the oldest answer goes first.
 */
export class ResponseCache {
  private readonly answers = new Map<string, { body: unknown; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, compute: () => Promise<unknown>): Promise<unknown> {
    const held = this.answers.get(key);
    if (held && held.until > this.now()) return held.body;
    const body = await compute();
    this.answers.delete(key);
    this.answers.set(key, { body, until: this.now() + this.ttlMs });
    if (this.answers.size > this.maxEntries) this.answers.delete(this.answers.keys().next().value!);
    return body;
  }
}

/**
 * Counts the request against the signed-in caller (after `requireAuth`); over the limit, 429
 * RATE_LIMITED, before anything is read or written.
 */
export function limitByUser(limiter: RateLimiter): RequestHandler {
  return async (_req, res, next) => {
    const { userId } = res.locals.claims as { userId: string };
    const decision = await limiter.consume(userId);
    if (!decision.allowed)
      throw new AppError(
        'RATE_LIMITED',
        'too many requests; slow down',
        undefined,
        decision.retryAfterSeconds,
      );
    next();
  };
}

/** Counts the request against the caller's IP address; over the limit, 429 RATE_LIMITED. */
export function limitByIp(limiter: RateLimiter): RequestHandler {
  return async (req, _res, next) => {
    const decision = await limiter.consume(req.ip ?? 'unknown');
    if (!decision.allowed)
      throw new AppError(
        'RATE_LIMITED',
        'too many requests; slow down',
        undefined,
        decision.retryAfterSeconds,
      );
    next();
  };
}
