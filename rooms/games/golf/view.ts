import type { GolfRules } from '../../../schema/golf.ts';
import type { Viewer } from '../../match/game-module.ts';
import type { Golf, Phase, PlayedHole } from './game.ts';
import { inEndgame } from './hole.ts';
import { discardFlip } from './moves.ts';
import { rulesOf } from './options.ts';

/**
 * What a viewer sees of a game of Golf. A seat sees every face-up card and the card it holds
 * after drawing from the deck; nobody ever sees a face-down card until it is turned up or its
 * hole is scored (then every card of that hole is shown, in `played`). A computer player decides
 * from this same view of its seat.
 */
export interface GolfView {
  status: Golf['status'];
  players: number;
  hole: number;
  holes: number;
  /** The house rules of the table. */
  rules: GolfRules;
  turn: number;
  /** The turns played so far this hole. */
  turns: number;
  phase: Phase;
  deadline: number | null;
  /** Per seat, six positions: the card if face up, null if face down. */
  grids: Array<Array<string | null>>;
  discardTop: string | null;
  /** The cards in the discard pile; an empty deck is refilled from all of them but the top. */
  discardCount: number;
  stockCount: number;
  /** The card the seat to act holds: shown to all when taken from the discard pile, else to that seat only. */
  drawn: string | null;
  /** Holding a drawn card: whether a discard must, may or may not turn up a face-down card. */
  discardFlip: 'must' | 'may' | 'no';
  /** Some seat has at most one card face down. */
  endgame: boolean;
  finisher: number | null;
  totals: number[];
  /** The holes scored so far, every card shown. */
  played: PlayedHole[];
  termination: string | null;
  results: Golf['results'];
  seat?: number;
}

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
