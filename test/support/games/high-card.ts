import { z } from 'zod';
import type { RegisteredGame } from '../../../rooms/games/registry.ts';
import {
  accepted,
  type Checked,
  type GameModule,
  refused,
  staffEnding,
  type Viewer,
} from '../../../rooms/match/game-module.ts';
import { jsonStateBinding } from '../../../rooms/match/json-state.ts';
import { emptyPayload } from '../../../rooms/match/options.ts';
import { resumeTurn, seatToAct, turnDeadline, turnTimeout } from '../../../rooms/match/turn-timer.ts';
import { seededRandom } from '../../../rooms/rules/random.ts';
import type { MatchEvent, SeatResult } from '../../../server/services/ports.ts';

/**
 * High card, a game for tests of the match actor: three seats, each dealt one hidden card from a
 * seeded shuffle; in turn (seat 0, 1, 2) each player calls or folds, within `turnMs` (a turn not
 * taken in time is a fold); then the highest card among those who called wins. Nobody ever sees
 * another seat's card, not even at the end: the result says who won, the cards stay hidden.
 */

const SUITS = ['♠', '♥', '♦', '♣'] as const;
const RANKS = ['2', '3', '4', '5', '6', '7', '8', '9', 'T', 'J', 'Q', 'K', 'A'] as const;
/** Every card, weakest first: its index is its strength. `"♥K"`: no other text looks like one. */
export const DECK = RANKS.flatMap((rank) => SUITS.map((suit) => `${suit}${rank}`));

export const SEATS = 3;

export interface HighCardOptions {
  turnMs: number;
}

type Choice = 'call' | 'fold';

export interface HighCard {
  options: HighCardOptions;
  status: 'waiting' | 'playing' | 'ended';
  /** One per seat, from the start. */
  cards: string[];
  choices: Array<Choice | null>;
  turn: number;
  /** When the seat to act folds by itself; null when nobody is to act. */
  deadline: number | null;
  termination: string | null;
  results: SeatResult[];
  endedAt: number | null;
  lastAt: number;
}

/** Fisher–Yates over the deck with the seed: the first three cards are the seats'. */
export function deal(seed: number): string[] {
  const random = seededRandom(seed);
  const deck = [...DECK];
  for (let i = deck.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [deck[i], deck[j]] = [deck[j]!, deck[i]!];
  }
  return deck.slice(0, SEATS);
}

const strength = (card: string) => DECK.indexOf(card);

function showdown(game: HighCard, at: number): HighCard {
  const order = [...game.cards.keys()].sort((a, b) => {
    const called = Number(game.choices[b] === 'call') - Number(game.choices[a] === 'call');
    return called || strength(game.cards[b]!) - strength(game.cards[a]!);
  });
  const winner = game.choices[order[0]!] === 'call' ? order[0]! : null;
  const results = order.map((seat, i) => ({
    seat,
    score: seat === winner ? 1 : 0,
    placing: game.choices[seat] === 'call' ? i + 1 : SEATS,
  }));
  return end(game, winner === null ? 'everyone_folded' : 'showdown', results, at);
}

function end(game: HighCard, termination: string, results: SeatResult[], at: number): HighCard {
  return { ...game, status: 'ended', termination, results, endedAt: at, deadline: null };
}

/** A seat acts: the turn passes on, or the last one ends the game. */
function act(game: HighCard, seat: number, choice: Choice, at: number): HighCard {
  const choices = game.choices.map((c, i) => (i === seat ? choice : c));
  const next = { ...game, choices, turn: seat + 1, deadline: at + game.options.turnMs };
  return seat + 1 >= SEATS ? showdown(next, at) : next;
}

