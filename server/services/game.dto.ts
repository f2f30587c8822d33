import type { ChessEvent, Color } from '../../schema/chess.ts';
import type {
  CurrentGameDto,
  GameDto,
  GameMoveDto,
  GamePlayerDto,
  GameSummaryDto,
} from '../../schema/games.ts';
import type { Game } from '../db/entities/game.entity.ts';
import type { GameEvent, StoredEventPayload } from '../db/entities/game-event.entity.ts';
import type { GameKey } from '../db/repositories/game.repository.ts';
import { AppError } from './errors.ts';
import type { FinishedGame, GameStart, RatingChange, SeatedPlayer } from './ports.ts';

/** The start of a game as the port describes it, from its row. */
export function toGameStart(game: Game): GameStart {
  return {
    id: game.id,
    white: { userId: game.whiteId ?? null, name: game.whiteName, bot: game.whiteBot ?? null },
    black: { userId: game.blackId ?? null, name: game.blackName, bot: game.blackBot ?? null },
    timeControl: game.timeControl,
    initialMs: game.initialMs,
    incrementMs: game.incrementMs,
    category: game.category,
    rated: game.rated,
    startedAt: game.startedAt.getTime(),
  };
}

const samePlayer = (a: SeatedPlayer, b: SeatedPlayer) =>
  a.userId === b.userId && a.name === b.name && a.bot === b.bot;

/** Whether two starts describe the same game (a retried `create`), field by field. */
export function sameGameStart(a: GameStart, b: GameStart): boolean {
  return (
    a.id === b.id &&
    samePlayer(a.white, b.white) &&
    samePlayer(a.black, b.black) &&
    a.timeControl === b.timeControl &&
    a.initialMs === b.initialMs &&
    a.incrementMs === b.incrementMs &&
    a.category === b.category &&
    a.rated === b.rated &&
    a.startedAt === b.startedAt
  );
}

/** The event as the rules wrote it: the stored payload without what was derived for reads. */
export function toChessEvent(payload: StoredEventPayload): ChessEvent {
  const { san: _san, ...event } = payload;
  return event as ChessEvent;
}

function ratingChange(game: Game, color: Color): RatingChange | undefined {
  const before = color === 'white' ? game.whiteRating : game.blackRating;
  const diff = color === 'white' ? game.whiteRatingDiff : game.blackRatingDiff;
  const provisional = color === 'white' ? game.whiteProvisional : game.blackProvisional;
  if (before == null || diff == null) return undefined;
  return { before, after: before + diff, diff, provisional: provisional ?? false };
}

/** What `finish` answers, read back from an ended game's row. */
export function toFinishedGame(game: Game): FinishedGame {
  if (game.status !== 'ended' || !game.result || !game.termination) {
    throw new Error(`game ${game.id} has not ended`);
  }
  const ratings: FinishedGame['ratings'] = {};
  const white = ratingChange(game, 'white');
  const black = ratingChange(game, 'black');
  if (white) ratings.white = white;
  if (black) ratings.black = black;
  return { result: game.result, termination: game.termination, ratings };
}

function player(game: Game, color: Color): GamePlayerDto {
  const white = color === 'white';
  return {
    userId: (white ? game.whiteId : game.blackId) ?? null,
    name: white ? game.whiteName : game.blackName,
    bot: (white ? game.whiteBot : game.blackBot) ?? null,
    rating: (white ? game.whiteRating : game.blackRating) ?? null,
    ratingDiff: (white ? game.whiteRatingDiff : game.blackRatingDiff) ?? null,
  };
}

function common(game: Game): Omit<GameSummaryDto, 'moveCount'> {
  return {
    id: game.id,
    status: game.status,
    rated: game.rated,
    timeControl: game.timeControl,
    category: game.category,
    players: { white: player(game, 'white'), black: player(game, 'black') },
    result: game.result ?? null,
    termination: game.termination ?? null,
    startedAt: game.startedAt.toISOString(),
    endedAt: game.endedAt?.toISOString() ?? null,
  };
}

export function toGameSummaryDto(game: Game): GameSummaryDto {
  return { ...common(game), moveCount: game.moves };
}

/** A game with its moves, read from the log rows (SAN and clocks are stored there: no replay). */
export function toGameDto(game: Game, events: GameEvent[]): GameDto {
  const moves: GameMoveDto[] = [];
  for (const e of events) {
    if (e.payload.type !== 'move') continue;
    moves.push({
      uci: e.payload.uci,
      san: e.payload.san ?? '',
      at: e.at.toISOString(),
      clock: { white: e.clockWhiteMs, black: e.clockBlackMs },
    });
  }
  return { ...common(game), moves, fen: game.status === 'ended' ? (game.finalFen ?? null) : null };
}

export function toCurrentGameDto(game: Game, userId: string): CurrentGameDto {
  const color: Color = game.whiteId === userId ? 'white' : 'black';
  const { userId: opponentId, name, bot } = player(game, color === 'white' ? 'black' : 'white');
  return {
    id: game.id,
    color,
    opponent: { userId: opponentId, name, bot },
    timeControl: game.timeControl,
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
