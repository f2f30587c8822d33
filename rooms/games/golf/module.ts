import { z } from 'zod';
import type { GolfOptions } from '../../../schema/golf.ts';
import type { MatchEvent } from '../../../server/services/ports.ts';
import { accepted, type GameModule } from '../../match/game-module.ts';
import { emptyPayload } from '../../match/options.ts';
import { seatToAct, turnDeadline, turnTimeout } from '../../match/turn-timer.ts';
import { computerChoice } from './bot.ts';
import { applyGolf, createGolf, type Golf } from './game.ts';
import { joinOptions, PAIR_BY, parseOptions } from './options.ts';
import { isPersonality, PERSONALITIES, PERSONALITY_NAMES } from './personalities.ts';
import { golfReplayFrames } from './replay.ts';
import { type GolfView, golfView } from './view.ts';

export { bestSwap } from './bot.ts';
export { DEFAULTS } from './options.ts';
export { type GolfView, golfView } from './view.ts';

/**
 * Six-card Golf on the match actor (`docs/golf.md`). Hidden information: a seat sees every face-up
 * card and the card it holds after drawing from the deck; nobody ever sees a face-down card until
 * it is turned up or its hole is scored (then every card of that hole is shown).
 */

const index = z.number().int().min(0).max(5);

/** A command's event: the payload's fields beside the type, the time and the seat. */
function eventOf(type: string, payload: unknown, seat: number, at: number): MatchEvent {
  const fields = payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
  return { type, at, seat, ...fields };
}

export const golfModule: GameModule<Golf, GolfOptions> = {
  name: 'golf',
  eventVersion: 1,
  hiddenInformation: true,
  joinOptions,
  parseOptions,
  optionsJson: (options) => ({ ...options }),
  pairBy: PAIR_BY,
  seats: (options) => ({ teams: Array.from({ length: options.players }, (_, i) => i) }),
  table: { minSeats: 2, maxSeats: 6, options: (seats) => ({ players: seats }) },
  seatWish: (given) => (typeof given.seat === 'number' ? given.seat : undefined),
  pool: () => 'golf',
  create: createGolf,
  lifecycle: {
    start: (at, seed) => ({ type: 'start', at, seed }),
    resume: (since, at) => ({ type: 'resume', at, since }),
    abandon: (at) => ({ type: 'abandon', at }),
    claim: (seat, at) => ({ type: 'claim', at, seat }),
    staffEnd: (at, scores) => ({ type: 'staff:end', at, scores }),
  },
  commands: {
    draw: emptyPayload,
    take: emptyPayload,
    knock: emptyPayload,
    discard: z.union([emptyPayload, z.strictObject({ flip: index })]),
    swap: z.strictObject({ index }),
    flip: z.strictObject({ index }),
  },
  command: (game, seat, { type, payload }, at) => {
    const event = eventOf(type, payload, seat, at);
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
  replayFrames: golfReplayFrames,
  ending: (game) =>
    game.status === 'ended'
      ? { termination: game.termination ?? '', results: game.results, endedAt: game.endedAt ?? game.lastAt }
      : null,
  bot: {
    levels: PERSONALITY_NAMES,
    defaultLevel: 'steady-player',
    choose: (seen, seat, level, random) =>
      computerChoice(
        seen as GolfView,
        seat,
        PERSONALITIES[isPersonality(level) ? level : 'steady-player'],
        random,
      ),
  },
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
