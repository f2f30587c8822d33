/**
 * Standings: players by score, then by the tournament's tie-breaks in its own order; players level
 * on everything share a rank. Each row carries its tie-break values so the table explains itself.
 */
import { type PlayerRecord, scoreOf } from './crosstable.ts';
import { type TieBreak, tieBreakValues } from './tie-breaks.ts';

export interface StandingRow {
  readonly rank: number;
  readonly id: string;
  readonly score: number;
  readonly tieBreaks: Readonly<Partial<Record<TieBreak, number>>>;
}

export function standings(players: readonly PlayerRecord[], order: readonly TieBreak[]): StandingRow[] {
  const values = order.map((tb) => [tb, tieBreakValues(tb, players)] as const);
  const rows = players.map((p, index) => ({
    id: p.id,
    index,
    score: scoreOf(p),
    keys: values.map(([, v]) => v.get(p.id)!),
    tieBreaks: Object.fromEntries(values.map(([tb, v]) => [tb, v.get(p.id)!])),
  }));
  const compare = (a: (typeof rows)[number], b: (typeof rows)[number]) => {
    if (a.score !== b.score) return b.score - a.score;
    for (let i = 0; i < a.keys.length; i++) if (a.keys[i] !== b.keys[i]) return b.keys[i]! - a.keys[i]!;
    return 0;
  };
  const sorted = [...rows].sort((a, b) => compare(a, b) || a.index - b.index);
  return sorted.map((r, i) => {
    let rank = i + 1;
    while (rank > 1 && compare(sorted[rank - 2]!, r) === 0) rank -= 1;
    return { rank, id: r.id, score: r.score, tieBreaks: r.tieBreaks };
  });
}
