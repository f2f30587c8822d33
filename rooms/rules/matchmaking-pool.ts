import type {
  AddRefusal,
  AddResult,
  FormedMatch,
  PairingRules,
  Ticket,
  TicketStatus,
  Widening,
} from './matchmaking.ts';
import { EntryBuffer } from './matchmaking-buffer.ts';
import { TicketDirectory } from './matchmaking-directory.ts';
import { DueHeap } from './matchmaking-due.ts';
import { WaitHistory } from './matchmaking-history.ts';
import { chunkOf, type Entry, offsetOf, RatingIndex } from './matchmaking-index.ts';
import { bandAt, halfWidthAt, ticketRating } from './matchmaking-quality.ts';
import { MatchSearch } from './matchmaking-search.ts';

/**
 * The waiting tickets of one queue profile, and the matches they form.
 *
 * Each `tick(now)` considers tickets from the longest-waiting one outwards. A ticket forms the
 * best match (highest `matchQuality`; ties go to the longer-waiting partner) among tickets that
 * accept it and that it accepts at `now` — each one's rating within the other's band, and the
 * region rule of `regionsAccepted` — whose quality is at least `minQuality`. Matched tickets leave
 * the pool. Nobody is in two matches, and a party is never split.
 *
 * The result is the same as re-examining every ticket every tick, but a tick does not look at
 * the whole pool: tickets stay in rating order across ticks (`RatingIndex`: adding or removing one
 * shifts one chunk), and a ticket that failed is skipped until the earliest time at which growing
 * bands or the region rule could let it match (`DueHeap`), or until a ticket that it accepts and
 * that accepts it is due. A tick costs in proportion to the tickets that arrive or are due.
 *
 * @example
 * const pool = new TicketPool(rules);
 * pool.add({ id: 't1', members: [{ userId: 'u1', rating: 1500 }], region: 'eu', since: now });
 * for (const match of pool.tick(now)) start(match.teams);
 */
export class TicketPool {
  private readonly widening: Widening;
  private readonly regions: ReadonlySet<string>;
  private readonly search: MatchSearch;
  private readonly directory = new TicketDirectory();
  private readonly byRating = new RatingIndex();
  /** Tickets that once failed to match, in rating order: those a due ticket may have to wake. */
  private readonly stale = new RatingIndex();
  /** Tickets that failed, by the time they may succeed (when finite). */
  private readonly later = new DueHeap();
  /** Tickets added since the last tick: due at once. */
  private readonly arrivals = new EntryBuffer();
  /** The tickets due in the current tick; kept from tick to tick so that a tick does not allocate it. */
  private readonly due = new EntryBuffer();
  /** The matches formed in the current tick, kept for the same reason. */
  private readonly formed: (FormedMatch | undefined)[] = [];
  private readonly history = new WaitHistory();
  private players = 0;
  private seq = 0;

  /** @throws RangeError when the rules are not a usable profile (a bug of the caller). */
  constructor(private readonly rules: PairingRules) {
    checkRules(rules);
    this.widening = rules.widening;
    this.regions = new Set(rules.regions);
    this.search = new MatchSearch(rules);
  }

  /**
   * Puts a ticket in the queue. Refused (a value, the pool unchanged): `ALREADY_QUEUED` when the
   * ticket id or one of its players is already waiting (or a player is twice in the party),
   * `PARTY_TOO_LARGE` when it has more members than `teamSize`, `UNKNOWN_REGION` when its region is
   * not one of the profile's. A requeued ticket keeps its `since`, hence the band it had earned.
   *
   * @throws RangeError for a ticket without members or with a rating or `since` that is not finite.
   */
  add(ticket: Ticket): AddResult {
    const size = ticket.members.length;
    if (size === 0) throw new RangeError('A ticket has at least one member.');
    if (!Number.isFinite(ticket.since)) throw new RangeError('A ticket needs a finite `since`.');
    if (this.directory.ticket(ticket.id)) {
      return refuse('ALREADY_QUEUED', `Ticket ${ticket.id} is already waiting.`);
    }
    if (size > this.rules.teamSize) {
      return refuse('PARTY_TOO_LARGE', `A party of ${size} does not fit a team of ${this.rules.teamSize}.`);
    }
    if (!this.regions.has(ticket.region)) {
      return refuse('UNKNOWN_REGION', `Region "${ticket.region}" is not one of this queue's regions.`);
    }
    const members = ticket.members;
    for (let i = 0; i < size; i++) {
      const { userId, rating } = members[i]!;
      if (!Number.isFinite(rating)) throw new RangeError(`Player ${userId} has no finite rating.`);
      // Parties are small (at most teamSize): a pairwise look for a player twice is cheapest.
      let twice = false;
      for (let j = 0; j < i; j++) twice ||= members[j]!.userId === userId;
      if (twice || this.directory.user(userId))
        return refuse('ALREADY_QUEUED', `Player ${userId} is already waiting.`);
    }
    const entry: Entry = {
      ticket,
      rating: ticketRating(ticket),
      size,
      since: ticket.since,
      region: ticket.region,
      seq: this.seq++,
      dead: false,
      nextCheck: Number.NEGATIVE_INFINITY,
      stale: false,
    };
    this.directory.add(entry);
    this.players += size;
    this.byRating.insert(entry);
    this.arrivals.push(entry);
    return { ok: true };
  }

  /** Takes a waiting ticket out of the queue (its players left); undefined when it is not waiting. */
  remove(ticketId: string): Ticket | undefined {
    const entry = this.directory.ticket(ticketId);
    if (!entry) return undefined;
    this.drop(entry);
    this.directory.forget(entry);
    return entry.ticket;
  }

