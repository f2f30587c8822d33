import { MATCH_CLOSE_CODES } from './match.ts';

/**
 * The chess vocabulary shared by the rules, the room, the record, the HTTP API and the client SDK:
 * colours, statuses, results, terminations, rating categories, the messages of the `chess` room,
 * and the format of a game's event log.
 */

export const COLORS = ['white', 'black'] as const;
export type Color = (typeof COLORS)[number];

export function opposite(color: Color): Color {
  return color === 'white' ? 'black' : 'white';
}

/** `waiting`: seats not all taken; `playing`: started (first-move timers run); `ended`: final. */
export const GAME_STATUSES = ['waiting', 'playing', 'ended'] as const;
export type GameStatus = (typeof GAME_STATUSES)[number];

/** PGN results; `*` is an ended game without a winner or a draw (aborted, abandoned by both). */
export const RESULTS = ['1-0', '0-1', '1/2-1/2', '*'] as const;
export type GameResult = (typeof RESULTS)[number];

export const TERMINATIONS = [
  'checkmate',
  'stalemate',
  'insufficient_material',
  'threefold_repetition',
  'fifty_moves',
  'fivefold_repetition',
  'seventy_five_moves',
  'resignation',
  'agreement',
  /** The side to move ran out of time and the opponent can mate: a loss. */
  'timeout',
  /** The side to move ran out of time but the opponent has no mating material: a draw. */
  'timeout_vs_insufficient_material',
  /** Ended before both sides moved (by a player, or a first move not made in time): unrated. */
  'aborted',
  /** A player left and did not come back within the grace period; the opponent claimed the win. */
  'abandoned',
  /** Both players left and neither came back within the grace period: no result, unrated. */
  'abandoned_by_both',
  /** Staff ended the game with a result they decided (`1-0`, `1/2-1/2` or `0-1`). */
  'adjudicated',
  /** Staff ended the game without a result: unrated. */
  'aborted_by_staff',
] as const;
export type Termination = (typeof TERMINATIONS)[number];

/** Rating pools, by estimated game duration (initial seconds + 40 × increment), as Lichess does. */
export const CATEGORIES = ['bullet', 'blitz', 'rapid', 'classical'] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * How the server bot picks moves: `random` any legal move; `greedy` the best one-ply material
 * gain (both for tests and load); `stockfish-1` (a beginner) to `stockfish-8` (strong): the
 * Stockfish engine held back by skill, depth and time, as Lichess's levels 1 to 8 are.
 */
export const BOT_LEVELS = [
  'random',
  'greedy',
  'stockfish-1',
  'stockfish-2',
  'stockfish-3',
  'stockfish-4',
  'stockfish-5',
  'stockfish-6',
  'stockfish-7',
  'stockfish-8',
] as const;
export type BotLevel = (typeof BOT_LEVELS)[number];

/** How a person reads each level (lists of levels in the web app and the docs). */
export const BOT_LEVEL_NAMES: Readonly<Record<BotLevel, string>> = {
  random: 'Random mover',
  greedy: 'Greedy (takes what it can)',
  'stockfish-1': 'Stockfish level 1 (beginner)',
  'stockfish-2': 'Stockfish level 2',
  'stockfish-3': 'Stockfish level 3',
  'stockfish-4': 'Stockfish level 4 (club player)',
  'stockfish-5': 'Stockfish level 5',
  'stockfish-6': 'Stockfish level 6',
  'stockfish-7': 'Stockfish level 7',
  'stockfish-8': 'Stockfish level 8 (strong)',
};

/**
 * One entry of a game's append-only event log (`game_events`). The log is the game: replaying it
 * from the game's time control reproduces every position and clock exactly. `at` is the server
 * time in milliseconds since the epoch.
 */
export type ChessEvent =
  /** Both seats are taken: the first-move timer of white starts. */
  | { type: 'start'; at: number }
  | { type: 'move'; at: number; by: Color; uci: string }
  /** In an arena that allows it, before `by`'s first move: half their time and their increment go. */
  | { type: 'berserk'; at: number; by: Color }
  | { type: 'draw:offer'; at: number; by: Color }
  | { type: 'draw:decline'; at: number; by: Color }
  | { type: 'draw:accept'; at: number; by: Color }
  /** Threefold repetition or the fifty-move rule, claimed by the side to move. */
  | { type: 'draw:claim'; at: number; by: Color }
  | { type: 'resign'; at: number; by: Color }
  /** By a player (`by`), or by the server when a first move was not made in time (`by: null`). */
  | { type: 'abort'; at: number; by: Color | null }
  /** The side to move has no time left. */
  | { type: 'flag'; at: number }
  /** `by` wins because the opponent left and did not come back within the grace period. */
  | { type: 'victory:claim'; at: number; by: Color }
  /** Both players left and neither came back within the grace period. */
  | { type: 'abandon'; at: number }
  /**
   * The game was unreachable (its process died, or it moved to another process) from `since`
   * until `at`; that time is charged to neither clock.
   */
  | { type: 'resume'; at: number; since: number }
  /** Staff ended the game: with white's and black's scores (`[1, 0]`, `[0.5, 0.5]`, `[0, 1]`), or none. */
  | { type: 'staff:end'; at: number; scores: number[] | null };

export type ChessEventType = ChessEvent['type'];

/** Both clocks, in milliseconds left. */
export interface ClockPair {
  white: number;
  black: number;
}

/** Messages a client sends to the `chess` room. */
export const CHESS_CLIENT_MESSAGES = [
  'move',
  'resign',
  'draw:offer',
  'draw:accept',
  'draw:decline',
  'draw:claim',
  'abort',
  /** In an arena game that allows it, before your first move: `ChessGameClient.berserk()`. */
  'berserk',
  'victory:claim',
  'rematch:offer',
  'rematch:accept',
] as const;
export type ChessClientMessage = (typeof CHESS_CLIENT_MESSAGES)[number];

/** Messages the `chess` room sends to a client. */
export const CHESS_SERVER_MESSAGES = [
  /** `{ code, message, request? }`: the request was refused; nothing changed. */
  'error',
  /** `{ roomId, color }`: both players agreed to a rematch; join that room by id. */
  'rematch',
  /** `{ serverTime }` on joining: the server's clock, to count the running clock down locally. */
  'time',
] as const;
export type ChessServerMessage = (typeof CHESS_SERVER_MESSAGES)[number];

/** Options of `joinOrCreate`/`create`/`joinById` on the `chess` room. */
export interface ChessJoinOptions {
  /** `"3+2"`: minutes + increment seconds. Default `"5+3"`. */
  timeControl?: string;
  /** Rated games change ratings; default true for two accounts (guests always play casual). */
  rated?: boolean;
  /** Create a private room: not matched by joinOrCreate; the opponent joins by room id. */
  private?: boolean;
  /** Join as a spectator (no token needed). */
  spectate?: boolean;
  /** Play the server bot. */
  vsBot?: boolean;
  level?: BotLevel;
  /** The colour wanted (random when absent). */
  color?: Color;
}

/** WebSocket close codes of the `chess` room: those of every match room. */
export const CHESS_CLOSE_CODES = MATCH_CLOSE_CODES;
