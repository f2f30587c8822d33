import { CronExpressionParser } from 'cron-parser';
import type { BoardReset } from '../../../schema/leaderboards.ts';

/**
 * Periods of a board. A board that never resets has one period, `all`; a season board has one per
 * season, keyed by the season's id; any other board starts a new period at each occurrence of its
 * cron expression in its time zone (weekly: Monday 00:00, monthly: the 1st at 00:00), keyed by the
 * local date of that start (`2026-12-07`, or `2026-12-07T06:30` when it is not at midnight).
 * Everything here takes the instant as a parameter.
 */
export const ALL_TIME = 'all';

/** The cron expression of each calendar reset. */
export const RESET_CRON: Partial<Record<BoardReset, string>> = {
  weekly: '0 0 * * 1',
  monthly: '0 0 1 * *',
};

export interface Schedule {
  reset: BoardReset;
  /** For `cron`. */
  cron?: string | undefined;
  timeZone: string;
}

export interface Season {
  id: string;
  name: string;
  /** ms since the epoch; the season holds [start, end). */
  start: number;
  end: number;
}

/** Whether a cron expression and a time zone can be used; the problem otherwise. */
export function checkSchedule(cron: string, timeZone: string): string | null {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    return `unknown time zone "${timeZone}"`;
  }
  try {
    CronExpressionParser.parse(cron, { tz: timeZone, strict: false, currentDate: 0 }).next();
  } catch (err) {
    return `bad cron expression "${cron}": ${(err as Error).message}`;
  }
  return null;
}

function cronOf(schedule: Schedule): string {
  const cron = schedule.reset === 'cron' ? schedule.cron : RESET_CRON[schedule.reset];
  if (!cron) throw new Error(`a ${schedule.reset} board has no cron expression`);
  return cron;
}

/** The start (ms) of the cron period holding `atMs`: the last occurrence at or before it. */
export function periodStart(schedule: Schedule, atMs: number): number {
  const expression = CronExpressionParser.parse(cronOf(schedule), {
    tz: schedule.timeZone,
    currentDate: atMs + 1,
  });
  return expression.prev().getTime();
}

/** The end (ms) of the cron period holding `atMs`: the first occurrence after it. */
export function periodEnd(schedule: Schedule, atMs: number): number {
  const expression = CronExpressionParser.parse(cronOf(schedule), {
    tz: schedule.timeZone,
    currentDate: atMs,
  });
  return expression.next().getTime();
}

/** The key of a period starting at `startMs`, in local time of the zone. */
export function periodKeyOfStart(startMs: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(startMs)
      .map((p) => [p.type, p.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return parts.hour === '00' && parts.minute === '00' ? date : `${date}T${parts.hour}:${parts.minute}`;
}

/** The season being played at `atMs`, if any (the first listed wins an overlap). */
export function seasonAt(seasons: readonly Season[], atMs: number): Season | undefined {
  return seasons.find((s) => s.start <= atMs && atMs < s.end);
}

/**
 * The key of the period of a board holding the instant `atMs`; null for a season board between
 * seasons (nothing is ranked then).
 */
export function periodKey(schedule: Schedule, seasons: readonly Season[], atMs: number): string | null {
  if (schedule.reset === 'never') return ALL_TIME;
  if (schedule.reset === 'season') return seasonAt(seasons, atMs)?.id ?? null;
  return periodKeyOfStart(periodStart(schedule, atMs), schedule.timeZone);
}

/** Period keys a client may ask for: `all`, a season id, or a local date (and time). */
export const PERIOD_KEY = /^(all|[a-z0-9][a-z0-9-]{0,39}|\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?)$/;
