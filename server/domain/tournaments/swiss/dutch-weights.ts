/**
 * The edge weights of one bracket's matching. Each FIDE criterion is a digit of one big number,
 * the most important criterion in the most significant digit, so that a maximum-weight matching
 * is the pairing that is best on the first criterion, then on the second among those, and so on.
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
  /** Radix of the count digits: larger than twice anything a matching can add up in one digit. */
  readonly radix: bigint;
  /** Digits for the order of FIDE's candidates; empty in the first pass. */
  readonly order: OrderDigits | null;
}

/** For each bracket player: its digit position and its preference list of partners. */
export interface OrderDigits {
  readonly position: ReadonlyMap<number, number>;
  /** Pairs across FIDE's halves (S1 with S2, a moved-down player with a resident) come first: fewest exchanges. */
  readonly crosses: (a: number, b: number) => boolean;
  readonly preference: ReadonlyMap<number, ReadonlyMap<number, number>>;
  readonly digits: number;
}

/** A bye is the vertex `BYE`; every other vertex is a pairing number. */
export const BYE = 0;

/** Criteria in priority order, highest first; each edge gets a value for each. */
const CRITERIA = [
  'pair', // C4: complete the round (most pairs overall)
  'byeScore', // C5: the bye to a player with as low a score as possible
  'bracketPairs', // C6: as many pairs in this bracket as possible
  'scoreDiff', // C7: the smallest score differences (floaters compared to one point below the bracket)
  'nextPairs', // C8: floaters chosen so the next bracket pairs as well as it can
  'byeUnplayed', // C9: the bye to a player with as few unplayed rounds as possible
  'beyondTwo', // C10
  'threeInARow', // C11
  'unmet', // C12
  'unmetStrong', // C13
  'downAgain', // C14
  'upAgain', // C15
  'downTwoAgo', // C16
  'upTwoAgo', // C17
  'downAgainDiff', // C18
  'upAgainDiff', // C19
  'downTwoAgoDiff', // C20
  'upTwoAgoDiff', // C21
  'order',
] as const;
type Criterion = (typeof CRITERIA)[number];

/** The scale of each criterion, from the least important upwards. */
export function scales(ctx: BracketContext): Map<Criterion, bigint> {
  const width = (c: Criterion): bigint => {
    if (c === 'scoreDiff') return ctx.radix ** BigInt(2 * ctx.maxScore + 4);
    if (c === 'order') return ctx.radix ** BigInt((ctx.order?.digits ?? 0) + 1);
    return ctx.radix * ctx.radix;
  };
  const out = new Map<Criterion, bigint>();
  let scale = 1n;
  for (const c of [...CRITERIA].reverse()) {
    out.set(c, scale);
    scale *= width(c);
  }
  return out;
}

const half = (x: number) => Math.round(x * 2);

/** The weight of pairing `a` with `b` (or with the bye), or null when the absolute criteria forbid it. */
export function edgeWeight(ctx: BracketContext, scale: Map<Criterion, bigint>, a: number, b: number): bigint {
  const v = new Map<Criterion, bigint>();
  const add = (c: Criterion, x: number | bigint) => v.set(c, (v.get(c) ?? 0n) + BigInt(x));
  add('pair', 1);
  const R = ctx.radix;
  if (a === BYE || b === BYE) {
    const p = ctx.states.get(a === BYE ? b : a)!;
    add('byeScore', half(ctx.maxScore) - half(p.score));
    add('byeUnplayed', ctx.maxUnplayed - p.unplayed);
    if (ctx.bracket.has(p.id)) floatDown(ctx, add, p);
    return total(v, scale);
  }
  const inA = ctx.bracket.has(a);
  const inB = ctx.bracket.has(b);
  if (!inA && !inB) {
    if (ctx.nextGroup.has(a) && ctx.nextGroup.has(b)) add('nextPairs', 1);
    return total(v, scale);
  }
  if (inA !== inB) {
    const p = ctx.states.get(inA ? a : b)!;
    if (ctx.nextGroup.has(inA ? b : a)) add('nextPairs', 1);
    floatDown(ctx, add, p);
    return total(v, scale);
  }
  // Both in the bracket: a pair of this round.
  const [h, l] =
    ctx.rank.get(a)! < ctx.rank.get(b)!
      ? [ctx.states.get(a)!, ctx.states.get(b)!]
      : [ctx.states.get(b)!, ctx.states.get(a)!];
  add('bracketPairs', 1);
  const diff = half(h.score) - half(l.score);
  add('scoreDiff', -(R ** BigInt(diff)));
  if (diff > 0) {
    if (h.floats[0] === 'down') [add('downAgain', -1), add('downAgainDiff', -diff)];
    if (h.floats[1] === 'down') [add('downTwoAgo', -1), add('downTwoAgoDiff', -diff)];
    if (l.floats[0] === 'up') [add('upAgain', -1), add('upAgainDiff', -diff)];
    if (l.floats[1] === 'up') [add('upTwoAgo', -1), add('upTwoAgoDiff', -diff)];
  }
  const colour = colourOfHigher(h, l, ctx.initial);
  const costs = colourCosts(h, l, colour, ctx.isTopscorer(h.id) || ctx.isTopscorer(l.id));
  add('beyondTwo', -costs.beyondTwo);
  add('threeInARow', -costs.threeInARow);
  add('unmet', -costs.unmet);
  add('unmetStrong', -costs.unmetStrong);
  if (ctx.order) {
    const pos = ctx.order.position.get(h.id)!;
    const pref = ctx.order.preference.get(h.id)!.get(l.id) ?? 0;
    // Most significant: which players are paired here rather than float, by rank (the lowest float);
    // then pairs across S1 and S2 (fewest exchanges); then each S1 player's partner in S2's order.
    const size = (ctx.order.digits - 1) / 2;
    add('order', R ** BigInt(2 * size - pos));
    add('order', R ** BigInt(2 * size - ctx.order.position.get(l.id)!));
    if (ctx.order.crosses(h.id, l.id)) add('order', R ** BigInt(size));
    add('order', (R - 1n - BigInt(pref)) * R ** BigInt(size - 1 - pos));
  }
  return total(v, scale);
}

function floatDown(
  ctx: BracketContext,
  add: (c: Criterion, x: number | bigint) => void,
  p: SwissPlayerState,
) {
  const diff = half(p.score) - half(ctx.lowestScore) + 2;
  add('scoreDiff', -(ctx.radix ** BigInt(diff)));
  if (p.floats[0] === 'down') [add('downAgain', -1), add('downAgainDiff', -diff)];
  if (p.floats[1] === 'down') [add('downTwoAgo', -1), add('downTwoAgoDiff', -diff)];
}

function total(v: Map<Criterion, bigint>, scale: Map<Criterion, bigint>): bigint {
  let w = 0n;
  for (const [c, x] of v) w += x * scale.get(c)!;
  return w;
}
