import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { consumeInTurn, FlexibleRateLimiter, limitsInTurn } from './rate-limiter.ts';

/** One suite, run against each store a limiter can keep its counts in. */
const STORES: Array<{ name: string; redisUrl?: string; unavailable?: string }> = [
  { name: 'memory' },
  {
    name: 'Redis',
    redisUrl: process.env.TEST_REDIS_URL,
    unavailable: process.env.TEST_REDIS_URL ? undefined : 'TEST_REDIS_URL not set',
  },
];

for (const store of STORES) {
  describe(`FlexibleRateLimiter [${store.name}]`, () => {
    if (store.unavailable) {
      it(`needs ${store.name}: ${store.unavailable}`);
      return;
    }
    let redis: Redis | undefined;
    const prefix = `rookery-unit-${process.pid}-${Date.now()}`;
    before(() => {
      if (store.redisUrl) redis = new Redis(store.redisUrl);
    });
    after(async () => {
      if (!redis) return;
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    });

    it('allows `points` events per window, then refuses with the time left', async () => {
      const limiter = new FlexibleRateLimiter('a', { points: 3, windowSeconds: 30 }, redis, prefix);
      for (let i = 0; i < 3; i++) assert.deepEqual(await limiter.consume('k'), { allowed: true });
      const refused = await limiter.consume('k');
      assert.equal(refused.allowed, false);
      assert.ok(!refused.allowed && refused.retryAfterSeconds >= 1 && refused.retryAfterSeconds <= 30);
      assert.deepEqual(await limiter.consume('other'), { allowed: true }, 'keys are counted apart');
    });

    it('checks without counting, and forgets a key on reset', async () => {
      const limiter = new FlexibleRateLimiter('b', { points: 2, windowSeconds: 30 }, redis, prefix);
      for (let i = 0; i < 5; i++) assert.deepEqual(await limiter.check('k'), { allowed: true });
      await limiter.consume('k');
      await limiter.consume('k');
      assert.equal((await limiter.check('k')).allowed, false);
      await limiter.reset('k');
      assert.deepEqual(await limiter.check('k'), { allowed: true });
    });

    it('counts limits in turn, stopping at the first that refuses, on the counts `consume` keeps', async () => {
      const address = new FlexibleRateLimiter('d-ip', { points: 3, windowSeconds: 30 }, redis, prefix);
      const user = new FlexibleRateLimiter('d-user', { points: 1, windowSeconds: 30 }, redis, prefix);
      const both = (ip: string, who: string) =>
        consumeInTurn([
          { limiter: address, key: ip },
          { limiter: user, key: who },
        ]);
      assert.equal(await both('1.2.3.4', 'u'), null);
      const refused = await both('1.2.3.4', 'u');
      assert.equal(refused?.refusedBy, 1, 'the user has used its one');
      assert.ok(refused && refused.retryAfterSeconds >= 1 && refused.retryAfterSeconds <= 30);
      // Both requests counted for the address: one point is left of its three.
      assert.deepEqual(await address.consume('1.2.3.4'), { allowed: true });
      const byAddress = await both('1.2.3.4', 'v');
      assert.equal(byAddress?.refusedBy, 0);
      assert.equal(
        await consumeInTurn([{ limiter: user, key: 'v' }]),
        null,
        'the address refused it before v counted',
      );
      assert.equal((await user.check('v')).allowed, false);
      assert.equal((await consumeInTurn([{ limiter: user, key: 'u' }]))?.refusedBy, 0);
    });

    it('as one set of limits, skips a limit without a key and names a refusal by its place in the set', async () => {
      const limits = limitsInTurn([
        new FlexibleRateLimiter('e-ip', { points: 5, windowSeconds: 30 }, redis, prefix),
        new FlexibleRateLimiter('e-user', { points: 1, windowSeconds: 30 }, redis, prefix),
      ]);
      assert.equal(await limits.consume(['1.2.3.4', 'u']), null);
      assert.equal((await limits.consume(['1.2.3.4', 'u']))?.refusedBy, 1);
      assert.equal(await limits.consume(['1.2.3.4', undefined]), null, 'no user: only the address counts');
      const third = new FlexibleRateLimiter('e-third', { points: 1, windowSeconds: 30 }, redis, prefix);
      const gapped = limitsInTurn([
        new FlexibleRateLimiter('e-first', { points: 5, windowSeconds: 30 }, redis, prefix),
        third,
      ]);
      await third.consume('k');
      assert.equal(
        (await gapped.consume([undefined, 'k']))?.refusedBy,
        1,
        'the second of the set, the first skipped',
      );
    });

    it('opens again when the window has passed', async () => {
      const limiter = new FlexibleRateLimiter('c', { points: 1, windowSeconds: 1 }, redis, prefix);
      await limiter.consume('k');
      assert.equal((await limiter.consume('k')).allowed, false);
      await new Promise((r) => setTimeout(r, 1100));
      assert.deepEqual(await limiter.consume('k'), { allowed: true });
    });
  });
}

describe('consumeInTurn while Redis does not answer', () => {
  it('limits each key through its in-memory stand-in', async () => {
    // Nothing listens on port 1: every command fails at once.
    const down = new Redis({
      port: 1,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    try {
      const address = new FlexibleRateLimiter('ip', { points: 2, windowSeconds: 30 }, down, 'down');
      const user = new FlexibleRateLimiter('user', { points: 5, windowSeconds: 30 }, down, 'down');
      const both = () =>
        consumeInTurn([
          { limiter: address, key: 'a' },
          { limiter: user, key: 'u' },
        ]);
      assert.equal(await both(), null);
      assert.equal(await both(), null);
      assert.equal((await both())?.refusedBy, 0);
    } finally {
      down.disconnect();
    }
  });
});
