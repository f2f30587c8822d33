/**
 * Maximum-weight matching in a general graph: Edmonds' blossom method with dual variables, in the
 * O(n³) form described by Galil, "Efficient algorithms for finding maximum matching in graphs",
 * 1986. This is the method once, for every kind of weight: the blossoms, labels, alternating
 * trees and augmentations are here; what a weight is (an integer, a bigint, a vector of words
 * compared lexicographically) and how duals and slacks are added, compared and stepped is its
 * `BlossomWeights`. Any ordered group of weights in which the steps stay exact gives the same method:
 * `weighted-matching.ts` (numbers or bigints) and `swiss/lex-matching.ts` (word vectors).
 *
 * Weights are doubled by their `BlossomWeights`, so that every dual stays an integer. Pure and
 * deterministic: equal inputs give equal matchings.
 */

/** An edge between two vertices (0 ≤ a, b < n, a ≠ b); its weight is kept by the `BlossomWeights`. */
export interface MatchingEnds {
  readonly a: number;
  readonly b: number;
}

/**
 * What a kind of weight does for the method: it keeps the (doubled) weights, the duals, one per
 * vertex (0..n-1) and per blossom (n..2n-1), and the current dual step (`delta`); the slack of
 * edge k is the duals of its ends (`endpoint[2k]`, `endpoint[2k + 1]`) less its weight.
 */
export interface BlossomWeights {
  /** Positive, zero (tight) or negative: the sign of edge k's slack. */
  slackSign(k: number): number;
  /** Negative when edge k's slack is smaller than edge l's, zero when equal. */
  compareSlacks(k: number, l: number): number;
  dualIsZero(b: number): boolean;
  /** A new blossom's dual starts at zero. */
  zeroDual(b: number): void;
  /** The vertex of least dual among the first `vertices` (the first of them when several are least). */
  leastDual(vertices: number): number;
  /** The step becomes the dual of `v`. */
  deltaFromDual(v: number): void;
  dualBelowDelta(v: number): boolean;
  /** Whether edge k's slack divided by `halve` (1 or 2) is below the step. */
  slackBelowDelta(k: number, halve: number): boolean;
  /** The step becomes edge k's slack divided by `halve` (1 or 2). */
  deltaFromSlack(k: number, halve: number): void;
  /** Whether the step changes any dual (then `shiftDuals` applies it). */
  stepMoves(): boolean;
  /** Adds the step to the dual of every `v` whose `direction[v]` is 1, takes it from those at -1. */
  shiftDuals(direction: Int8Array): void;
}

const at = <T>(xs: T[], i: number): T => xs[((i % xs.length) + xs.length) % xs.length]!;

/**
 * The edges as the method keeps them: edge k joins `endpoint[2k]` and `endpoint[2k + 1]`. Refuses
 * a loop or an end outside the vertices.
 */
export function endpointsOf(n: number, edges: readonly MatchingEnds[]): Int32Array {
  const endpoint = new Int32Array(2 * edges.length);
  edges.forEach((e, k) => {
    if (e.a === e.b || e.a < 0 || e.b < 0 || e.a >= n || e.b >= n)
      throw new RangeError(`bad edge ${e.a}-${e.b}`);
    endpoint[2 * k] = e.a;
    endpoint[2 * k + 1] = e.b;
  });
  return endpoint;
}

/**
 * The method's structure, over the weights `w` of the edges `endpoint` (from `endpointsOf`). One
 * class for every kind of weight, so that its own state is always of one shape; only the calls to
 * `w` differ.
 */
export class BlossomMatching {
  readonly n: number;
  private readonly neighbend: number[][];
  private readonly mate: Int32Array;
  private readonly label: Int32Array;
  private readonly labelend: Int32Array;
  private readonly inblossom: Int32Array;
  /** Each blossom's (or vertex's) enclosing blossom, -1 at the top: read by `tight` of word weights. */
  readonly blossomparent: Int32Array;
  private readonly blossomchilds: (number[] | null)[];
  private readonly blossombase: Int32Array;
  private readonly blossomendps: (number[] | null)[];
  private readonly bestedge: Int32Array;
  private readonly blossombestedges: (number[] | null)[];
  private readonly unusedblossoms: number[];
  private readonly allowedge: Uint8Array;
  /** Which way each dual moves in a step (kept to be reused). */
  private readonly direction: Int8Array;
  private queue: number[] = [];

  constructor(
    n: number,
    readonly endpoint: Int32Array,
    private readonly w: BlossomWeights,
  ) {
    this.n = n;
    const m = endpoint.length / 2;
    this.neighbend = Array.from({ length: n }, () => []);
    for (let k = 0; k < m; k++) {
      this.neighbend[endpoint[2 * k]!]!.push(2 * k + 1);
      this.neighbend[endpoint[2 * k + 1]!]!.push(2 * k);
    }
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
    this.direction = new Int8Array(2 * n);
  }

