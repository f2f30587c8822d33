/**
 * Matchmaking: the pure pool of waiting tickets that a queue room ticks once a second.
 *
 * A ticket is a solo player or a whole party; a party is never split. Each ticket accepts a rating
 * range (its band) that widens with the time it has waited, and at first only its own region.
 * Every tick, tickets are considered from the longest-waiting one outwards; each forms the best
 * match it can with tickets that accept it and that it accepts. Time is a parameter (`now`, in
 * ms), never read from a clock, so a run is reproducible.
 *
 * A profile of tables (`PairingRules.seats`) forms tables of a varying number of players instead,
 * each a side of their own (`matchmaking-tables.ts`).
 *
 * Module map: bands, compatibility and quality in `matchmaking-quality.ts`; the balanced team split
 * in `matchmaking-teams.ts`; the pool in `matchmaking-pool.ts`, with its searches in
 * `matchmaking-search.ts`, its rating index in `matchmaking-index.ts`, the times its tickets are
 * next due in `matchmaking-due.ts`, its wait history in `matchmaking-history.ts`, its tickets by id
 * and by player in `matchmaking-directory.ts` and the reusable lists a tick works in (sorted by
 * age there) in `matchmaking-buffer.ts`.
 */

/** One player of a ticket, with the rating the queue matches on. */
export interface TicketMember {
  userId: string;
  rating: number;
}

/** A solo player or a whole party: a party is never split. */
export interface Ticket {
  id: string;
  members: readonly TicketMember[];
  /** Preferred region, one of `PairingRules.regions`. */
  region: string;
  /** Ms when the ticket first entered the queue; kept when it is requeued, so it keeps its band. */
  since: number;
}

/** How a ticket's acceptance widens with the time it has waited. */
export interface Widening {
  /** Half-width of the accepted rating range at t=0, e.g. 50. */
  initialBand: number;
  /** Half-width growth per second waited, e.g. 10. */
  growthPerSecond: number;
  /** Half-width cap, e.g. 400. */
  maxBand: number;
  /** After this wait, any region is accepted (before: same region only). */
  relaxRegionAfterMs: number;
}

/** The seats of a table whose every player is a side of their own (golf). */
export interface TableSeats {
  /** Fewest players a table starts with, at least 2. */
  min: number;
  /** Most players at a table: a table this full starts at once; a larger party is refused. */
  max: number;
  /** How long the longest-waiting ticket of a table waits for it to fill before it starts with `min`. */
  fillWaitMs: number;
}

/** What one queue profile asks of a match. */
export interface PairingRules {
  /** Teams in a match, at least 2 (not read when `seats` is set). */
  teams: number;
  /** Players per team; a party larger than this is refused. 1 for chess. */
  teamSize: number;
  /** Set for tables of a varying number of players (`TablePool`); `teams` then do not apply. */
  seats?: TableSeats;
  regions: readonly string[];
  widening: Widening;
  /** 0..1; a candidate match below it is not formed. See `matchQuality`. */
  minQuality: number;
}

/** An inclusive rating range. */
export interface Band {
  min: number;
  max: number;
}

export interface FormedMatch {
  /**
   * `teams[i]` = tickets on team i; each team's members sum to exactly `teamSize`. A table
   * (`PairingRules.seats`) is one list of its tickets in seating order, every player a side.
   */
  teams: Ticket[][];
  /** 0..1, by `matchQuality`. */
  quality: number;
}

/** What a waiting player can be told about their ticket. */
export interface TicketStatus {
  band: Band;
  /** Players waiting in this pool. */
  poolSize: number;
  /** Total expected wait from `since`; null when no match has been formed yet. */
  estimatedWaitMs: number | null;
  waitedMs: number;
}

export const ADD_REFUSALS = ['ALREADY_QUEUED', 'PARTY_TOO_LARGE', 'UNKNOWN_REGION'] as const;
export type AddRefusal = (typeof ADD_REFUSALS)[number];

export type AddResult = { ok: true } | { ok: false; code: AddRefusal; message: string };

/** What a queue's tickets wait in: `TicketPool` for teams, `TablePool` for tables. */
export interface WaitingPool {
  add(ticket: Ticket): AddResult;
  remove(ticketId: string): Ticket | undefined;
  ticketOf(userId: string): Ticket | undefined;
  readonly size: number;
  readonly playerCount: number;
  tickets(): IterableIterator<Ticket>;
  tick(now: number): FormedMatch[];
  status(ticketId: string, now: number): TicketStatus | undefined;
  medianWaitMs(): number | null;
}

export { WAIT_HISTORY } from './matchmaking-history.ts';
export { TicketPool } from './matchmaking-pool.ts';
export {
  bandAt,
  CROSS_REGION_QUALITY,
  halfWidthAt,
  matchQuality,
  mutuallyAccepted,
  regionsAccepted,
  ticketRating,
} from './matchmaking-quality.ts';
export { TablePool } from './matchmaking-tables.ts';
export { balanceTeams, teamImbalance } from './matchmaking-teams.ts';
