/**
 * Maximum-weight matching whose weights are vectors of numbers compared lexicographically (the
 * first word most significant): the blossom method of `../blossom.ts`, as `../weighted-matching.ts`
 * uses it, with every weight, dual and slack a vector of words added and subtracted word by word,
 * never carried. Such vectors form an ordered group, in which the method is as exact as on
 * integers; the Dutch system puts its criteria into words so that the lexicographic order is the
 * order of its criteria, and no bigint is ever allocated: slacks are compared word by word from the
 * top, and most comparisons end at the first word.
 *
 * Every word must stay an integer below 2^46 in size (so that sums of a few stay exact); weights
 * far smaller than that leave room for the duals. A word that would leave that range, or a dual
 * step that cannot be halved exactly, throws a `RangeError` (the caller then uses the bigint method).
 */
import { BlossomMatching, type BlossomWeights, endpointsOf } from '../blossom.ts';

export interface LexEdge {
  readonly a: number;
  readonly b: number;
  /** The edge's words, `words` of them from `offset` in the shared `data` array. */
  readonly offset: number;
}

/**
 * Bound on every word of a weight or dual: a slack comparison adds six of them, still exact below
 * 2^53.
 */
const LIMIT = 2 ** 46;
const HALF = 2 ** 26;

/**
 * `mate[v]` (-1 when v is single), and which edges are tight under the optimal duals found. Edges
 * weigh `data[offset .. offset + words)`. Every matching of greatest weight uses tight edges only
 * (complementary slackness holds between any optimal matching and any optimal duals), so a
 * caller may look for the best of those matchings by another measure on the tight edges alone.
 */
export function maximumLexMatching(
  vertices: number,
  edges: readonly LexEdge[],
  data: Float64Array,
  words: number,
): { mate: number[]; tight: () => Uint8Array } {
  if (edges.length === 0)
    return { mate: new Array<number>(vertices).fill(-1), tight: () => new Uint8Array(0) };
  const endpoint = endpointsOf(vertices, edges);
  const weights = new LexWeights(vertices, endpoint, edges, data, words);
  const matching = new BlossomMatching(vertices, endpoint, weights);
  const mate = matching.solve();
  return { mate, tight: () => weights.tight(matching) };
}

class LexWeights implements BlossomWeights {
  private readonly L: number;
  /** Doubled weights, L words per edge. */
  private readonly weight: Float64Array;
  /** Duals, L words per vertex (0..n-1) and per blossom (n..2n-1). */
  private readonly dual: Float64Array;
  private readonly delta: Float64Array;
  /** The words the current step moves (`stepMoves`). */
  private from = 0;
  private to = -1;

  constructor(
    n: number,
    private readonly endpoint: Int32Array,
    edges: readonly LexEdge[],
    data: Float64Array,
    L: number,
  ) {
    this.L = L;
    const m = edges.length;
    this.weight = new Float64Array(m * L);
    let max = -1;
    edges.forEach((e, k) => {
      for (let i = 0; i < L; i++) {
        const w = 2 * data[e.offset + i]!;
        if (!Number.isSafeInteger(w) || Math.abs(w) >= LIMIT) throw new RangeError('word out of range');
        this.weight[k * L + i] = w;
      }
      if (max === -1 || this.compareWords(this.weight, k * L, this.weight, max * L) > 0) max = k;
    });
    this.dual = new Float64Array(2 * n * L);
    // Every vertex's dual starts at the greatest weight, or at zero if no weight is positive.
    if (this.compareWords(this.weight, max * L, new Float64Array(L), 0) > 0)
      for (let v = 0; v < n; v++) this.dual.set(this.weight.subarray(max * L, max * L + L), v * L);
    this.delta = new Float64Array(L);
  }

  private compareWords(x: Float64Array, i: number, y: Float64Array, j: number): number {
    for (let t = 0; t < this.L; t++) {
      const d = x[i + t]! - y[j + t]!;
      if (d !== 0) return d;
    }
    return 0;
  }

  /** The sign of edge k's slack (0 when tight). */
  slackSign(k: number): number {
    const { L, dual, weight } = this;
    const a = this.endpoint[2 * k]! * L;
    const b = this.endpoint[2 * k + 1]! * L;
    for (let t = 0; t < L; t++) {
      const s = dual[a + t]! + dual[b + t]! - weight[k * L + t]!;
      if (s !== 0) return s;
    }
    return 0;
  }

  /** Compares the slacks of edges k and l: negative when k's is smaller. */
  compareSlacks(k: number, l: number): number {
    const { L, dual, weight, endpoint } = this;
    const a = endpoint[2 * k]! * L;
    const b = endpoint[2 * k + 1]! * L;
    const c = endpoint[2 * l]! * L;
    const d = endpoint[2 * l + 1]! * L;
    for (let t = 0; t < L; t++) {
      const x =
        dual[a + t]! + dual[b + t]! - weight[k * L + t]! - (dual[c + t]! + dual[d + t]! - weight[l * L + t]!);
      if (x !== 0) return x;
    }
    return 0;
  }

