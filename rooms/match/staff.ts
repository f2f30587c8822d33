import { z } from 'zod';
import type { ErrorCode } from '../../schema/errors.ts';
import type { SeatResult } from '../../server/services/ports.ts';
import type { Checked, GameEnding } from './game-module.ts';
import { accepted, refused } from './game-module.ts';

/**
 * What staff may do to a match of any game, through the control plane: stop and restart the
 * clocks, end it without a result, or end it with one they decide. The actor carries it out; the
 * game module is not asked (the module only gives back paused time, through `lifecycle.resume`).
 */
export type StaffCommand =
  | { type: 'pause'; reason: string }
  | { type: 'resume'; reason: string }
  | { type: 'abort'; reason: string }
  /** `scores` per seat, in seating order (chess: `[1, 0]`, `[0.5, 0.5]`). */
  | { type: 'adjudicate'; reason: string; scores: number[] };

/** A staff command as another node sends it (checked again here: it travels as JSON). */
export const StaffCommandSchema: z.ZodType<StaffCommand> = z.discriminatedUnion('type', [
  z.strictObject({ type: z.enum(['pause', 'resume', 'abort']), reason: z.string().min(1).max(500) }),
  z.strictObject({
    type: z.literal('adjudicate'),
    reason: z.string().min(1).max(500),
    scores: z.array(z.number().min(0).max(1000)).min(1).max(16),
  }),
]);

export const STAFF_TERMINATIONS = { abort: 'aborted_by_staff', adjudicate: 'adjudicated' } as const;

/** What the match answers the control plane. */
export type StaffAnswer =
  | { ok: true; status: 'playing' | 'paused' | 'ended' }
  | { ok: false; code: ErrorCode; message: string };

/** Placings from scores: the highest score places 1; equal scores share a placing. */
export function placingsOf(scores: readonly number[]): SeatResult[] {
  return scores.map((score, seat) => ({
    seat,
    score,
    placing: 1 + scores.filter((other) => other > score).length,
  }));
}

/**
 * The ending of a match that staff end at `at`: no result (abort, never rated) or the scores they
 * gave, one per seat, each finite and at least 0.
 */
export function staffEnding(
  command: Extract<StaffCommand, { type: 'abort' | 'adjudicate' }>,
  seatCount: number,
  at: number,
): Checked<GameEnding> {
  if (command.type === 'abort')
    return accepted({ termination: STAFF_TERMINATIONS.abort, results: [], endedAt: at });
  const { scores } = command;
  if (scores.length !== seatCount || scores.some((s) => !Number.isFinite(s) || s < 0)) {
    return refused('VALIDATION_FAILED', `give one score (a number ≥ 0) for each of the ${seatCount} seats`);
  }
  return accepted({ termination: STAFF_TERMINATIONS.adjudicate, results: placingsOf(scores), endedAt: at });
}
