import type { Color } from './chess.ts';
import type { ErrorCode } from './errors.ts';

/**
 * The vocabulary of the `lobby` room and of direct challenges (`/api/challenges`): who is online,
 * open seeks, live games, chat, and the hand-off of the players to a new match (chess, golf…).
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

/**
 * The game of a seek or a challenge besides chess (which needs only its `timeControl`): its name,
 * its own options as its room reads them (golf: `holes`, `flipMode`, house rules…), the seats of
 * its table (a game of tables: between the game's fewest and most) and how many of them computer
 * players take, at `level`. Checked by the game's own option schema.
 */
export interface GameTerms {
  /** A registered game (`golf`); `chess` when absent. */
  game?: string;
  options?: Record<string, unknown>;
  /** A seek: the seats of the table, the poster's included (default: the game's fewest). */
  seats?: number;
  /** Seats taken by computer players (a table with any is casual); at least two are left for people. */
  computers?: number;
  /** The computer players' level (golf: a personality); the game's default when absent. */
  level?: string;
}

export interface SeekCreatePayload extends GameTerms {
  /** Chess: `"3+2"`, as the chess room reads it. */
  timeControl?: string;
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

/**
 * The reply to `seek:accept`: the room of the match once the seek's seats are all taken; until
 * then (a table of more than two) the accepter holds a place in it, and `seatsLeft` are still open.
 */
export interface SeekAccepted {
  roomId?: string;
  seatsLeft?: number;
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

/**
 * Live games the lobby's state lists at most: the most recently started. `gamesCount` counts them
 * all; a game beyond the list is still found through its players (`online`, `online:page`).
 */
export const LOBBY_GAMES_SHOWN = 100;

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
  /** While playing: which game it is (`chess`, `golf`); empty otherwise. */
  game: string;
}

/** The reply to `online:page`: in name order; `next` fetches the page after, null at the end. */
export interface OnlinePage {
  players: OnlinePlayer[];
  next: string | null;
}

// ---- room → client payloads --------------------------------------------------------------

/** Sent to every player of an accepted seek or challenge: their seat is held in `roomId`. */
export interface LobbyMatch {
  roomId: string;
  /** The game, also the name of its room (`chess`, `golf`). */
  game: string;
  /** This player's seat. */
  seat: number;
  /** Chess: this player's colour. */
  color?: Color;
  /** Chess: the clock; empty for other games. */
  timeControl: string;
  rated: boolean;
  origin: LobbyMatchOrigin;
}

/** Sent to every lobby connection of the challenged user. */
export interface ChallengeOffer {
  id: string;
  from: { userId: string; name: string; rating: number };
  /** The game (`chess`, `golf`) and, for any but chess, its options and computer seats. */
  game: string;
  options?: Record<string, unknown>;
  computers?: number;
  /** Chess: the clock; empty for other games. */
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
  /** The game (`chess`, `golf`) and, for any but chess, its options and computer seats. */
  game: string;
  options?: Record<string, unknown>;
  computers?: number;
  /** Chess: the clock; empty for other games. */
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
