import type { Category } from '../../../schema/chess.ts';
import { fail, ok, type RuleResult } from './result.ts';

/** A clock setting: both sides start with `initialMs` and gain `incrementMs` after each move. */
export interface TimeControl {
  initialMs: number;
  incrementMs: number;
  /** Minutes + increment seconds, normalised: `"3+2"`, `"0.5+0"`. */
  label: string;
}

const FRACTIONAL_MINUTES: readonly number[] = [0.25, 0.5, 0.75];
const MAX_MINUTES = 180;
const MAX_INCREMENT_SECONDS = 180;
const PATTERN = /^(\d{1,3}(?:\.\d{1,2})?)\+(\d{1,3})$/;
/** Seconds form, for very short clocks (tests, drills): `"20s+0"`. */
const SECONDS_PATTERN = /^(\d{1,5})s\+(\d{1,3})$/;
const MAX_SECONDS = MAX_MINUTES * 60;

/**
 * Parses `"minutes+increment"`: minutes are 0.25, 0.5, 0.75 or a whole number from 1 to 180,
 * the increment a whole number of seconds from 0 to 180. `"20s+0"` gives the initial time in
 * seconds (1 to 10800), for clocks shorter than a quarter of a minute.
 *
 * @example parseTimeControl('3+2') // { ok: true, value: { initialMs: 180_000, incrementMs: 2_000, label: '3+2' } }
 */
export function parseTimeControl(text: string): RuleResult<TimeControl> {
  const seconds = SECONDS_PATTERN.exec(text.trim());
  if (seconds) return parseSeconds(Number(seconds[1]), Number(seconds[2]));
  const match = PATTERN.exec(text.trim());
  if (!match) return fail('BAD_TIME_CONTROL', 'A time control reads minutes+increment, like "3+2".');
  const minutes = Number(match[1]);
  const increment = Number(match[2]);
  const minutesOk =
    FRACTIONAL_MINUTES.includes(minutes) ||
    (Number.isInteger(minutes) && minutes >= 1 && minutes <= MAX_MINUTES);
  if (!minutesOk) {
    return fail(
      'BAD_TIME_CONTROL',
      `Minutes must be 0.25, 0.5, 0.75 or a whole number from 1 to ${MAX_MINUTES}.`,
    );
  }
  if (increment > MAX_INCREMENT_SECONDS) {
    return fail('BAD_TIME_CONTROL', `The increment must be at most ${MAX_INCREMENT_SECONDS} seconds.`);
  }
  return ok({
    initialMs: minutes * 60_000,
    incrementMs: increment * 1_000,
    label: `${minutes}+${increment}`,
  });
}

function parseSeconds(initial: number, increment: number): RuleResult<TimeControl> {
  if (initial < 1 || initial > MAX_SECONDS) {
    return fail('BAD_TIME_CONTROL', `Seconds must be a whole number from 1 to ${MAX_SECONDS}.`);
  }
  if (increment > MAX_INCREMENT_SECONDS) {
    return fail('BAD_TIME_CONTROL', `The increment must be at most ${MAX_INCREMENT_SECONDS} seconds.`);
  }
  return ok({ initialMs: initial * 1000, incrementMs: increment * 1000, label: `${initial}s+${increment}` });
}

/**
 * The rating category, as Lichess estimates a game's duration: initial seconds + 40 × increment
 * seconds; under 3 minutes bullet (ultra-bullet included), under 8 blitz, under 25 rapid.
 */
export function categoryOf(tc: TimeControl): Category {
  const estimatedMs = tc.initialMs + 40 * tc.incrementMs;
  if (estimatedMs < 180_000) return 'bullet';
  if (estimatedMs < 480_000) return 'blitz';
  if (estimatedMs < 1_500_000) return 'rapid';
  return 'classical';
}

/** The PGN `TimeControl` tag: initial seconds + increment seconds, `"180+2"`. */
export function pgnTimeControl(tc: TimeControl): string {
  return `${tc.initialMs / 1000}+${tc.incrementMs / 1000}`;
}
