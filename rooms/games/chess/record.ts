import { COLORS } from '../../../schema/chess.ts';
import type { MatchEnding, SeatResult } from '../../../server/services/ports.ts';
import type { GameEnding, RecordContext } from '../../match/game-module.ts';
import type { ChessGame } from './game.ts';
import { makePgn } from './pgn.ts';

/**
 * In a game of an arena that allows berserk, each side's moves and whether it went berserk (the
 * arena's berserk point reads them), white first; undefined in any other game.
 */
function seatPlayOf(game: ChessGame): Array<Pick<SeatResult, 'moves' | 'berserk'>> | undefined {
  if (!game.config.berserk) return undefined;
  return COLORS.map((color) => ({
    moves: game.moves.filter((m) => m.by === color).length,
    berserk: game.berserk[color],
  }));
}

/**
 * White scores 1, ½ or 0; the placings follow (a draw shares the first). No result: none. A game
 * of an arena that allows berserk adds each side's play ({@link seatPlayOf}).
 */
export function resultsOf(game: ChessGame): SeatResult[] {
  const white =
    game.result === '1-0' ? 1 : game.result === '0-1' ? 0 : game.result === '1/2-1/2' ? 0.5 : null;
  if (white === null) return [];
  const play = seatPlayOf(game);
  return [white, 1 - white].map((score, seat) => ({
    seat,
    score,
    placing: score >= 1 - score ? 1 : 2,
    ...play?.[seat],
  }));
}

export function endingOf(game: ChessGame): GameEnding | null {
  if (game.status !== 'ended') return null;
  const ending: GameEnding = {
    termination: game.termination ?? 'aborted',
    results: resultsOf(game),
    endedAt: game.endedAt ?? game.clock.since,
  };
  // Seats are in colour order: white 0, black 1.
  if (game.noFirstMove) ending.forfeited = [COLORS.indexOf(game.noFirstMove)];
  return ending;
}

/** What the record keeps of an ended game: result, final position, PGN with clocks. */
export function recordOf(game: ChessGame, context: RecordContext): MatchEnding['record'] {
  const [white, black] = COLORS.map((_, seat) => ({
    name: context.names[seat] ?? '',
    rating: context.rated ? context.ratings[seat] : undefined,
  }));
  const pgn = makePgn(
    game,
    {
      event: `${context.rated ? 'Rated' : 'Casual'} ${context.pool} game`,
      site: 'Rookery',
      gameId: context.gameId,
      white: white!.name,
      black: black!.name,
      whiteElo: white!.rating,
      blackElo: black!.rating,
      rated: context.rated,
    },
    { clocks: true },
  );
  return { result: game.result ?? '*', pgn, final: game.fen };
}
