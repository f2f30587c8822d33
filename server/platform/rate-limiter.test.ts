import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { FlexibleRateLimiter } from './rate-limiter.ts';

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

    it('opens again when the window has passed', async () => {
      const limiter = new FlexibleRateLimiter('c', { points: 1, windowSeconds: 1 }, redis, prefix);
      await limiter.consume('k');
      assert.equal((await limiter.consume('k')).allowed, false);
      await new Promise((r) => setTimeout(r, 1100));
      assert.deepEqual(await limiter.consume('k'), { allowed: true });
    });
  });
}
