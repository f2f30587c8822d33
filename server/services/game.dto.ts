import type { Category, Color, GameResult, Termination } from '../../schema/chess.ts';
import type {
  CurrentGameDto,
  GameDto,
  GameMoveDto,
  GamePlayerDto,
  GameSeatDto,
  GameSummaryDto,
} from '../../schema/games.ts';
import type { Game } from '../db/entities/game.entity.ts';
import type { GameEvent } from '../db/entities/game-event.entity.ts';
import type { GamePlayer } from '../db/entities/game-player.entity.ts';
import type { GameKey } from '../db/repositories/game.repository.ts';
import { tournamentOfChannel } from '../domain/tournaments/results-channel.ts';
import { CHESS, type ChessOptions, SEAT_OF, seatedPlayer } from './chess-records.ts';
import { AppError } from './errors.ts';
import { toMatchSeat } from './match.dto.ts';

/** The chess DTOs of the HTTP API, read from the generic rows (white: seat 0, black: seat 1). */

function player(players: GamePlayer[], color: Color): GamePlayerDto {
  const p = players.find((x) => x.seat === SEAT_OF[color]);
  return {
    ...seatedPlayer(players, color),
    rating: p?.ratingBefore ?? null,
    ratingDiff: p?.ratingDiff ?? null,
    provisional: p?.provisional ?? false,
  };
}

function seat(p: GamePlayer): GameSeatDto {
  return {
    ...toMatchSeat(p),
    score: p.score ?? null,
    placing: p.place ?? null,
    rating: p.ratingBefore ?? null,
    ratingDiff: p.ratingDiff ?? null,
  };
}

/** The chess time control; empty for a game without one. */
const timeControlOf = (game: Game) => String((game.options as Partial<ChessOptions>).timeControl ?? '');

function common(game: Game, players: GamePlayer[]): Omit<GameSummaryDto, 'moveCount'> {
  return {
    id: game.id,
    game: game.game,
    status: game.status,
    rated: game.rated,
    timeControl: timeControlOf(game),
    category: game.pool as Category,
    pool: game.pool,
    players: { white: player(players, 'white'), black: player(players, 'black') },
    seats: players.map(seat),
    result: (game.record?.result as GameResult | undefined) ?? null,
    termination: (game.termination as Termination | undefined) ?? null,
    tournamentId: tournamentOfChannel(game.reportTo),
    startedAt: game.startedAt.toISOString(),
    endedAt: game.endedAt?.toISOString() ?? null,
  };
}

export function toGameSummaryDto(game: Game, players: GamePlayer[]): GameSummaryDto {
  return { ...common(game, players), moveCount: game.moves };
}

/**
 * A game with its moves, read from the log rows (SAN and clocks are stored there: no replay).
 * Moves are chess moves: another game lists none.
 */
export function toGameDto(game: Game, players: GamePlayer[], events: GameEvent[]): GameDto {
  const moves: GameMoveDto[] = [];
  for (const e of events) {
    if (game.game !== CHESS || e.type !== 'move') continue;
    const derived = (e.derived ?? {}) as { san?: string; clock?: { white: number; black: number } };
    moves.push({
      uci: String(e.event.uci),
      san: derived.san ?? '',
      at: e.at.toISOString(),
      clock: { white: derived.clock?.white ?? 0, black: derived.clock?.black ?? 0 },
    });
  }
  return {
    ...common(game, players),
    moves,
    fen: game.status === 'ended' ? (game.record?.final ?? null) : null,
  };
}

export function toCurrentGameDto(game: Game, players: GamePlayer[], userId: string): CurrentGameDto {
  const white = players.find((p) => p.seat === SEAT_OF.white);
  const color: Color = white?.userId === userId ? 'white' : 'black';
  return {
    id: game.id,
    game: game.game,
    seat: players.find((p) => p.userId === userId)?.seat ?? SEAT_OF[color],
    color,
    opponent: seatedPlayer(players, color === 'white' ? 'black' : 'white'),
    timeControl: timeControlOf(game),
    startedAt: game.startedAt.toISOString(),
  };
}

// ---- page cursors ------------------------------------------------------------------------------

const CURSOR = /^[A-Za-z0-9_-]{1,120}$/;
const CURSOR_BODY = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([A-Za-z0-9_-]{1,32})$/;

/** The opaque `before` of the page after this game: base64url of `startedAt|id`. */
export function makeGameCursor(game: Game): string {
  return Buffer.from(`${game.startedAt.toISOString()}|${game.id}`).toString('base64url');
}

/** The key a cursor stands for; VALIDATION_FAILED for anything this API did not hand out. */
export function parseGameCursor(cursor: string): GameKey {
  const match = CURSOR.test(cursor) ? CURSOR_BODY.exec(Buffer.from(cursor, 'base64url').toString()) : null;
  const startedAt = match ? new Date(match[1]!) : undefined;
  if (!match || !startedAt || Number.isNaN(startedAt.getTime())) {
    throw new AppError('VALIDATION_FAILED', 'invalid query: before: not a cursor this API gave', [
      { path: 'before', message: 'not a cursor this API gave' },
    ]);
  }
  return { startedAt, id: match[2]! };
}
