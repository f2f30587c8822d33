/**
 * Maximum-weight matching in a general graph (Edmonds' blossom method with dual variables, in the
 * O(n³) form described by Galil, "Efficient algorithms for finding maximum matching in graphs",
 * 1986). Weights are integers, all numbers (exact below 2^53, and fast) or all bigints (so that a
 * pairing system can pack many criteria, one above the other, into one number). Pure and
 * deterministic: equal inputs give equal matchings.
 */

export interface WeightedEdge {
  readonly a: number;
  readonly b: number;
  readonly weight: bigint | number;
}

/**
 * The solver is written once for both kinds of weight: JavaScript's operators work on numbers and
 * on bigints alike, so a weight is typed `number` inside and may be a bigint at run time; only the
 * constants (zero, two) come from the kind of the input.
 */
type W = number;

/**
 * The matching of greatest total weight (not necessarily of greatest size: give every edge a
 * large common term to ask for the largest matching first). Returns `mate[v]`, or -1 when v is single.
 */
export function maximumWeightMatching(vertices: number, edges: readonly WeightedEdge[]): number[] {
  if (edges.length === 0) return new Array<number>(vertices).fill(-1);
  return new Solver(vertices, edges).solve();
}

const at = <T>(xs: T[], i: number): T => xs[((i % xs.length) + xs.length) % xs.length]!;

class Solver {
  private readonly n: number;
  private readonly endpoint: number[] = [];
  private readonly weight: W[] = [];
  private readonly zero: W;
  private readonly two: W;
  private readonly neighbend: number[][];
  private readonly mate: number[];
  private readonly label: number[];
  private readonly labelend: number[];
  private readonly inblossom: number[];
  private readonly blossomparent: number[];
  private readonly blossomchilds: (number[] | null)[];
  private readonly blossombase: number[];
  private readonly blossomendps: (number[] | null)[];
  private readonly bestedge: number[];
  private readonly blossombestedges: (number[] | null)[];
  private readonly unusedblossoms: number[];
  private readonly dualvar: W[];
  private allowedge: boolean[];
  private queue: number[] = [];

  constructor(n: number, edges: readonly WeightedEdge[]) {
    this.n = n;
    this.neighbend = Array.from({ length: n }, () => []);
    const big = typeof edges[0]!.weight === 'bigint';
    this.zero = (big ? 0n : 0) as W;
    this.two = (big ? 2n : 2) as W;
    let max = this.zero;
    edges.forEach((e, k) => {
      if (e.a === e.b || e.a < 0 || e.b < 0 || e.a >= n || e.b >= n)
        throw new RangeError(`bad edge ${e.a}-${e.b}`);
      if ((typeof e.weight === 'bigint') !== big)
        throw new TypeError('weights are all numbers or all bigints');
      // Doubled weights keep every dual variable an integer.
      const w = (e.weight as W) + (e.weight as W);
      this.endpoint.push(e.a, e.b);
      this.weight.push(w);
      this.neighbend[e.a]!.push(2 * k + 1);
      this.neighbend[e.b]!.push(2 * k);
      if (w > max) max = w;
    });
    this.mate = new Array<number>(n).fill(-1);
    this.label = new Array<number>(2 * n).fill(0);
    this.labelend = new Array<number>(2 * n).fill(-1);
    this.inblossom = Array.from({ length: n }, (_, i) => i);
    this.blossomparent = new Array<number>(2 * n).fill(-1);
    this.blossomchilds = new Array<number[] | null>(2 * n).fill(null);
    this.blossombase = Array.from({ length: 2 * n }, (_, i) => (i < n ? i : -1));
    this.blossomendps = new Array<number[] | null>(2 * n).fill(null);
    this.bestedge = new Array<number>(2 * n).fill(-1);
    this.blossombestedges = new Array<number[] | null>(2 * n).fill(null);
    this.unusedblossoms = Array.from({ length: n }, (_, i) => n + i);
    this.dualvar = Array.from({ length: 2 * n }, (_, i) => (i < n ? max : this.zero));
    this.allowedge = new Array<boolean>(edges.length).fill(false);
  }

