import type { MatchEvent } from '../../server/services/ports.ts';

/**
 * A game played one seat at a time with a timer on each turn: the seat to act, and the moment its
 * turn runs out (null while no timer runs). Pure helpers for the members of a game module that
 * every such game would otherwise write alike.
 */
export interface TimedTurns {
  status: 'waiting' | 'playing' | 'ended';
  turn: number;
  deadline: number | null;
}

/**
 * The `timeout` event of the seat to act once its turn has run out at `now`, dated at the
 * deadline itself (not when a timer noticed), so a replay is exact; null before then.
 *
 * @example
 * due: (game, now) => turnTimeout(game, now),
 */
export function turnTimeout(game: TimedTurns, now: number): MatchEvent | null {
  return game.status === 'playing' && game.deadline !== null && game.deadline <= now
    ? { type: 'timeout', at: game.deadline, seat: game.turn }
    : null;
}

/** When the turn of the seat to act runs out; null when the game is not being played. */
export function turnDeadline(game: TimedTurns): number | null {
  return game.status === 'playing' ? game.deadline : null;
}

/** The seat to act, while the game is played. */
export function seatToAct(game: TimedTurns): number[] {
  return game.status === 'playing' ? [game.turn] : [];
}

/**
 * The game after a `resume` event: the time it could not be reached (from `since` until `at`)
 * is added to the running turn, so nobody loses a turn to a crash.
 */
export function resumeTurn<G extends TimedTurns>(game: G, since: number, at: number): G {
  return game.deadline === null ? game : { ...game, deadline: game.deadline + (at - since) };
}
