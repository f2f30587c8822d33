import { z } from 'zod';
import type { ErrorCode } from '../../schema/errors.ts';
import { accepted, type Checked, checkedScores } from './game-module.ts';

/**
 * What staff may do to a match of any game, through the control plane: stop and restart the
 * clocks, end it without a result, or end it with one they decide. The actor carries it out: a
 * pause is the actor's (its `lifecycle.resume` gives the paused time back); an ending is an event
 * of the game's log, `lifecycle.staffEnd`, so the game itself ends (its state, record and replay
 * say how) and a restore finds it ended.
 */
export type StaffCommand =
  | { type: 'pause'; reason: string }
  | { type: 'resume'; reason: string }
  | { type: 'abort'; reason: string }
  /** `scores` per seat, in seating order (chess: `[1, 0]`, `[0.5, 0.5]`). */
  | { type: 'adjudicate'; reason: string; scores: number[] };

/**
 * The event of a game's log that says staff paused it at `at`: the actor's own, which the game
 * module never sees (the clocks stop in the actor; the module's `resume` event gives the paused
 * time back). A replay passes over it; a restore finds the game paused when no `resume` or ending
 * follows it.
 */
export const PAUSE_EVENT = 'staff:pause';

/** A staff command as another node sends it (checked again here: it travels as JSON). */
export const StaffCommandSchema: z.ZodType<StaffCommand> = z.discriminatedUnion('type', [
  z.strictObject({ type: z.enum(['pause', 'resume', 'abort']), reason: z.string().min(1).max(500) }),
  z.strictObject({
    type: z.literal('adjudicate'),
    reason: z.string().min(1).max(500),
    scores: z.array(z.number().min(0).max(1000)).min(1).max(16),
  }),
]);

/** What the match answers the control plane. */
export type StaffAnswer =
  | { ok: true; status: 'playing' | 'paused' | 'ended' }
  | { ok: false; code: ErrorCode; message: string };

/**
 * The scores of a staff ending, checked for any game: none (abort), or one for each of the
 * `seatCount` seats, each finite and at least 0. The game module may refuse more when it applies
 * the ending (`lifecycle.staffEnd`).
 */
export function staffScores(
  command: Extract<StaffCommand, { type: 'abort' | 'adjudicate' }>,
  seatCount: number,
): Checked<number[] | null> {
  return command.type === 'abort' ? accepted(null) : checkedScores(command.scores, seatCount);
}
