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
