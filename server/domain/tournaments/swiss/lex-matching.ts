/**
 * Maximum-weight matching whose weights are vectors of numbers compared lexicographically (the
 * first word most significant): the same method as `../weighted-matching.ts` (Edmonds' blossoms
 * with dual variables), with every weight, dual and slack a vector of words added and subtracted
 * word by word, never carried. Such vectors form an ordered group, in which the method is as exact
 * as on integers; the Dutch system puts its criteria into words so that the lexicographic order is
 * the order of its criteria, and no bigint is ever allocated: slacks are compared word by word from
 * the top, and most comparisons end at the first word.
 *
 * Every word must stay an integer below 2^46 in size (so that sums of a few stay exact); weights
 * far smaller than that leave room for the duals. A word that would leave that range, or a dual
 * step that cannot be halved exactly, throws a `RangeError` (the caller then uses the bigint method).
 */

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
  const solver = new LexSolver(vertices, edges, data, words);
  const mate = solver.solve();
  return { mate, tight: () => solver.tight() };
}

const at = <T>(xs: T[], i: number): T => xs[((i % xs.length) + xs.length) % xs.length]!;

class LexSolver {
  private readonly n: number;
  private readonly L: number;
  private readonly endpoint: Int32Array;
  /** Doubled weights, L words per edge. */
  private readonly weight: Float64Array;
  /** Duals, L words per vertex (0..n-1) and per blossom (n..2n-1). */
  private readonly dual: Float64Array;
  private readonly delta: Float64Array;
  private readonly neighbend: number[][];
  private readonly mate: Int32Array;
  private readonly label: Int32Array;
  private readonly labelend: Int32Array;
  private readonly inblossom: Int32Array;
  private readonly blossomparent: Int32Array;
  private readonly blossomchilds: (number[] | null)[];
  private readonly blossombase: Int32Array;
  private readonly blossomendps: (number[] | null)[];
  private readonly bestedge: Int32Array;
  private readonly blossombestedges: (number[] | null)[];
  private readonly unusedblossoms: number[];
  private readonly allowedge: Uint8Array;
  private queue: number[] = [];

  constructor(n: number, edges: readonly LexEdge[], data: Float64Array, L: number) {
    this.n = n;
    this.L = L;
    const m = edges.length;
    this.endpoint = new Int32Array(2 * m);
    this.weight = new Float64Array(m * L);
    this.neighbend = Array.from({ length: n }, () => []);
    let max = -1;
    edges.forEach((e, k) => {
      if (e.a === e.b || e.a < 0 || e.b < 0 || e.a >= n || e.b >= n)
        throw new RangeError(`bad edge ${e.a}-${e.b}`);
      for (let i = 0; i < L; i++) {
        const w = 2 * data[e.offset + i]!;
        if (!Number.isSafeInteger(w) || Math.abs(w) >= LIMIT) throw new RangeError('word out of range');
        this.weight[k * L + i] = w;
      }
      this.endpoint[2 * k] = e.a;
      this.endpoint[2 * k + 1] = e.b;
      this.neighbend[e.a]!.push(2 * k + 1);
      this.neighbend[e.b]!.push(2 * k);
      if (max === -1 || this.compareWords(this.weight, k * L, this.weight, max * L) > 0) max = k;
    });
    this.dual = new Float64Array(2 * n * L);
    // Every vertex's dual starts at the greatest weight, or at zero if no weight is positive.
    if (this.compareWords(this.weight, max * L, new Float64Array(L), 0) > 0)
      for (let v = 0; v < n; v++) this.dual.set(this.weight.subarray(max * L, max * L + L), v * L);
    this.delta = new Float64Array(L);
    this.mate = new Int32Array(n).fill(-1);
    this.label = new Int32Array(2 * n);
    this.labelend = new Int32Array(2 * n).fill(-1);
    this.inblossom = Int32Array.from({ length: n }, (_, i) => i);
    this.blossomparent = new Int32Array(2 * n).fill(-1);
    this.blossomchilds = new Array<number[] | null>(2 * n).fill(null);
    this.blossombase = Int32Array.from({ length: 2 * n }, (_, i) => (i < n ? i : -1));
    this.blossomendps = new Array<number[] | null>(2 * n).fill(null);
    this.bestedge = new Int32Array(2 * n).fill(-1);
    this.blossombestedges = new Array<number[] | null>(2 * n).fill(null);
    this.unusedblossoms = Array.from({ length: n }, (_, i) => n + i);
    this.allowedge = new Uint8Array(m);
  }

