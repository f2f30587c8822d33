import type { SeekCreatePayload } from '../../schema/lobby.ts';
import { categoryOf, parseTimeControl } from '../games/chess/time-control.ts';
import { accepted, type Checked, type Refusal, refused } from '../rules/refusal.ts';
import { type GameCatalog, otherGame, tableTerms } from './game-terms.ts';

/**
 * Seeks: open challenges posted in the lobby for anyone who fits. Pure checks; the room keeps
 * the seeks and acts on what these say.
 */

/** What a seek offers, once checked. */
export interface SeekTerms {
  /** `chess`, `golf`… */
  game: string;
  /** Chess, normalised: `"3+2"`; empty for other games. */
  timeControl: string;
  /** The rating pool: chess's category (`blitz`), `golf`. */
  category: string;
  /** The match's options (chess: its clock; golf: its table and rules). */
  options: Record<string, unknown>;
  /** Seats at the table, the poster's included, and those of computer players. */
  seats: number;
  computers: number;
  level: string;
  rated: boolean;
  /** Bounds on the accepter's rating in `category`; null: none. */
  ratingMin: number | null;
  ratingMax: number | null;
}

export interface Seek extends SeekTerms {
  id: string;
  userId: string;
  name: string;
  guest: boolean;
  /** The poster's rating in `category`; 0 for a guest. */
  rating: number;
  provisional: boolean;
  createdAt: number;
  /** Those who accepted a seek of more than two seats so far, in order: they sit after the poster. */
  joined: Array<{ userId: string; name: string; guest: boolean }>;
}

/** Seats still open to people: the table less the poster, the computers and those who joined. */
export function seatsLeft(seek: Seek): number {
  return seek.seats - seek.computers - 1 - seek.joined.length;
}

/** Someone who wants to post or accept a seek. */
export interface Seeker {
  userId: string;
  guest: boolean;
}

/**
 * Checks a seek a player wants to post, who already has `openSeeks` of them.
 *
 * @example seekTerms({ timeControl: '3+2', rated: true }, { userId: 'u1', guest: true }, 0, 3)
 *   // refused: RATED_NEEDS_ACCOUNT
 */
export function seekTerms(
  request: SeekCreatePayload,
  poster: Seeker,
  openSeeks: number,
  maxSeeks: number,
  catalog: GameCatalog,
): Checked<SeekTerms> {
  const game = gameOf(request, catalog);
  if (!game.ok) return game;
  if (request.rated && poster.guest) {
    return refused('RATED_NEEDS_ACCOUNT', 'guests play casual games: sign up to post a rated seek');
  }
  const ratingMin = request.ratingMin ?? null;
  const ratingMax = request.ratingMax ?? null;
  if (ratingMin !== null && ratingMax !== null && ratingMin > ratingMax) {
    return refused('VALIDATION_FAILED', 'ratingMin is above ratingMax');
  }
  if (openSeeks >= maxSeeks) {
    return refused('RATE_LIMITED', `at most ${maxSeeks} open seeks at a time: cancel one first`);
  }
  return accepted({ ...game.value, rated: request.rated, ratingMin, ratingMax });
}

type GameOfSeek = Pick<
  SeekTerms,
  'game' | 'timeControl' | 'category' | 'options' | 'seats' | 'computers' | 'level'
>;

/** The game a seek offers: chess by its time control alone, any other by its module. */
function gameOf(request: SeekCreatePayload, catalog: GameCatalog): Checked<GameOfSeek> {
  if (otherGame(request)) {
    if (request.timeControl !== undefined) {
      return refused('VALIDATION_FAILED', `timeControl is chess's: ${request.game} takes options`);
    }
    const terms = tableTerms(catalog, request, request.rated, 2);
    if (!terms.ok) return terms;
    const { pool, ...rest } = terms.value;
    return accepted({ ...rest, timeControl: '', category: pool });
  }
  const { options, seats, computers, level } = request;
  if (options !== undefined || seats !== undefined || computers !== undefined || level !== undefined) {
    return refused('VALIDATION_FAILED', 'a chess seek takes its timeControl only');
  }
  const tc = parseTimeControl(request.timeControl ?? '');
  if (!tc.ok) return refused('VALIDATION_FAILED', tc.message);
  return accepted({
    game: 'chess',
    timeControl: tc.value.label,
    category: categoryOf(tc.value),
    options: { timeControl: tc.value.label },
    seats: 2,
    computers: 0,
    level: '',
  });
}

/** Whether the seek asks for a rating, so the accepter's must be looked up. */
export function hasRange(seek: SeekTerms): boolean {
  return seek.ratingMin !== null || seek.ratingMax !== null;
}

/**
 * Why `accepter` may not take `seek` (undefined: they may). `rating` is the accepter's rating in
 * the seek's category; it matters only when the seek has a range, and guests have none.
 */
export function acceptRefusal(
  seek: Seek | undefined,
  accepter: Seeker,
  rating: number | null,
): Refusal | undefined {
  if (!seek) return { code: 'SEEK_NOT_FOUND', message: 'no such seek: it was taken or withdrawn' };
  if (seek.userId === accepter.userId) return { code: 'OWN_SEEK', message: 'this is your own seek' };
  if (seek.joined.some((p) => p.userId === accepter.userId)) {
    return { code: 'OWN_SEEK', message: 'you hold a place at this table already' };
  }
  if (seek.rated && accepter.guest) {
    return {
      code: 'RATED_NEEDS_ACCOUNT',
      message: 'guests play casual games: sign up to accept a rated seek',
    };
  }
  if (!hasRange(seek)) return undefined;
  if (accepter.guest || rating === null) {
    return { code: 'RATING_OUT_OF_RANGE', message: 'this seek asks for a rating, and guests have none' };
  }
  if (
    (seek.ratingMin !== null && rating < seek.ratingMin) ||
    (seek.ratingMax !== null && rating > seek.ratingMax)
  ) {
    const range = `${seek.ratingMin ?? 'any'}–${seek.ratingMax ?? 'any'}`;
    return {
      code: 'RATING_OUT_OF_RANGE',
      message: `your ${seek.category} rating ${rating} is outside ${range}`,
    };
  }
  return undefined;
}
