import { isDeepStrictEqual } from 'node:util';
import type { Game } from '../db/entities/game.entity.ts';
import type { GameEvent } from '../db/entities/game-event.entity.ts';
import type { GamePlayer } from '../db/entities/game-player.entity.ts';
import type { NewGamePlayer } from '../db/repositories/game.repository.ts';
import type { FinishedMatch, LoggedEvent, MatchEvent, MatchSeat, MatchStart, RatingChange } from './ports.ts';

/** The start of a match as the port describes it, from its rows. */
export function toMatchStart(game: Game, players: GamePlayer[]): MatchStart {
  const start: MatchStart = {
    id: game.id,
    game: game.game,
    options: game.options,
    pool: game.pool,
    rated: game.rated,
    startedAt: game.startedAt.getTime(),
    seats: players.map(toMatchSeat),
  };
  if (game.reportTo != null) start.reportTo = game.reportTo;
  return start;
}

export function toMatchSeat(p: GamePlayer): MatchSeat {
  return {
    seat: p.seat,
    team: p.team,
    userId: p.userId ?? null,
    name: p.name,
    bot: p.bot ?? null,
    guest: p.guest,
  };
}

/** The seat rows of a match about to be written; a malformed seating is a bug of the caller. */
export function toPlayerRows(start: MatchStart): NewGamePlayer[] {
  start.seats.forEach((s, i) => {
    if (s.seat !== i) throw new Error(`match ${start.id}: seat ${i} is numbered ${s.seat}`);
  });
  const startedAt = new Date(start.startedAt);
  return start.seats.map((s) => ({ gameId: start.id, startedAt, ...s }));
}

/** Whether two starts describe the same match (a retried `create`), field by field. */
export function sameMatchStart(a: MatchStart, b: MatchStart): boolean {
  return isDeepStrictEqual(normalised(a), normalised(b));
}

const normalised = (s: MatchStart) => ({
  ...s,
  options: JSON.parse(JSON.stringify(s.options)),
  reportTo: s.reportTo ?? null,
  seats: s.seats.map((seat) => ({ ...seat })),
});

function ratingChangeOf(p: GamePlayer): RatingChange | undefined {
  if (p.ratingBefore == null || p.ratingDiff == null || p.ratingAfter == null) return undefined;
  return {
    before: p.ratingBefore,
    after: p.ratingAfter,
    diff: p.ratingDiff,
    provisional: p.provisional ?? false,
  };
}

/** What `finish` answers, read back from an ended match's rows. */
export function toFinishedMatch(game: Game, players: GamePlayer[]): FinishedMatch {
  if (game.status !== 'ended' || !game.termination) throw new Error(`game ${game.id} has not ended`);
  const results: FinishedMatch['results'] = [];
  for (const p of players) {
    if (p.score == null || p.place == null) continue;
    const rating = ratingChangeOf(p);
    const play = p.moves == null ? {} : { moves: p.moves, berserk: p.berserk ?? false };
    results.push({ seat: p.seat, score: p.score, placing: p.place, ...play, ...(rating ? { rating } : {}) });
  }
  const forfeited = players.filter((p) => p.forfeited).map((p) => p.seat);
  return { termination: game.termination, results, ...(forfeited.length > 0 ? { forfeited } : {}) };
}

/** An event as the log keeps it. */
export function toLoggedEvent(e: GameEvent): LoggedEvent {
  return { seq: e.seq, v: e.v, event: e.event as MatchEvent };
}
