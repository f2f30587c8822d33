/**
 * Queues: what a matchmaking queue is (a profile, set in configuration), what its room says to
 * the players waiting in it, and what the party room relays.
 */

/** How a queue's accepted rating range grows with waiting time. */
export interface QueueWidening {
  /** Half-width of the accepted rating range when the ticket enters. */
  initialBand: number;
  /** Half-width added per second of waiting. */
  growthPerSecond: number;
  /** Half-width it never grows past. */
  maxBand: number;
  /** After this wait a ticket accepts players of any region (before: its own region only). */
  relaxRegionAfterSeconds: number;
}

/** One queue, as configured: the server runs exactly one matchmaker room per profile. */
export interface QueueProfile {
  /** Also the queue room's id, prefixed: `queue-<id>`. */
  id: string;
  label: string;
  /** A registered game's name (`chess`, `golf`). */
  game: string;
  /** Chess: the clock of every match (`"3+2"`). */
  timeControl?: string;
  /** The game's own options for every match of the queue (golf: `{ "holes": 9 }`), as its room reads them. */
  options?: Record<string, unknown>;
  rated: boolean;
  /**
   * Teams per match and players per team (chess: 2 teams of 1). A queue of tables (`minSeats`)
   * has one player a side: `teams` is then its `maxSeats`, and `teamSize` 1.
   */
  teams: number;
  teamSize: number;
  /**
   * Tables of a varying number of players, each a side of their own (golf): a table starts as
   * soon as `maxSeats` players are found, or with at least `minSeats` once its longest-waiting
   * player has waited `fillWaitSeconds`. Absent for a queue of teams.
   */
  minSeats?: number;
  maxSeats?: number;
  fillWaitSeconds?: number;
  /** Regions players may ask for; the first is the default. */
  regions: string[];
  widening: QueueWidening;
  /** 0..1: candidate matches of lower quality are not formed. */
  minQuality: number;
  /** How often the matchmaker forms matches. */
  tickMs: number;
  /** How long a matched player has to take the seat before the match is cancelled. */
  seatTimeoutSeconds: number;
}

/** The room id of a queue profile's matchmaker. */
export function queueRoomId(profileId: string): string {
  return `queue-${profileId}`;
}

/** Where a waiting ticket stands: pushed every tick as the `status` message. */
export interface QueueStatus {
  queue: string;
  /** The rating range the ticket accepts now. */
  band: { min: number; max: number };
  /** Players waiting in this queue. */
  poolSize: number;
  /** Expected total wait from the moment the ticket entered, from recent matches; null: unknown. */
  estimatedWaitMs: number | null;
  waitedMs: number;
  /** Whether the ticket still waits for its own region only. */
  regionOnly: boolean;
}

/** A match found: take the seat in `roomId` (a room of `game`) before `seatDeadline` (server time). */
export interface QueueMatch {
  queue: string;
  /** The game of the match, also the name of its room (`chess`, `golf`). */
  game: string;
  roomId: string;
  /** A match of two teams (chess): the colour of this player's team. */
  color?: 'white' | 'black';
  /** This player's team: the seat it plays (at a table, every player is a team of one). */
  team: number;
  /** This player's seat in the match. */
  seat: number;
  quality: number;
  seatDeadline: number;
}

/** Where one player of a match sits: the part of a {@link QueueMatch} that differs by player. */
export type QueueSeat = Pick<QueueMatch, 'team' | 'seat' | 'color'>;

/** Messages the queue sends to a waiting player (and the party room relays to its members). */
export const QUEUE_SERVER_MESSAGES = [
  'status',
  'match',
  /** The match started: the ticket is done; the queue closes this connection. */
  'matched',
  /** Someone did not take their seat: this ticket is back in the queue, with its waiting time. */
  'requeued',
  /** This ticket left the queue (seat not taken in time, or taken out). */
  'dequeued',
  'error',
] as const;

export type QueueServerMessage = (typeof QUEUE_SERVER_MESSAGES)[number];

/** Why a ticket left the queue without a match (`dequeued`). */
export type DequeueReason = 'seat_expired' | 'left' | 'party_changed' | 'cancelled';

/** A profile with its live figures: `GET /api/queues`. */
export interface QueueInfo extends QueueProfile {
  /** Players waiting now (null when the queue's room did not answer). */
  players: number | null;
  tickets: number | null;
  medianWaitMs: number | null;
}

/** Close codes of the `queue` room (4000–4003 are the framework's own). */
export const QUEUE_CLOSE_CODES = {
  /** The ticket was matched and the match started: the normal end of a queue connection. */
  matched: 4200,
  /** The ticket left the queue (seat not taken, or taken out by its party). */
  dequeued: 4201,
  /** Another copy of the queue took over (after a false alarm in the cluster): join it again. */
  moved: 4410,
  abuse: 4400,
} as const;
