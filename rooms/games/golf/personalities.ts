import type { GolfPersonality } from '../../../schema/golf.ts';

/**
 * The characters of Golf's computer players, each a set of parameters of one decision procedure
 * (`bot.ts`). Gains and margins are in points of a hole's score.
 */
export interface Personality {
  /** Takes the discard pile's top only when it lowers the hand by at least this much. */
  takeGain: number;
  /** Keeps a card drawn from the deck only when it lowers the hand by at least this much. */
  keepGain: number;
  /** Points of hope credited to a move that completes a column pair (beyond what the pair scores). */
  pairHope: number;
  /** What a face-down card is expected to be worth: higher is more eager to replace unknown cards. */
  unknown: number;
  /** Goes out when its estimated hand is at most the best opponent's estimate plus this margin. */
  outMargin: number;
  /** More margin for each card the opponents still have face down (they may yet be caught short). */
  sneak: number;
  /** How much being behind in the totals (per 10 points) widens the margin and lowers the bars. */
  adapt: number;
  /** The chance of spending a turn turning up a card (flip as an action, a discard's optional flip). */
  flipRate: number;
  /** The chance of a move picked at random among the sensible ones (never a blunder). */
  noise: number;
}

export const PERSONALITIES = {
  'patient-calculator': {
    takeGain: 4,
    keepGain: 2,
    pairHope: 0,
    unknown: 5,
    outMargin: -3,
    sneak: 0,
    adapt: 0,
    flipRate: 0,
    noise: 0,
  },
  'aggressive-closer': {
    takeGain: 1,
    keepGain: 0.5,
    pairHope: 0,
    unknown: 6,
    outMargin: 12,
    sneak: 0,
    adapt: 0,
    flipRate: 0.6,
    noise: 0,
  },
  'pair-hunter': {
    takeGain: 3,
    keepGain: 1,
    pairHope: 8,
    unknown: 5,
    outMargin: 0,
    sneak: 0,
    adapt: 0,
    flipRate: 0,
    noise: 0,
  },
  'steady-player': {
    takeGain: 3,
    keepGain: 1,
    pairHope: 0,
    unknown: 5,
    outMargin: 0,
    sneak: 0,
    adapt: 0,
    flipRate: 0,
    noise: 0,
  },
  'risk-taker': {
    takeGain: 2,
    keepGain: 0,
    pairHope: 2,
    unknown: 7,
    outMargin: 5,
    sneak: 0,
    adapt: 0,
    flipRate: 0.3,
    noise: 0.1,
  },
  'chaotic-gambler': {
    takeGain: 1,
    keepGain: 0,
    pairHope: 2,
    unknown: 5,
    outMargin: 6,
    sneak: 0,
    adapt: 0,
    flipRate: 0.3,
    noise: 0.5,
  },
  'adaptive-strategist': {
    takeGain: 3,
    keepGain: 1,
    pairHope: 1,
    unknown: 5,
    outMargin: 0,
    sneak: 0,
    adapt: 3,
    flipRate: 0,
    noise: 0,
  },
  'sneaky-finisher': {
    takeGain: 2,
    keepGain: 1,
    pairHope: 0,
    unknown: 5,
    outMargin: -2,
    sneak: 2.5,
    adapt: 0,
    flipRate: 0.4,
    noise: 0,
  },
} as const satisfies Record<GolfPersonality, Personality>;

export type PersonalityName = keyof typeof PERSONALITIES;
export const PERSONALITY_NAMES = Object.keys(PERSONALITIES) as PersonalityName[];

export const isPersonality = (name: string): name is PersonalityName => Object.hasOwn(PERSONALITIES, name);
