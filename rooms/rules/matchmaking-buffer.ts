import type { Entry } from './matchmaking-index.ts';

/** Runs of at most this many entries are sorted by insertion before they are merged. */
const RUN = 24;

/**
 * A list of entries that is emptied and filled again tick after tick without giving back its
 * storage, so a tick that fills it as much as the previous ones allocates nothing. (`length = 0`
 * on an array drops its storage; here `clear` only forgets the entries.) Read `items[0…length)`.
 */
export class EntryBuffer {
  items: (Entry | undefined)[] = [];
  length = 0;
  /** Where the sorted list is written, kept with the buffer for the same reason. */
  private scratch: (Entry | undefined)[] = [];
  /** The sort's keys (`since`, `seq`) by position, and positions in sorted order (two halves). */
  private keys = new Float64Array(0);
  private seqs = new Float64Array(0);
  private order = new Int32Array(0);
  private otherOrder = new Int32Array(0);
  /** How much of `scratch` the last sort filled. */
  private scratchUsed = 0;

  push(entry: Entry): void {
    this.items[this.length++] = entry;
  }

  at(index: number): Entry {
    return this.items[index]!;
  }

  /** Empties the list; the entries it held are released (they may be matched and gone). */
  clear(): void {
    const items = this.items;
    for (let i = 0; i < this.length; i++) items[i] = undefined;
    this.length = 0;
    const scratch = this.scratch;
    for (let i = 0; i < this.scratchUsed; i++) scratch[i] = undefined;
    this.scratchUsed = 0;
  }

  /**
   * Sorts the list longest-waiting first, arrival order between equal `since` (`ageOrder`), in
   * place and without allocating once the buffer has grown. The keys are copied into typed arrays
   * first and positions are sorted by them (insertion-sorted runs, then merges back and forth), so
   * the sort reads packed numbers rather than following every comparison to two entries.
   */
  sortByAge(): void {
    const n = this.length;
    if (n < 2) return;
    if (this.keys.length < n) this.grow(n);
    const items = this.items;
    const keys = this.keys;
    const seqs = this.seqs;
    let order = this.order;
    let other = this.otherOrder;
    for (let i = 0; i < n; i++) {
      const entry = items[i]!;
      keys[i] = entry.since;
      seqs[i] = entry.seq;
      order[i] = i;
    }
    for (let start = 0; start < n; start += RUN) {
      insertionSort(order, keys, seqs, start, Math.min(n, start + RUN));
    }
    for (let width = RUN; width < n; width *= 2) {
      for (let lo = 0; lo < n; lo += 2 * width) {
        merge(order, other, keys, seqs, lo, Math.min(n, lo + width), Math.min(n, lo + 2 * width));
      }
      const swap = order;
      order = other;
      other = swap;
    }
    const scratch = this.scratch;
    while (scratch.length < n) scratch.push(undefined);
    for (let i = 0; i < n; i++) scratch[i] = items[order[i]!];
    this.scratch = items;
    this.items = scratch;
    this.scratchUsed = n;
  }

  private grow(n: number): void {
    const capacity = Math.max(n, 2 * this.keys.length);
    this.keys = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.order = new Int32Array(capacity);
    this.otherOrder = new Int32Array(capacity);
  }
}

/** Whether position `a` sorts before position `b`: longer-waiting, or as long and arrived first. */
function before(keys: Float64Array, seqs: Float64Array, a: number, b: number): boolean {
  return keys[a]! < keys[b]! || (keys[a] === keys[b] && seqs[a]! < seqs[b]!);
}

function insertionSort(
  order: Int32Array,
  keys: Float64Array,
  seqs: Float64Array,
  lo: number,
  hi: number,
): void {
  for (let i = lo + 1; i < hi; i++) {
    const position = order[i]!;
    let j = i - 1;
    while (j >= lo && before(keys, seqs, position, order[j]!)) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = position;
  }
}

/** Merges the sorted runs `from[lo…mid)` and `from[mid…hi)` into `to[lo…hi)`. */
function merge(
  from: Int32Array,
  to: Int32Array,
  keys: Float64Array,
  seqs: Float64Array,
  lo: number,
  mid: number,
  hi: number,
): void {
  let i = lo;
  let j = mid;
  let k = lo;
  while (i < mid && j < hi) to[k++] = before(keys, seqs, from[j]!, from[i]!) ? from[j++]! : from[i++]!;
  while (i < mid) to[k++] = from[i++]!;
  while (j < hi) to[k++] = from[j++]!;
}
