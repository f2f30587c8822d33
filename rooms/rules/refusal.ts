import type { ErrorCode } from '../../schema/errors.ts';

/**
 * Why a rule will not do what a player asked; nothing changed. The one refusal of every room: a
 * client sees it as the typed `error` message (or the rejection of its request), and a refused
 * join as the code with its HTTP status.
 */
export interface Refusal {
  code: ErrorCode;
  message: string;
}

/** What a check of a request gives: the terms to act on, or why not. */
export type Checked<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

export function accepted<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function refused(code: ErrorCode, message: string): { ok: false; refusal: Refusal } {
  return { ok: false, refusal: { code, message } };
}
