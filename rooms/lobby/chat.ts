import { accepted, type Checked, refused } from '../rules/refusal.ts';
import { admit } from '../rules/window.ts';

/** The limits of the lobby's chat (from `LobbySettings`). */
export interface ChatLimits {
  /** The longest line, in characters after trimming. */
  chatMaxLength: number;
  /** Lines a user may say per `chatWindowMs`. */
  chatLines: number;
  chatWindowMs: number;
}

/**
 * Whether a user may say `raw` at `now`, having said lines at `moments`: the line to show (trimmed)
 * and the moments to keep, or why not.
 */
export function chatLine(
  raw: string,
  moments: readonly number[],
  now: number,
  limits: ChatLimits,
): Checked<{ text: string; moments: number[] }> {
  const text = raw.trim();
  const { chatMaxLength, chatLines, chatWindowMs } = limits;
  if (text === '') return refused('VALIDATION_FAILED', 'say something');
  if ([...text].length > chatMaxLength) {
    return refused('VALIDATION_FAILED', `at most ${chatMaxLength} characters a line`);
  }
  if (/\p{Cc}/u.test(text)) return refused('VALIDATION_FAILED', 'no control characters or line breaks');
  const kept = admit(moments, now, chatLines, chatWindowMs);
  if (!kept)
    return refused('RATE_LIMITED', `at most ${chatLines} lines every ${chatWindowMs / 1000} seconds`);
  return accepted({ text, moments: kept });
}
