import type { Color } from '../../schema/chess.ts';
import type { FinishedGame, GameEnding, GameRecords, RoomLog } from '../../server/services/ports.ts';
import type { ChessGame } from '../games/chess/game.ts';
import { makePgn } from '../games/chess/pgn.ts';

export interface EndingContext {
  gameId: string;
  rated: boolean;
  category: string;
  names: Record<Color, string>;
  /** Ratings before the game, shown in the PGN of a rated game. */
  ratings: Partial<Record<Color, number>>;
}

/** What the record keeps of an ended game: result, termination, final position, PGN with clocks. */
export function endingOf(game: ChessGame, context: EndingContext, now: number): GameEnding {
  const pgn = makePgn(
    game,
    {
      event: `${context.rated ? 'Rated' : 'Casual'} ${context.category} game`,
      site: 'Rookery',
      gameId: context.gameId,
      white: context.names.white,
      black: context.names.black,
      whiteElo: context.rated ? context.ratings.white : undefined,
      blackElo: context.rated ? context.ratings.black : undefined,
      rated: context.rated,
    },
    { clocks: true },
  );
  return {
    result: game.result ?? '*',
    termination: game.termination ?? 'aborted',
    endedAt: game.endedAt ?? now,
    pgn,
    fen: game.fen,
  };
}

/**
 * Hands the ending to the record until it takes it (the record makes a repeat harmless), with
 * backoff; gives up only when `abandon()` says the room no longer owns the game.
 */
export async function recordEnding(
  games: GameRecords,
  gameId: string,
  ending: GameEnding,
  log: RoomLog,
  abandon: () => boolean,
): Promise<FinishedGame | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await games.finish(gameId, ending);
    } catch (err) {
      log.error({ err, gameId, attempt }, 'could not record the end of a game; retrying');
      await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 250 * 2 ** attempt)));
      if (abandon()) return undefined;
    }
  }
}
