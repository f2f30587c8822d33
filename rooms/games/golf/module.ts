import { z } from 'zod';
import type { MatchEvent } from '../../../server/services/ports.ts';
import { accepted, type Command, type GameModule, refused, type Viewer } from '../../match/game-module.ts';
import { emptyPayload } from '../../match/options.ts';
import { seatToAct, turnDeadline, turnTimeout } from '../../match/turn-timer.ts';
import { applyGolf, createGolf, type Golf, type GolfOptions, type Phase, type PlayedHole } from './game.ts';
import { rank, value } from './scoring.ts';

/**
 * Six-card Golf on the match actor (`docs/golf.md`). Hidden information: a seat sees every face-up
 * card and the card it holds after drawing from the deck; nobody ever sees a face-down card until
 * it is turned up or its hole is scored (then every card of that hole is shown).
 */

export const DEFAULTS: GolfOptions = { players: 2, holes: 9, initialFlips: 2, jokers: false, turnMs: 30_000 };

const joinOptions = z
  .object({
    players: z.number().int().min(2).max(6).optional(),
    holes: z.number().int().min(1).max(18).optional(),
    initialFlips: z.number().int().min(0).max(2).optional(),
    jokers: z.boolean().optional(),
    turnMs: z.number().int().min(50).max(600_000).optional(),
    seat: z.number().int().min(0).max(5).optional(),
  })
  .loose();

/** What a viewer sees of a game of Golf. */
export interface GolfView {
  status: Golf['status'];
  players: number;
  hole: number;
  holes: number;
  turn: number;
  phase: Phase;
  deadline: number | null;
  /** Per seat, six positions: the card if face up, null if face down. */
  grids: Array<Array<string | null>>;
  discardTop: string | null;
  stockCount: number;
  /** The card the seat to act holds: shown to all when taken from the discard pile, else to that seat only. */
  drawn: string | null;
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
  return {
    status: game.status,
    players: game.options.players,
    hole: game.hole,
    holes: game.options.holes,
    turn: game.turn,
    phase: game.phase,
    deadline: game.deadline,
    grids: game.grids.map((grid, s) => grid.map((card, i) => (game.up[s]![i] ? card : null))),
    discardTop: game.discard.at(-1) ?? null,
    stockCount: game.stock.length,
    drawn: holding ? game.drawn : null,
    finisher: game.finisher,
    totals: game.totals,
    played: game.played,
    termination: game.termination,
    results: game.results,
    ...(typeof viewer === 'number' ? { seat: viewer } : {}),
  };
}

/** A face-down card is worth this much to the bot: about the average card. */
const UNKNOWN = 5;

/** What position `index` of a grid is worth now, counting its column partner (face down: UNKNOWN). */
function worth(grid: ReadonlyArray<string | null>, index: number, card: string | null): number {
  const partner = grid[(index + 3) % 6] ?? null;
  const own = card === null ? UNKNOWN : value(card);
  if (card !== null && partner !== null && rank(card) === rank(partner)) return -value(partner);
  return own;
}

/** The best position for `card` and how much it gains (the drop of the grid's score, estimated). */
export function bestSwap(grid: ReadonlyArray<string | null>, card: string): { index: number; gain: number } {
  let best = { index: 0, gain: Number.NEGATIVE_INFINITY };
  for (let i = 0; i < 6; i++) {
    const gain = worth(grid, i, grid[i] ?? null) - worth(grid, i, card);
    if (gain > best.gain) best = { index: i, gain };
  }
  return best;
}

/**
 * The bot, from its own seat's view: takes the discard's top when it gains at least 3 points,
 * else draws; keeps a drawn card when it gains anything, else discards it.
 */
function choose(seen: unknown, seat: number): Command | null {
  const view = seen as GolfView;
  if (view.status !== 'playing' || view.turn !== seat) return null;
  const grid = view.grids[seat]!;
  if (view.phase === 'choose') {
    if (view.discardTop !== null && bestSwap(grid, view.discardTop).gain >= 3)
      return { type: 'take', payload: undefined };
    return { type: 'draw', payload: undefined };
  }
  if (view.drawn === null) return null;
  const best = bestSwap(grid, view.drawn);
  if (view.phase === 'took' || best.gain > 0) return { type: 'swap', payload: { index: best.index } };
  return { type: 'discard', payload: undefined };
}

function parseOptions(given: Record<string, unknown>) {
  const checked = joinOptions.safeParse(given);
  if (!checked.success)
    return refused('VALIDATION_FAILED', 'golf options: players 2–6, holes 1–18, initialFlips 0–2');
  const o = checked.data;
  return accepted({
    players: o.players ?? DEFAULTS.players,
    holes: o.holes ?? DEFAULTS.holes,
    initialFlips: o.initialFlips ?? DEFAULTS.initialFlips,
    jokers: o.jokers ?? DEFAULTS.jokers,
    turnMs: o.turnMs ?? DEFAULTS.turnMs,
  });
}

export const golfModule: GameModule<Golf, GolfOptions> = {
  name: 'golf',
  eventVersion: 1,
  hiddenInformation: true,
  joinOptions,
  parseOptions,
  optionsJson: (options) => ({ ...options }),
  pairBy: ['players', 'holes', 'initialFlips', 'jokers', 'turnMs'],
  seats: (options) => ({ teams: Array.from({ length: options.players }, (_, i) => i) }),
  seatWish: (given) => (typeof given.seat === 'number' ? given.seat : undefined),
  pool: () => 'golf',
  create: createGolf,
  lifecycle: {
    start: (at, seed) => ({ type: 'start', at, seed }),
    resume: (since, at) => ({ type: 'resume', at, since }),
    abandon: (at) => ({ type: 'abandon', at }),
    claim: (seat, at) => ({ type: 'claim', at, seat }),
  },
  commands: {
    draw: emptyPayload,
    take: emptyPayload,
    discard: emptyPayload,
    swap: z.strictObject({ index: z.number().int().min(0).max(5) }),
  },
  command: (game, seat, { type, payload }, at) => {
    const event: MatchEvent =
      type === 'swap' ? { type, at, seat, index: (payload as { index: number }).index } : { type, at, seat };
    const checked = applyGolf(game, event);
    return checked.ok ? accepted([event]) : checked;
  },
  apply: applyGolf,
  upgrade: (event) => event,
  status: (game) => game.status,
  due: turnTimeout,
  nextDeadline: turnDeadline,
  toAct: seatToAct,
  view: golfView,
  ending: (game) =>
    game.status === 'ended'
      ? { termination: game.termination ?? '', results: game.results, endedAt: game.endedAt ?? game.lastAt }
      : null,
  bot: { levels: ['plain'], defaultLevel: 'plain', choose: (seen, seat) => choose(seen, seat) },
  record: (game) => ({
    export: {
      options: game.options,
      seed: game.seed,
      holes: game.played,
      totals: game.totals,
      termination: game.termination,
      results: game.results,
    },
  }),
  // The game is plain JSON; a long game of many holes then restores without replaying it all.
  snapshot: {
    v: 1,
    every: 40,
    save: (game) => game,
    load: (options, state) => ({ ...(state as Golf), options }),
  },
};
