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
 * `chat` ({@link PartyChatLine}), `error` (a refused plain send).
 */
export const PARTY_SERVER_MESSAGES = ['match', 'dequeued', 'chat', 'error'] as const;

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
