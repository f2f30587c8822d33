/**
 * The edge weights of one bracket's matching. Each FIDE criterion is a digit of one big number,
 * the most important criterion in the most significant digit, so that a maximum-weight matching
 * is the pairing that is best on the first criterion, then on the second among those, and so on.
 * Digits are sized by what the bracket's edges can actually add up to, so that most brackets fit
 * in one JavaScript number and the others in a short vector of numbers (`WeightScale`).
 */
import { colourCosts, colourOfHigher } from './colours.ts';
import type { SwissColour, SwissPlayerState } from './swiss-player.ts';

export interface BracketContext {
  readonly states: ReadonlyMap<number, SwissPlayerState>;
  readonly rank: ReadonlyMap<number, number>;
  readonly bracket: ReadonlySet<number>;
  /** Residents of the next score group: with this bracket's floaters they make the next bracket. */
  readonly nextGroup: ReadonlySet<number>;
  readonly lowestScore: number;
  readonly isTopscorer: (id: number) => boolean;
  readonly initial: SwissColour;
  readonly maxScore: number;
  readonly maxUnplayed: number;
}

/** For each player of the bracket's remainder: its digit position and its preference list of partners. */
export interface OrderDigits {
  readonly position: ReadonlyMap<number, number>;
  /** Pairs across FIDE's halves (S1 with S2) come first among equal floaters: fewest exchanges. */
  readonly crosses: (a: number, b: number) => boolean;
  readonly preference: ReadonlyMap<number, ReadonlyMap<number, number>>;
}

/** A bye is the vertex `BYE`; every other vertex is a pairing number. */
export const BYE = 0;

/** A digit of the weight: its priority (higher is more important) and the edge's value in it. */
export type Term = readonly [priority: number, value: number];

/**
 * Priorities of the criteria, highest first (C-numbers of the 2025 rules). Score differences take
 * one digit per difference, larger differences above; FIDE's candidate order takes the lowest.
 */
const P = {
  pair: 100_000, // C4: complete the round (most pairs overall)
  byeScore: 99_000, // C5: the bye to a player with as low a score as possible
  bracketPairs: 98_000, // C6: as many pairs in this bracket as possible
  scoreDiff: 90_000, // C7: + difference in half points: the smallest differences (floaters vs one point below)
  nextPairs: 89_000, // C8: floaters chosen so the next bracket pairs as well as it can
  byeUnplayed: 88_000, // C9: the bye to a player with as few unplayed rounds as possible
  beyondTwo: 87_000, // C10
  threeInARow: 86_000, // C11
  unmet: 85_000, // C12
  unmetStrong: 84_000, // C13
  downAgain: 83_000, // C14
  upAgain: 82_000, // C15
  downTwoAgo: 81_000, // C16
  upTwoAgo: 80_000, // C17
  downAgainDiff: 79_000, // C18
  upAgainDiff: 78_000, // C19
  downTwoAgoDiff: 77_000, // C20
  upTwoAgoDiff: 76_000, // C21
  order: 0, // + digits: FIDE's order of candidates
} as const;

const half = (x: number) => Math.round(x * 2);

/** The criteria values of pairing `a` with `b` (or with the bye). */
export function edgeTerms(ctx: BracketContext, a: number, b: number): Term[] {
  const t: Term[] = [[P.pair, 1]];
  if (a === BYE || b === BYE) {
    const p = ctx.states.get(a === BYE ? b : a)!;
    t.push([P.byeScore, half(ctx.maxScore) - half(p.score)], [P.byeUnplayed, ctx.maxUnplayed - p.unplayed]);
    if (ctx.bracket.has(p.id)) floatDown(ctx, t, p);
    return t;
  }
  const inA = ctx.bracket.has(a);
  const inB = ctx.bracket.has(b);
  if (!inA && !inB) {
    if (ctx.nextGroup.has(a) && ctx.nextGroup.has(b)) t.push([P.nextPairs, 1]);
    return t;
  }
  if (inA !== inB) {
    if (ctx.nextGroup.has(inA ? b : a)) t.push([P.nextPairs, 1]);
    floatDown(ctx, t, ctx.states.get(inA ? a : b)!);
    return t;
  }
  const [h, l] = ordered(ctx, a, b);
  t.push([P.bracketPairs, 1]);
  const diff = half(h.score) - half(l.score);
  t.push([P.scoreDiff + diff, -1]);
  if (diff > 0) {
    if (h.floats[0] === 'down') t.push([P.downAgain, -1], [P.downAgainDiff, -diff]);
    if (h.floats[1] === 'down') t.push([P.downTwoAgo, -1], [P.downTwoAgoDiff, -diff]);
    if (l.floats[0] === 'up') t.push([P.upAgain, -1], [P.upAgainDiff, -diff]);
    if (l.floats[1] === 'up') t.push([P.upTwoAgo, -1], [P.upTwoAgoDiff, -diff]);
  }
  const colour = colourOfHigher(h, l, ctx.initial);
  const costs = colourCosts(h, l, colour, ctx.isTopscorer(h.id) || ctx.isTopscorer(l.id));
  t.push(
    [P.beyondTwo, -costs.beyondTwo],
    [P.threeInARow, -costs.threeInARow],
    [P.unmet, -costs.unmet],
    [P.unmetStrong, -costs.unmetStrong],
  );
  return t;
}