function applyEvent(game: HighCard, event: MatchEvent): Checked<HighCard> {
  const { at } = event;
  if (game.status === 'ended') return refused('GAME_OVER', 'the game is over');
  if (at < game.lastAt) return refused('BAD_MESSAGE', 'an event dated before the previous one');
  const seat = typeof event.seat === 'number' ? event.seat : -1;
  let next: HighCard;
  switch (event.type) {
    case 'start':
      if (game.status !== 'waiting') return refused('BAD_MESSAGE', 'the game has started');
      next = {
        ...game,
        status: 'playing',
        cards: deal(Number(event.seed)),
        turn: 0,
        deadline: at + game.options.turnMs,
      };
      break;
    case 'call':
    case 'fold':
    case 'timeout':
      if (game.status !== 'playing') return refused('GAME_NOT_STARTED', 'the game has not started');
      if (seat !== game.turn) return refused('NOT_YOUR_TURN', 'it is not your turn');
      next = act(game, seat, event.type === 'call' ? 'call' : 'fold', at);
      break;
    case 'resume':
      next = resumeTurn(game, Number(event.since), at);
      break;
    case 'abandon':
      next = end(game, 'abandoned_by_all', [], at);
      break;
    case 'staff:end': {
      const ending = staffEnding(event.scores, SEATS);
      if (!ending.ok) return ending;
      next = end(game, ending.value.termination, ending.value.results, at);
      break;
    }
    case 'claim':
      next = end(
        game,
        'abandoned',
        game.cards.map((_, s) => ({ seat: s, score: s === seat ? 1 : 0, placing: s === seat ? 1 : 2 })),
        at,
      );
      break;
    default:
      return refused('BAD_MESSAGE', `no event "${event.type}"`);
  }
  return accepted({ ...next, lastAt: at });
}

/** What a viewer may see: every seat's choice and the turn; a seat's own card, to that seat only. */
function view(game: HighCard, viewer: Viewer) {
  return {
    status: game.status,
    turn: game.turn,
    deadline: game.deadline,
    choices: game.choices,
    termination: game.termination,
    results: game.results,
    ...(typeof viewer === 'number' && game.cards[viewer] ? { seat: viewer, card: game.cards[viewer] } : {}),
  };
}

export const highCard: GameModule<HighCard, HighCardOptions> = {
  name: 'highcard',
  eventVersion: 1,
  hiddenInformation: true,
  joinOptions: z
    .object({
      turnMs: z.number().int().min(50).max(600_000).optional(),
      seat: z
        .number()
        .int()
        .min(0)
        .max(SEATS - 1)
        .optional(),
    })
    .loose(),
  parseOptions: (given) => accepted({ turnMs: typeof given.turnMs === 'number' ? given.turnMs : 5_000 }),
  optionsJson: (options) => ({ turnMs: options.turnMs }),
  pairBy: ['turnMs'],
  seats: () => ({ teams: [0, 1, 2] }),
  seatWish: (given) => (typeof given.seat === 'number' ? given.seat : undefined),
  pool: () => 'highcard',
  create: (options) => ({
    options,
    status: 'waiting',
    cards: [],
    choices: [null, null, null],
    turn: 0,
    deadline: null,
    termination: null,
    results: [],
    endedAt: null,
    lastAt: Number.NEGATIVE_INFINITY,
  }),
  lifecycle: {
    start: (at, seed) => ({ type: 'start', at, seed }),
    resume: (since, at) => ({ type: 'resume', at, since }),
    abandon: (at) => ({ type: 'abandon', at }),
    claim: (seat, at) => ({ type: 'claim', at, seat }),
    staffEnd: (at, scores) => ({ type: 'staff:end', at, scores }),
  },
  commands: { call: emptyPayload, fold: emptyPayload },
  command: (_game, seat, { type }, at) => accepted([{ type, at, seat }]),
  apply: applyEvent,
  upgrade: (event) => event,
  status: (game) => game.status,
  due: turnTimeout,
  nextDeadline: turnDeadline,
  toAct: seatToAct,
  view,
  ending: (game) =>
    game.status === 'ended'
      ? { termination: game.termination ?? '', results: game.results, endedAt: game.endedAt ?? game.lastAt }
      : null,
  bot: {
    levels: ['plain'],
    defaultLevel: 'plain',
    // The bot sees its own card only: it calls with a seven or better.
    choose: (seen) => {
      const card = (seen as { card?: string }).card;
      return { type: card && strength(card) >= strength('♠7') ? 'call' : 'fold', payload: undefined };
    },
  },
  record: (game) => ({ export: { choices: game.choices, results: game.results } }),
  // Often, so that the tests restore from snapshots too.
  snapshot: {
    v: 1,
    every: 2,
    save: (game) => game,
    load: (options, state) => ({ ...(state as HighCard), options }),
  },
};

/** High card as the tests register it (never in the server's own registry). */
export const highCardGame: RegisteredGame = { module: highCard, binding: jsonStateBinding('highcard') };
