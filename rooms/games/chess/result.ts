import { CHESS_RULE_ERROR_CODES } from '../../../schema/errors.ts';

/** Every way a rule can refuse an input: the codes a player sees, and two of the server's own. */
export const RULE_ERRORS = [
  ...CHESS_RULE_ERROR_CODES,
  /** The event does not fit the game's state or time line: a bug of the caller, not of a player. */
  'BAD_EVENT',
  'BAD_TIME_CONTROL',
] as const;
export type RuleError = (typeof RULE_ERRORS)[number];

/** An expected failure is a value; bugs throw. `message` is a short sentence for a human. */
export type RuleResult<T> = { ok: true; value: T } | { ok: false; error: RuleError; message: string };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail(error: RuleError, message: string): { ok: false; error: RuleError; message: string } {
  return { ok: false, error, message };
}
