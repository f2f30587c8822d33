import { Redis } from 'ioredis';
import { LocalRankIndex } from '../../server/platform/local-rank-index.ts';
import { RedisRankIndex } from '../../server/platform/redis-rank-index.ts';
import type { RankIndex } from '../../server/services/rank-index.ts';
import { redisPrefix } from './backends.ts';

/** An implementation of the rank index, opened fresh for a suite. */
export interface RankIndexKind {
  name: string;
  unavailable?: string | undefined;
  open(): Promise<{ index: RankIndex; close(): Promise<void> }>;
}

/** Every implementation: the in-process one always, Redis when TEST_REDIS_URL names a server. */
export const RANK_INDEXES: RankIndexKind[] = [
  {
    name: 'LocalRankIndex',
    async open() {
      return { index: new LocalRankIndex(), close: async () => undefined };
    },
  },
  {
    name: 'RedisRankIndex',
    unavailable: process.env.TEST_REDIS_URL ? undefined : 'TEST_REDIS_URL not set',
    async open() {
      const redis = new Redis(process.env.TEST_REDIS_URL!);
      const index = new RedisRankIndex(redis, redisPrefix());
      return {
        index,
        close: async () => {
          await index.clear();
          await redis.quit();
        },
      };
    },
  },
];

/** Declares `body` once per implementation; one not configured shows as pending with the reason. */
export function forEachRankIndex(title: string, body: (get: () => RankIndex) => void): void {
  for (const kind of RANK_INDEXES) {
    describe(`${title} [${kind.name}]`, () => {
      if (kind.unavailable) {
        it(`needs ${kind.name}: ${kind.unavailable}`);
        return;
      }
      let opened: Awaited<ReturnType<RankIndexKind['open']>>;
      before(async () => {
        opened = await kind.open();
      });
      after(async () => opened?.close());
      body(() => opened.index);
    });
  }
}
