import { accepted, type Checked, type Refusal, refused } from './refusal.ts';
import { admit } from './window.ts';

/** The limits of a room's chat (from its settings). */
export interface ChatLimits {
  /** The longest line, in characters after trimming. */
  chatMaxLength: number;
  /** Lines a user may say per `chatWindowMs`. */
  chatLines: number;
  chatWindowMs: number;
}

/** A room's rule for the text of a line (trimmed): why it may not be said, if it may not. */
export type LineRule = (text: string, limits: ChatLimits) => Refusal | undefined;

/**
 * Whether a user may say `raw` at `now`, having said lines at `moments`: the line (trimmed) and
 * the moments to keep, or why not (the room's `rule` for the text, then the rate).
 */
export function chatLine(
  raw: string,
  moments: readonly number[],
  now: number,
  limits: ChatLimits,
  rule: LineRule,
): Checked<{ text: string; moments: number[] }> {
  const text = raw.trim();
  const refusal = rule(text, limits);
  if (refusal) return { ok: false, refusal };
  const { chatLines, chatWindowMs } = limits;
  const kept = admit(moments, now, chatLines, chatWindowMs);
  if (!kept)
    return refused('RATE_LIMITED', `at most ${chatLines} lines every ${chatWindowMs / 1000} seconds`);
  return accepted({ text, moments: kept });
}

/**
 * A room's chat rate, kept per speaker: when each user said their recent lines.
 *
 * @example
 * const chat = new ChatWindow(partyLine);
 * const line = chat.say(userId, raw, now, settings); // the trimmed line, or why not
 */
export class ChatWindow {
  private readonly moments = new Map<string, number[]>();

  constructor(private readonly rule: LineRule) {}

  /** Whether `userId` may say `raw` at `now`: the line to show (trimmed), or why not. */
  say(userId: string, raw: string, now: number, limits: ChatLimits): Checked<string> {
    const line = chatLine(raw, this.moments.get(userId) ?? [], now, limits, this.rule);
    if (!line.ok) return line;
    this.moments.set(userId, line.value.moments);
    return accepted(line.value.text);
  }

  /** The user is gone: their lines no longer count. */
  forget(userId: string): void {
    this.moments.delete(userId);
  }
}
