/**
 * Round robin by FIDE's Berger tables (FIDE Handbook C.05, Annex 1).
 *
 * Players are numbered 1..n by their draw numbers. With an odd count the table of n + 1 is used and
 * whoever meets the missing highest number sits the round out. The table is built from its rule,
 * not stored: in round r the player on board 1 besides the highest number is
 * `((r - 1) · n/2 mod (n - 1)) + 1`; the highest number has black in odd rounds and white in even
 * ones; board k pairs `p + (k - 1)` (white) with `p - (k - 1)` (black), counted round 1..n - 1.
 */

/** One game of a round: `white` has the first move (or the home seat). Draw numbers from 1. */
export interface Pairing {
  readonly white: number;
  readonly black: number;
}

export interface RoundRobinRound {
  /** Round number from 1. */
  readonly round: number;
  /** Boards in the table's order. */
  readonly boards: readonly Pairing[];
  /** The draw number that sits this round out (odd player counts), or null. */
  readonly bye: number | null;
}

export interface RoundRobinOptions {
  /** Two cycles, the second with colours reversed. */
  readonly double?: boolean;
  /**
   * For a double round robin FIDE recommends playing the last two rounds of the first cycle in the
   * reverse order, so nobody has three games in a row with one colour. On by default.
   */
  readonly swapLastTwoOfFirstCycle?: boolean;
}

/** The Berger table for `players` (2 or more) as rounds of boards. */
export function bergerTable(players: number, options: RoundRobinOptions = {}): RoundRobinRound[] {
  if (!Number.isInteger(players) || players < 2)
    throw new RangeError(`a round robin needs 2 or more players, got ${players}`);
  const n = players % 2 === 0 ? players : players + 1;
  const cycle: { boards: Pairing[]; bye: number | null }[] = [];
  for (let r = 1; r < n; r++) cycle.push(bergerRound(n, r, players));
  if (!options.double) return cycle.map((x, i) => ({ round: i + 1, ...x }));
  const first = [...cycle];
  if (options.swapLastTwoOfFirstCycle !== false && first.length >= 2) {
    const last = first.length - 1;
    [first[last - 1], first[last]] = [first[last]!, first[last - 1]!];
  }
  const second = cycle.map((x) => ({
    boards: x.boards.map((b) => ({ white: b.black, black: b.white })),
    bye: x.bye,
  }));
  return [...first, ...second].map((x, i) => ({ round: i + 1, ...x }));
}

function bergerRound(n: number, round: number, players: number): { boards: Pairing[]; bye: number | null } {
  const m = n - 1;
  const wrap = (x: number) => ((((x - 1) % m) + m) % m) + 1;
  const p = (((round - 1) * (n / 2)) % m) + 1;
  const all: Pairing[] = [round % 2 === 1 ? { white: p, black: n } : { white: n, black: p }];
  for (let k = 2; k <= n / 2; k++) all.push({ white: wrap(p + (k - 1)), black: wrap(p - (k - 1)) });
  if (players === n) return { boards: all, bye: null };
  // The phantom is the highest number, always on board 1: its opponent sits out.
  const phantomBoard = all[0]!;
  return { boards: all.slice(1), bye: phantomBoard.white === n ? phantomBoard.black : phantomBoard.white };
}
