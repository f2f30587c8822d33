import {
  BOT_LEVELS,
  type BotLevel,
  type ChessEvent,
  COLORS,
  type Color,
  opposite,
} from '../../../schema/chess.ts';
import type { MatchEvent } from '../../../server/services/ports.ts';
import { accepted, type Checked, type GameModule, refused } from '../../match/game-module.ts';
import { chooseBotCommand } from './bot-engine.ts';
import type { ChessEngine } from './engine.ts';
import {
  ADJUDICATION_SCORES,
  adjudicatedWinner,
  applyEvent,
  type ChessGame,
  clocksAt,
  dueEvent,
  newGame,
  nextDeadline,
} from './game.ts';
import { CHESS_COMMAND_SCHEMAS, chessJoinOptions } from './messages.ts';
import { endingOf, recordOf } from './record.ts';
import { categoryOf, parseTimeControl, type TimeControl } from './time-control.ts';

/** How chess is played on this server; from its configuration. */
export interface ChessModuleSettings {
  /** How long each side has for its first move before the game is aborted. */
  firstMoveMs: number;
  /** The time control of a room created without one. */
  defaultTimeControl: string;
  /** The engine of the `stockfish-*` levels; without one they play as `greedy`. */
  engine?: ChessEngine;
}

export const DEFAULT_CHESS_MODULE_SETTINGS: ChessModuleSettings = {
  firstMoveMs: 30_000,
  defaultTimeControl: '5+3',
};

export interface ChessOptions {
  timeControl: TimeControl;
  /** A game of an arena that allows berserk; only the server gives it (`MatchSpec.berserk`). */
  berserk: boolean;
}

const colorOf = (seat: number): Color => COLORS[seat]!;

/** Chess as a game module: the rules of `game.ts` (over chessops), seat 0 white, seat 1 black. */
export function chessModule(settings: ChessModuleSettings): GameModule<ChessGame, ChessOptions> {
  return {
    name: 'chess',
    eventVersion: 1,
    hiddenInformation: false,
    joinOptions: chessJoinOptions,
    parseOptions(given): Checked<ChessOptions> {
      const text = typeof given.timeControl === 'string' ? given.timeControl : settings.defaultTimeControl;
      const tc = parseTimeControl(text);
      if (!tc.ok) return refused('VALIDATION_FAILED', tc.message);
      return accepted({ timeControl: tc.value, berserk: given.berserk === true });
    },
    // The clock beside its label, for reads of the record that do not parse it; berserk only
    // where allowed, so that the options of every other game read as they always did.
    optionsJson: ({ timeControl, berserk }) => ({
      timeControl: timeControl.label,
      initialMs: timeControl.initialMs,
      incrementMs: timeControl.incrementMs,
      ...(berserk ? { berserk } : {}),
    }),
    pairBy: ['timeControl'],
    seats: () => ({ teams: [0, 1] }),
    seatWish: (given) => {
      const index = COLORS.indexOf(given.color as Color);
      return index < 0 ? undefined : index;
    },
    pool: (options) => categoryOf(options.timeControl),
    create: (options) =>
      newGame({
        timeControl: options.timeControl,
        firstMoveMs: settings.firstMoveMs,
        ...(options.berserk ? { berserk: true } : {}),
      }),
    lifecycle: {
      start: (at) => ({ type: 'start', at }),
      resume: (since, at) => ({ type: 'resume', at, since }),
      abandon: (at) => ({ type: 'abandon', at }),
      claim: (seat, at) => ({ type: 'victory:claim', at, by: colorOf(seat) }),
      staffEnd: (at, scores) => ({ type: 'staff:end', at, scores }),
    },
    commands: CHESS_COMMAND_SCHEMAS,
    command(_game, seat, { type, payload }, at) {
      const by = colorOf(seat);
      const event =
        type === 'move' ? { type, at, by, uci: (payload as { uci: string }).uci } : { type, at, by };
      return accepted([event]);
    },
    apply(game, event) {
      // Staff's scores are checked here, so that staff are told what a chess result is.
      if (event.type === 'staff:end' && event.scores !== null) {
        if (!Array.isArray(event.scores) || adjudicatedWinner(event.scores) === undefined)
          return refused('VALIDATION_FAILED', ADJUDICATION_SCORES);
      }
      const applied = applyEvent(game, event as unknown as ChessEvent);
      if (applied.ok) return accepted(applied.value);
      // An event that does not fit the game's time line is the caller's mistake, not a player's.
      const { error, message } = applied;
      return refused(error === 'BAD_EVENT' || error === 'BAD_TIME_CONTROL' ? 'BAD_MESSAGE' : error, message);
    },
    upgrade: (event) => event,
    derived(game, event) {
      const { white, black } = clocksAt(game, event.at);
      const clock = { white: Math.round(white), black: Math.round(black) };
      const san = event.type === 'move' ? game.moves.at(-1)?.san : undefined;
      return san === undefined ? { clock } : { san, clock };
    },
    status: (game) => game.status,
    due: (game, now) => dueEvent(game, now) as MatchEvent | null,
    nextDeadline,
    // The side to move, and the side a draw was offered to: a bot answers an offer at once.
    toAct: (game) => {
      if (game.status !== 'playing') return [];
      const seats = [COLORS.indexOf(game.turn)];
      if (game.drawOffer === game.turn) seats.push(COLORS.indexOf(opposite(game.turn)));
      return seats;
    },
    view: (game) => game,
    ending: endingOf,
    bot: {
      levels: BOT_LEVELS,
      defaultLevel: 'greedy',
      choose: (view, seat, level, random) =>
        chooseBotCommand(view as ChessGame, colorOf(seat), level as BotLevel, random, settings.engine),
    },
    record: recordOf,
  };
}
