import type { MatchEvent, SeatResult } from '../../../server/services/ports.ts';
import { resumeTurn } from '../../match/turn-timer.ts';
import { seededRandom } from '../../rules/random.ts';
import { accepted, type Checked, refused } from '../../rules/refusal.ts';
import { deck, scoreGrid } from './scoring.ts';

/**
 * Six-card Golf as an immutable value and the events of its log. The start event carries the
 * seed; every shuffle of the game (each hole's deal, each refill of an empty deck) is drawn from
 * it, so a replay of the log gives the same game.
 *
 * The initial flips are not choices: at each deal the first `initialFlips` of the positions
 * `FLIP_ORDER` are turned up for every seat (index 0, then index 4: one card in each of two
 * columns), so a hole starts with the first player's turn and no flipping phase.
 */

export interface GolfOptions {
  players: number;
  holes: number;
  initialFlips: number;
  jokers: boolean;
  turnMs: number;
}

export const FLIP_ORDER = [0, 4] as const;

/** `choose`: draw or take; `drawn`: holding the deck's card; `took`: holding the discard's top. */
export type Phase = 'choose' | 'drawn' | 'took';

/** A hole as it was scored: every card, and each seat's score. */
export interface PlayedHole {
  grids: string[][];
  scores: number[];
}

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

/** A seed for one shuffle of the game: the game's seed mixed with the hole and the refill. */
function shuffleSeed(seed: number, hole: number, refill: number): number {
  return (
    (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(hole + 1, 0xc2b2ae35) + refill * 0x27d4eb2f) >>> 0
  );
}

/** Fisher–Yates with a seeded source. */
export function shuffle(cards: readonly string[], seed: number): string[] {
  const random = seededRandom(seed);
  const out = [...cards];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** One deck, two for five players or more. */
export function fullDeck(options: GolfOptions): string[] {
  const one = deck(options.jokers);
  return options.players >= 5 ? [...one, ...one] : one;
}

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
    turn: hole % n,
    phase: 'choose',
    drawn: null,
    finisher: null,
    deadline: at + game.options.turnMs,
  };
}

/** Placing by total, lowest first; equal totals share a placing. */
export function placings(totals: readonly number[]): SeatResult[] {
  return totals.map((score, seat) => ({
    seat,
    score,
    placing: 1 + totals.filter((t) => t < score).length,
  }));
}

function end(game: Golf, termination: string, results: SeatResult[], at: number): Golf {
  return { ...game, status: 'ended', termination, results, endedAt: at, deadline: null, drawn: null };
}

/** Scores the hole: every card counts, face down or not. Then the next hole, or the end. */
function scoreHole(game: Golf, at: number): Golf {
  const scores = game.grids.map(scoreGrid);
  const totals = game.totals.map((t, s) => t + scores[s]!);
  const played = [...game.played, { grids: game.grids, scores }];
  const next = { ...game, totals, played, up: game.grids.map(() => Array(6).fill(true) as boolean[]) };
  if (game.hole + 1 >= game.options.holes) return end(next, 'holes_played', placings(totals), at);
  return deal(next, game.hole + 1, at);
}

/** The turn is over: the next seat plays, or the hole is scored when the turn reaches the finisher. */
function endTurn(game: Golf, at: number): Golf {
  const n = game.options.players;
  const seat = game.turn;
  const finisher = game.finisher ?? (game.up[seat]!.every(Boolean) ? seat : null);
  const turn = (seat + 1) % n;
  const next = { ...game, finisher, turn, phase: 'choose' as const, drawn: null };
  if (finisher !== null && turn === finisher) return scoreHole(next, at);
  return { ...next, deadline: at + game.options.turnMs };
}

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

function swap(game: Golf, index: number, at: number): Golf {
  const seat = game.turn;
  const grids = game.grids.map((g, s) => (s === seat ? g.map((c, i) => (i === index ? game.drawn! : c)) : g));
  const up = game.up.map((u, s) => (s === seat ? u.map((v, i) => i === index || v) : u));
  const discard = [...game.discard, game.grids[seat]![index]!];
  return endTurn({ ...game, grids, up, discard }, at);
}

