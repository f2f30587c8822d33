import type { MatchEvent } from '../../../server/services/ports.ts';
import { accepted, type Checked, refused } from '../../rules/refusal.ts';
import { shuffle, shuffleSeed } from './deal.ts';
import type { Golf } from './game.ts';
import { endTurn, inEndgame, scored } from './hole.ts';

/**
 * The moves of the seat to act, each a new game or why not: `draw`, `take`, `swap`, `discard`
 * (with the card it turns up under a flip mode), `flip` (flip as an action), `knock` (knock
 * early), and `timeout`, the move the timer makes for a seat that did not act.
 */

const isIndex = (index: unknown): index is number =>
  typeof index === 'number' && Number.isInteger(index) && index >= 0 && index <= 5;

const faceDown = (game: Golf, seat: number): number[] => game.up[seat]!.flatMap((up, i) => (up ? [] : [i]));

/** The top of the deck; an empty deck is first refilled from the discard pile, its top card kept. */
function draw(game: Golf): Golf | null {
  let { stock, discard, refills } = game;
  if (stock.length === 0) {
    if (discard.length < 2) return null;
    refills += 1;
    stock = shuffle(discard.slice(0, -1), shuffleSeed(game.seed, game.hole, refills));
    discard = discard.slice(-1);
  }
  return { ...game, stock: stock.slice(0, -1), discard, refills, drawn: stock.at(-1)!, phase: 'drawn' };
}

function turnUp(game: Golf, indexes: readonly number[]): Golf {
  const seat = game.turn;
  return { ...game, up: game.up.map((u, s) => (s === seat ? u.map((v, i) => v || indexes.includes(i)) : u)) };
}

function swap(game: Golf, index: number, at: number): Golf {
  const seat = game.turn;
  const grids = game.grids.map((g, s) => (s === seat ? g.map((c, i) => (i === index ? game.drawn! : c)) : g));
  const discard = [...game.discard, game.grids[seat]![index]!];
  return endTurn(turnUp({ ...game, grids, discard }, [index]), at);
}

/** Whether a discard must, may or may not turn up a card, under the table's flip mode. */
export function discardFlip(game: Golf): 'must' | 'may' | 'no' {
  if (faceDown(game, game.turn).length === 0) return 'no';
  const mode = game.options.flipMode;
  if (mode === 'always') return 'must';
  return mode === 'endgame' && inEndgame(game) ? 'may' : 'no';
}

function discardDrawn(game: Golf, flip: number | undefined, at: number): Golf {
  const next = { ...game, discard: [...game.discard, game.drawn!] };
  return endTurn(flip === undefined ? next : turnUp(next, [flip]), at);
}

/** What the timer does for a seat that did not act: draw and discard, or swap a taken card in. */
function timeout(game: Golf, at: number): Golf {
  const down = faceDown(game, game.turn);
  if (game.phase === 'took') return swap(game, down[0] ?? 0, at);
  const holding = game.phase === 'drawn' ? game : draw(game);
  if (holding === null) return scored(game, at);
  return discardDrawn(holding, discardFlip(holding) === 'must' ? down[0] : undefined, at);
}

const HOLDING = 'you hold a card: swap or discard it';

export function play(game: Golf, event: MatchEvent, at: number): Checked<Golf> {
  const seat = game.turn;
  switch (event.type) {
    case 'draw': {
      if (game.phase !== 'choose') return refused('ILLEGAL_MOVE', HOLDING);
      const drawn = draw(game);
      return drawn === null ? refused('ILLEGAL_MOVE', 'no card is left to draw') : accepted(drawn);
    }
    case 'take':
      if (game.phase !== 'choose') return refused('ILLEGAL_MOVE', HOLDING);
      return accepted({
        ...game,
        discard: game.discard.slice(0, -1),
        drawn: game.discard.at(-1)!,
        phase: 'took',
      });
    case 'swap':
      if (game.phase === 'choose') return refused('ILLEGAL_MOVE', 'draw or take a card first');
      if (!isIndex(event.index)) return refused('ILLEGAL_MOVE', 'a grid position is 0 to 5');
      return accepted(swap(game, event.index, at));
    case 'discard': {
      if (game.phase === 'choose') return refused('ILLEGAL_MOVE', 'draw a card first');
      if (game.phase === 'took')
        return refused('ILLEGAL_MOVE', 'a card taken from the discard pile must be swapped in');
      const flip = event.flip;
      const may = discardFlip(game);
      if (flip === undefined) {
        if (may === 'must') return refused('ILLEGAL_MOVE', 'this table turns up a card with each discard');
        return accepted(discardDrawn(game, undefined, at));
      }
      if (may === 'no') return refused('ILLEGAL_MOVE', 'no card may be turned up with this discard');
      if (!isIndex(flip) || game.up[seat]![flip])
        return refused('ILLEGAL_MOVE', 'turn up one of your face-down cards');
      return accepted(discardDrawn(game, flip, at));
    }
    case 'flip': {
      if (!game.options.flipAsAction)
        return refused('ILLEGAL_MOVE', 'this table does not play flip as an action');
      if (game.phase !== 'choose') return refused('ILLEGAL_MOVE', HOLDING);
      if (!isIndex(event.index) || game.up[seat]![event.index])
        return refused('ILLEGAL_MOVE', 'turn up one of your face-down cards');
      return accepted(endTurn(turnUp(game, [event.index]), at));
    }
    case 'knock': {
      if (!game.options.knockEarly) return refused('ILLEGAL_MOVE', 'this table does not play knock early');
      if (game.phase !== 'choose') return refused('ILLEGAL_MOVE', HOLDING);
      if (game.finisher !== null) return refused('ILLEGAL_MOVE', 'a player has gone out already');
      const down = faceDown(game, seat);
      if (down.length === 0 || down.length > 2)
        return refused('ILLEGAL_MOVE', 'knock with one or two cards face down');
      return accepted(endTurn(turnUp(game, down), at));
    }
    default:
      return accepted(timeout(game, at));
  }
}
