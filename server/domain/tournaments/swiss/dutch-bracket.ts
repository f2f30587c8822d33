/**
 * The matchings of one Dutch bracket: its graph with each pair's criteria computed once, solving
 * over some of its players, FIDE's first candidate, and the digits of FIDE's candidate order.
 */
import { maximumWeightMatching } from '../weighted-matching.ts';
import {
  type BracketContext,
  BYE,
  edgeTerms,
  type OrderDigits,
  orderTerms,
  singleDigits,
  type Term,
  WeightScale,
} from './dutch-weights.ts';
import { type LexEdge, maximumLexMatching } from './lex-matching.ts';
import type { SwissPlayerState } from './swiss-player.ts';

/** A weight of the matching: a number, or words compared lexicographically (see `WeightScale`). */
export type Weight = number | Float64Array;
export const key = (a: number, b: number) => (a < b ? a * 65536 + b : b * 65536 + a);
export const zeroOf = (w: Weight): Weight => (typeof w === 'number' ? 0 : new Float64Array(w.length));
export const add = (a: Weight, b: Weight): Weight =>
  typeof a === 'number' ? a + (b as number) : a.map((x, i) => x + (b as Float64Array)[i]!);
export const neg = (a: Weight): Weight => (typeof a === 'number' ? -a : a.map((x) => -x));
/** Whether two totals of matchings are equal (each word of a total is exact). */
export const same = (a: Weight, b: Weight): boolean =>
  typeof a === 'number' ? a === b : a.every((x, i) => x === (b as Float64Array)[i]);

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
    /** The weight of every pair: FIDE's criteria, one digit above the other. */
    weights(): Map<number, Weight> {
      const scale = new WeightScale(terms.values(), players.length + 1);
      return new Map([...terms].map(([k, t]) => [k, scale.weight(t)]));
    },
    /**
     * The same weights of some pairs (`base`, as `weights` gave them) with FIDE's candidate order
     * below them: the words of the criteria, then the words of the order (the bye has none).
     */
    ordered(order: OrderDigits, base: ReadonlyMap<number, Weight>): Map<number, Float64Array> {
      const keys = [...base.keys()];
      const extra = keys.map((k) => {
        const [a, b] = [Math.floor(k / 65536), k % 65536];
        return a === BYE ? [] : orderTerms(ctx, order, a, b);
      });
      const scale = new WeightScale(extra, players.length + 1, singleDigits(order));
      return new Map(
        keys.map((k, i) => {
          const [criteria, rank] = [base.get(k)!, scale.weight(extra[i]!)];
          const words = new Float64Array(
            (typeof criteria === 'number' ? 1 : criteria.length) +
              (typeof rank === 'number' ? 1 : rank.length),
          );
          if (typeof criteria === 'number') words[0] = criteria;
          else words.set(criteria);
          if (typeof rank === 'number') words[words.length - 1] = rank;
          else words.set(rank, words.length - rank.length);
          return [k, words];
        }),
      );
    },
  };
}

/** Solves one bracket's matching over some of its players; null when they cannot all be paired. */
export function solve(
  weights: ReadonlyMap<number, Weight>,
  players: readonly SwissPlayerState[],
  forbidden: (a: number, b: number) => boolean = () => false,
): { mate: Map<number, number>; weight: Weight; tight: () => Set<number> } | null {
  const ids = players.map((p) => p.id);
  if (ids.length % 2 === 1) ids.push(BYE);
  const index = new Map(ids.map((id, i) => [id, i]));
  const edges: { a: number; b: number; weight: Weight }[] = [];
  for (const [k, w] of weights) {
    const [i, j] = [index.get(Math.floor(k / 65536)), index.get(k % 65536)];
    if (i === undefined || j === undefined || forbidden(ids[i]!, ids[j]!)) continue;
    edges.push(i < j ? { a: i, b: j, weight: w } : { a: j, b: i, weight: w });
  }
  edges.sort((x, y) => x.a - y.a || x.b - y.b);
  const { mate, tight } = matchingOf(ids.length, edges);
  if (mate.some((m) => m === -1)) return null;
  let weight: Weight = zeroOf(weights.values().next().value ?? 0);
  for (const e of edges) if (mate[e.a] === e.b) weight = add(weight, e.weight);
  return {
    mate: new Map(ids.map((id, i) => [id, ids[mate[i]!]!])),
    weight,
    /** The pairs tight under the optimal duals (all of them when those are not known). */
    tight: () => {
      const flags = tight?.();
      return new Set(edges.filter((_, k) => !flags || flags[k]).map((e) => key(ids[e.a]!, ids[e.b]!)));
    },
  };
}

/**
 * The matching on words (numbers are one word). Should a dual ever leave the range where words are
 * exact, the same weights are solved as bigints, each word a 64-bit digit (a word of a matching's
 * total stays far below 2^63, so the order is unchanged).
 */
function matchingOf(
  vertices: number,
  edges: readonly { a: number; b: number; weight: Weight }[],
): { mate: number[]; tight: (() => Uint8Array) | null } {
  const first = edges[0]?.weight ?? 0;
  const words = typeof first === 'number' ? 1 : first.length;
  const data = new Float64Array(edges.length * words);
  const lex: LexEdge[] = edges.map((e, k) => {
    if (typeof e.weight === 'number') data[k] = e.weight;
    else data.set(e.weight, k * words);
    return { a: e.a, b: e.b, offset: k * words };
  });
  try {
    return maximumLexMatching(vertices, lex, data, words);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const big = (w: Weight) =>
      typeof w === 'number' ? BigInt(w) : w.reduce((sum, x) => (sum << 64n) + BigInt(x), 0n);
    const mate = maximumWeightMatching(
      vertices,
      edges.map((e) => ({ a: e.a, b: e.b, weight: big(e.weight) })),
    );
    return { mate, tight: null };
  }
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
  if (!same(weight, best)) return null;
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
