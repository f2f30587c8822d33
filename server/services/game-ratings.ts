import type { Category, GameResult } from '../../schema/chess.ts';
import type { Repositories } from '../db/database.ts';
import type { Game } from '../db/entities/game.entity.ts';
import {
  type Glicko2Params,
  type Glicko2Rating,
  isProvisional,
  rate,
  type Score,
} from '../domain/rating.glicko2.ts';
import type { FinishedGame, RatingChange, RatingView } from './ports.ts';

/** White's score in a decided game; undefined when the game has no result to rate (`*`). */
const WHITE_SCORE: Record<GameResult, Score | undefined> = {
  '1-0': 1,
  '0-1': 0,
  '1/2-1/2': 0.5,
  '*': undefined,
};

/** A rating as people see it, in whole points; no row means the initial rating and no games. */
export function ratingView(
  row: (Glicko2Rating & { games: number }) | null,
  params: Glicko2Params,
): RatingView {
  const r = row ?? { ...params.initial, games: 0 };
  return {
    rating: Math.round(r.rating),
    rd: Math.round(r.rd),
    provisional: isProvisional(r, params),
    games: r.games,
  };
}

/** The change as shown: whole points before and after, so that `before + diff = after` on screen. */
function ratingChange(before: Glicko2Rating, after: Glicko2Rating, params: Glicko2Params): RatingChange {
  const from = Math.round(before.rating);
  const to = Math.round(after.rating);
  return { before: from, after: to, diff: to - from, provisional: isProvisional(after, params) };
}

/**
 * The ratings part of ending a game, inside the transaction that has just claimed its row.
 *
 * A rated game between two accounts with a result moves both ratings, each computed from both
 * ratings as they were before the game (one Glicko-2 rating period), and records them on the game
 * row with the rounded diffs. Any other game (casual, against the bot, without a result) changes
 * no rating; it only records the accounts' ratings at the time, for display.
 */
export async function rateEndedGame(
  repos: Repositories,
  game: Game,
  at: Date,
  params: Glicko2Params,
): Promise<FinishedGame['ratings']> {
  const whiteScore = game.result ? WHITE_SCORE[game.result] : undefined;
  const whiteId = game.whiteId ?? null;
  const blackId = game.blackId ?? null;
  if (!game.rated || whiteScore === undefined || !whiteId || !blackId || whiteId === blackId) {
    const shown = async (userId: string | null, category: Category) =>
      userId ? ratingView(await repos.ratings.find(userId, category), params).rating : null;
    await repos.games.setRatingOutcome(game.id, {
      whiteRating: await shown(whiteId, game.category),
      blackRating: await shown(blackId, game.category),
      whiteRatingDiff: null,
      blackRatingDiff: null,
      whiteProvisional: null,
      blackProvisional: null,
    });
    return {};
  }

  const rows = await repos.ratings.lockOrCreate([whiteId, blackId], game.category, params.initial, at);
  const white = rows.find((r) => r.userId === whiteId)!;
  const black = rows.find((r) => r.userId === blackId)!;
  const whiteNext = rate(white, [{ opponent: black, score: whiteScore }], params);
  const blackNext = rate(black, [{ opponent: white, score: (1 - whiteScore) as Score }], params);
  await repos.ratings.recordGame(whiteId, game.category, whiteNext, at);
  await repos.ratings.recordGame(blackId, game.category, blackNext, at);

  const ratings = {
    white: ratingChange(white, whiteNext, params),
    black: ratingChange(black, blackNext, params),
  };
  await repos.games.setRatingOutcome(game.id, {
    whiteRating: ratings.white.before,
    blackRating: ratings.black.before,
    whiteRatingDiff: ratings.white.diff,
    blackRatingDiff: ratings.black.diff,
    whiteProvisional: ratings.white.provisional,
    blackProvisional: ratings.black.provisional,
  });
  return ratings;
}