  /** Compares edge k's slack divided by `halve` (1 or 2) with the current step; negative when smaller. */
  slackBelowDelta(k: number, halve: number): boolean {
    const { L, dual, weight, delta } = this;
    const a = this.endpoint[2 * k]! * L;
    const b = this.endpoint[2 * k + 1]! * L;
    for (let t = 0; t < L; t++) {
      const x = (dual[a + t]! + dual[b + t]! - weight[k * L + t]!) / halve - delta[t]!;
      if (x !== 0) return x < 0;
    }
    return false;
  }

  deltaFromSlack(k: number, halve: number): void {
    const { L, dual, weight, delta } = this;
    const a = this.endpoint[2 * k]! * L;
    const b = this.endpoint[2 * k + 1]! * L;
    for (let t = 0; t < L; t++) {
      const s = dual[a + t]! + dual[b + t]! - weight[k * L + t]!;
      if (s % halve !== 0) throw new RangeError('a dual step that cannot be halved');
      delta[t] = s / halve;
    }
  }

  dualBelowDelta(v: number): boolean {
    return this.compareWords(this.dual, v * this.L, this.delta, 0) < 0;
  }

  dualIsZero(b: number): boolean {
    for (let t = 0; t < this.L; t++) if (this.dual[b * this.L + t] !== 0) return false;
    return true;
  }

  zeroDual(b: number): void {
    this.dual.fill(0, b * this.L, b * this.L + this.L);
  }

  leastDual(vertices: number): number {
    let least = 0;
    for (let v = 1; v < vertices; v++)
      if (this.compareWords(this.dual, v * this.L, this.dual, least * this.L) < 0) least = v;
    return least;
  }

  deltaFromDual(v: number): void {
    this.delta.set(this.dual.subarray(v * this.L, v * this.L + this.L));
  }

  /** Finds the words the step moves (most steps move a few): `from` to `to`, none when from > to. */
  stepMoves(): boolean {
    const { L, delta } = this;
    let [from, to] = [0, L - 1];
    while (from < L && delta[from] === 0) from++;
    while (to >= from && delta[to] === 0) to--;
    [this.from, this.to] = [from, to];
    return from <= to;
  }

  /** dual ± delta where `direction` says, over the words the step moves only. */
  shiftDuals(direction: Int8Array): void {
    const { L, dual, delta, from, to } = this;
    for (let v = 0; v < direction.length; v++) {
      const sign = direction[v]!;
      if (sign === 0) continue;
      for (let t = from; t <= to; t++) {
        const x = dual[v * L + t]! + sign * delta[t]!;
        if (x >= LIMIT || x <= -LIMIT) throw new RangeError('word out of range');
        dual[v * L + t] = x;
      }
    }
  }

  /**
   * Edges whose reduced cost is zero once `matching` is solved: both ends' duals, plus twice the
   * dual of every blossom that holds both ends, equal the (doubled) weight.
   */
  tight(matching: BlossomMatching): Uint8Array {
    const { L, dual, weight } = this;
    const { n, blossomparent } = matching;
    const chains = Array.from({ length: n }, (_, v) => {
      const chain: number[] = [];
      for (let b = blossomparent[v]!; b !== -1; b = blossomparent[b]!) chain.push(b);
      return chain.reverse();
    });
    // Sums are kept as high and low halves (x = high × HALF + low, 0 ≤ low < HALF), exact however
    // many blossoms are nested. `nested[b]` is twice the duals of b and of every blossom around it.
    const nestedHigh = new Float64Array(2 * n * L);
    const nestedLow = new Float64Array(2 * n * L);
    const done = new Uint8Array(2 * n);
    for (const chain of chains)
      chain.forEach((b, i) => {
        if (done[b]) return;
        done[b] = 1;
        const parent = i > 0 ? chain[i - 1]! : -1;
        for (let t = 0; t < L; t++) {
          const x = 2 * dual[b * L + t]!;
          const h = Math.floor(x / HALF);
          let high = h;
          let low = x - h * HALF;
          if (parent !== -1) {
            high += nestedHigh[parent * L + t]!;
            low += nestedLow[parent * L + t]!;
          }
          const carry = Math.floor(low / HALF);
          nestedHigh[b * L + t] = high + carry;
          nestedLow[b * L + t] = low - carry * HALF;
        }
      });
    const m = this.endpoint.length / 2;
    const tight = new Uint8Array(m);
    for (let k = 0; k < m; k++) {
      const a = this.endpoint[2 * k]!;
      const b = this.endpoint[2 * k + 1]!;
      const [ca, cb] = [chains[a]!, chains[b]!];
      let common = -1;
      for (let i = 0; i < ca.length && ca[i] === cb[i]; i++) common = ca[i]!;
      let zero = true;
      for (let t = 0; t < L && zero; t++) {
        const x = dual[a * L + t]!;
        const y = dual[b * L + t]!;
        const z = -weight[k * L + t]!;
        const [hx, hy, hz] = [Math.floor(x / HALF), Math.floor(y / HALF), Math.floor(z / HALF)];
        let high = hx + hy + hz;
        let low = x - hx * HALF + (y - hy * HALF) + (z - hz * HALF);
        if (common !== -1) {
          high += nestedHigh[common * L + t]!;
          low += nestedLow[common * L + t]!;
        }
        const carry = Math.floor(low / HALF);
        zero = high + carry === 0 && low - carry * HALF === 0;
      }
      tight[k] = zero ? 1 : 0;
    }
    return tight;
  }
}
