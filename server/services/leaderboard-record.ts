import type { Database } from '../db/database.ts';
import type { EntryRow } from '../db/repositories/leaderboard.repository.ts';
import type { Board } from '../domain/leaderboards/boards.ts';
import type { Season } from '../domain/leaderboards/periods.ts';
import { compareEntries, type KeyedEntry, rankRun } from '../domain/leaderboards/ranking.ts';
import type { Logger } from '../platform/logger.ts';
import { toIndexWrite } from './leaderboard-writes.ts';
import type { Clock } from './ports.ts';
import type { IndexWrite, RankIndex } from './rank-index.ts';

/** A closed period's final standings (the first {@link ARCHIVED_STANDINGS}), as archived and given to the season hook. */
export interface FinalStandings {
  board: string;
  period: string;
  /** The season, for a season board. */
  season: Season | null;
  closedAt: Date;
  total: number;
  standings: Array<{ rank: number; userId: string; value: number }>;
}

export type SeasonEndHook = (final: FinalStandings) => Promise<void> | void;

export const ARCHIVED_STANDINGS = 1000;

export interface CheckReport {
  /** Board periods compared. */
  scopes: number;
  entries: number;
  /** Board periods whose index differs from the record, with the first difference. */
  mismatches: Array<{ board: string; period: string; position: number; record: string; index: string }>;
}

export interface LeaderboardRecordDeps {
  db: Database;
  index: RankIndex;
  boards: readonly Board[];
  seasons: readonly Season[];
  clock: Clock;
  log?: Logger | undefined;
  onRebuilt?: ((seconds: number, entries: number) => void) | undefined;
  onSeasonEnd?: SeasonEndHook | undefined;
}

/** Entries read at a time from the record (keyset pages in primary-key order). */
const SCAN_PAGE = 20_000;

/**
 * PostgreSQL is the record of the boards, the rank index a copy: this rebuilds the copy (at boot,
 * and whenever Redis has lost it), compares the two, and closes periods that have ended.
 */
export class LeaderboardRecord {
  constructor(private readonly deps: LeaderboardRecordDeps) {}

  /** Every entry of the record, a page at a time; the next page is read while the caller works on one. */
  private async *scan(): AsyncGenerator<EntryRow[]> {
    const read = (after: { boardId: string; period: string; userId: string } | null) =>
      this.deps.db.read((repos) => repos.leaderboards.scan(after, SCAN_PAGE));
    let next: Promise<EntryRow[]> | null = read(null);
    while (next) {
      const rows: EntryRow[] = await next;
      const last = rows.at(-1);
      next =
        last && rows.length === SCAN_PAGE
          ? read({ boardId: last.board_id, period: last.period, userId: last.user_id })
          : null;
      if (rows.length > 0) yield rows;
    }
  }

  /** Copies one page of the record into the index, a write per board period. Answers how many entries. */
  private async copy(rows: EntryRow[]): Promise<number> {
    const groups = new Map<string, { board: Board; period: string; writes: IndexWrite[] }>();
    for (const row of rows) {
      const key = `${row.board_id}\u0000${row.period}`;
      let group = groups.get(key);
      if (!group) {
        const board = this.deps.boards.find((b) => b.id === row.board_id);
        if (!board) continue;
        group = { board, period: row.period, writes: [] };
        groups.set(key, group);
      }
      group.writes.push(toIndexWrite(group.board, row));
    }
    let count = 0;
    for (const { board, period, writes } of groups.values()) {
      await this.deps.index.write(board.id, period, writes);
      count += writes.length;
    }
    return count;
  }

  /**
   * Copies every entry of the record into the index (versioned writes: a concurrent write is never
   * undone) and marks it built. Answers how many entries it copied. Reading the record and writing
   * the index overlap: the next page is read while one is written.
   */
  async rebuild(): Promise<number> {
    const started = performance.now();
    let count = 0;
    for await (const rows of this.scan()) count += await this.copy(rows);
    await this.deps.index.markBuilt();
    const seconds = (performance.now() - started) / 1000;
    this.deps.onRebuilt?.(seconds, count);
    this.deps.log?.info(
      { entries: count, seconds: Number(seconds.toFixed(2)) },
      'rank index rebuilt from the record',
    );
    return count;
  }

