import { Gauge, Histogram, type Registry } from 'prom-client';
import type { KeyedEntry } from '../domain/leaderboards/ranking.ts';
import type { IndexWrite, RankedEntry, RankIndex, RankScope } from '../services/rank-index.ts';

/** The leaderboards' metrics, in the server's registry. */
export interface LeaderboardMetrics {
  /** Time of each rank-index operation, by operation and implementation. */
  indexOp: Histogram<'op' | 'index'>;
  /** Entries of each board's current period in the rank index (read at scrape time). */
  boardSize: Gauge<'board'>;
  /** Time to rebuild the rank index from the record. */
  rebuild: Histogram<never>;
}

export function createLeaderboardMetrics(
  registry: Registry,
  sizes: () => Promise<Array<{ board: string; size: number }>>,
): LeaderboardMetrics {
  return {
    indexOp: new Histogram({
      name: 'rookery_rank_index_op_seconds',
      help: 'Time of a rank-index operation, by operation and implementation',
      labelNames: ['op', 'index'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.1],
      registers: [registry],
    }),
    boardSize: new Gauge({
      name: 'rookery_leaderboard_entries',
      help: "Entries of each board's current period in the rank index",
      labelNames: ['board'],
      registers: [registry],
      async collect() {
        for (const { board, size } of await sizes().catch(() => [])) this.set({ board }, size);
      },
    }),
    rebuild: new Histogram({
      name: 'rookery_rank_index_rebuild_seconds',
      help: 'Time to rebuild the rank index from the record',
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
  };
}

/** A rank index that times each of its operations. */
export class TimedRankIndex implements RankIndex {
  constructor(
    private readonly inner: RankIndex,
    private readonly histogram: Histogram<'op' | 'index'>,
    private readonly name: string,
  ) {}

  private async timed<T>(op: string, work: () => Promise<T>): Promise<T> {
    const end = this.histogram.startTimer({ op, index: this.name });
    try {
      return await work();
    } finally {
      end();
    }
  }

  write(board: string, period: string, writes: readonly IndexWrite[]): Promise<void> {
    return this.timed('write', () => this.inner.write(board, period, writes));
  }
  range(scope: RankScope, offset: number, limit: number): Promise<RankedEntry[]> {
    return this.timed('range', () => this.inner.range(scope, offset, limit));
  }
  after(scope: RankScope, cursor: KeyedEntry, limit: number): Promise<RankedEntry[]> {
    return this.timed('after', () => this.inner.after(scope, cursor, limit));
  }
  standing(scope: RankScope, member: string): Promise<RankedEntry | null> {
    return this.timed('standing', () => this.inner.standing(scope, member));
  }
  around(scope: RankScope, member: string, k: number): Promise<RankedEntry[]> {
    return this.timed('around', () => this.inner.around(scope, member, k));
  }
  size(scope: RankScope): Promise<number> {
    return this.timed('size', () => this.inner.size(scope));
  }
  periods(board: string): Promise<string[]> {
    return this.inner.periods(board);
  }
  isBuilt(): Promise<boolean> {
    return this.inner.isBuilt();
  }
  markBuilt(): Promise<void> {
    return this.inner.markBuilt();
  }
  clear(): Promise<void> {
    return this.inner.clear();
  }
}
