import type { Ticket } from './matchmaking.ts';

/** A waiting ticket as the pool keeps it: its figures computed once, and its place in the indexes. */
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
  /** Index in the pool's rating order, valid between two flushes while the entry lives. */
  pos: number;
  /**
   * The earliest time at which this ticket could anchor a match, as far as the pool knows: a lower
   * bound, lowered again when a ticket it would accept arrives. -Infinity for a new ticket.
   */
  nextCheck: number;
  /** Whether the entry is in the index of tickets that once failed to match. */
  stale: boolean;
}

export type EntryOrder = (a: Entry, b: Entry) => number;

export const ratingOrder: EntryOrder = (a, b) => a.rating - b.rating || a.seq - b.seq;
export const ageOrder: EntryOrder = (a, b) => a.since - b.since || a.seq - b.seq;

/**
 * Entries kept in one order across ticks. Insertions wait in a batch and are merged in at the next
 * `flush` (one pass, plus sorting the batch); dead entries stay in place, skipped by readers, until
 * a merge or until they are an eighth of the whole. So a tick costs O(n + k log k) for k arrivals,
 * never a sort of the whole pool.
 */
export class SortedEntries {
  /** The entries in order, dead ones included; replaced (not mutated) by a merge. */
  items: Entry[] = [];
  private pending: Entry[] = [];
  private deaths = 0;

  constructor(
    private readonly order: EntryOrder,
    /** Whether to keep `Entry.pos` up to date with this index. */
    private readonly tracksPosition: boolean,
  ) {}

  insert(entry: Entry): void {
    this.pending.push(entry);
  }

  /** Notes that one of this index's entries died, to know when compacting pays. */
  died(): void {
    this.deaths++;
  }

  flush(): void {
    const pending = this.pending.filter((entry) => !entry.dead);
    this.pending = [];
    const items = this.items;
    const compact = this.deaths * 8 > items.length;
    if (pending.length === 0 && !compact) return;
    pending.sort(this.order);
    const last = items[items.length - 1];
    if (!compact && (last === undefined || this.order(last, pending[0]!) < 0)) {
      for (const entry of pending) this.place(entry, items.push(entry) - 1);
      return;
    }
    const merged: Entry[] = [];
    let i = 0;
    let j = 0;
    while (i < items.length || j < pending.length) {
      const a = items[i];
      if (a?.dead) {
        i++;
        continue;
      }
      const b = pending[j];
      const entry =
        a !== undefined && (b === undefined || this.order(a, b) < 0) ? items[i++]! : pending[j++]!;
      this.place(entry, merged.push(entry) - 1);
    }
    this.items = merged;
    this.deaths = 0;
  }

  private place(entry: Entry, index: number): void {
    if (this.tracksPosition) entry.pos = index;
  }
}

/** The index of the first entry of `items` (in rating order) rated at least `rating`. */
export function firstRatedAtLeast(items: readonly Entry[], rating: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]!.rating < rating) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Walks a rating-ordered index outwards from one entry, nearest rating first, within [lo, hi].
 * Distances never decrease along the walk, which is what lets a search stop early.
 */
export class Outward {
  private left: number;
  private right: number;

  constructor(
    private readonly items: readonly Entry[],
    private readonly center: Entry,
    private readonly lo = Number.NEGATIVE_INFINITY,
    private readonly hi = Number.POSITIVE_INFINITY,
  ) {
    this.left = center.pos - 1;
    this.right = center.pos + 1;
  }

  /** The next entry (dead ones included), or undefined when the range is exhausted. */
  next(): Entry | undefined {
    const l = this.left >= 0 ? this.items[this.left] : undefined;
    const r = this.right < this.items.length ? this.items[this.right] : undefined;
    const leftOk = l !== undefined && l.rating >= this.lo;
    const rightOk = r !== undefined && r.rating <= this.hi;
    if (leftOk && (!rightOk || this.center.rating - l.rating <= r.rating - this.center.rating)) {
      this.left--;
      return l;
    }
    if (rightOk) {
      this.right++;
      return r;
    }
    return undefined;
  }
}
