import type { ErrorCode } from '../../schema/errors.ts';

/** Every way a rule can refuse an input. */
export const RULE_ERRORS = [
  'BAD_MOVE_FORMAT',
  'ILLEGAL_MOVE',
  'NOT_YOUR_TURN',
  'GAME_OVER',
  'GAME_NOT_STARTED',
  'DRAW_ALREADY_OFFERED',
  'NO_DRAW_OFFER',
  'DRAW_NOT_CLAIMABLE',
  'ABORT_NOT_ALLOWED',
  /** The event does not fit the game's state or time line: a bug of the caller, not of a player. */
  'BAD_EVENT',
  'BAD_TIME_CONTROL',
] as const;
export type RuleError = (typeof RULE_ERRORS)[number];

type IsErrorCode<T extends ErrorCode> = T;
/**
 * The rule errors a room forwards to a player as they are: all but `BAD_EVENT` (a bug of the room)
 * and `BAD_TIME_CONTROL` (reported as `VALIDATION_FAILED` at the edge). This type fails to compile
 * if one of them is missing from `schema/errors.ts`.
 */
export type PlayerRuleError = IsErrorCode<Exclude<RuleError, 'BAD_EVENT' | 'BAD_TIME_CONTROL'>>;

/** An expected failure is a value; bugs throw. `message` is a short sentence for a human. */
export type RuleResult<T> = { ok: true; value: T } | { ok: false; error: RuleError; message: string };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail(error: RuleError, message: string): { ok: false; error: RuleError; message: string } {
  return { ok: false, error, message };
}
