import type {
  AddRefusal,
  AddResult,
  FormedMatch,
  PairingRules,
  TableSeats,
  Ticket,
  TicketStatus,
  Widening,
} from './matchmaking.ts';
import { WaitHistory } from './matchmaking-history.ts';
import {
  bandAt,
  CROSS_REGION_QUALITY,
  halfWidthAt,
  inBand,
  ratingQuality,
  ticketRating,
} from './matchmaking-quality.ts';

/**
 * The waiting tickets of a queue whose matches are tables of `seats.min` to `seats.max` players,
 * each player a side of their own (golf), and the tables they form.
 *
 * Each `tick(now)` takes tickets from the longest-waiting one outwards. Around each (the anchor),
 * among its nearest neighbours by rating, it gathers, oldest first, tickets that every ticket
 * gathered so far accepts and is accepted by (each one's rating within the other's band, and the
 * region rule of `regionsAccepted`), that fit the seats left and keep the table's quality at least
 * `minQuality`. A full table starts at
 * once; a table of at least `seats.min` players starts once its anchor has waited `fillWaitMs`;
 * anything smaller starts nothing, and its tickets wait on. A party is one ticket, so it sits at
 * one table, on seats next to each other. Nobody is at two tables.
 *
 * Time is a parameter: the same tickets and the same `now` form the same tables.
 *
 * @example
 * const pool = new TablePool({ ...rules, seats: { min: 2, max: 6, fillWaitMs: 20_000 } });
 * pool.add({ id: 't1', members: [{ userId: 'u1', rating: 1500 }], region: 'eu', since: now });
 * for (const table of pool.tick(now)) start(table.teams[0]);
 */
export class TablePool {
  private readonly widening: Widening;
  private readonly seats: TableSeats;
  private readonly regions: ReadonlySet<string>;
  /** Waiting tickets by id, in the order they were added. */
  private readonly waiting = new Map<string, Waiting>();
  /** The waiting ticket of each waiting player. */
  private readonly byUser = new Map<string, Waiting>();
  private readonly history = new WaitHistory();
  private players = 0;
  private seq = 0;

  /** @throws RangeError when the rules are not a usable table profile (a bug of the caller). */
  constructor(private readonly rules: PairingRules) {
    const seats = rules.seats;
    if (!seats) throw new RangeError('A table pool needs the seats of its tables.');
    if (
      !(
        Number.isInteger(seats.min) &&
        Number.isInteger(seats.max) &&
        seats.min >= 2 &&
        seats.max >= seats.min
      )
    )
      throw new RangeError('Tables need 2 ≤ seats.min ≤ seats.max, whole numbers.');
    if (!(seats.fillWaitMs >= 0)) throw new RangeError('fillWaitMs must not be negative.');
    if (rules.regions.length === 0) throw new RangeError('A queue has at least one region.');
    this.seats = seats;
    this.widening = rules.widening;
    this.regions = new Set(rules.regions);
  }

  /**
   * Puts a ticket in the queue. Refused (a value, the pool unchanged): `ALREADY_QUEUED` when the
   * ticket id or one of its players is already waiting, `PARTY_TOO_LARGE` when it has more members
   * than a table has seats, `UNKNOWN_REGION` for a region not the profile's. A requeued ticket
   * keeps its `since`.
   *
   * @throws RangeError for a ticket without members or with a rating or `since` that is not finite.
   */
  add(ticket: Ticket): AddResult {
    const size = ticket.members.length;
    if (size === 0) throw new RangeError('A ticket has at least one member.');
    if (!Number.isFinite(ticket.since)) throw new RangeError('A ticket needs a finite `since`.');
    if (this.waiting.has(ticket.id))
      return refuse('ALREADY_QUEUED', `Ticket ${ticket.id} is already waiting.`);
    if (size > this.seats.max)
      return refuse('PARTY_TOO_LARGE', `A party of ${size} does not fit a table of ${this.seats.max}.`);
    if (!this.regions.has(ticket.region))
      return refuse('UNKNOWN_REGION', `Region "${ticket.region}" is not one of this queue's regions.`);
    const users = new Set<string>();
    for (const { userId, rating } of ticket.members) {
      if (!Number.isFinite(rating)) throw new RangeError(`Player ${userId} has no finite rating.`);
      if (users.has(userId) || this.byUser.has(userId))
        return refuse('ALREADY_QUEUED', `Player ${userId} is already waiting.`);
      users.add(userId);
    }
    const entry: Waiting = { ticket, rating: ticketRating(ticket), size, seq: this.seq++ };
    this.waiting.set(ticket.id, entry);
    for (const userId of users) this.byUser.set(userId, entry);
    this.players += size;
    return { ok: true };
  }

  /** Takes a waiting ticket out of the queue; undefined when it is not waiting. */
  remove(ticketId: string): Ticket | undefined {
    const entry = this.waiting.get(ticketId);
    if (!entry) return undefined;
    this.drop(entry);
    return entry.ticket;
  }

  ticketOf(userId: string): Ticket | undefined {
    return this.byUser.get(userId)?.ticket;
  }

  get size(): number {
    return this.waiting.size;
  }

  get playerCount(): number {
    return this.players;
  }

  /** The waiting tickets, in the order they were added. */
  *tickets(): IterableIterator<Ticket> {
    for (const entry of this.waiting.values()) yield entry.ticket;
  }

