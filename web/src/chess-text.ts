import type { Color, GameResult, Termination } from '../../schema/chess.ts';

/** Human words for the record's vocabulary. */

const ENDINGS: Record<Termination, string> = {
  checkmate: 'checkmate',
  stalemate: 'stalemate',
  insufficient_material: 'insufficient material',
  threefold_repetition: 'threefold repetition',
  fifty_moves: 'the fifty-move rule',
  fivefold_repetition: 'fivefold repetition',
  seventy_five_moves: 'the seventy-five-move rule',
  resignation: 'resignation',
  agreement: 'agreement',
  timeout: 'time',
  timeout_vs_insufficient_material: 'time against insufficient material',
  aborted: 'abort',
  abandoned: 'abandonment',
  abandoned_by_both: 'both players leaving',
  adjudicated: 'adjudication',
  aborted_by_staff: 'staff',
};

/** `"Black wins by checkmate"`, `"Draw by agreement"`, `"Aborted"`. */
export function describeResult(result: GameResult | '', termination: Termination | ''): string {
  if (termination === 'aborted') return 'Game aborted';
  if (termination === 'abandoned_by_both') return 'Abandoned by both players';
  if (termination === 'aborted_by_staff') return 'Game aborted by staff';
  const how = termination ? ` by ${ENDINGS[termination]}` : '';
  if (result === '1-0') return `White wins${how}`;
  if (result === '0-1') return `Black wins${how}`;
  if (result === '1/2-1/2') return `Draw${how}`;
  return 'Game over';
}

/** How a game ended for one side. */
export type Outcome = 'win' | 'loss' | 'draw';

export const OUTCOME_WORDS: Record<Outcome, string> = { win: 'Won', loss: 'Lost', draw: 'Draw' };

/** How `result` went for `color`; undefined for a game without a result (aborted, unfinished). */
export function outcomeFor(result: GameResult | '' | null, color: Color): Outcome | undefined {
  if (result === '1/2-1/2') return 'draw';
  if (result === '1-0') return color === 'white' ? 'win' : 'loss';
  if (result === '0-1') return color === 'black' ? 'win' : 'loss';
  return undefined;
}

export function colorName(color: Color): string {
  return color === 'white' ? 'White' : 'Black';
}

/**
 * A clock as players read it: `1:02:03`, `4:59`, and tenths under ten seconds (`0:09.4`).
 * Never negative.
 */
export function formatClock(ms: number): string {
  const clamped = Math.max(0, ms);
  const tenths = Math.floor(clamped / 100);
  const totalSeconds = Math.floor(tenths / 10);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const ss = String(seconds).padStart(2, '0');
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, '0')}:${ss}`;
  if (clamped < 10_000) return `${minutes}:${ss}.${tenths % 10}`;
  return `${minutes}:${ss}`;
}

/**
 * How many milliseconds a running clock that shows `ms` now takes to show another text
 * ({@link formatClock}): to the next whole second, or tenth under ten seconds. At least 1.
 */
export function untilClockTextChanges(ms: number): number {
  if (ms <= 0) return Number.POSITIVE_INFINITY;
  const step = ms <= 10_000 ? 100 : 1000;
  return (ms % step) + 1;
}

/** The starting clock of a time control (`"3+2"` → 180000, `"20s+0"` → 20000), or 0 if unreadable. */
export function initialClockMs(timeControl: string): number {
  const seconds = /^(\d+)s\+\d+$/.exec(timeControl);
  if (seconds) return Number(seconds[1]) * 1000;
  const minutes = /^(\d+(?:\.\d+)?)\+\d+$/.exec(timeControl);
  return minutes ? Math.round(Number(minutes[1]) * 60_000) : 0;
}

/** The time controls offered for open games and challenges. */
export const TIME_CONTROLS = [
  '1+0',
  '2+1',
  '3+0',
  '3+2',
  '5+0',
  '5+3',
  '10+0',
  '10+5',
  '15+10',
  '30+0',
] as const;