  private slack(k: number): W {
    return this.dualvar[this.endpoint[2 * k]!]! + this.dualvar[this.endpoint[2 * k + 1]!]! - this.weight[k]!;
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
    if (t === 1) this.queue.push(...this.leaves(b));
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
    this.dualvar[b] = this.zero;
    for (const leaf of this.leaves(b)) {
      if (this.label[this.inblossom[leaf]!] === 2) this.queue.push(leaf);
      this.inblossom[leaf] = b;
    }
    const bestedgeto = new Array<number>(2 * this.n).fill(-1);
    for (const child of path) {
      const lists =
        this.blossombestedges[child] === null
          ? this.leaves(child).map((leaf) => this.neighbend[leaf]!.map((p) => p >> 1))
          : [this.blossombestedges[child]!];
      for (const list of lists)
        for (const e of list) {
          let j = this.endpoint[2 * e + 1]!;
          if (this.inblossom[j] === b) j = this.endpoint[2 * e]!;
          const bj = this.inblossom[j]!;
          if (
            bj !== b &&
            this.label[bj] === 1 &&
            (bestedgeto[bj] === -1 || this.slack(e) < this.slack(bestedgeto[bj]!))
          )
            bestedgeto[bj] = e;
        }
      this.blossombestedges[child] = null;
      this.bestedge[child] = -1;
    }
    const best = bestedgeto.filter((e) => e !== -1);
    this.blossombestedges[b] = best;
    this.bestedge[b] = -1;
    for (const e of best)
      if (this.bestedge[b] === -1 || this.slack(e) < this.slack(this.bestedge[b]!)) this.bestedge[b] = e;
  }

  private expandBlossom(b: number, endstage: boolean): void {
    const childs = this.blossomchilds[b]!;
    for (const s of childs) {
      this.blossomparent[s] = -1;
      if (s < this.n) this.inblossom[s] = s;
      else if (endstage && this.dualvar[s] === this.zero) this.expandBlossom(s, endstage);
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
        this.allowedge[at(endps, j - endptrick) >> 1] = true;
        j += jstep;
        p = at(endps, j - endptrick) ^ endptrick;
        this.allowedge[p >> 1] = true;
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
      this.allowedge.fill(false);
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
          this.dualvar[b] === this.zero
        )
          this.expandBlossom(b, true);
    }
    return this.mate.map((p) => (p === -1 ? -1 : this.endpoint[p]!));
  }

  /** Grows the alternating trees along tight edges; true once an augmenting path was used. */
  private scan(): boolean {
    while (this.queue.length > 0) {
      const v = this.queue.pop()!;
      for (const p of this.neighbend[v]!) {
        const k = p >> 1;
        const w = this.endpoint[p]!;
        if (this.inblossom[v] === this.inblossom[w]) continue;
        let kslack = this.zero;
        if (!this.allowedge[k]) {
          kslack = this.slack(k);
          if (kslack <= this.zero) this.allowedge[k] = true;
        }
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
          if (this.bestedge[b] === -1 || kslack < this.slack(this.bestedge[b]!)) this.bestedge[b] = k;
        } else if (this.label[w] === 0) {
          if (this.bestedge[w] === -1 || kslack < this.slack(this.bestedge[w]!)) this.bestedge[w] = k;
        }
      }
    }
    return false;
  }

  /** Changes the duals by the largest safe step; true when the matching is optimal. */
  private adjustDuals(): boolean {
    const n = this.n;
    let deltatype = 1;
    let delta = this.dualvar[0]!;
    for (let v = 1; v < n; v++) if (this.dualvar[v]! < delta) delta = this.dualvar[v]!;
    let deltaedge = -1;
    let deltablossom = -1;
    for (let v = 0; v < n; v++)
      if (this.label[this.inblossom[v]!] === 0 && this.bestedge[v] !== -1) {
        const d = this.slack(this.bestedge[v]!);
        if (d < delta) [delta, deltatype, deltaedge] = [d, 2, this.bestedge[v]!];
      }
    for (let b = 0; b < 2 * n; b++)
      if (this.blossomparent[b] === -1 && this.label[b] === 1 && this.bestedge[b] !== -1) {
        const d = this.slack(this.bestedge[b]!) / this.two;
        if (d < delta) [delta, deltatype, deltaedge] = [d, 3, this.bestedge[b]!];
      }
    for (let b = n; b < 2 * n; b++)
      if (
        this.blossombase[b]! >= 0 &&
        this.blossomparent[b] === -1 &&
        this.label[b] === 2 &&
        this.dualvar[b]! < delta
      )
        [delta, deltatype, deltablossom] = [this.dualvar[b]!, 4, b];
    for (let v = 0; v < n; v++) {
      const l = this.label[this.inblossom[v]!];
      if (l === 1) this.dualvar[v]! -= delta;
      else if (l === 2) this.dualvar[v]! += delta;
    }
    for (let b = n; b < 2 * n; b++)
      if (this.blossombase[b]! >= 0 && this.blossomparent[b] === -1) {
        if (this.label[b] === 1) this.dualvar[b]! += delta;
        else if (this.label[b] === 2) this.dualvar[b]! -= delta;
      }
    if (deltatype === 1) return true;
    if (deltatype === 2 || deltatype === 3) {
      this.allowedge[deltaedge] = true;
      let i = this.endpoint[2 * deltaedge]!;
      const j = this.endpoint[2 * deltaedge + 1]!;
      if (deltatype === 2 && this.label[this.inblossom[i]!] === 0) i = j;
      this.queue.push(i);
    } else this.expandBlossom(deltablossom, false);
    return false;
  }
}
