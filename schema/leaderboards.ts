import type { PublicProfileDto } from './games.ts';

/**
 * Leaderboards as the HTTP API and the configuration speak of them (`/api/leaderboards`,
 * `server/leaderboards.default.json`). Times are ISO 8601 in UTC.
 */

/** What a board ranks: a rating in a pool, wins, game points, or a score a service feeds. */
export const BOARD_METRICS = ['rating', 'wins', 'points', 'custom'] as const;
export type BoardMetric = (typeof BOARD_METRICS)[number];

/** How a new value meets the stored one: keep the better, replace, add, subtract. */
export const BOARD_OPERATORS = ['best', 'set', 'increment', 'decrement'] as const;
export type BoardOperator = (typeof BOARD_OPERATORS)[number];

/** `desc`: the highest value ranks first; `asc`: the lowest. */
export const BOARD_ORDERS = ['desc', 'asc'] as const;
export type BoardOrder = (typeof BOARD_ORDERS)[number];

/** When a board starts over (the closed period is kept as an archive). */
export const BOARD_RESETS = ['never', 'weekly', 'monthly', 'season', 'cron'] as const;
export type BoardReset = (typeof BOARD_RESETS)[number];

/** `GET /api/leaderboards`: one board. */
export interface BoardDto {
  id: string;
  title: string;
  game: string;
  /** The rating pool (chess: the category); null when every pool counts. */
  pool: string | null;
  metric: BoardMetric;
  order: BoardOrder;
  reset: BoardReset;
  timeZone: string;
  partitionByCountry: boolean;
  /** The key of the period being played now (`all` for a board that never resets); null between seasons. */
  currentPeriod: string | null;
}

/** One line of a board. `rank` follows the "1224" rule: equal values share a rank, the next skips. */
export interface StandingDto {
  rank: number;
  username: string;
  userId: string;
  country: string | null;
  value: number;
  /** When the value was reached: within a tie, the earlier comes first. */
  achievedAt: string;
}

/** `GET /api/leaderboards/:id`. `next` is the `cursor` of the following page, null at the end. */
export interface BoardPageDto {
  board: BoardDto;
  period: string;
  country: string | null;
  /** Entries on the board (in the country, if one is asked). */
  total: number;
  standings: StandingDto[];
  next: string | null;
  /** Every period of the board that has entries, oldest first (for a period picker). */
  periods: string[];
}

/** `GET /api/leaderboards/:id/players/:username`. */
export interface PlayerStandingDto {
  board: BoardDto;
  period: string;
  country: string | null;
  standing: StandingDto;
  /** With `?around=k`: up to k entries above and k below, the player's own included. */
  around: StandingDto[] | null;
}

/** A player's place on a board's current period, on their profile. */
export interface ProfileRankDto {
  board: string;
  title: string;
  period: string;
  rank: number;
  value: number;
  total: number;
}

/** One rated game's effect on a rating, for the rating-history chart. */
export interface RatingPointDto {
  pool: string;
  at: string;
  rating: number;
}

/** A finished game as a profile lists it, from the player's side. */
export interface RecentResultDto {
  gameId: string;
  game: string;
  pool: string;
  rated: boolean;
  outcome: 'win' | 'loss' | 'draw' | null;
  opponents: string[];
  ratingDiff: number | null;
  endedAt: string;
}

/** `GET /api/users/:username`: the public profile with the player's ranks, rating history and recent results. */
export interface ProfileDto extends PublicProfileDto {
  ranks: ProfileRankDto[];
  /** Oldest first; the last 200 rated games per pool. */
  ratingHistory: RatingPointDto[];
  /** Newest first; the last 20 finished games. */
  recentResults: RecentResultDto[];
}
