import { betterBound, type KeyedEntry, rankRun } from '../domain/leaderboards/ranking.ts';
import type { IndexWrite, RankedEntry, RankIndex, RankScope } from '../services/rank-index.ts';
import { SortedEntries } from './sorted-entries.ts';

interface Held {
  key: number;
  version: number;
  country: string | null;
  visible: boolean;
}

/** One period of one board: every member's last write, the whole order and each country's. */
class PeriodIndex {
  readonly held = new Map<string, Held>();
  readonly all = new SortedEntries();
  readonly countries = new Map<string, SortedEntries>();

  order(country: string | null | undefined): SortedEntries | undefined {
    return country ? this.countries.get(country) : this.all;
  }

  /** The whole order and the country's (made when missing). */
  private lists(country: string | null): SortedEntries[] {
    if (!country) return [this.all];
    let list = this.countries.get(country);
    if (!list) {
      list = new SortedEntries();
      this.countries.set(country, list);
    }
    return [this.all, list];
  }

  private remove(member: string, h: Held): void {
    for (const list of this.lists(h.country)) list.remove({ key: h.key, member });
  }

  /**
   * Applies versioned writes: each member's newest write in the batch, if newer than the one held.
   * Entries leave their lists one by one; the ones that come in are inserted together into each
   * list, so a rebuild's page is one merge per list rather than an insert per entry.
   */
  write(writes: readonly IndexWrite[]): void {
    const newest = new Map<string, IndexWrite>();
    for (const w of writes) {
      const seen = newest.get(w.member);
      if (!seen || seen.version < w.version) newest.set(w.member, w);
    }
    const coming = new Map<SortedEntries, KeyedEntry[]>();
    for (const [member, w] of newest) {
      const before = this.held.get(member);
      if (before && before.version >= w.version) continue;
      if (before?.visible) this.remove(member, before);
      const next = { key: w.key, version: w.version, country: w.country, visible: w.visible };
      this.held.set(member, next);
      if (!next.visible) continue;
      for (const list of this.lists(next.country)) {
        const entries = coming.get(list);
        if (entries) entries.push({ key: next.key, member });
        else coming.set(list, [{ key: next.key, member }]);
      }
    }
    for (const [list, entries] of coming) list.insertMany(entries);
  }
}

/** The rank index of one process (no Redis): the same order and answers as `RedisRankIndex`. */
export class LocalRankIndex implements RankIndex {
  private readonly boards = new Map<string, Map<string, PeriodIndex>>();
  private built = false;

  private period(board: string, period: string, create: true): PeriodIndex;
  private period(board: string, period: string, create?: false): PeriodIndex | undefined;
  private period(board: string, period: string, create = false): PeriodIndex | undefined {
    let periods = this.boards.get(board);
    if (!periods && create) {
      periods = new Map();
      this.boards.set(board, periods);
    }
    let index = periods?.get(period);
    if (!index && periods && create) {
      index = new PeriodIndex();
      periods.set(period, index);
    }
    return index;
  }

  private list(scope: RankScope): SortedEntries | undefined {
    return this.period(scope.board, scope.period)?.order(scope.country);
  }

  private ranked(list: SortedEntries, offset: number, entries: KeyedEntry[]): RankedEntry[] {
    if (entries.length === 0) return [];
    const firstRank = 1 + list.countAtLeast(betterBound(entries[0]!.key));
    const ranks = rankRun(entries, offset, firstRank);
    return entries.map((e, i) => ({ ...e, position: offset + i, rank: ranks[i]! }));
  }

  async write(board: string, period: string, writes: readonly IndexWrite[]): Promise<void> {
    this.period(board, period, true).write(writes);
  }

  async range(scope: RankScope, offset: number, limit: number): Promise<RankedEntry[]> {
    const list = this.list(scope);
    return list ? this.ranked(list, offset, list.slice(offset, limit)) : [];
  }

  async after(scope: RankScope, cursor: KeyedEntry, limit: number): Promise<RankedEntry[]> {
    const list = this.list(scope);
    if (!list) return [];
    const start = list.positionOf(cursor) + (this.holds(scope, cursor) ? 1 : 0);
    return this.ranked(list, start, list.slice(start, limit));
  }

  private holds(scope: RankScope, entry: KeyedEntry): boolean {
    const h = this.period(scope.board, scope.period)?.held.get(entry.member);
    return !!h && h.visible && h.key === entry.key && (!scope.country || h.country === scope.country);
  }

  private position(scope: RankScope, member: string): { list: SortedEntries; at: number } | null {
    const list = this.list(scope);
    const h = this.period(scope.board, scope.period)?.held.get(member);
    if (!list || !h?.visible || (scope.country && h.country !== scope.country)) return null;
    return { list, at: list.positionOf({ key: h.key, member }) };
  }

  async standing(scope: RankScope, member: string): Promise<RankedEntry | null> {
    const found = this.position(scope, member);
    if (!found) return null;
    return this.ranked(found.list, found.at, found.list.slice(found.at, 1))[0] ?? null;
  }

  async around(scope: RankScope, member: string, k: number): Promise<RankedEntry[]> {
    const found = this.position(scope, member);
    if (!found) return [];
    const start = Math.max(0, found.at - k);
    return this.ranked(found.list, start, found.list.slice(start, found.at - start + k + 1));
  }

  async size(scope: RankScope): Promise<number> {
    return this.list(scope)?.size ?? 0;
  }

  async periods(board: string): Promise<string[]> {
    return [...(this.boards.get(board)?.keys() ?? [])].sort();
  }

  async isBuilt(): Promise<boolean> {
    return this.built;
  }

  async markBuilt(): Promise<void> {
    this.built = true;
  }

  async clear(): Promise<void> {
    this.boards.clear();
    this.built = false;
  }
}
