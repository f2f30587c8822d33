import type { DequeueReason, QueueMatch, QueueSeat, QueueStatus } from '../../schema/queues.ts';
import type { SeatedMember, SeatingOutcome } from '../shared/matches.ts';
import type { PartyNotice } from '../shared/parties.ts';
import type { AddResult, FormedMatch, PairingRules, Ticket, WaitingPool } from './matchmaking.ts';
import { TicketPool } from './matchmaking-pool.ts';
import { TablePool } from './matchmaking-tables.ts';

/**
 * The life of a queue's tickets, pure: a ticket waits in the pool, is offered a seat in a match,
 * and ends when the match room reports (matched, or out of the queue) or waits again. What must
 * be awaited (claims across the cluster, ratings, creating the match, telling the players) is the
 * queue room's; this decides, without a clock (`now` is a parameter) or any I/O.
 */

/**
 * How long a ticket's entry time is remembered after its queue's room is gone: a player who
 * queues again (the queue came back on another node) keeps the time already waited.
 */
export const SINCE_MEMORY_MS = 10 * 60_000;

/**
 * A tick this much later than its period means the node was stalled: long enough, perhaps, for
 * the cluster to take it for dead (a ping unanswered for the presence timeout).
 */
export const STALL_MS = 1_500;

/** How long past the seating deadline a match may stay unreported before its tickets return. */
export const OUTCOME_GRACE_MS = 10_000;

/** When a ticket entered the queue: the time remembered from the queue's last life, if recent. */
export function entryTime(remembered: number, now: number): number {
  return remembered > 0 && now - remembered < SINCE_MEMORY_MS ? remembered : now;
}

/** Whether a tick at `now` comes so late after the last one that the node must have stalled. */
export function lateTick(tickedAt: number, now: number, tickMs: number): boolean {
  return now - tickedAt > tickMs + STALL_MS;
}

/** A ticket's players and where to tell them things. */
export interface Holder {
  members: SeatedMember[];
  /** A solo player's connection, or the party whose channel hears about the ticket. */
  sessionId?: string;
  partyId?: string;
  /** The solo player's connection is gone for good: the ticket is not requeued. */
  gone: boolean;
}

/** How a ticket leaves the queue: into its match, or out. */
export type TicketEnd = { type: 'matched'; roomId: string } | { type: 'dequeued'; reason: DequeueReason };

/** What the players of a formed match are told: each solo player their seat, each party its seats. */
export interface Offer {
  solo: Array<{ sessionId: string; seat: QueueMatch }>;
  parties: Array<{ partyId: string; notice: PartyNotice }>;
}

/**
 * Where a party sat in a match the queue created: its team's seat, or at a table the seat of its
 * first member (the party's own seat in the result it is told).
 */
export interface SeatedParty {
  partyId: string;
  /** Its first member's seat (a team of one seat: everyone's). */
  seat: number;
  /** Each member's seat: at a table of one seat each, a party's members sit apart. */
  members?: Array<{ userId: string; seat: number }>;
}

/** A match offered to its players, waiting for the match room to say how the seating went. */
interface Pending {
  match: FormedMatch;
  /** What each party in the match was told, told again every tick until the match reports. */
  parties: Offer['parties'];
}

/**
 * The tickets of one queue: those waiting (in the pool), those offered a seat, who holds each,
 * and which players hold one here. A player holds at most one ticket here.
 *
 * @example
 * const tickets = new QueueTickets(rules);
 * tickets.add(ticket, { members, sessionId, gone: false });
 * for (const match of tickets.pool.tick(now)) tell(tickets.offer(roomId, match, terms));
 * for (const { ticketId, end } of tickets.settle(outcome)) end ? close(ticketId, end) : requeued(ticketId);
 */
