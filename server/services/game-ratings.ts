import type { Repositories } from '../db/database.ts';
import {
  type Glicko2Params,
  type Glicko2Rating,
  isProvisional,
  rateByPlacing,
} from '../domain/rating.glicko2.ts';
import type { RatingChange, RatingView, SeatResult } from './ports.ts';

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

/** The match that has just ended, as its ratings part needs it. */
export interface EndedMatch {
  id: string;
  pool: string;
  rated: boolean;
  /** In seating order. */
  players: ReadonlyArray<{ seat: number; team: number; userId?: string | null | undefined }>;
  /** One per seat, or none (no result). */
  results: SeatResult[];
}

/** Whether the match moves ratings: rated, with a result, and every seat a distinct account. */
export function ratable(match: {
  rated: boolean;
  results: readonly unknown[];
  players: ReadonlyArray<{ userId?: string | null | undefined; team: number }>;
}): boolean {
  const ids = match.players.map((p) => p.userId);
  return (
    match.rated &&
    match.players.length >= 2 &&
    match.results.length === match.players.length &&
    ids.every((id) => id != null) &&
    new Set(ids).size === ids.length &&
    new Set(match.players.map((p) => p.team)).size >= 2
  );
}

/**
 * The results and ratings part of ending a match, inside the transaction that has just claimed
 * its row: writes each seat's score and placing, and answers each seat's rating change.
 *
 * A rated match between accounts with a result moves every rating in one Glicko-2 rating period,
 * each player rated against every other by placing, all from the ratings as they were before the
 * match; the seats record the rounded ratings and diffs. Any other match (casual, with a bot,
 * without a result) changes no rating; its seats only record the accounts' ratings at the time,
 * for display.
 */
export async function rateEndedMatch(
  repos: Repositories,
  match: EndedMatch,
  at: Date,
  params: Glicko2Params,
): Promise<Map<number, RatingChange>> {
  const resultOf = (seat: number) => match.results.find((r) => r.seat === seat);
  const changes = new Map<number, RatingChange>();
  if (!ratable(match)) {
    const accounts = match.players.flatMap((p) => (p.userId ? [p.userId] : []));
    const rows = await repos.ratings.findMany(accounts, match.pool);
    await repos.games.setPlayerOutcomes(
      match.id,
      match.players.map((player) => {
        const view = player.userId
          ? ratingView(rows.find((r) => r.userId === player.userId) ?? null, params)
          : undefined;
        return {
          seat: player.seat,
          score: resultOf(player.seat)?.score ?? null,
          place: resultOf(player.seat)?.placing ?? null,
          ratingBefore: view?.rating ?? null,
          ratingAfter: null,
          ratingDiff: null,
          provisional: view?.provisional ?? null,
        };
      }),
    );
    return changes;
  }

  const ids = match.players.map((p) => p.userId!);
  const rows = await repos.ratings.lockOrCreate(ids, match.pool, params.initial, at);
  const before = ids.map((id) => rows.find((r) => r.userId === id)!);
  const after = rateByPlacing(
    match.players.map((p, i) => ({ rating: before[i]!, placing: resultOf(p.seat)!.placing, team: p.team })),
    params,
  );
  for (const [i, player] of match.players.entries()) {
    await repos.ratings.recordGame(ids[i]!, match.pool, after[i]!, at);
    changes.set(player.seat, ratingChange(before[i]!, after[i]!, params));
  }
  await repos.games.setPlayerOutcomes(
    match.id,
    match.players.map((player) => {
      const change = changes.get(player.seat)!;
      return {
        seat: player.seat,
        score: resultOf(player.seat)!.score,
        place: resultOf(player.seat)!.placing,
        ratingBefore: change.before,
        ratingAfter: change.after,
        ratingDiff: change.diff,
        provisional: change.provisional,
      };
    }),
  );
  return changes;
}
