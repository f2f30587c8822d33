import type { KeyedEntry } from '../domain/leaderboards/ranking.ts';

/**
 * Where a board's order is kept for fast reads: Redis sorted sets when the deployment has Redis
 * (`RedisRankIndex`: every node reads the same ranks), an in-process index otherwise
 * (`LocalRankIndex`). PostgreSQL stays the record; an index can always be rebuilt from it.
 *
 * Entries are ordered by their sort key (`server/domain/leaderboards/ranking.ts`), the greater
 * first, and equal keys by member, the greater first. Ranks follow the "1224" rule.
 */
export interface RankScope {
  board: string;
  period: string;
  /** A country's part of the board (ISO 3166-1 alpha-2); absent: the whole board. */
  country?: string | null | undefined;
}

/** One entry as the record holds it. Writes are versioned: a version at or below the one held is ignored. */
export interface IndexWrite {
  member: string;
  key: number;
  country: string | null;
  /** Grows by one at every change of the entry in the record. */
  version: number;
  /** false: the entry exists but is not shown (an ineligible player); it leaves the index. */
  visible: boolean;
}

export interface RankedEntry extends KeyedEntry {
  /** 0-based place in the board's order. */
  position: number;
  /** 1-based, "1224". */
  rank: number;
}

export interface RankIndex {
  /** Applies versioned writes to one period of one board. Replaying a write changes nothing. */
  write(board: string, period: string, writes: readonly IndexWrite[]): Promise<void>;
  /** `limit` entries from position `offset`. */
  range(scope: RankScope, offset: number, limit: number): Promise<RankedEntry[]>;
  /** `limit` entries right after `cursor` in the board's order (the cursor need not be on it any more). */
  after(scope: RankScope, cursor: KeyedEntry, limit: number): Promise<RankedEntry[]>;
  /** The member's place, or null when it is not on the board. */
  standing(scope: RankScope, member: string): Promise<RankedEntry | null>;
  /** Up to `k` entries above and `k` below the member, with it; empty when it is not on the board. */
  around(scope: RankScope, member: string, k: number): Promise<RankedEntry[]>;
  size(scope: RankScope): Promise<number>;
  /** The periods of a board that hold entries. */
  periods(board: string): Promise<string[]>;
  /** Whether the index still holds its last rebuild (Redis may have lost its data since). */
  isBuilt(): Promise<boolean>;
  markBuilt(): Promise<void>;
  /** Drops every entry of every board. */
  clear(): Promise<void>;
}
