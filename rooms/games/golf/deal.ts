import type { GolfOptions } from '../../../schema/golf.ts';
import type { SeatResult } from '../../../server/services/ports.ts';
import { seededRandom } from '../../rules/random.ts';
import { deck } from './scoring.ts';

/**
 * The shuffles of a game of Golf, each drawn from the seed of its start event, so a replay deals
 * alike: a hole's deal, and each refill of an empty deck.
 */

/** A seed for one shuffle of the game: the game's seed mixed with the hole and the refill. */
export function shuffleSeed(seed: number, hole: number, refill: number): number {
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

/** How many jokers each deck holds: two, or one with lucky swing, or none. */
export function jokersPerDeck(options: Pick<GolfOptions, 'jokers' | 'luckySwing'>): number {
  return options.jokers ? (options.luckySwing ? 1 : 2) : 0;
}

/** One deck, two for five players or more. */
export function fullDeck(options: GolfOptions): string[] {
  const one = deck(jokersPerDeck(options));
  return options.players >= 5 ? [...one, ...one] : one;
}

/** Placing by total, lowest first; equal totals share a placing. */
export function placings(totals: readonly number[]): SeatResult[] {
  return totals.map((score, seat) => ({
    seat,
    score,
    placing: 1 + totals.filter((t) => t < score).length,
  }));
}
