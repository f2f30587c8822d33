/**
 * Maximum-weight matching in a general graph (the blossom method of `blossom.ts`) with integer
 * weights: all numbers (exact below 2^53, and fast) or all bigints (so that a pairing system can
 * pack many criteria, one above the other, into one number). Pure and deterministic: equal inputs
 * give equal matchings.
 */
import { BlossomMatching, type BlossomWeights, endpointsOf } from './blossom.ts';

export interface WeightedEdge {
  readonly a: number;
  readonly b: number;
  readonly weight: bigint | number;
}

/**
 * The matching of greatest total weight (not necessarily of greatest size: give every edge a
 * large common term to ask for the largest matching first). Returns `mate[v]`, or -1 when v is single.
 */
export function maximumWeightMatching(vertices: number, edges: readonly WeightedEdge[]): number[] {
  if (edges.length === 0) return new Array<number>(vertices).fill(-1);
  const endpoint = endpointsOf(vertices, edges);
  return new BlossomMatching(vertices, endpoint, new ScalarWeights(vertices, endpoint, edges)).solve();
}

/**
 * The arithmetic is written once for both kinds of weight: JavaScript's operators work on numbers
 * and on bigints alike, so a weight is typed `number` inside and may be a bigint at run time; only
 * the constants (zero, two) come from the kind of the input.
 */
type W = number;

const sign = (x: W, zero: W): number => (x > zero ? 1 : x < zero ? -1 : 0);

class ScalarWeights implements BlossomWeights {
  private readonly weight: W[] = [];
  private readonly dualvar: W[];
  private delta: W;
  private readonly zero: W;
  private readonly two: W;

  constructor(
    n: number,
    private readonly endpoint: Int32Array,
    edges: readonly WeightedEdge[],
  ) {
    const big = typeof edges[0]!.weight === 'bigint';
    this.zero = (big ? 0n : 0) as W;
    this.two = (big ? 2n : 2) as W;
    let max = this.zero;
    for (const e of edges) {
      if ((typeof e.weight === 'bigint') !== big)
        throw new TypeError('weights are all numbers or all bigints');
      // Doubled weights keep every dual variable an integer.
      const w = (e.weight as W) + (e.weight as W);
      this.weight.push(w);
      if (w > max) max = w;
    }
    // Every vertex's dual starts at the greatest weight, or at zero if no weight is positive.
    this.dualvar = Array.from({ length: 2 * n }, (_, i) => (i < n ? max : this.zero));
    this.delta = this.zero;
  }

  private slack(k: number): W {
    return this.dualvar[this.endpoint[2 * k]!]! + this.dualvar[this.endpoint[2 * k + 1]!]! - this.weight[k]!;
  }

  slackSign(k: number): number {
    return sign(this.slack(k), this.zero);
  }

  compareSlacks(k: number, l: number): number {
    const [x, y] = [this.slack(k), this.slack(l)];
    return x < y ? -1 : x > y ? 1 : 0;
  }

  dualIsZero(b: number): boolean {
    return this.dualvar[b] === this.zero;
  }

  zeroDual(b: number): void {
    this.dualvar[b] = this.zero;
  }

  leastDual(vertices: number): number {
    let least = 0;
    for (let v = 1; v < vertices; v++) if (this.dualvar[v]! < this.dualvar[least]!) least = v;
    return least;
  }

  deltaFromDual(v: number): void {
    this.delta = this.dualvar[v]!;
  }

  dualBelowDelta(v: number): boolean {
    return this.dualvar[v]! < this.delta;
  }

  private slackOver(k: number, halve: number): W {
    return halve === 1 ? this.slack(k) : this.slack(k) / this.two;
  }

  slackBelowDelta(k: number, halve: number): boolean {
    return this.slackOver(k, halve) < this.delta;
  }

  deltaFromSlack(k: number, halve: number): void {
    this.delta = this.slackOver(k, halve);
  }

  stepMoves(): boolean {
    return this.delta !== this.zero;
  }

  shiftDuals(direction: Int8Array): void {
    const { dualvar, delta } = this;
    for (let v = 0; v < direction.length; v++)
      if (direction[v] === 1) dualvar[v]! += delta;
      else if (direction[v] === -1) dualvar[v]! -= delta;
  }
}
