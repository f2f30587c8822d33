/**
 * Knockout brackets as plain data: every match names where its two sides come from (a seed, the
 * winner or loser of an earlier match). Seeds above the number of players are byes, so byes fall
 * to the top seeds, one per first-round match at most, spread over the bracket by the seeding.
 * What happens in the matches is kept apart (bracket-state.ts).
 */
import { bracketOrder, bracketSize } from './seeding.ts';

export type Source =
  | { readonly kind: 'seed'; readonly seed: number }
  | { readonly kind: 'winner'; readonly match: string }
  | { readonly kind: 'loser'; readonly match: string };

export type BracketPart = 'main' | 'losers' | 'third' | 'final' | 'reset';

export interface BracketMatch {
  /** Stable id: "W1-3" (winners' or single bracket, round 1, match 3), "L2-1", "3RD", "GF", "GF2". */
  readonly id: string;
  readonly part: BracketPart;
  /** Round within its part, from 1. */
  readonly round: number;
  readonly a: Source;
  readonly b: Source;
  /** Played only when this earlier match was won by the given side (the grand final's reset). */
  readonly onlyIf?: { readonly match: string; readonly side: 'b' };
}

export interface Bracket {
  readonly kind: 'single' | 'double';
  /** Number of real players; seeds above it are byes. */
  readonly players: number;
  readonly size: number;
  /** Matches in an order where every source comes before the match that uses it. */
  readonly matches: readonly BracketMatch[];
}

export interface SingleEliminationOptions {
  readonly thirdPlace?: boolean;
}

export interface DoubleEliminationOptions {
  /** Play a second grand final when the losers' bracket finalist wins the first (default true). */
  readonly grandFinalReset?: boolean;
}

const seed = (s: number): Source => ({ kind: 'seed', seed: s });
const winner = (match: string): Source => ({ kind: 'winner', match });
const loser = (match: string): Source => ({ kind: 'loser', match });

function mainRounds(players: number): BracketMatch[][] {
  if (!Number.isInteger(players) || players < 2)
    throw new RangeError(`a bracket needs 2 or more players, got ${players}`);
  const order = bracketOrder(bracketSize(players));
  const rounds: BracketMatch[][] = [];
  let sources = order.map(seed);
  for (let r = 1; sources.length > 1; r++) {
    const round: BracketMatch[] = [];
    for (let i = 0; i < sources.length; i += 2)
      round.push({ id: `W${r}-${i / 2 + 1}`, part: 'main', round: r, a: sources[i]!, b: sources[i + 1]! });
    rounds.push(round);
    sources = round.map((m) => winner(m.id));
  }
  return rounds;
}

/** A single-elimination bracket for `players` seeds, with an optional match for third place. */
export function singleElimination(players: number, options: SingleEliminationOptions = {}): Bracket {
  const rounds = mainRounds(players);
  const matches = rounds.flat();
  const semis = rounds.length >= 2 ? rounds[rounds.length - 2]! : [];
  if (options.thirdPlace && semis.length === 2)
    matches.push({
      id: '3RD',
      part: 'third',
      round: rounds.length,
      a: loser(semis[0]!.id),
      b: loser(semis[1]!.id),
    });
  return { kind: 'single', players, size: bracketSize(players), matches };
}

/**
 * A double-elimination bracket: a winners' bracket as in single elimination; its losers drop into
 * a losers' bracket that alternates a round among its own survivors with a round against the next
 * drop (dropped players come in reversed so early rematches are rare); the two finalists meet in a
 * grand final, and a second one is played if the winners' finalist loses the first.
 */
export function doubleElimination(players: number, options: DoubleEliminationOptions = {}): Bracket {
  const rounds = mainRounds(players);
  const matches: BracketMatch[] = rounds.flat();
  const k = rounds.length;
  let survivors: Source[] = [];
  let lr = 0;
  const addRound = (pairs: [Source, Source][]) => {
    lr += 1;
    const made = pairs.map(
      ([a, b], i): BracketMatch => ({ id: `L${lr}-${i + 1}`, part: 'losers', round: lr, a, b }),
    );
    matches.push(...made);
    survivors = made.map((m) => winner(m.id));
  };
  if (k >= 2) {
    const first = rounds[0]!.map((m) => loser(m.id));
    addRound(pairsOf(first));
    for (let r = 2; r <= k; r++) {
      const drop = rounds[r - 1]!.map((m) => loser(m.id)).reverse();
      addRound(survivors.map((s, i) => [s, drop[i]!]));
      if (survivors.length > 1) addRound(pairsOf(survivors));
    }
  } else {
    survivors = [loser(rounds[0]![0]!.id)];
  }
  const finalist = winner(rounds[k - 1]![0]!.id);
  matches.push({ id: 'GF', part: 'final', round: 1, a: finalist, b: survivors[0]! });
  if (options.grandFinalReset !== false)
    matches.push({
      id: 'GF2',
      part: 'reset',
      round: 2,
      a: winner('GF'),
      b: loser('GF'),
      onlyIf: { match: 'GF', side: 'b' },
    });
  return { kind: 'double', players, size: bracketSize(players), matches };
}

function pairsOf(sources: Source[]): [Source, Source][] {
  const pairs: [Source, Source][] = [];
  for (let i = 0; i < sources.length; i += 2) pairs.push([sources[i]!, sources[i + 1]!]);
  return pairs;
}
