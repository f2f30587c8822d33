import type { Ticket } from './matchmaking.ts';

/** A waiting ticket as the pool keeps it: its figures computed once, and its scheduling state. */
export interface Entry {
  readonly ticket: Ticket;
  readonly rating: number;
  readonly size: number;
  readonly since: number;
  readonly region: string;
  /** Arrival order in this pool: the tie-break of every ordering, so runs are reproducible. */
  readonly seq: number;
  /** Set when the ticket is matched or removed; the indexes drop it lazily. */
  dead: boolean;
  /**
   * The earliest time at which this ticket could take part in a match, as far as the pool knows:
   * a lower bound, lowered again when a ticket that could meet it is due. -Infinity while due.
   */
  nextCheck: number;
  /** Whether the entry is in the index of tickets that once failed to match. */
  stale: boolean;
}

/** Longest-waiting first; arrival order between equal `since`. */
export const ageOrder = (a: Entry, b: Entry): number => a.since - b.since || a.seq - b.seq;

/** Entries a chunk holds at most; a fuller one is split in two. Below `PLACE_SPAN`. */
const CHUNK_MAX = 512;

/**
 * A run of entries in rating order, with their ratings packed beside them: `ratings[i]` is
 * `entries[i].rating` for i < `entries.length` (the array has room for a full chunk). Dead
 * entries stay until they are half of the chunk.
 */
export class Chunk {
  readonly ratings = new Float64Array(CHUNK_MAX + 1);
  /** Dead entries in this chunk, as far as `RatingIndex.discard` could tell. */
  dead = 0;

  constructor(readonly entries: Entry[]) {
    this.packRatings();
  }

  /** Drops the dead entries. */
  compact(): void {
    let kept = 0;
    for (const entry of this.entries) if (!entry.dead) this.entries[kept++] = entry;
    this.entries.length = kept;
    this.packRatings();
  }

  private packRatings(): void {
    const entries = this.entries;
    this.dead = 0;
    for (let i = 0; i < entries.length; i++) {
      this.ratings[i] = entries[i]!.rating;
      if (entries[i]!.dead) this.dead++;
    }
  }

  get length(): number {
    return this.entries.length;
  }

  get last(): number {
    return this.ratings[this.entries.length - 1]!;
  }

  /** The offset of the first entry rated above `rating` (`length` if none). */
  firstAbove(rating: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ratings[mid]! <= rating) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The offset of the first entry rated at least `rating` (`length` if none). */
  firstAtLeast(rating: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ratings[mid]! < rating) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insertAt(offset: number, entry: Entry): void {
    const entries = this.entries;
    const n = entries.length;
    entries.push(entry);
    for (let i = n; i > offset; i--) entries[i] = entries[i - 1]!;
    entries[offset] = entry;
    this.ratings.copyWithin(offset + 1, offset, n);
    this.ratings[offset] = entry.rating;
  }

  /** Moves the upper half of this chunk into a new chunk, returned. */
  split(): Chunk {
    const upper = new Chunk(this.entries.splice(this.entries.length >>> 1));
    this.packRatings();
    return upper;
  }
}

/**
 * A place in a `RatingIndex`, as one number so that searches do not allocate: chunk number ×
 * `PLACE_SPAN` + offset in the chunk. -1 for none.
 */
export type Place = number;
const PLACE_SPAN = 1024;
export const chunkOf = (place: Place): number => Math.floor(place / PLACE_SPAN);
export const offsetOf = (place: Place): number => place % PLACE_SPAN;

/**
 * Entries in rating order (ties in arrival order), kept across ticks: a list of sorted chunks of
 * at most `CHUNK_MAX`. Adding an entry costs a binary search and a shift within one chunk, and
 * discarding a dead one a binary search (its chunk is compacted once half dead), whatever the
 * size of the pool: a tick never sorts or copies the whole pool. Readers skip dead entries.
 */
export class RatingIndex {
  /** Never empty chunks. Read by `Outward` and by scans. */
  readonly chunks: Chunk[] = [];
  private count = 0;

  /** Live entries in the index. */
  get length(): number {
    return this.count;
  }

