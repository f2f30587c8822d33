import type { BotLevel, Category, Color, GameResult, Termination } from './chess.ts';

/**
 * Games and public profiles as the HTTP API shows them (`/api/games`, `/api/users`,
 * `/api/me/games/current`). Times are ISO 8601 in UTC; clocks are milliseconds left.
 */

/** One side of a game. `rating` is the rating before the game; `ratingDiff` what a rated game changed. */
export interface GamePlayerDto {
  /** null for the bot. */
  userId: string | null;
  name: string;
  bot: BotLevel | null;
  rating: number | null;
  ratingDiff: number | null;
  /** Whether that rating was provisional (shown with a "?"): after a rated game, at a casual one. */
  provisional: boolean;
}

export interface GameMoveDto {
  uci: string;
  san: string;
  at: string;
  /** Both clocks right after the move. */
  clock: { white: number; black: number };
}

/** One seat of a game of any kind, in seating order (chess: seat 0 white, seat 1 black). */
export interface GameSeatDto {
  seat: number;
  /** In a game without teams each seat is its own team. */
  team: number;
  /** null for a bot. */
  userId: string | null;
  name: string;
  /** The bot's level; null for a person. */
  bot: string | null;
  guest: boolean;
  /** Game points and placing (1 is first; ties share it) once ended with a result; null before. */
  score: number | null;
  placing: number | null;
  /** As in `GamePlayerDto`: the rating in the game's pool before it, and what a rated game changed. */
  rating: number | null;
  ratingDiff: number | null;
}

/**
 * A game in a list: everything but the moves. `timeControl`, `category`, `players`, `result` and
 * `termination` speak chess; `game`, `pool` and `seats` describe a game of any kind (another game
 * leaves `timeControl` empty, gives its pool as `category`, its first two seats as `players`, and
 * its own words as `result` and `termination`).
 */
export interface GameSummaryDto {
  id: string;
  /** The game's name (`chess`). */
  game: string;
  status: 'playing' | 'ended';
  rated: boolean;
  /** `"3+2"`: minutes + increment seconds. */
  timeControl: string;
  category: Category;
  /** The rating pool (chess: the category). */
  pool: string;
  players: { white: GamePlayerDto; black: GamePlayerDto };
  seats: GameSeatDto[];
  result: GameResult | null;
  termination: Termination | null;
  /** Half-moves played. */
  moveCount: number;
  /** The tournament it was a game of; null for any other game. */
  tournamentId: string | null;
  startedAt: string;
  endedAt: string | null;
}

/** `GET /api/games/:id`. */
export interface GameDto extends Omit<GameSummaryDto, 'moveCount'> {
  moves: GameMoveDto[];
  /** The final position; null while the game is played. */
  fen: string | null;
}

/** `GET /api/users/:username/games`: newest first; `next` is the `before` of the following page. */
export interface GamePageDto {
  games: GameSummaryDto[];
  next: string | null;
}

export interface RatingDto {
  rating: number;
  rd: number;
  /** Too few games for the rating to be trusted (deviation ≥ 110): shown with a "?". */
  provisional: boolean;
  games: number;
}

/** `GET /api/users/:username`: what anyone may know of an account. */
export interface PublicProfileDto {
  id: string;
  username: string;
  displayName: string | null;
  guest: boolean;
  country: string | null;
  createdAt: string;
  ratings: Record<Category, RatingDto>;
}

/** One of the caller's unfinished games (`GET /api/me/games/current`), to rejoin it. */
export interface CurrentGameDto {
  id: string;
  /** The game's name (`chess`). */
  game: string;
  /** The caller's seat (chess: 0 white, 1 black). */
  seat: number;
  color: Color;
  opponent: { userId: string | null; name: string; bot: BotLevel | null };
  timeControl: string;
  startedAt: string;
}

/**
 * A whole ended game as JSON (`GET /api/games/:id/export`): everything a server needs to play it
 * again, and a signature over all of it by the server that exported it. `POST /api/games/import`
 * takes it back only if the signature holds and the events lead to the same record.
 */
export interface GameExportDto {
  format: 'rookery-game';
  version: 1;
  /** The id it had where it was played. */
  id: string;
  game: string;
  /** The game's options as recorded (golf: the table's size, pace and house rules). */
  options: Record<string, unknown>;
  pool: string;
  rated: boolean;
  startedAt: string;
  endedAt: string;
  /** The seed of the start event: every shuffle of the game is drawn from it. */
  seed: number | null;
  seats: Array<{ seat: number; team: number; name: string; bot: string | null }>;
  /** The log, in order: each event with its number and format version. */
  events: Array<{ seq: number; v: number; event: { type: string; at: number; [field: string]: unknown } }>;
  termination: string;
  results: Array<{ seat: number; score: number; placing: number }>;
  /** The game's own record (golf: every hole's cards and scores; chess: the PGN). */
  record: Record<string, unknown>;
  /** HMAC-SHA256 (base64url) of the rest, in canonical JSON, with the exporting server's key. */
  signature: string;
}

/** An imported game: its new id, under which it is kept and replayed. */
export interface GameImportDto {
  id: string;
  game: string;
  /** The id it had where it was played. */
  importedFrom: string;
}

/** A game's public replay, without its steps (`GET /api/games/:id/replay`). */
export interface GameReplayDto {
  id: string;
  game: string;
  status: 'playing' | 'ended';
  options: Record<string, unknown>;
  seats: Array<{ seat: number; name: string; bot: string | null }>;
  /** How many steps there are; each is read alone (`/replay/:step`), 0 first. */
  steps: number;
}

/**
 * One step of a replay: what a spectator saw at that moment and nothing else, so a card turned up
 * later is not in any step before it (golf: `view` is a `GolfReplayView`).
 */
export interface GameReplayStepDto {
  step: number;
  steps: number;
  /** The event shown, its time (ISO) and seat (null for the actor's own events). */
  seq: number;
  at: string;
  seat: number | null;
  move: { type: string; [field: string]: unknown };
  view: unknown;
}
