import type { Category } from '../../schema/chess.ts';
import type { SeekCreatePayload } from '../../schema/lobby.ts';
import { categoryOf, parseTimeControl } from '../games/chess/time-control.ts';
import { accepted, type Checked, type Refusal, refused } from '../rules/refusal.ts';

/**
 * Seeks: open challenges posted in the lobby for anyone who fits. Pure checks; the room keeps
 * the seeks and acts on what these say.
 */

/** What a seek offers, once checked. */
export interface SeekTerms {
  /** Normalised: `"3+2"`. */
  timeControl: string;
  category: Category;
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
): Checked<SeekTerms> {
  const tc = parseTimeControl(request.timeControl);
  if (!tc.ok) return refused('VALIDATION_FAILED', tc.message);
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
  return accepted({
    timeControl: tc.value.label,
    category: categoryOf(tc.value),
    rated: request.rated,
    ratingMin,
    ratingMax,
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