function discardDrawn(game: Golf, at: number): Golf {
  return endTurn({ ...game, discard: [...game.discard, game.drawn!] }, at);
}

/** What the timer does for a seat that did not act: draw and discard, or swap a taken card in. */
function timeout(game: Golf, at: number): Golf {
  if (game.phase === 'took') {
    const down = game.up[game.turn]!.indexOf(false);
    return swap(game, down === -1 ? 0 : down, at);
  }
  const holding = game.phase === 'drawn' ? game : draw(game);
  return holding === null ? scoreHole(game, at) : discardDrawn(holding, at);
}

function seatOf(event: MatchEvent): number {
  return typeof event.seat === 'number' ? event.seat : -1;
}

/** Applies one event of the log: a new game, or why not. */
export function applyGolf(game: Golf, event: MatchEvent): Checked<Golf> {
  const { at } = event;
  if (game.status === 'ended') return refused('GAME_OVER', 'the game is over');
  if (at < game.lastAt) return refused('BAD_MESSAGE', 'an event dated before the previous one');
  const seat = seatOf(event);
  let next: Golf;
  switch (event.type) {
    case 'start': {
      if (game.status !== 'waiting') return refused('BAD_MESSAGE', 'the game has started');
      const seed = Number(event.seed);
      if (!Number.isInteger(seed)) return refused('BAD_MESSAGE', 'a start needs an integer seed');
      next = deal({ ...game, status: 'playing', seed }, 0, at);
      break;
    }
    case 'draw':
    case 'take':
    case 'swap':
    case 'discard':
    case 'timeout': {
      if (game.status !== 'playing') return refused('GAME_NOT_STARTED', 'the game has not started');
      if (seat !== game.turn) return refused('NOT_YOUR_TURN', 'it is not your turn');
      const move = play(game, event, at);
      if (!move.ok) return move;
      next = move.value;
      break;
    }
    case 'resume':
      next = resumeTurn(game, Number(event.since), at);
      break;
    case 'abandon':
      next = end(game, 'abandoned_by_all', [], at);
      break;
    case 'claim':
      next = end(
        game,
        'abandoned',
        game.totals.map((_, s) => ({ seat: s, score: game.totals[s]!, placing: s === seat ? 1 : 2 })),
        at,
      );
      break;
    default:
      return refused('BAD_MESSAGE', `no event "${event.type}"`);
  }
  return accepted({ ...next, lastAt: at });
}

function play(game: Golf, event: MatchEvent, at: number): Checked<Golf> {
  switch (event.type) {
    case 'draw': {
      if (game.phase !== 'choose') return refused('ILLEGAL_MOVE', 'you hold a card: swap or discard it');
      const drawn = draw(game);
      return drawn === null ? refused('ILLEGAL_MOVE', 'no card is left to draw') : accepted(drawn);
    }
    case 'take':
      if (game.phase !== 'choose') return refused('ILLEGAL_MOVE', 'you hold a card: swap or discard it');
      return accepted({
        ...game,
        discard: game.discard.slice(0, -1),
        drawn: game.discard.at(-1)!,
        phase: 'took',
      });
    case 'swap': {
      if (game.phase === 'choose') return refused('ILLEGAL_MOVE', 'draw or take a card first');
      const index = event.index;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > 5)
        return refused('ILLEGAL_MOVE', 'a grid position is 0 to 5');
      return accepted(swap(game, index, at));
    }
    case 'discard':
      if (game.phase === 'choose') return refused('ILLEGAL_MOVE', 'draw a card first');
      if (game.phase === 'took')
        return refused('ILLEGAL_MOVE', 'a card taken from the discard pile must be swapped in');
      return accepted(discardDrawn(game, at));
    default:
      return accepted(timeout(game, at));
  }
}
