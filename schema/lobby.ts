import type { Color } from './chess.ts';
import type { ErrorCode } from './errors.ts';

/**
 * The vocabulary of the `lobby` room and of direct challenges (`/api/challenges`): who is online,
 * open seeks, live games, chat, and the hand-off of two players to a new chess match.
 */

/** The lobby is one room for the whole cluster, joined by this id. */
export const LOBBY_ROOM_ID = 'lobby';

/** Messages a client sends to the `lobby` room; each may be sent as a request. */
export const LOBBY_CLIENT_MESSAGES = [
  'seek:create',
  'seek:cancel',
  'seek:accept',
  'challenge:accept',
  'challenge:decline',
  'chat',
  'online:page',
] as const;
export type LobbyClientMessage = (typeof LOBBY_CLIENT_MESSAGES)[number];

/** Messages the `lobby` room sends to a client. */
export const LOBBY_SERVER_MESSAGES = [
  /** `{ code, message, request? }`: a `send` was refused; nothing changed. */
  'error',
  /** {@link LobbyMatch}: a seek or challenge was accepted; join that chess room by id. */
  'match',
  /** {@link ChallengeOffer}: someone challenges this user. */
  'challenge',
  /** `{ id }`: the opponent declined this user's challenge. */
  'challenge:declined',
  /** `{ id }`: a challenge was not answered in time (to both sides). */
  'challenge:expired',
] as const;
export type LobbyServerMessage = (typeof LOBBY_SERVER_MESSAGES)[number];

/** What a user is doing, as the lobby shows it. */
export const PRESENCE_STATUSES = ['idle', 'playing'] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

/** `finished`: accepted, and its game is over (the challenge then carries the result). */
export const CHALLENGE_STATUSES = ['pending', 'accepted', 'declined', 'expired', 'finished'] as const;
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number];

/** How a lobby match came about. */
export type LobbyMatchOrigin = 'seek' | 'challenge';

// ---- client → room payloads --------------------------------------------------------------

export interface SeekCreatePayload {
  /** `"3+2"`, as the chess room reads it. */
  timeControl: string;
  rated: boolean;
  /** Only players rated at least this (in the seek's category) may accept. */
  ratingMin?: number;
  /** Only players rated at most this may accept. */
  ratingMax?: number;
}

/** The reply to `seek:create`. */
export interface SeekCreated {
  ok: true;
  seekId: string;
}

export interface SeekRefPayload {
  seekId: string;
}

export interface ChallengeRefPayload {
  challengeId: string;
}

export interface ChatPayload {
  text: string;
}

/**
 * The synced state lists at most this many of the users online (the first to come, as places
 * free up the next); everyone online can be read a page at a time with `online:page`.
 */
export const LOBBY_ONLINE_SHOWN = 100;

/** Users an `online:page` reply holds at most. */
export const LOBBY_ONLINE_PAGE = 50;

/** `online:page`: the users online, by name, after `after` (a `next` of the previous page). */
export interface OnlinePagePayload {
  /** Only names containing this (any letter case). */
  query?: string;
  /** Where the previous page ended; absent for the first page. */
  after?: string;
}

/** A user online, as a page lists them. */
export interface OnlinePlayer {
  userId: string;
  name: string;
  guest: boolean;
  status: PresenceStatus;
  /** While playing: the game to watch; empty otherwise. */
  gameId: string;
}

/** The reply to `online:page`: in name order; `next` fetches the page after, null at the end. */
export interface OnlinePage {
  players: OnlinePlayer[];
  next: string | null;
}

// ---- room → client payloads --------------------------------------------------------------

/** Sent to both players of an accepted seek or challenge: their seat is held in `roomId`. */
export interface LobbyMatch {
  roomId: string;
  color: Color;
  timeControl: string;
  rated: boolean;
  origin: LobbyMatchOrigin;
}

/** Sent to every lobby connection of the challenged user. */
export interface ChallengeOffer {
  id: string;
  from: { userId: string; name: string; rating: number };
  timeControl: string;
  rated: boolean;
  /** Server time (ms since the epoch) after which the challenge lapses. */
  expiresAt: number;
}

/** `challenge:declined` and `challenge:expired`. */
export interface ChallengeClosed {
  id: string;
}

export interface LobbyRefusal {
  code: ErrorCode;
  message: string;
  /** The refused message type, on an `error` message. */
  request?: string;
}

// ---- HTTP -------------------------------------------------------------------------------------

/** A direct challenge as `/api/challenges` shows it to its two players. */
export interface ChallengeDto {
  id: string;
  status: ChallengeStatus;
  /** The challenger's and the opponent's usernames. */
  from: string;
  to: string;
  timeControl: string;
  rated: boolean;
  /** ISO 8601: when a pending challenge lapses. */
  expiresAt: string;
  /** Once accepted: the chess room both players are seated in. */
  roomId?: string;
  /** Once finished: how the game ended. */
  result?: ChallengeResult;
}

/** How a challenge's game ended: each seat's player and result. */
export interface ChallengeResult {
  /** Why it ended (`checkmate`, `resignation`, `timeout`, `aborted`…). */
  termination: string;
  /** In seat order (white, then black); empty when the game has no result (aborted). */
  seats: ChallengeSeatResult[];
}

export interface ChallengeSeatResult {
  /** The player's username. */
  player: string;
  /** Game points: 1, ½ or 0. */
  score: number;
  /** 1 is first; both 1 in a draw. */
  placing: number;
  /** Only in a rated game: the rating before and after. */
  rating?: { before: number; after: number; diff: number; provisional: boolean };
}

/** WebSocket close codes of the `lobby` room. */
export const LOBBY_CLOSE_CODES = {
  /** Too many refused or malformed messages. */
  abuse: 4400,
  /** Another copy of the lobby took over (after a false alarm in the cluster): join it again. */
  moved: 4410,
} as const;
