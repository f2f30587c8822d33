import type { GolfView } from '../../../schema/golf.ts';

export type { GolfView } from '../../../schema/golf.ts';

import type { Viewer } from '../../match/game-module.ts';
import type { Golf } from './game.ts';
import { inEndgame } from './hole.ts';
import { discardFlip } from './moves.ts';
import { rulesOf } from './options.ts';

/**
 * What a viewer sees of a game of Golf (`GolfView` in `schema/golf.ts`). A seat sees every face-up
 * card and the card it holds after drawing from the deck; nobody ever sees a face-down card until
 * it is turned up or its hole is scored (then every card of that hole is shown, in `played`). A
 * computer player decides from this same view of its seat.
 */
export function golfView(game: Golf, viewer: Viewer): GolfView {
  const holding = game.phase === 'took' || (typeof viewer === 'number' && viewer === game.turn);
  const playing = game.status === 'playing';
  return {
    status: game.status,
    players: game.options.players,
    hole: game.hole,
    holes: game.options.holes,
    rules: rulesOf(game.options),
    turn: game.turn,
    turns: game.turns,
    phase: game.phase,
    deadline: game.deadline,
    grids: game.grids.map((grid, s) => grid.map((card, i) => (game.up[s]![i] ? card : null))),
    discardTop: game.discard.at(-1) ?? null,
    discardCount: game.discard.length,
    stockCount: game.stock.length,
    drawn: holding ? game.drawn : null,
    discardFlip: playing && game.phase === 'drawn' ? discardFlip(game) : 'no',
    endgame: playing && inEndgame(game),
    finisher: game.finisher,
    totals: game.totals,
    played: game.played,
    termination: game.termination,
    results: game.results,
    ...(typeof viewer === 'number' ? { seat: viewer } : {}),
  };
}