  /** Adds an entry after every entry rated the same (those arrived earlier). */
  insert(entry: Entry): void {
    this.count++;
    const chunks = this.chunks;
    if (chunks.length === 0) {
      chunks.push(new Chunk([entry]));
      return;
    }
    // The first chunk whose last rating is above the entry's, or the last chunk.
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (chunks[mid]!.last <= entry.rating) lo = mid + 1;
      else hi = mid;
    }
    const chunk = chunks[lo]!;
    chunk.insertAt(chunk.firstAbove(entry.rating), entry);
    if (chunk.length <= CHUNK_MAX) return;
    if (chunk.dead > 0) chunk.compact();
    if (chunk.length > CHUNK_MAX) chunks.splice(lo + 1, 0, chunk.split());
  }

  /**
   * Accounts for an entry of the index that has died (`Entry.dead` set): it stays in place, skipped
   * by readers, until its chunk is half dead and compacted.
   */
  discard(entry: Entry): void {
    this.count--;
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (chunks[mid]!.last < entry.rating) lo = mid + 1;
      else hi = mid;
    }
    const chunk = chunks[lo];
    if (!chunk || ++chunk.dead * 2 <= chunk.length) return;
    chunk.compact();
    if (chunk.length === 0) chunks.splice(lo, 1);
  }

  /** Where `entry` is, or -1. */
  locate(entry: Entry): Place {
    const first = this.firstAtLeast(entry.rating);
    if (first < 0) return -1;
    const chunks = this.chunks;
    for (let c = chunkOf(first), offset = offsetOf(first); c < chunks.length; c++, offset = 0) {
      const { entries, ratings } = chunks[c]!;
      for (; offset < entries.length; offset++) {
        if (entries[offset] === entry) return c * PLACE_SPAN + offset;
        if (ratings[offset]! > entry.rating) return -1;
      }
    }
    return -1;
  }

  /** The place of the first entry rated at least `rating`, or -1 when there is none. */
  firstAtLeast(rating: number): Place {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (chunks[mid]!.last < rating) lo = mid + 1;
      else hi = mid;
    }
    if (lo === chunks.length) return -1;
    return lo * PLACE_SPAN + chunks[lo]!.firstAtLeast(rating);
  }
}

/**
 * Walks a rating index outwards from one entry, nearest rating first, within [lo, hi]. Distances
 * never decrease along the walk, which is what lets a search stop early. One walker is reused
 * (`start`) walk after walk, so searches do not allocate. The index must not change during a walk.
 */
export class Outward {
  private chunks: readonly Chunk[] = [];
  private leftChunk = 0;
  private leftOffset = 0;
  private rightChunk = 0;
  private rightOffset = 0;
  /**
   * The centre's rating, the bounds, and the rating of the entry `next` returned last: numbers
   * kept unboxed, so a walk allocates nothing.
   */
  private readonly range = new Float64Array(4);

  /** Starts a walk around `center`, which must be in `index`. */
  start(
    index: RatingIndex,
    center: Entry,
    lo = Number.NEGATIVE_INFINITY,
    hi = Number.POSITIVE_INFINITY,
  ): this {
    const place = index.locate(center);
    if (place < 0) throw new Error('The walk starts from an entry that is not in the index.');
    this.chunks = index.chunks;
    this.range[0] = center.rating;
    this.leftChunk = chunkOf(place);
    this.leftOffset = offsetOf(place) - 1;
    this.rightChunk = chunkOf(place);
    this.rightOffset = offsetOf(place) + 1;
    this.range[1] = lo;
    this.range[2] = hi;
    return this;
  }

  /** The next entry, or undefined when the range is exhausted. */
  next(): Entry | undefined {
    const chunks = this.chunks;
    if (this.leftOffset < 0 && this.leftChunk > 0) {
      this.leftChunk--;
      this.leftOffset = chunks[this.leftChunk]!.length - 1;
    }
    if (this.rightOffset >= chunks[this.rightChunk]!.length && this.rightChunk + 1 < chunks.length) {
      this.rightChunk++;
      this.rightOffset = 0;
    }
    const leftChunk = chunks[this.leftChunk]!;
    const rightChunk = chunks[this.rightChunk]!;
    // An exhausted side reads NaN, and NaN compares false: that side is never ok.
    const left = this.leftOffset >= 0 ? leftChunk.ratings[this.leftOffset]! : Number.NaN;
    const right = this.rightOffset < rightChunk.length ? rightChunk.ratings[this.rightOffset]! : Number.NaN;
    const range = this.range;
    const center = range[0]!;
    const leftOk = left >= range[1]!;
    const rightOk = right <= range[2]!;
    if (leftOk && (!rightOk || center - left <= right - center)) {
      range[3] = left;
      return leftChunk.entries[this.leftOffset--];
    }
    if (rightOk) {
      range[3] = right;
      return rightChunk.entries[this.rightOffset++];
    }
    return undefined;
  }

  /**
   * The rating of the entry `next` returned last, read from the index's packed ratings: a search
   * can decide to stop without reading the entry itself.
   */
  lastRating(): number {
    return this.range[3]!;
  }
}