  /** The waiting ticket that holds this player, if any. */
  ticketOf(userId: string): Ticket | undefined {
    return this.directory.user(userId)?.ticket;
  }

  /** Tickets waiting. */
  get size(): number {
    return this.directory.size;
  }

  /** Players waiting. */
  get playerCount(): number {
    return this.players;
  }

  /** The waiting tickets, in the order they were added. */
  *tickets(): IterableIterator<Ticket> {
    for (const entry of this.directory.entries()) yield entry.ticket;
  }

  /** Forms every match it can at `now`, removes their tickets from the pool, returns them. */
  tick(now: number): FormedMatch[] {
    const due = this.due;
    const arrivals = this.arrivals;
    for (let i = 0; i < arrivals.length; i++) {
      const entry = arrivals.at(i);
      if (!entry.dead) due.push(entry);
    }
    arrivals.clear();
    this.later.takeDue(now, due);
    this.wakeAcceptedBy(due, now);
    due.sortByAge();
    const formed = this.formed;
    let count = 0;
    const search = this.search;
    const found = search.found;
    for (let d = 0; d < due.length; d++) {
      const entry = due.at(d);
      if (entry.dead) continue;
      const match = search.find(entry, this.byRating, now);
      if (match) {
        for (let m = 0; m < found.length; m++) {
          const member = found.at(m);
          this.history.record(Math.max(0, now - member.since));
          this.drop(member);
          this.directory.depart(member);
        }
        formed[count++] = match;
        continue;
      }
      entry.nextCheck = search.earliest(entry, this.byRating, now);
      if (entry.nextCheck !== Number.POSITIVE_INFINITY) this.later.push(entry);
      if (!entry.stale) {
        entry.stale = true;
        this.stale.insert(entry);
      }
    }
    due.clear();
    found.clear();
    // One array of the exact size for the caller, rather than one grown (and copied) match by match.
    const result = formed.slice(0, count);
    formed.fill(undefined, 0, count);
    return result as FormedMatch[];
  }

  /** What a waiting player can be told at `now`; undefined when the ticket is not waiting. */
  status(ticketId: string, now: number): TicketStatus | undefined {
    const entry = this.directory.ticket(ticketId);
    if (!entry) return undefined;
    const waitedMs = Math.max(0, now - entry.since);
    return {
      band: bandAt(entry.ticket, this.widening, now),
      poolSize: this.players,
      estimatedWaitMs: this.history.expectedTotal(waitedMs),
      waitedMs,
    };
  }

  /** Median wait (ms) of the last `WAIT_HISTORY` matched tickets, null when none yet. */
  medianWaitMs(): number | null {
    return this.history.median();
  }

  /** Takes a ticket out of the indexes; the caller takes it out of the directory. */
  private drop(entry: Entry): void {
    entry.dead = true;
    this.players -= entry.size;
    this.byRating.discard(entry);
    if (entry.stale) this.stale.discard(entry);
  }

  /**
   * Makes due (and adds to `due`) every skipped ticket that a due ticket accepts and is accepted
   * by, so that it is considered in its turn (by age) rather than only as someone else's partner.
   *
   * Why this is enough: of any match that can be formed now, one member is new or computed its
   * `nextCheck` after all the others had arrived — and that bound counted them, so it is due. Every
   * other member accepts that one, and is woken here. A ticket still skipped after this is in no
   * match that can be formed now, nor later in this tick, as the tick only takes tickets away.
   */
  private wakeAcceptedBy(due: EntryBuffer, now: number): void {
    const chunks = this.stale.chunks;
    const count = due.length;
    for (let d = 0; d < count; d++) {
      const entry = due.at(d);
      const half = halfWidthAt(entry.since, this.widening, now);
      const hi = entry.rating + half;
      const first = this.stale.firstAtLeast(entry.rating - half);
      if (first < 0) continue;
      scan: for (let c = chunkOf(first), offset = offsetOf(first); c < chunks.length; c++, offset = 0) {
        const { entries, ratings } = chunks[c]!;
        for (; offset < entries.length; offset++) {
          if (ratings[offset]! > hi) break scan;
          const other = entries[offset]!;
          if (other.dead || other.nextCheck <= now || !this.search.couldMeet(entry, other, now)) continue;
          other.nextCheck = Number.NEGATIVE_INFINITY;
          due.push(other);
        }
      }
    }
  }
}

function refuse(code: AddRefusal, message: string): AddResult {
  return { ok: false, code, message };
}

function checkRules(rules: PairingRules): void {
  const { teams, teamSize, regions, widening, minQuality } = rules;
  const { initialBand, growthPerSecond, maxBand, relaxRegionAfterMs } = widening;
  if (!Number.isInteger(teams) || teams < 2) throw new RangeError('A match has at least two teams.');
  if (!Number.isInteger(teamSize) || teamSize < 1) throw new RangeError('A team has at least one player.');
  if (regions.length === 0) throw new RangeError('A queue has at least one region.');
  if (!(initialBand >= 0 && Number.isFinite(maxBand) && maxBand >= initialBand)) {
    throw new RangeError('Bands need 0 ≤ initialBand ≤ maxBand, finite.');
  }
  if (!(growthPerSecond >= 0 && Number.isFinite(growthPerSecond))) {
    throw new RangeError('growthPerSecond must be finite and not negative.');
  }
  if (!(relaxRegionAfterMs >= 0)) throw new RangeError('relaxRegionAfterMs must not be negative.');
  if (!(minQuality >= 0 && minQuality <= 1)) throw new RangeError('minQuality lies in 0..1.');
}
