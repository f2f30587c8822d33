/**
 * The matchings of one Dutch bracket: its graph with each pair's criteria computed once, solving
 * over some of its players, FIDE's first candidate, and the digits of FIDE's candidate order.
 */
import { maximumWeightMatching, type WeightedEdge } from '../weighted-matching.ts';
import {
  type BracketContext,
  BYE,
  edgeTerms,
  type OrderDigits,
  orderTerms,
  type Term,
  WeightScale,
} from './dutch-weights.ts';
import type { SwissPlayerState } from './swiss-player.ts';

export type Weight = number | bigint;
export const key = (a: number, b: number) => (a < b ? a * 65536 + b : b * 65536 + a);
export const zeroOf = (w: Weight): Weight => (typeof w === 'bigint' ? 0n : 0);
export const add = (a: Weight, b: Weight): Weight => ((a as number) + (b as number)) as Weight;
export const neg = (a: Weight): Weight => -a as Weight;

/** Brackets above this size are first tried on a sparse graph (see `nearFirstCandidate`). */
export const LARGE_BRACKET = 48;
const WINDOW = 8;

/**
 * In a large bracket FIDE's pairing stays close to its first candidate (S1[i] against S2[i], the
 * lowest floating), so a first attempt keeps only the pairs near it: partners within a window of
 * the first candidate's or of each other in rank, floaters from the bottom of the bracket (and
 * moved-down players) to the top of the players below, neighbours below, the bye near the bottom.
 * If that graph cannot complete the round, the round is paired again on the whole graph.
 */
function nearFirstCandidate(ctx: BracketContext, players: readonly SwissPlayerState[]) {
  const m = ctx.bracket.size;
  const half = Math.floor(m / 2);
  return (i: number, j: number): boolean => {
    if (j < m) return j - i <= WINDOW || Math.abs(j - i - half) <= WINDOW;
    if (i < m) return (players[i]!.score > ctx.lowestScore || i >= m - 2 * WINDOW) && j - m < 4 * WINDOW;
    return j - i <= 2 * WINDOW;
  };
}

/**
 * A bracket's graph: every allowed pair among the bracket and the players below it (and the bye
 * when the count is odd), with its criteria computed once; weights on one scale per use.
 */
export function bracketGraph(
  ctx: BracketContext,
  players: readonly SwissPlayerState[],
  compatible: (a: SwissPlayerState, b: SwissPlayerState) => boolean,
  sparse: boolean,
) {
  const near = sparse && ctx.bracket.size > LARGE_BRACKET ? nearFirstCandidate(ctx, players) : null;
  const terms = new Map<number, Term[]>();
  for (let i = 0; i < players.length; i++) {
    const a = players[i]!;
    for (let j = i + 1; j < players.length; j++) {
      const b = players[j]!;
      if ((!near || near(i, j)) && compatible(a, b)) terms.set(key(a.id, b.id), edgeTerms(ctx, a.id, b.id));
    }
    const byeNear = !near || i >= players.length - 4 * WINDOW;
    if (players.length % 2 === 1 && a.byeAllowed && byeNear)
      terms.set(key(BYE, a.id), edgeTerms(ctx, a.id, BYE));
  }
  return {
    weights(order: OrderDigits | null): Map<number, Weight> {
      const all = new Map<number, readonly Term[]>();
      for (const [k, t] of terms) {
        const [a, b] = [Math.floor(k / 65536), k % 65536];
        all.set(k, order && a !== BYE ? [...t, ...orderTerms(ctx, order, a, b)] : t);
      }
      const scale = new WeightScale(all.values(), players.length + 1);
      return new Map([...all].map(([k, t]) => [k, scale.weight(t)]));
    },
  };
}

/** Solves one bracket's matching over some of its players; null when they cannot all be paired. */
export function solve(
  weights: ReadonlyMap<number, Weight>,
  players: readonly SwissPlayerState[],
  forbidden: (a: number, b: number) => boolean = () => false,
): { mate: Map<number, number>; weight: Weight } | null {
  const ids = players.map((p) => p.id);
  if (ids.length % 2 === 1) ids.push(BYE);
  const edges: WeightedEdge[] = [];
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) {
      const w = weights.get(key(ids[i]!, ids[j]!));
      if (w !== undefined && !forbidden(ids[i]!, ids[j]!)) edges.push({ a: i, b: j, weight: w });
    }
  const mate = maximumWeightMatching(ids.length, edges);
  if (mate.some((m) => m === -1)) return null;
  let weight: Weight = zeroOf(weights.values().next().value ?? 0);
  for (const e of edges) if (mate[e.a] === e.b) weight = add(weight, e.weight);
  return { mate: new Map(ids.map((id, i) => [id, ids[mate[i]!]!])), weight };
}

/**
 * FIDE's first candidate for the remainder (S1[i] with S2[i], the last of S2 floating), when it is
 * as good as the best pairing: then nothing later in FIDE's order can be chosen over it, and the
 * costly ordered matching is not needed. Null when it is not valid or not as good.
 */
export function natural(
  weights: ReadonlyMap<number, Weight>,
  remainder: SwissPlayerState[],
  pairs: number,
  rest: readonly SwissPlayerState[],
  forbidden: (a: number, b: number) => boolean,
  best: Weight,
): Map<number, number> | null {
  const chosen: [SwissPlayerState, SwissPlayerState][] = [];
  for (let i = 0; i < pairs; i++) {
    const [a, b] = [remainder[i]!, remainder[pairs + i]];
    if (!b || !weights.has(key(a.id, b.id))) return null;
    chosen.push([a, b]);
  }
  const taken = new Set(chosen.flat());
  const others = solve(
    weights,
    rest.filter((p) => !taken.has(p)),
    forbidden,
  );
  if (!others) return null;
  const weight = chosen.reduce((w, [a, b]) => add(w, weights.get(key(a.id, b.id))!), others.weight);
  if (weight !== best) return null;
  return new Map([
    ...others.mate,
    ...chosen.flatMap(([a, b]) => [[a.id, b.id] as const, [b.id, a.id] as const]),
  ]);
}

/**
 * FIDE's candidate order inside what is left of a bracket once its moved-down players are paired:
 * S1 is its first players, as many as the pairs it makes; pairs of S1 with S2 come first (fewest
 * exchanges), then each S1 player takes S2 in order, then the players after it; then the lowest
 * players float first. Everyone else prefers by rank.
 */
export function orderDigits(remainder: SwissPlayerState[], pairs: number): OrderDigits {
  const s1 = remainder.slice(0, pairs);
  const s2 = remainder.slice(pairs);
  const preference = new Map<number, Map<number, number>>();
  const list = (ids: SwissPlayerState[]) => new Map(ids.map((p, i) => [p.id, i]));
  remainder.forEach((p, i) => {
    const below = remainder.slice(i + 1);
    if (i < pairs) preference.set(p.id, list([...s2, ...below.filter((q) => !s2.includes(q))]));
    else preference.set(p.id, list(below));
  });
  const inS1 = new Set(s1.map((p) => p.id));
  const crosses = (a: number, b: number) => inS1.has(a) !== inS1.has(b);
  return {
    position: new Map(remainder.map((p, i) => [p.id, i])),
    crosses,
    preference,
  };
}
