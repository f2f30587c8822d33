/**
 * Arena scoring as Lichess plays it: a win is worth 2, a draw 1, a loss 0. Two wins in a row set a
 * player "on fire": from the next game on, every result counts double until the player fails to
 * win. A player who berserked (halved their own clock) and won gets one more point, if the game was
 * long enough (at least `berserkMinMoves` moves by that player).
 */

export type ArenaOutcome = 'win' | 'draw' | 'loss';

export interface ArenaGameResult {
  readonly outcome: ArenaOutcome;
  readonly berserk: boolean;
  /** Moves the player made in the game. */
  readonly moves: number;
}

export interface ArenaSheetEntry {
  readonly outcome: ArenaOutcome;
  readonly points: number;
  /** The game was played on fire (doubled). */
  readonly onFire: boolean;
  readonly berserkBonus: boolean;
}

export interface ArenaSheet {
  readonly points: number;
  /** On fire for the next game. */
  readonly onFire: boolean;
  readonly entries: readonly ArenaSheetEntry[];
}

export const ARENA_SCORING = { win: 2, draw: 1, loss: 0, berserkMinMoves: 7 } as const;

export const EMPTY_SHEET: ArenaSheet = { points: 0, onFire: false, entries: [] };

/** The sheet after one more game. */
export function scoreGame(
  sheet: ArenaSheet,
  game: ArenaGameResult,
  berserkMinMoves: number = ARENA_SCORING.berserkMinMoves,
): ArenaSheet {
  const base = ARENA_SCORING[game.outcome];
  const onFire = sheet.onFire;
  const berserkBonus = game.berserk && game.outcome === 'win' && game.moves >= berserkMinMoves;
  const points = (onFire ? 2 * base : base) + (berserkBonus ? 1 : 0);
  const entries = [...sheet.entries, { outcome: game.outcome, points, onFire, berserkBonus }];
  const last = entries.slice(-2);
  const nextOnFire =
    game.outcome === 'win' && (onFire || (last.length === 2 && last.every((e) => e.outcome === 'win')));
  return { points: sheet.points + points, onFire: nextOnFire, entries };
}

export const scoreGames = (games: readonly ArenaGameResult[], berserkMinMoves?: number): ArenaSheet =>
  games.reduce((sheet, g) => scoreGame(sheet, g, berserkMinMoves), EMPTY_SHEET);