export class QueueTickets {
  readonly pool: WaitingPool;
  private readonly holders = new Map<string, Holder>();
  /** The players of every ticket held here, waiting or being seated. */
  private readonly held = new Set<string>();
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly rules: PairingRules) {
    this.pool = rules.seats ? new TablePool(rules) : new TicketPool(rules);
  }

  /** Whether this queue holds a ticket (waiting or being seated) of `userId`. */
  holds(userId: string): boolean {
    return this.held.has(userId);
  }

  holder(ticketId: string): Holder | undefined {
    return this.holders.get(ticketId);
  }

  /** Puts a ticket in the pool, held by `holder`; refused as the pool refuses it. */
  add(ticket: Ticket, holder: Holder): AddResult {
    const added = this.pool.add(ticket);
    if (!added.ok) return added;
    this.holders.set(ticket.id, holder);
    for (const m of holder.members) this.held.add(m.userId);
    return added;
  }

  /** The ticket is done with (matched, expired or taken out): its players may queue again. */
  forget(ticketId: string): Holder | undefined {
    const holder = this.holders.get(ticketId);
    if (!holder) return undefined;
    this.holders.delete(ticketId);
    for (const m of holder.members) this.held.delete(m.userId);
    return holder;
  }

  /**
   * Its player (or party) takes the ticket out: a waiting ticket is `removed` (then forget it);
   * one in a match being seated is `marked` and ends when the match reports, since the player
   * may be taking the seat right now.
   */
  withdraw(ticketId: string): 'removed' | 'marked' | undefined {
    const holder = this.holders.get(ticketId);
    if (!holder) return undefined;
    if (this.pool.remove(ticketId)) return 'removed';
    holder.gone = true;
    return 'marked';
  }

  /** A formed match whose room could not be created: its tickets wait again. */
  unform(match: FormedMatch): void {
    for (const team of match.teams) for (const ticket of team) this.pool.add(ticket);
  }

  /**
   * The seats of a formed match as the match room holds them, in seat order: a team's members
   * share its seat (its first member the captain); at a table every player has a seat of their
   * own, a party's on seats next to each other.
   */
  seating(match: FormedMatch): SeatedMember[][] {
    const membersOf = (ticket: Ticket) => this.holders.get(ticket.id)?.members ?? [];
    if (this.rules.seats) return match.teams.flat().flatMap((t) => membersOf(t).map((m) => [m]));
    return match.teams.map((team) => team.flatMap(membersOf));
  }

  /**
   * The match `roomId` of `game` was created for `match`: the seats to tell. Of two teams, the
   * first plays white (chess); a party hears every member's seat, and hears it again every tick
   * (`retold`) until the match reports.
   */
  offer(
    roomId: string,
    match: FormedMatch,
    terms: { queue: string; game: string; seatDeadline: number },
  ): Offer {
    const offer: Offer = { solo: [], parties: [] };
    const base = { ...terms, roomId, quality: match.quality };
    const seats = this.seatsOf(match);
    for (const ticket of match.teams.flat()) {
      const holder = this.holders.get(ticket.id);
      if (!holder) continue;
      const own = holder.members.map((m) => [m.userId, seats.get(m.userId)!] as const);
      if (holder.sessionId)
        offer.solo.push({ sessionId: holder.sessionId, seat: { ...base, ...own[0]![1] } });
      if (holder.partyId)
        offer.parties.push({
          partyId: holder.partyId,
          notice: { type: 'match', match: base, seats: Object.fromEntries(own) },
        });
    }
    this.pending.set(roomId, { match, parties: offer.parties });
    return offer;
  }

  /** The parties of `match` with their seats (taken while their tickets are still held). */
  seatedParties(match: FormedMatch): SeatedParty[] {
    const seats = this.seatsOf(match);
    return match.teams.flat().flatMap((ticket) => {
      const holder = this.holders.get(ticket.id);
      const first = holder?.members[0];
      if (!holder?.partyId || !first) return [];
      const members = holder.members.map((m) => ({ userId: m.userId, seat: seats.get(m.userId)!.seat }));
      return [{ partyId: holder.partyId, seat: seats.get(first.userId)!.seat, members }];
    });
  }

  /** Each player's seat in `match`, as `seating` places them. */
  private seatsOf(match: FormedMatch): Map<string, QueueSeat> {
    const seats = new Map<string, QueueSeat>();
    this.seating(match).forEach((members, seat) => {
      const color = this.rules.seats ? undefined : seat === 0 ? ('white' as const) : ('black' as const);
      for (const m of members) seats.set(m.userId, { team: seat, seat, ...(color ? { color } : {}) });
    });
    return seats;
  }

  /** The party notices of the matches still being seated. */
  retold(): Offer['parties'] {
    return [...this.pending.values()].flatMap((p) => p.parties);
  }

  /**
   * The match room reported (or never did: a `cancelled` outcome with nobody seated or absent).
   * A started match ends its tickets; a cancelled one ends those of the absent and of players gone
   * for good, and puts the others back in the pool with their entry time. Undefined when the
   * match is not one offered here (or was settled already).
   */
  settle(
    outcome: SeatingOutcome,
  ): { match: FormedMatch; fates: Array<{ ticket: Ticket; end?: TicketEnd }> } | undefined {
    const pending = this.pending.get(outcome.roomId);
    if (!pending) return undefined;
    this.pending.delete(outcome.roomId);
    const tickets = pending.match.teams.flat();
    if (outcome.type === 'started') {
      const end: TicketEnd = { type: 'matched', roomId: outcome.roomId };
      return { match: pending.match, fates: tickets.map((ticket) => ({ ticket, end })) };
    }
    const absent = new Set(outcome.absent);
    const fates: Array<{ ticket: Ticket; end?: TicketEnd }> = [];
    for (const ticket of tickets) {
      const holder = this.holders.get(ticket.id);
      if (!holder) continue;
      if (ticket.members.some((m) => absent.has(m.userId))) {
        fates.push({ ticket, end: { type: 'dequeued', reason: 'seat_expired' } });
      } else if (holder.gone) {
        fates.push({ ticket, end: { type: 'dequeued', reason: 'left' } });
      } else {
        this.pool.add(ticket);
        fates.push({ ticket });
      }
    }
    return { match: pending.match, fates };
  }

  /** The queue's live figures: players and tickets waiting, and the median wait of late. */
  figures(): { players: number; tickets: number; medianWaitMs: number | null } {
    return {
      players: this.pool.playerCount,
      tickets: this.pool.size,
      medianWaitMs: this.pool.medianWaitMs(),
    };
  }

  /** What a waiting ticket's players are told of it; undefined when it is not waiting. */
  status(
    ticketId: string,
    now: number,
    queue: { id: string; relaxRegionAfterMs: number },
  ): QueueStatus | undefined {
    const status = this.pool.status(ticketId, now);
    if (!status) return undefined;
    return {
      queue: queue.id,
      band: { min: Math.round(status.band.min), max: Math.round(status.band.max) },
      poolSize: status.poolSize,
      estimatedWaitMs: status.estimatedWaitMs,
      waitedMs: status.waitedMs,
      regionOnly: status.waitedMs < queue.relaxRegionAfterMs,
    };
  }
}