  private compareWords(x: Float64Array, i: number, y: Float64Array, j: number): number {
    for (let t = 0; t < this.L; t++) {
      const d = x[i + t]! - y[j + t]!;
      if (d !== 0) return d;
    }
    return 0;
  }

  /** The sign of edge k's slack (0 when tight). */
  private slackSign(k: number): number {
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
  private compareSlacks(k: number, l: number): number {
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
  private slackBelowDelta(k: number, halve: number): boolean {
    const { L, dual, weight, delta } = this;
    const a = this.endpoint[2 * k]! * L;
    const b = this.endpoint[2 * k + 1]! * L;
    for (let t = 0; t < L; t++) {
      const x = (dual[a + t]! + dual[b + t]! - weight[k * L + t]!) / halve - delta[t]!;
      if (x !== 0) return x < 0;
    }
    return false;
  }

  private setDeltaToSlack(k: number, halve: number): void {
    const { L, dual, weight, delta } = this;
    const a = this.endpoint[2 * k]! * L;
    const b = this.endpoint[2 * k + 1]! * L;
    for (let t = 0; t < L; t++) {
      const s = dual[a + t]! + dual[b + t]! - weight[k * L + t]!;
      if (s % halve !== 0) throw new RangeError('a dual step that cannot be halved');
      delta[t] = s / halve;
    }
  }

  private dualBelowDelta(v: number): boolean {
    return this.compareWords(this.dual, v * this.L, this.delta, 0) < 0;
  }

  private dualIsZero(b: number): boolean {
    for (let t = 0; t < this.L; t++) if (this.dual[b * this.L + t] !== 0) return false;
    return true;
  }

  /** dual[v] += sign × delta over the words `from` to `to` (where the step is not zero), kept in range. */
  private shiftDual(v: number, sign: number, from: number, to: number): void {
    const { L, dual, delta } = this;
    for (let t = from; t <= to; t++) {
      const x = dual[v * L + t]! + sign * delta[t]!;
      if (x >= LIMIT || x <= -LIMIT) throw new RangeError('word out of range');
      dual[v * L + t] = x;
    }
  }

  private leaves(b: number, out: number[] = []): number[] {
    if (b < this.n) out.push(b);
    else for (const t of this.blossomchilds[b]!) this.leaves(t, out);
    return out;
  }

  private assignLabel(w: number, t: number, p: number): void {
    const b = this.inblossom[w]!;
    this.label[w] = this.label[b] = t;
    this.labelend[w] = this.labelend[b] = p;
    this.bestedge[w] = this.bestedge[b] = -1;
    if (t === 1) this.leaves(b, this.queue);
    else {
      const base = this.blossombase[b]!;
      const m = this.mate[base]!;
      this.assignLabel(this.endpoint[m]!, 1, m ^ 1);
    }
  }

  private scanBlossom(v0: number, w0: number): number {
    let v = v0;
    let w = w0;
    const path: number[] = [];
    let base = -1;
    while (v !== -1 || w !== -1) {
      let b = this.inblossom[v]!;
      if (this.label[b]! & 4) {
        base = this.blossombase[b]!;
        break;
      }
      path.push(b);
      this.label[b] = 5;
      if (this.labelend[b] === -1) v = -1;
      else {
        v = this.endpoint[this.labelend[b]!]!;
        b = this.inblossom[v]!;
        v = this.endpoint[this.labelend[b]!]!;
      }
      if (w !== -1) [v, w] = [w, v];
    }
    for (const b of path) this.label[b] = 1;
    return base;
  }

  private addBlossom(base: number, k: number): void {
    let v = this.endpoint[2 * k]!;
    let w = this.endpoint[2 * k + 1]!;
    const bb = this.inblossom[base]!;
    let bv = this.inblossom[v]!;
    let bw = this.inblossom[w]!;
    const b = this.unusedblossoms.pop()!;
    this.blossombase[b] = base;
    this.blossomparent[b] = -1;
    this.blossomparent[bb] = b;
    const path: number[] = [];
    const endps: number[] = [];
    while (bv !== bb) {
      this.blossomparent[bv] = b;
      path.push(bv);
      endps.push(this.labelend[bv]!);
      v = this.endpoint[this.labelend[bv]!]!;
      bv = this.inblossom[v]!;
    }
    path.push(bb);
    path.reverse();
    endps.reverse();
    endps.push(2 * k);
    while (bw !== bb) {
      this.blossomparent[bw] = b;
      path.push(bw);
      endps.push(this.labelend[bw]! ^ 1);
      w = this.endpoint[this.labelend[bw]!]!;
      bw = this.inblossom[w]!;
    }
    this.blossomchilds[b] = path;
    this.blossomendps[b] = endps;
    this.label[b] = 1;
    this.labelend[b] = this.labelend[bb]!;
    this.dual.fill(0, b * this.L, b * this.L + this.L);
    for (const leaf of this.leaves(b)) {
      if (this.label[this.inblossom[leaf]!] === 2) this.queue.push(leaf);
      this.inblossom[leaf] = b;
    }
    const bestedgeto = new Int32Array(2 * this.n).fill(-1);
    const consider = (e: number) => {
      let j = this.endpoint[2 * e + 1]!;
      if (this.inblossom[j] === b) j = this.endpoint[2 * e]!;
      const bj = this.inblossom[j]!;
      if (
        bj !== b &&
        this.label[bj] === 1 &&
        (bestedgeto[bj] === -1 || this.compareSlacks(e, bestedgeto[bj]!) < 0)
      )
        bestedgeto[bj] = e;
    };
    for (const child of path) {
      const own = this.blossombestedges[child] ?? null;
      if (own === null) {
        for (const leaf of this.leaves(child)) for (const p of this.neighbend[leaf]!) consider(p >> 1);
      } else for (const e of own) consider(e);
      this.blossombestedges[child] = null;
      this.bestedge[child] = -1;
    }
    const best: number[] = [];
    for (const e of bestedgeto) if (e !== -1) best.push(e);
    this.blossombestedges[b] = best;
    this.bestedge[b] = -1;
    for (const e of best)
      if (this.bestedge[b] === -1 || this.compareSlacks(e, this.bestedge[b]!) < 0) this.bestedge[b] = e;
  }

  private expandBlossom(b: number, endstage: boolean): void {
    const childs = this.blossomchilds[b]!;
    for (const s of childs) {
      this.blossomparent[s] = -1;
      if (s < this.n) this.inblossom[s] = s;
      else if (endstage && this.dualIsZero(s)) this.expandBlossom(s, endstage);
      else for (const leaf of this.leaves(s)) this.inblossom[leaf] = s;
    }
    if (!endstage && this.label[b] === 2) {
      const endps = this.blossomendps[b]!;
      const entrychild = this.inblossom[this.endpoint[this.labelend[b]! ^ 1]!]!;
      let j = childs.indexOf(entrychild);
      let jstep: number;
      let endptrick: number;
      if (j & 1) {
        j -= childs.length;
        jstep = 1;
        endptrick = 0;
      } else {
        jstep = -1;
        endptrick = 1;
      }
      let p = this.labelend[b]!;
      while (j !== 0) {
        this.label[this.endpoint[p ^ 1]!] = 0;
        this.label[this.endpoint[at(endps, j - endptrick) ^ endptrick ^ 1]!] = 0;
        this.assignLabel(this.endpoint[p ^ 1]!, 2, p);
        this.allowedge[at(endps, j - endptrick) >> 1] = 1;
        j += jstep;
        p = at(endps, j - endptrick) ^ endptrick;
        this.allowedge[p >> 1] = 1;
        j += jstep;
      }
      let bv = at(childs, j);
      this.label[this.endpoint[p ^ 1]!] = this.label[bv] = 2;
      this.labelend[this.endpoint[p ^ 1]!] = this.labelend[bv] = p;
      this.bestedge[bv] = -1;
      j += jstep;
      while (at(childs, j) !== entrychild) {
        bv = at(childs, j);
        if (this.label[bv] === 1) {
          j += jstep;
          continue;
        }
        const v = this.leaves(bv).find((leaf) => this.label[leaf] !== 0);
        if (v !== undefined) {
          this.label[v] = 0;
          this.label[this.endpoint[this.mate[this.blossombase[bv]!]!]!] = 0;
          this.assignLabel(v, 2, this.labelend[v]!);
        }
        j += jstep;
      }
    }
    this.label[b] = this.labelend[b] = -1;
    this.blossomchilds[b] = this.blossomendps[b] = null;
    this.blossombase[b] = -1;
    this.blossombestedges[b] = null;
    this.bestedge[b] = -1;
    this.unusedblossoms.push(b);
  }

  private augmentBlossom(b: number, v: number): void {
    let t = v;
    while (this.blossomparent[t] !== b) t = this.blossomparent[t]!;
    if (t >= this.n) this.augmentBlossom(t, v);
    const childs = this.blossomchilds[b]!;
    const endps = this.blossomendps[b]!;
    const i = childs.indexOf(t);
    let j = i;
    let jstep: number;
    let endptrick: number;
    if (i & 1) {
      j -= childs.length;
      jstep = 1;
      endptrick = 0;
    } else {
      jstep = -1;
      endptrick = 1;
    }
    while (j !== 0) {
      j += jstep;
      t = at(childs, j);
      const p = at(endps, j - endptrick) ^ endptrick;
      if (t >= this.n) this.augmentBlossom(t, this.endpoint[p]!);
      j += jstep;
      t = at(childs, j);
      if (t >= this.n) this.augmentBlossom(t, this.endpoint[p ^ 1]!);
      this.mate[this.endpoint[p]!] = p ^ 1;
      this.mate[this.endpoint[p ^ 1]!] = p;
    }
    this.blossomchilds[b] = [...childs.slice(i), ...childs.slice(0, i)];
    this.blossomendps[b] = [...endps.slice(i), ...endps.slice(0, i)];
    this.blossombase[b] = this.blossombase[this.blossomchilds[b]![0]!]!;
  }

  private augmentMatching(k: number): void {
    const v = this.endpoint[2 * k]!;
    const w = this.endpoint[2 * k + 1]!;
    for (const [s0, p0] of [
      [v, 2 * k + 1],
      [w, 2 * k],
    ] as const) {
      let s: number = s0;
      let p: number = p0;
      for (;;) {
        const bs = this.inblossom[s]!;
        if (bs >= this.n) this.augmentBlossom(bs, s);
        this.mate[s] = p;
        if (this.labelend[bs] === -1) break;
        const t = this.endpoint[this.labelend[bs]!]!;
        const bt = this.inblossom[t]!;
        s = this.endpoint[this.labelend[bt]!]!;
        const j = this.endpoint[this.labelend[bt]! ^ 1]!;
        if (bt >= this.n) this.augmentBlossom(bt, j);
        this.mate[j] = this.labelend[bt]!;
        p = this.labelend[bt]! ^ 1;
      }
    }
  }

  solve(): number[] {
    const n = this.n;
    for (let stage = 0; stage < n; stage++) {
      this.label.fill(0);
      this.bestedge.fill(-1);
      for (let b = n; b < 2 * n; b++) this.blossombestedges[b] = null;
      this.allowedge.fill(0);
      this.queue = [];
      for (let v = 0; v < n; v++)
        if (this.mate[v] === -1 && this.label[this.inblossom[v]!] === 0) this.assignLabel(v, 1, -1);
      let augmented = false;
      for (;;) {
        augmented = this.scan();
        if (augmented) break;
        if (this.adjustDuals()) break;
      }
      if (!augmented) break;
      for (let b = n; b < 2 * n; b++)
        if (
          this.blossomparent[b] === -1 &&
          this.blossombase[b]! >= 0 &&
          this.label[b] === 1 &&
          this.dualIsZero(b)
        )
          this.expandBlossom(b, true);
    }
    return Array.from(this.mate, (p) => (p === -1 ? -1 : this.endpoint[p]!));
  }

  /**
   * Edges whose reduced cost is zero: both ends' duals, plus twice the dual of every blossom that
   * holds both ends, equal the (doubled) weight.
   */
  tight(): Uint8Array {
    const { L, n, dual, weight } = this;
    const chains = Array.from({ length: n }, (_, v) => {
      const chain: number[] = [];
      for (let b = this.blossomparent[v]!; b !== -1; b = this.blossomparent[b]!) chain.push(b);
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

  /** Grows the alternating trees along tight edges; true once an augmenting path was used. */
  private scan(): boolean {
    while (this.queue.length > 0) {
      const v = this.queue.pop()!;
      for (const p of this.neighbend[v]!) {
        const k = p >> 1;
        const w = this.endpoint[p]!;
        if (this.inblossom[v] === this.inblossom[w]) continue;
        if (!this.allowedge[k] && this.slackSign(k) <= 0) this.allowedge[k] = 1;
        if (this.allowedge[k]) {
          if (this.label[this.inblossom[w]!] === 0) this.assignLabel(w, 2, p ^ 1);
          else if (this.label[this.inblossom[w]!] === 1) {
            const base = this.scanBlossom(v, w);
            if (base >= 0) this.addBlossom(base, k);
            else {
              this.augmentMatching(k);
              return true;
            }
          } else if (this.label[w] === 0) {
            this.label[w] = 2;
            this.labelend[w] = p ^ 1;
          }
        } else if (this.label[this.inblossom[w]!] === 1) {
          const b = this.inblossom[v]!;
          if (this.bestedge[b] === -1 || this.compareSlacks(k, this.bestedge[b]!) < 0) this.bestedge[b] = k;
        } else if (this.label[w] === 0) {
          if (this.bestedge[w] === -1 || this.compareSlacks(k, this.bestedge[w]!) < 0) this.bestedge[w] = k;
        }
      }
    }
    return false;
  }

  /** Changes the duals by the largest safe step; true when the matching is optimal. */
  private adjustDuals(): boolean {
    const n = this.n;
    const L = this.L;
    let deltatype = 1;
    let min = 0;
    for (let v = 1; v < n; v++) if (this.compareWords(this.dual, v * L, this.dual, min * L) < 0) min = v;
    this.delta.set(this.dual.subarray(min * L, min * L + L));
    let deltaedge = -1;
    let deltablossom = -1;
    for (let v = 0; v < n; v++)
      if (this.label[this.inblossom[v]!] === 0 && this.bestedge[v] !== -1) {
        const e = this.bestedge[v]!;
        if (this.slackBelowDelta(e, 1)) {
          this.setDeltaToSlack(e, 1);
          [deltatype, deltaedge] = [2, e];
        }
      }
    for (let b = 0; b < 2 * n; b++)
      if (this.blossomparent[b] === -1 && this.label[b] === 1 && this.bestedge[b] !== -1) {
        const e = this.bestedge[b]!;
        if (this.slackBelowDelta(e, 2)) {
          this.setDeltaToSlack(e, 2);
          [deltatype, deltaedge] = [3, e];
        }
      }
    for (let b = n; b < 2 * n; b++)
      if (
        this.blossombase[b]! >= 0 &&
        this.blossomparent[b] === -1 &&
        this.label[b] === 2 &&
        this.dualBelowDelta(b)
      ) {
        this.delta.set(this.dual.subarray(b * L, b * L + L));
        [deltatype, deltablossom] = [4, b];
      }
    // A step usually moves a few words only: the others are left alone.
    let [from, to] = [0, L - 1];
    while (from < L && this.delta[from] === 0) from++;
    while (to >= from && this.delta[to] === 0) to--;
    for (let v = 0; v < n && from <= to; v++) {
      const l = this.label[this.inblossom[v]!];
      if (l === 1) this.shiftDual(v, -1, from, to);
      else if (l === 2) this.shiftDual(v, 1, from, to);
    }
    for (let b = n; b < 2 * n && from <= to; b++)
      if (this.blossombase[b]! >= 0 && this.blossomparent[b] === -1) {
        if (this.label[b] === 1) this.shiftDual(b, 1, from, to);
        else if (this.label[b] === 2) this.shiftDual(b, -1, from, to);
      }
    if (deltatype === 1) return true;
    if (deltatype === 2 || deltatype === 3) {
      this.allowedge[deltaedge] = 1;
      let i = this.endpoint[2 * deltaedge]!;
      const j = this.endpoint[2 * deltaedge + 1]!;
      if (deltatype === 2 && this.label[this.inblossom[i]!] === 0) i = j;
      this.queue.push(i);
    } else this.expandBlossom(deltablossom, false);
    return false;
  }
}
