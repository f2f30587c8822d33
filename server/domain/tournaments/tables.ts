/**
 * A table format for games of more than two seats (golf): each round the players are seated by
 * their standing, the leaders together at table 1, in tables of the game's size (as even as
 * possible, never below its minimum); each table's placing gives points, and the points add up.
 */

export interface TableOptions {
  /** Seats at a table (the game's most players). */
  readonly size: number;
  /** Fewest players a table may have (the game's fewest players). */
  readonly minSize?: number;
}

export type TableSeating = { ok: true; tables: string[][] } | { ok: false; error: 'too-few-players' };

/**
 * Seats players given in standing order. The number of tables is the fewest that hold everyone;
 * tables differ by one player at most, the larger ones first.
 *
 * @example seatTables(['a','b','c','d','e'], { size: 4, minSize: 2 }) // [['a','b','c'], ['d','e']]
 */
export function seatTables(standing: readonly string[], options: TableOptions): TableSeating {
  const min = options.minSize ?? 2;
  if (standing.length < min) return { ok: false, error: 'too-few-players' };
  const count = Math.ceil(standing.length / options.size);
  const base = Math.floor(standing.length / count);
  if (base < min) return { ok: false, error: 'too-few-players' };
  const extra = standing.length % count;
  const tables: string[][] = [];
  let at = 0;
  for (let t = 0; t < count; t++) {
    const n = base + (t < extra ? 1 : 0);
    tables.push(standing.slice(at, at + n));
    at += n;
  }
  return { ok: true, tables };
}

/**
 * Points for one table from its placing (1 is best; equal placings share): a table of k players
 * gives k − 1 points to the first, down to 0 for the last; players sharing places share their points.
 */
export function pointsByPlacing(
  placings: readonly { readonly id: string; readonly place: number }[],
): Map<string, number> {
  const k = placings.length;
  const sorted = [...placings].sort((a, b) => a.place - b.place);
  const out = new Map<string, number>();
  let i = 0;
  while (i < k) {
    let j = i;
    while (j < k && sorted[j]!.place === sorted[i]!.place) j++;
    // Positions i..j-1 are shared: their points (k-1-i … k-j) averaged.
    const share = (2 * k - 1 - i - j) / 2;
    for (let x = i; x < j; x++) out.set(sorted[x]!.id, share);
    i = j;
  }
  return out;
}

/** Standing order from accumulated points: most points first, ties kept in their previous order. */
export function tableStanding(previous: readonly string[], points: ReadonlyMap<string, number>): string[] {
  return previous
    .map((id, i) => ({ id, i, p: points.get(id) ?? 0 }))
    .sort((a, b) => b.p - a.p || a.i - b.i)
    .map((x) => x.id);
}
