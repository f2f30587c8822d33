import type { BotLevel, Category, ChessEvent, ClockPair, Color, GameResult } from '../../schema/chess.ts';
import type { Game } from '../db/entities/game.entity.ts';
import type { GamePlayer } from '../db/entities/game-player.entity.ts';
import type {
  FinishedGame,
  FinishedMatch,
  GameEnding,
  GameStart,
  MatchEnding,
  MatchEvent,
  MatchStart,
  SeatedPlayer,
  SeatResult,
} from './ports.ts';

/**
 * How chess sits in the generic record, for the chess room's port (`GameRecords`) and the chess
 * reads of the HTTP API: white is seat 0 and black seat 1, each its own team; the options keep the
 * time control; the pool is the category; events are format version 1, with their SAN and both
 * clocks as `derived`; the record keeps `{ result, pgn, final }`.
 */
export const CHESS = 'chess';
export const CHESS_EVENT_VERSION = 1;
export const SEAT_OF: Record<Color, number> = { white: 0, black: 1 };

/** The chess options as stored: the label and the clock it stands for. */
export interface ChessOptions {
  timeControl: string;
  initialMs: number;
  incrementMs: number;
}

export function toMatchStart(start: GameStart, guests: ReadonlySet<string>): MatchStart {
  const seat = (player: SeatedPlayer, color: Color) => ({
    seat: SEAT_OF[color],
    team: SEAT_OF[color],
    userId: player.userId,
    name: player.name,
    bot: player.bot,
    guest: player.userId !== null && guests.has(player.userId),
  });
  const options: ChessOptions = {
    timeControl: start.timeControl,
    initialMs: start.initialMs,
    incrementMs: start.incrementMs,
  };
  return {
    id: start.id,
    game: CHESS,
    options: { ...options },
    pool: start.category,
    rated: start.rated,
    startedAt: start.startedAt,
    seats: [seat(start.white, 'white'), seat(start.black, 'black')],
  };
}

/** The seated player of one colour, from the seat rows. */
export function seatedPlayer(players: GamePlayer[], color: Color): SeatedPlayer {
  const p = players.find((x) => x.seat === SEAT_OF[color]);
  if (!p) throw new Error(`a chess game without a ${color} seat`);
  return { userId: p.userId ?? null, name: p.name, bot: (p.bot ?? null) as BotLevel | null };
}

export function toGameStart(game: Game, players: GamePlayer[]): GameStart {
  const options = game.options as unknown as ChessOptions;
  return {
    id: game.id,
    white: seatedPlayer(players, 'white'),
    black: seatedPlayer(players, 'black'),
    timeControl: options.timeControl,
    initialMs: options.initialMs,
    incrementMs: options.incrementMs,
    category: game.pool as Category,
    rated: game.rated,
    startedAt: game.startedAt.getTime(),
  };
}

/** A chess event with what the log keeps beside it. */
export function toMatchEntry(event: ChessEvent, derived: { san?: string; clock: ClockPair }) {
  const clock = { white: Math.round(derived.clock.white), black: Math.round(derived.clock.black) };
  return {
    v: CHESS_EVENT_VERSION,
    event: event as unknown as MatchEvent,
    derived: derived.san === undefined ? { clock } : { san: derived.san, clock },
  };
}

/** Scores and placings of a chess result; none for `*` (no result). */
const RESULTS: Record<GameResult, SeatResult[]> = {
  '1-0': [
    { seat: 0, score: 1, placing: 1 },
    { seat: 1, score: 0, placing: 2 },
  ],
  '0-1': [
    { seat: 0, score: 0, placing: 2 },
    { seat: 1, score: 1, placing: 1 },
  ],
  '1/2-1/2': [
    { seat: 0, score: 0.5, placing: 1 },
    { seat: 1, score: 0.5, placing: 1 },
  ],
  '*': [],
};

export function toMatchEnding(ending: GameEnding): MatchEnding {
  return {
    termination: ending.termination,
    results: RESULTS[ending.result].map((r) => ({ ...r })),
    endedAt: ending.endedAt,
    record: { result: ending.result, pgn: ending.pgn, final: ending.fen },
  };
}

export function toFinishedGame(finished: FinishedMatch, result: GameResult): FinishedGame {
  const ratings: FinishedGame['ratings'] = {};
  for (const r of finished.results) {
    if (!r.rating) continue;
    if (r.seat === SEAT_OF.white) ratings.white = r.rating;
    if (r.seat === SEAT_OF.black) ratings.black = r.rating;
  }
  return { result, termination: finished.termination as FinishedGame['termination'], ratings };
}
