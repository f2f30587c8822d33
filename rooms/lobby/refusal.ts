import type { ErrorCode } from '../../schema/errors.ts';

/** Why the lobby will not do what it was asked; nothing changed. */
export interface Refusal {
  code: ErrorCode;
  message: string;
}

/** What a check of a player's request gives: the terms to act on, or why not. */
export type Checked<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

export function accepted<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function refused(code: ErrorCode, message: string): { ok: false; refusal: Refusal } {
  return { ok: false, refusal: { code, message } };
}

/**
 * A sliding window of moments: whether one more event at `now` stays within `limit` events per
 * `windowMs`. Returns the moments to keep (this one included) when it does, or null.
 */
export function admit(
  moments: readonly number[],
  now: number,
  limit: number,
  windowMs: number,
): number[] | null {
  const recent = moments.filter((at) => at > now - windowMs);
  if (recent.length >= limit) return null;
  recent.push(now);
  return recent;
}
