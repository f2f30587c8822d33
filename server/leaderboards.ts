import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { Database } from './db/database.ts';
import { periodKey } from './domain/leaderboards/periods.ts';
import type { LeaderboardConfig } from './leaderboards-config.ts';
import {
  createLeaderboardMetrics,
  type LeaderboardMetrics,
  TimedRankIndex,
} from './platform/leaderboard-metrics.ts';
import { LocalRankIndex } from './platform/local-rank-index.ts';
import type { Logger } from './platform/logger.ts';
import { RedisRankIndex } from './platform/redis-rank-index.ts';
import { LeaderboardService } from './services/leaderboard.service.ts';
import { LeaderboardAccounts } from './services/leaderboard-accounts.ts';
import { LeaderboardRecord, type SeasonEndHook } from './services/leaderboard-record.ts';
import { LeaderboardWriter } from './services/leaderboard-writes.ts';
import type { Clock } from './services/ports.ts';
import type { RankIndex } from './services/rank-index.ts';

/** The leaderboards of one server: the rank index, its writer, its record and the reads. */
export interface Leaderboards {
  index: RankIndex;
  writer: LeaderboardWriter;
  /** Bans, their ends and deletions: an account off the boards and back. */
  accounts: LeaderboardAccounts;
  record: LeaderboardRecord;
  reads: LeaderboardService;
  metrics: LeaderboardMetrics;
  /**
   * One round of upkeep: rebuild a lost index, copy writes (and removals of deleted accounts) a
   * dead node left, put back accounts whose ban has run out, close ended periods.
   */
  tick(): Promise<void>;
  /** Runs `tick` every `everyMs` until `stop`. */
  start(everyMs: number): void;
  /** No round starts from now on; resolves once the round under way (if any) is over. */
  stop(): Promise<void>;
}

export interface LeaderboardsDeps {
  db: Database;
  config: LeaderboardConfig;
  /** Redis sorted sets when set (every node shares them); an in-process index otherwise. */
  redis: Redis | undefined;
  redisKeyPrefix: string;
  registry: Registry;
  clock: Clock;
  log: Logger;
  onSeasonEnd?: SeasonEndHook | undefined;
}

/** Writes recorded this long ago and still not in the index were left by a node that died. */
const STRANDED_AFTER_MS = 5_000;

export function createLeaderboards(deps: LeaderboardsDeps): Leaderboards {
  const { boards, seasons } = deps.config;
  let index: RankIndex;
  const sizes = async () =>
    Promise.all(
      boards.flatMap((b) => {
        const period = periodKey(b, seasons, deps.clock().getTime());
        return period === null
          ? []
          : [index.size({ board: b.id, period }).then((size) => ({ board: b.id, size }))];
      }),
    );
  const metrics = createLeaderboardMetrics(deps.registry, sizes);
  const inner = deps.redis ? new RedisRankIndex(deps.redis, deps.redisKeyPrefix) : new LocalRankIndex();
  index = new TimedRankIndex(inner, metrics.indexOp, deps.redis ? 'redis' : 'local');

  const common = { db: deps.db, index, boards, seasons, clock: deps.clock, log: deps.log };
  const writer = new LeaderboardWriter(common);
  const accounts = new LeaderboardAccounts(common);
  const record = new LeaderboardRecord({
    ...common,
    onRebuilt: (seconds) => metrics.rebuild.observe(seconds),
    onSeasonEnd: deps.onSeasonEnd,
  });
  const reads = new LeaderboardService(common);

  let timer: NodeJS.Timeout | undefined;
  /** The round of upkeep under way, if any: a round never starts while one runs. */
  let running: Promise<void> | undefined;
  const tick = async () => {
    await record.ensureBuilt();
    const stranded = new Date(deps.clock().getTime() - STRANDED_AFTER_MS);
    await writer.applyPending(null, stranded, 500);
    await accounts.applyPending(null, stranded, 500);
    await accounts.applyRemovals(null, stranded, 1000);
    await accounts.releaseEndedBans();
    const closed = await record.closeEndedPeriods();
    for (const c of closed)
      deps.log.info({ board: c.board, period: c.period, total: c.total }, 'leaderboard period closed');
  };
  return {
    index,
    writer,
    accounts,
    record,
    reads,
    metrics,
    tick,
    start(everyMs) {
      timer = setInterval(() => {
        if (running) return;
        running = tick()
          .catch((err) => deps.log.warn({ err }, 'leaderboard upkeep failed; retrying at the next round'))
          .finally(() => {
            running = undefined;
          });
      }, everyMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