/**
 * FIDE's order among equally good pairings of the remainder, lowest digits: which players are paired
 * here rather than float, by rank (the lowest float); then pairs across S1 and S2 (fewest
 * exchanges); then each S1 player's partner in S2's order.
 */
export function orderTerms(ctx: BracketContext, order: OrderDigits, a: number, b: number): Term[] {
  if (!order.position.has(a) || !order.position.has(b)) return [];
  const [h, l] = ordered(ctx, a, b);
  const size = order.position.size;
  const pos = order.position.get(h.id)!;
  const pref = order.preference.get(h.id)!.get(l.id) ?? size;
  const t: Term[] = [
    [P.order + 2 * size + 1 - pos, 1],
    [P.order + 2 * size + 1 - order.position.get(l.id)!, 1],
    [P.order + size - pos, size + 1 - pref],
  ];
  if (order.crosses(h.id, l.id)) t.push([P.order + size + 1, 1]);
  return t;
}

/** The digits of FIDE's order that belong to one player each (all but the count of pairs across S1 and S2). */
export function singleDigits(order: OrderDigits): (priority: number) => boolean {
  const size = order.position.size;
  return (k) => k >= P.order && k <= P.order + 2 * size + 1 && k !== P.order + size + 1;
}

function ordered(ctx: BracketContext, a: number, b: number): [SwissPlayerState, SwissPlayerState] {
  const [x, y] = [ctx.states.get(a)!, ctx.states.get(b)!];
  return ctx.rank.get(a)! < ctx.rank.get(b)! ? [x, y] : [y, x];
}

function floatDown(ctx: BracketContext, t: Term[], p: SwissPlayerState) {
  const diff = half(p.score) - half(ctx.lowestScore) + 2;
  t.push([P.scoreDiff + diff, -1]);
  if (p.floats[0] === 'down') t.push([P.downAgain, -1], [P.downAgainDiff, -diff]);
  if (p.floats[1] === 'down') t.push([P.downTwoAgo, -1], [P.downTwoAgoDiff, -diff]);
}

/** A word of a weight holds whole digits whose sums stay below this, leaving the matching's duals room. */
const WORD = 2 ** 34;

/**
 * Turns terms into weights with one scale for a whole bracket, so that weights of its sub-problems
 * can be compared. Each digit is wide enough for the most a matching of `vertices` can add up in it.
 * A bracket whose digits fit in one number gets numbers; the others get vectors of words (most
 * significant first), each word a few whole digits, compared lexicographically: no digit straddles
 * two words, so the order of the vectors is the order of the criteria.
 */
export class WeightScale {
  /** Each digit's word (0 the most significant) and its scale inside the word, by priority. */
  private readonly place = new Map<number, { word: number; scale: number }>();
  /** Words of a weight; 0 when weights are plain numbers. */
  readonly words: number;

  /**
   * `single` tells the digits to which one pair of a matching at most contributes (a player's own
   * digit in FIDE's order): those need room for one value, not for a sum.
   */
  constructor(
    terms: Iterable<readonly Term[]>,
    vertices: number,
    single: (priority: number) => boolean = () => false,
  ) {
    const bounds = new Map<number, { low: number; high: number }>();
    for (const list of terms)
      for (const [k, v] of list) {
        const b = bounds.get(k);
        if (!b) bounds.set(k, { low: Math.min(0, v), high: Math.max(0, v) });
        else if (v < b.low) b.low = v;
        else if (v > b.high) b.high = v;
      }
    const pairs = Math.floor(vertices / 2) + 1;
    const digits = [...bounds.keys()].sort((x, y) => x - y);
    const range = (k: number) => {
      const { low, high } = bounds.get(k)!;
      return single(k) ? high - low + 1 : 2 * pairs * Math.max(high, -low) + 1;
    };
    const whole = digits.reduce((product, k) => product * range(k), 1);
    const words = whole >= 2 ** 36;
    let [word, scale] = [0, 1];
    for (const k of digits) {
      if (words && scale * range(k) > WORD && scale > 1) [word, scale] = [word + 1, 1];
      this.place.set(k, { word, scale });
      scale *= range(k);
    }
    this.words = words ? word + 1 : 0;
    for (const p of this.place.values()) p.word = this.words === 0 ? 0 : this.words - 1 - p.word;
  }

  weight(terms: readonly Term[]): number | Float64Array {
    if (this.words === 0) {
      let n = 0;
      for (const [k, v] of terms) n += v * this.place.get(k)!.scale;
      return n;
    }
    const w = new Float64Array(this.words);
    for (const [k, v] of terms) {
      const p = this.place.get(k)!;
      w[p.word]! += v * p.scale;
    }
    return w;
  }
}
