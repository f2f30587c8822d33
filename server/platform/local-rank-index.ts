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

  private place(member: string, h: Held, add: boolean): void {
    const entry = { key: h.key, member };
    const lists = [this.all];
    if (h.country) {
      let list = this.countries.get(h.country);
      if (!list && add) {
        list = new SortedEntries();
        this.countries.set(h.country, list);
      }
      if (list) lists.push(list);
    }
    for (const list of lists) add ? list.insert(entry) : list.remove(entry);
  }

  write(w: IndexWrite): void {
    const before = this.held.get(w.member);
    if (before && before.version >= w.version) return;
    if (before?.visible) this.place(w.member, before, false);
    const next = { key: w.key, version: w.version, country: w.country, visible: w.visible };
    this.held.set(w.member, next);
    if (next.visible) this.place(w.member, next, true);
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
    const index = this.period(board, period, true);
    for (const w of writes) index.write(w);
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