  /** Rebuilds the index if it does not hold its last rebuild (a new process; Redis flushed or restarted). */
  async ensureBuilt(): Promise<boolean> {
    if (await this.deps.index.isBuilt()) return false;
    this.deps.log?.warn('the rank index is empty or was lost: rebuilding it from the record');
    await this.rebuild();
    return true;
  }

  /** Compares every board period of the record with the index, entry by entry, in board order. */
  async check(): Promise<CheckReport> {
    const scopes = new Map<string, { board: Board; period: string; entries: KeyedEntry[] }>();
    for await (const rows of this.scan()) {
      for (const row of rows) {
        const board = this.deps.boards.find((b) => b.id === row.board_id);
        if (!board) continue;
        const w = toIndexWrite(board, row);
        if (!w.visible) continue;
        const key = `${row.board_id}\u0000${row.period}`;
        const scope = scopes.get(key) ?? { board, period: row.period, entries: [] };
        scope.entries.push({ member: w.member, key: w.key });
        scopes.set(key, scope);
      }
    }
    const report: CheckReport = { scopes: scopes.size, entries: 0, mismatches: [] };
    for (const { board, period, entries } of scopes.values()) {
      entries.sort(compareEntries);
      report.entries += entries.length;
      const ranks = rankRun(entries, 0, 1);
      const held = await this.deps.index.range({ board: board.id, period }, 0, entries.length + 1);
      const length = Math.max(held.length, entries.length);
      for (let i = 0; i < length; i++) {
        const want = entries[i] ? `${ranks[i]}:${entries[i]!.member}:${entries[i]!.key}` : 'nothing';
        const got = held[i] ? `${held[i]!.rank}:${held[i]!.member}:${held[i]!.key}` : 'nothing';
        if (want !== got) {
          report.mismatches.push({ board: board.id, period, position: i, record: want, index: got });
          break;
        }
      }
    }
    return report;
  }

  /**
   * Closes every period that ended at least `graceMs` ago (so that games finishing at the boundary
   * are in): archives its final standings from the record and, for a season, calls the hook. One
   * node closes each period, once; answers what it closed.
   */
  async closeEndedPeriods(graceMs = 60_000): Promise<FinalStandings[]> {
    const now = this.deps.clock();
    const ended = await this.deps.db.read((repos) =>
      repos.leaderboards.endedPeriods(new Date(now.getTime() - graceMs)),
    );
    const closed: FinalStandings[] = [];
    for (const period of ended) {
      const board = this.deps.boards.find((b) => b.id === period.board_id);
      if (!board) continue;
      const entries: Array<KeyedEntry & { value: number }> = [];
      for await (const rows of this.scanPeriod(board.id, period.period)) {
        for (const r of rows) {
          const w = toIndexWrite(board, r);
          if (w.visible) entries.push({ ...w, value: r.value });
        }
      }
      entries.sort(compareEntries);
      const ranks = rankRun(entries, 0, 1);
      const final: FinalStandings = {
        board: board.id,
        period: period.period,
        season:
          board.reset === 'season' ? (this.deps.seasons.find((s) => s.id === period.period) ?? null) : null,
        closedAt: now,
        total: entries.length,
        standings: entries
          .slice(0, ARCHIVED_STANDINGS)
          .map((e, i) => ({ rank: ranks[i]!, userId: e.member, value: e.value })),
      };
      const mine = await this.deps.db.read((repos) =>
        repos.leaderboards.closePeriod(board.id, period.period, now, final.total, final.standings),
      );
      if (!mine) continue;
      closed.push(final);
      if (board.reset === 'season') await this.deps.onSeasonEnd?.(final);
    }
    return closed;
  }

  private async *scanPeriod(boardId: string, period: string): AsyncGenerator<EntryRow[]> {
    let after = { boardId, period, userId: '00000000-0000-0000-0000-000000000000' };
    for (;;) {
      const rows = (await this.deps.db.read((repos) => repos.leaderboards.scan(after, SCAN_PAGE))).filter(
        (r) => r.board_id === boardId && r.period === period,
      );
      if (rows.length === 0) return;
      yield rows;
      after = { boardId, period, userId: rows.at(-1)!.user_id };
    }
  }
}
