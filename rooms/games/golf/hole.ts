import type { SeatResult } from '../../../server/services/ports.ts';
import { fullDeck, placings, shuffle, shuffleSeed } from './deal.ts';
import type { Golf } from './game.ts';
import { scoreHole } from './scoring.ts';

/**
 * The life of a hole: its deal, the end of each turn, its scoring; and the end of the game.
 *
 * The initial flips are not choices: at each deal the first `initialFlips` of the positions
 * `FLIP_ORDER` are turned up for every seat (index 0, then index 4: one card in each of two
 * columns), so a hole starts with the first player's turn and no flipping phase.
 */

export const FLIP_ORDER = [0, 4] as const;

/** Deals hole `hole`: six cards to each seat in turn, one to the discard pile; the flips. */
export function deal(game: Golf, hole: number, at: number): Golf {
  const n = game.options.players;
  const stock = shuffle(fullDeck(game.options), shuffleSeed(game.seed, hole, 0));
  const grids: string[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < 6; i++) for (let s = 0; s < n; s++) grids[s]!.push(stock.pop()!);
  const flips = new Set<number>(FLIP_ORDER.slice(0, game.options.initialFlips));
  const up = grids.map(() => Array.from({ length: 6 }, (_, i) => flips.has(i)));
  const discard = [stock.pop()!];
  return {
    ...game,
    hole,
    grids,
    up,
    stock,
    discard,
    refills: 0,
    turns: 0,
    turn: hole % n,
    phase: 'choose',
    drawn: null,
    finisher: null,
    deadline: at + game.options.turnMs,
  };
}

export function end(game: Golf, termination: string, results: SeatResult[], at: number): Golf {
  return { ...game, status: 'ended', termination, results, endedAt: at, deadline: null, drawn: null };
}

/** Scores the hole: every card counts, face down or not. Then the next hole, or the end. */
export function scored(game: Golf, at: number): Golf {
  const scores = scoreHole(game.grids, game.finisher, game.options);
  const totals = game.totals.map((t, s) => t + scores[s]!);
  const played = [...game.played, { grids: game.grids, scores, finisher: game.finisher }];
  const next = { ...game, totals, played, up: game.grids.map(() => Array(6).fill(true) as boolean[]) };
  if (game.hole + 1 >= game.options.holes) return end(next, 'holes_played', placings(totals), at);
  return deal(next, game.hole + 1, at);
}

/** The turn is over: the next seat plays, or the hole is scored when the turn reaches the finisher. */
export function endTurn(game: Golf, at: number): Golf {
  const n = game.options.players;
  const seat = game.turn;
  const finisher = game.finisher ?? (game.up[seat]!.every(Boolean) ? seat : null);
  const turn = (seat + 1) % n;
  const next = { ...game, finisher, turn, phase: 'choose' as const, drawn: null, turns: game.turns + 1 };
  if (finisher !== null && turn === finisher) return scored(next, at);
  return { ...next, deadline: at + game.options.turnMs };
}

/** Whether the endgame has come: some seat has at most one card face down. */
export const inEndgame = (game: Pick<Golf, 'up'>): boolean =>
  game.up.some((up) => up.filter((u) => !u).length <= 1);
