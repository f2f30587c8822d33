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
  /** The other half of the merge sort, kept with the buffer for the same reason. */
  private scratch: (Entry | undefined)[] = [];
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
   * place and without allocating once the buffer has grown: insertion-sorted runs, then merges
   * back and forth between the list and a scratch array of the same size.
   */
  sortByAge(): void {
    const n = this.length;
    let from = this.items;
    for (let start = 0; start < n; start += RUN) insertionSort(from, start, Math.min(n, start + RUN));
    if (n <= RUN) return;
    let to = this.scratch;
    while (to.length < n) to.push(undefined);
    for (let width = RUN; width < n; width *= 2) {
      for (let lo = 0; lo < n; lo += 2 * width) {
        merge(from, to, lo, Math.min(n, lo + width), Math.min(n, lo + 2 * width));
      }
      const swap = from;
      from = to;
      to = swap;
    }
    this.items = from;
    this.scratch = to;
    this.scratchUsed = n;
  }
}

/** Whether `a` waits longer than `b` (or as long, and arrived first): `ageOrder(a, b) < 0`. */
function before(a: Entry, b: Entry): boolean {
  return a.since < b.since || (a.since === b.since && a.seq < b.seq);
}

function insertionSort(items: (Entry | undefined)[], lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const entry = items[i]!;
    let j = i - 1;
    while (j >= lo && before(entry, items[j]!)) {
      items[j + 1] = items[j];
      j--;
    }
    items[j + 1] = entry;
  }
}

/** Merges the sorted runs `from[lo…mid)` and `from[mid…hi)` into `to[lo…hi)`. */
function merge(
  from: (Entry | undefined)[],
  to: (Entry | undefined)[],
  lo: number,
  mid: number,
  hi: number,
): void {
  let i = lo;
  let j = mid;
  let k = lo;
  while (i < mid && j < hi) to[k++] = before(from[j]!, from[i]!) ? from[j++] : from[i++];
  while (i < mid) to[k++] = from[i++];
  while (j < hi) to[k++] = from[j++];
}
