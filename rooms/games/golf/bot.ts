import type { Command } from '../../match/game-module.ts';
import { rank, type ScoringRules, value } from './scoring.ts';
import type { GolfView } from './view.ts';

/** A face-down card is worth this much to the bot: about the average card. */
const UNKNOWN = 5;

/** What position `index` of a grid is worth now, counting its column partner (face down: UNKNOWN). */
function worth(
  grid: ReadonlyArray<string | null>,
  index: number,
  card: string | null,
  rules?: ScoringRules,
): number {
  const partner = grid[(index + 3) % 6] ?? null;
  const own = card === null ? UNKNOWN : value(card, rules);
  if (card !== null && partner !== null && rank(card) === rank(partner)) return -value(partner, rules);
  return own;
}

/** The best position for `card` and how much it gains (the drop of the grid's score, estimated). */
export function bestSwap(
  grid: ReadonlyArray<string | null>,
  card: string,
  rules?: ScoringRules,
): { index: number; gain: number } {
  let best = { index: 0, gain: Number.NEGATIVE_INFINITY };
  for (let i = 0; i < 6; i++) {
    const gain = worth(grid, i, grid[i] ?? null, rules) - worth(grid, i, card, rules);
    if (gain > best.gain) best = { index: i, gain };
  }
  return best;
}

/**
 * The plain bot, from its own seat's view: takes the discard's top when it gains at least 3
 * points, else draws; keeps a drawn card when it gains anything, else discards it (turning up its
 * first face-down card when the table says a discard must).
 */
export function plainChoice(view: GolfView, seat: number): Command | null {
  if (view.status !== 'playing' || view.turn !== seat) return null;
  const grid = view.grids[seat]!;
  if (view.phase === 'choose') {
    if (view.discardTop !== null && bestSwap(grid, view.discardTop, view.rules).gain >= 3)
      return { type: 'take', payload: undefined };
    return { type: 'draw', payload: undefined };
  }
  if (view.drawn === null) return null;
  const best = bestSwap(grid, view.drawn, view.rules);
  if (view.phase === 'took' || best.gain > 0) return { type: 'swap', payload: { index: best.index } };
  if (view.discardFlip === 'must') return { type: 'discard', payload: { flip: grid.indexOf(null) } };
  return { type: 'discard', payload: undefined };
}