  /**
   * Forms every table it can at `now` and takes their tickets out of the pool. A formed table is
   * one team of its tickets in seating order (`teams[0]`, the anchor first, a party's members
   * together); each player of it is a side of their own.
   */
  tick(now: number): FormedMatch[] {
    const byAge = [...this.waiting.values()].sort(ageOrder);
    const byRating = byAge.slice().sort((a, b) => a.rating - b.rating || ageOrder(a, b));
    const taken = new Set<Waiting>();
    const formed: FormedMatch[] = [];
    for (const anchor of byAge) {
      if (taken.has(anchor)) continue;
      const table = this.gather(anchor, byRating, taken, now);
      if (!table) continue;
      for (const entry of table.entries) {
        taken.add(entry);
        this.history.record(Math.max(0, now - entry.ticket.since));
        this.drop(entry);
      }
      formed.push({ teams: [table.entries.map((e) => e.ticket)], quality: table.quality });
    }
    return formed;
  }

  status(ticketId: string, now: number): TicketStatus | undefined {
    const entry = this.waiting.get(ticketId);
    if (!entry) return undefined;
    const waitedMs = Math.max(0, now - entry.ticket.since);
    return {
      band: bandAt(entry.ticket, this.widening, now),
      poolSize: this.players,
      estimatedWaitMs: this.history.expectedTotal(waitedMs),
      waitedMs,
    };
  }

  medianWaitMs(): number | null {
    return this.history.median();
  }

  /**
   * The table `anchor` can start at `now`, or undefined. Its tickets are gathered oldest first
   * from the anchor's nearest neighbours by rating within its band (at most `NEIGHBOURS` looked
   * at, and of them at most `CANDIDATES_PER_SEAT` a seat kept: those that accept the anchor and
   * that it accepts), each accepting and accepted by every ticket already gathered, while seats
   * are left. The bounds keep a tick's work in proportion to the tickets waiting, however many of
   * them wait without a table.
   */
  private gather(
    anchor: Waiting,
    byRating: readonly Waiting[],
    taken: ReadonlySet<Waiting>,
    now: number,
  ): { entries: Waiting[]; quality: number } | undefined {
    const half = halfWidthAt(anchor.ticket.since, this.widening, now);
    const keep = CANDIDATES_PER_SEAT * this.seats.max;
    const candidates: Waiting[] = [];
    let below = firstAtLeast(byRating, anchor.rating) - 1;
    let above = below + 1;
    for (let looked = 0; looked < NEIGHBOURS && candidates.length < keep; looked++) {
      const down = below >= 0 ? anchor.rating - byRating[below]!.rating : Number.POSITIVE_INFINITY;
      const up = above < byRating.length ? byRating[above]!.rating - anchor.rating : Number.POSITIVE_INFINITY;
      if (Math.min(down, up) > half) break;
      const other = down <= up ? byRating[below--]! : byRating[above++]!;
      if (other !== anchor && !taken.has(other) && this.accepts(anchor, other, now)) candidates.push(other);
    }
    candidates.sort(ageOrder);
    const entries = [anchor];
    let players = anchor.size;
    let lowest = anchor.rating;
    let highest = anchor.rating;
    let mixed = false;
    for (const other of candidates) {
      if (players === this.seats.max) break;
      if (players + other.size > this.seats.max) continue;
      if (!entries.every((entry) => this.accepts(entry, other, now))) continue;
      const spread = Math.max(highest, other.rating) - Math.min(lowest, other.rating);
      const crossing: boolean = mixed || other.ticket.region !== anchor.ticket.region;
      if (this.quality(spread, crossing) < this.rules.minQuality) continue;
      entries.push(other);
      players += other.size;
      lowest = Math.min(lowest, other.rating);
      highest = Math.max(highest, other.rating);
      mixed = crossing;
    }
    const full = players === this.seats.max;
    const waitedOut = now - anchor.ticket.since >= this.seats.fillWaitMs;
    if (!full && !(waitedOut && players >= this.seats.min)) return undefined;
    return { entries, quality: this.quality(highest - lowest, mixed) };
  }

  /** Whether `a` and `b` accept each other at `now`: ratings in each other's band, regions. */
  private accepts(a: Waiting, b: Waiting, now: number): boolean {
    const relaxAfter = this.widening.relaxRegionAfterMs;
    const sa = a.ticket.since;
    const sb = b.ticket.since;
    return (
      inBand(b.rating, a.rating, halfWidthAt(sa, this.widening, now)) &&
      inBand(a.rating, b.rating, halfWidthAt(sb, this.widening, now)) &&
      (a.ticket.region === b.ticket.region || now - sa >= relaxAfter || now - sb >= relaxAfter)
    );
  }

  /**
   * A table's quality: the rating part of `matchQuality` with no team imbalance (every player is
   * a side of their own), times `CROSS_REGION_QUALITY` when its regions differ.
   */
  private quality(spread: number, mixed: boolean): number {
    const quality = ratingQuality(spread, 0, this.widening.maxBand);
    return mixed ? quality * CROSS_REGION_QUALITY : quality;
  }

  private drop(entry: Waiting): void {
    this.waiting.delete(entry.ticket.id);
    for (const { userId } of entry.ticket.members) this.byUser.delete(userId);
    this.players -= entry.size;
  }
}

/** Neighbours by rating looked at around an anchor, at most. */
const NEIGHBOURS = 512;
/** Candidates kept around an anchor, per seat of a table: the table is gathered from them. */
const CANDIDATES_PER_SEAT = 8;

interface Waiting {
  ticket: Ticket;
  rating: number;
  size: number;
  /** Order of arrival: breaks ties of `since`. */
  seq: number;
}

function ageOrder(a: Waiting, b: Waiting): number {
  return a.ticket.since - b.ticket.since || a.seq - b.seq;
}

/** The first index of `sorted` (by rating) whose rating is at least `rating`. */
function firstAtLeast(sorted: readonly Waiting[], rating: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.rating < rating) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function refuse(code: AddRefusal, message: string): AddResult {
  return { ok: false, code, message };
}