  /** `mate[v]` for every vertex, -1 when single. */
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
          this.w.dualIsZero(b)
        )
          this.expandBlossom(b, true);
    }
    return Array.from(this.mate, (p) => (p === -1 ? -1 : this.endpoint[p]!));
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
      if (w !== -1) {
        const t = v;
        v = w;
        w = t;
      }
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
    this.w.zeroDual(b);
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
        (bestedgeto[bj] === -1 || this.w.compareSlacks(e, bestedgeto[bj]!) < 0)
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
      if (this.bestedge[b] === -1 || this.w.compareSlacks(e, this.bestedge[b]!) < 0) this.bestedge[b] = e;
  }

  private expandBlossom(b: number, endstage: boolean): void {
    const childs = this.blossomchilds[b]!;
    for (const s of childs) {
      this.blossomparent[s] = -1;
      if (s < this.n) this.inblossom[s] = s;
      else if (endstage && this.w.dualIsZero(s)) this.expandBlossom(s, endstage);
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

  /** Grows the alternating trees along tight edges; true once an augmenting path was used. */
  private scan(): boolean {
    // The hottest loop of the method: its arrays are read from locals.
    const { w, endpoint, inblossom, label, labelend, allowedge, bestedge, neighbend } = this;
    while (this.queue.length > 0) {
      const v = this.queue.pop()!;
      for (const p of neighbend[v]!) {
        const k = p >> 1;
        const x = endpoint[p]!;
        const bx = inblossom[x]!;
        if (inblossom[v] === bx) continue;
        if (!allowedge[k] && w.slackSign(k) <= 0) allowedge[k] = 1;
        // Nothing below changes a label before it is read: it is read once.
        const lx = label[bx];
        if (allowedge[k]) {
          if (lx === 0) this.assignLabel(x, 2, p ^ 1);
          else if (lx === 1) {
            const base = this.scanBlossom(v, x);
            if (base >= 0) this.addBlossom(base, k);
            else {
              this.augmentMatching(k);
              return true;
            }
          } else if (label[x] === 0) {
            label[x] = 2;
            labelend[x] = p ^ 1;
          }
        } else if (lx === 1) {
          const b = inblossom[v]!;
          if (bestedge[b] === -1 || w.compareSlacks(k, bestedge[b]!) < 0) bestedge[b] = k;
        } else if (label[x] === 0) {
          if (bestedge[x] === -1 || w.compareSlacks(k, bestedge[x]!) < 0) bestedge[x] = k;
        }
      }
    }
    return false;
  }

  /** Changes the duals by the largest safe step; true when the matching is optimal. */
  private adjustDuals(): boolean {
    const { n, w, label, inblossom, bestedge, blossomparent, blossombase } = this;
    let deltatype = 1;
    w.deltaFromDual(w.leastDual(n));
    let deltaedge = -1;
    let deltablossom = -1;
    for (let v = 0; v < n; v++)
      if (label[inblossom[v]!] === 0 && bestedge[v] !== -1) {
        const e = bestedge[v]!;
        if (w.slackBelowDelta(e, 1)) {
          w.deltaFromSlack(e, 1);
          deltatype = 2;
          deltaedge = e;
        }
      }
    for (let b = 0; b < 2 * n; b++)
      if (blossomparent[b] === -1 && label[b] === 1 && bestedge[b] !== -1) {
        const e = bestedge[b]!;
        if (w.slackBelowDelta(e, 2)) {
          w.deltaFromSlack(e, 2);
          deltatype = 3;
          deltaedge = e;
        }
      }
    for (let b = n; b < 2 * n; b++)
      if (blossombase[b]! >= 0 && blossomparent[b] === -1 && label[b] === 2 && w.dualBelowDelta(b)) {
        w.deltaFromDual(b);
        deltatype = 4;
        deltablossom = b;
      }
    // S-vertices and T-blossoms lose the step, T-vertices and S-blossoms gain it; a step of zero
    // (common when the weights tie on their first words) is not walked through at all.
    if (w.stepMoves()) {
      const direction = this.direction;
      for (let v = 0; v < n; v++) {
        const l = label[inblossom[v]!];
        direction[v] = l === 1 ? -1 : l === 2 ? 1 : 0;
      }
      for (let b = n; b < 2 * n; b++)
        direction[b] =
          blossombase[b]! < 0 || blossomparent[b] !== -1 ? 0 : label[b] === 1 ? 1 : label[b] === 2 ? -1 : 0;
      w.shiftDuals(direction);
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
