/** The `party` room's vocabulary: what members send, what it sends them. */
export const PARTY_CLIENT_MESSAGES = [
  'ready',
  'kick',
  'promote',
  'invite',
  'chat',
  'queue',
  'unqueue',
] as const;
export type PartyClientMessage = (typeof PARTY_CLIENT_MESSAGES)[number];

/**
 * `match` (a `QueueMatch` for this member: take the seat), `dequeued` ({queue, reason}),
 * `result` ({@link PartyResult}: the party's match ended, told once), `chat`
 * ({@link PartyChatLine}), `error` (a refused plain send).
 */
export const PARTY_SERVER_MESSAGES = ['match', 'dequeued', 'result', 'chat', 'error'] as const;

/** A seat's rating before and after a rated match. */
export interface PartyRatingChange {
  before: number;
  after: number;
  diff: number;
  provisional: boolean;
}

/** One seat's result: its score (game points) and placing (1 is first; ties share a placing). */
export interface PartySeatResult {
  seat: number;
  score: number;
  placing: number;
  /** Only in a rated match, for a seat that was rated. */
  rating?: PartyRatingChange;
}

/** How the party's match ended, as the queue that created it learned it (the `result` message). */
export interface PartyResult {
  /** The match's room id, which is also its game id. */
  roomId: string;
  queue: string;
  /** Why it ended, in the game's own vocabulary (`checkmate`, `resignation`, `aborted`…). */
  termination: string;
  /**
   * The party's seat in the match: its first member's. In a game of teams the whole party plays
   * that one seat; at a table (golf) each member has a seat of their own, told in `members`.
   */
  seat: number;
  /** Every seat's result, in seat order; empty when the match has none (aborted). */
  results: PartySeatResult[];
  /** Each member's own seat and its result (score and placing 0 when the match has none). */
  members: PartyMemberResult[];
}

/** A party member's own line of a result: the seat they played, and how it did. */
export interface PartyMemberResult extends PartySeatResult {
  userId: string;
}

export interface PartyChatLine {
  userId: string;
  name: string;
  text: string;
  at: number;
}

/** An invitation, delivered to an online player through the lobby (`party:invite`). */
export interface PartyInvite {
  partyId: string;
  from: { userId: string; name: string };
}

export const PARTY_CLOSE_CODES = {
  /** The leader removed this member. */
  kicked: 4403,
  /** The same player joined from another connection. */
  replaced: 4409,
  /** Another copy of the party took over (after a false alarm in the cluster): join it again. */
  moved: 4410,
  abuse: 4400,
} as const;
