import type { GolfOptions, GolfPhase as Phase, GolfPlayedHole as PlayedHole } from '../../../schema/golf.ts';
import type { MatchEvent, SeatResult } from '../../../server/services/ports.ts';
import { staffEnding } from '../../match/game-module.ts';
import { resumeTurn } from '../../match/turn-timer.ts';
import { accepted, type Checked, refused } from '../../rules/refusal.ts';
import { deal, end } from './hole.ts';
import { play } from './moves.ts';

export type { GolfOptions } from '../../../schema/golf.ts';
export { fullDeck, placings, shuffle } from './deal.ts';
export { deal, FLIP_ORDER, inEndgame } from './hole.ts';

/**
 * Six-card Golf as an immutable value and the events of its log. The start event carries the
 * seed; every shuffle of the game (each hole's deal, each refill of an empty deck) is drawn from
 * it, so a replay of the log gives the same game.
 * The hole's life is in `hole.ts`, the moves of a turn in `moves.ts`, the rules' scores in
 * `scoring.ts`.
 */

export type { GolfPhase as Phase, GolfPlayedHole as PlayedHole } from '../../../schema/golf.ts';

export interface Golf {
  options: GolfOptions;
  status: 'waiting' | 'playing' | 'ended';
  seed: number;
  /** 0-based. */
  hole: number;
  grids: string[][];
  up: boolean[][];
  /** The deck to draw from; its top is the last card. */
  stock: string[];
  /** The discard pile, face up; its top is the last card. */
  discard: string[];
  refills: number;
  /** The turns played so far this hole. */
  turns: number;
  turn: number;
  phase: Phase;
  /** The card the seat to act holds, if any. */
  drawn: string | null;
  /** The seat that turned up all six first this hole: everyone else has one last turn. */
  finisher: number | null;
  played: PlayedHole[];
  totals: number[];
  deadline: number | null;
  termination: string | null;
  results: SeatResult[];
  endedAt: number | null;
  lastAt: number;
}

export function createGolf(options: GolfOptions): Golf {
  return {
    options,
    status: 'waiting',
    seed: 0,
    hole: 0,
    grids: [],
    up: [],
    stock: [],
    discard: [],
    refills: 0,
    turns: 0,
    turn: 0,
    phase: 'choose',
    drawn: null,
    finisher: null,
    played: [],
    totals: Array.from({ length: options.players }, () => 0),
    deadline: null,
    termination: null,
    results: [],
    endedAt: null,
    lastAt: Number.NEGATIVE_INFINITY,
  };
}

const MOVES = new Set(['draw', 'take', 'swap', 'discard', 'flip', 'knock', 'timeout']);

/** Applies one event of the log: a new game, or why not. */
export function applyGolf(game: Golf, event: MatchEvent): Checked<Golf> {
  const { at } = event;
  if (game.status === 'ended') return refused('GAME_OVER', 'the game is over');
  if (at < game.lastAt) return refused('BAD_MESSAGE', 'an event dated before the previous one');
  const seat = typeof event.seat === 'number' ? event.seat : -1;
  let next: Golf;
  if (MOVES.has(event.type)) {
    if (game.status !== 'playing') return refused('GAME_NOT_STARTED', 'the game has not started');
    if (seat !== game.turn) return refused('NOT_YOUR_TURN', 'it is not your turn');
    const move = play(game, event, at);
    if (!move.ok) return move;
    next = move.value;
  } else if (event.type === 'start') {
    if (game.status !== 'waiting') return refused('BAD_MESSAGE', 'the game has started');
    const seed = Number(event.seed);
    if (!Number.isInteger(seed)) return refused('BAD_MESSAGE', 'a start needs an integer seed');
    next = deal({ ...game, status: 'playing', seed }, 0, at);
  } else if (event.type === 'resume') next = resumeTurn(game, Number(event.since), at);
  else if (event.type === 'abandon') next = end(game, 'abandoned_by_all', [], at);
  else if (event.type === 'staff:end') {
    if (game.status !== 'playing') return refused('GAME_NOT_STARTED', 'the game has not started');
    const ending = staffEnding(event.scores, game.options.players);
    if (!ending.ok) return ending;
    next = end(game, ending.value.termination, ending.value.results, at);
  } else if (event.type === 'claim')
    next = end(
      game,
      'abandoned',
      game.totals.map((total, s) => ({ seat: s, score: total, placing: s === seat ? 1 : 2 })),
      at,
    );
  else return refused('BAD_MESSAGE', `no event "${event.type}"`);
  return accepted({ ...next, lastAt: at });
}
