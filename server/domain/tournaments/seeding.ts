/**
 * Seeding for knockout brackets: players ordered by rating, and the standard bracket order in which
 * seed 1 and seed 2 can meet only in the final, seeds 1–4 only in the semi-finals, and so on.
 */

export interface Entrant {
  readonly id: string;
  readonly rating: number;
}

/** Entrants by rating, highest first; equal ratings keep the order they were given in. */
export function seedByRating(entrants: readonly Entrant[]): Entrant[] {
  return entrants
    .map((e, i) => ({ e, i }))
    .sort((x, y) => y.e.rating - x.e.rating || x.i - y.i)
    .map((x) => x.e);
}

/** The smallest power of two that holds `players` (at least 2). */
export function bracketSize(players: number): number {
  let size = 2;
  while (size < players) size *= 2;
  return size;
}

/**
 * The seeds of a bracket of `size` (a power of two) in slot order: slots 2i and 2i + 1 meet in the
 * first round. Built by doubling: each seed s of the bracket of half the size is followed by its
 * mirror `size + 1 - s`, so every first-round pair sums to size + 1.
 *
 * @example bracketOrder(8) // [1, 8, 4, 5, 2, 7, 3, 6]
 */
export function bracketOrder(size: number): number[] {
  if (size < 2 || (size & (size - 1)) !== 0)
    throw new RangeError(`a bracket size is a power of two ≥ 2, got ${size}`);
  let order = [1, 2];
  while (order.length < size) {
    const next = order.length * 2 + 1;
    order = order.flatMap((s) => [s, next - s]);
  }
  return order;
}
