import type {
  BoardDto,
  GroupStageDto,
  KnockoutOptions,
  TournamentFormat,
  TournamentStatus,
  TournamentSummaryDto,
  TournamentTieBreak,
} from '../../schema/tournaments.ts';

/** Human words for tournaments: formats, tie-breaks, times, results. */

const FORMAT_NAMES: Partial<Record<string, string>> = {
  swiss: 'Swiss',
  'round-robin': 'Round robin',
  'groups-knockout': 'Groups then knockout',
  tables: 'Tables',
};

/** `"Round robin"`; a format this page has no word for yet reads as its name (`"knockout"` → `"Knockout"`). */
export function formatName(format: TournamentFormat | string): string {
  return FORMAT_NAMES[format] ?? capitalised(format.replaceAll('-', ' '));
}

/** `"1500 to 1800"`, `"1500 or more"`, `"1800 or less"`: who may enter by rating; null without limits. */
export function ratingLimitsLine(min: number | null, max: number | null): string | null {
  if (min !== null && max !== null) return `${min} to ${max}`;
  if (min !== null) return `${min} or more`;
  if (max !== null) return `${max} or less`;
  return null;
}

/** A game's name as a title: `"Chess"`. */
export function gameName(game: string): string {
  return capitalised(game);
}

const TIE_BREAKS: Record<TournamentTieBreak, [short: string, long: string]> = {
  buchholz: ['BH', 'Buchholz'],
  'buchholz-cut1': ['BH-C1', 'Buchholz cut 1'],
  'median-buchholz': ['MBH', 'Median Buchholz'],
  'sonneborn-berger': ['SB', 'Sonneborn–Berger'],
  'direct-encounter': ['DE', 'Direct encounter'],
  wins: ['Wins', 'Wins'],
  'games-won': ['Won', 'Games won'],
  'wins-with-black': ['WB', 'Wins with black'],
  'average-rating-of-opponents': ['ARO', 'Average rating of opponents'],
  'performance-rating': ['TPR', 'Tournament performance rating'],
};

/** A tie-break as a column head (`"SB"`) and in full (`"Sonneborn–Berger"`). */
export function tieBreakName(tieBreak: string): { short: string; long: string } {
  const known = TIE_BREAKS[tieBreak as TournamentTieBreak];
  return known ? { short: known[0], long: known[1] } : { short: tieBreak, long: tieBreak };
}

/** `"1½"`, `"0"`, `"2"`: points as a crosstable writes them. */
export function points(value: number): string {
  const whole = Math.floor(value);
  const half = value - whole >= 0.5;
  if (!half) return String(whole);
  return whole === 0 ? '½' : `${whole}½`;
}

/** A tie-break's value: whole numbers as they are, others to two decimals at most. */
export function tieBreakValue(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

/** `"1st"`, `"2nd"`, `"11th"`, `"23rd"`: a place. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** `"1-0"`, `"½-½"`, `"1F-0F"` (a forfeit), or `""` while the game is played. */
export function boardResult(result: BoardDto['result']): string {
  if (!result) return '';
  const f = result.forfeit ? 'F' : '';
  const side = (p: number) => (p === 0.5 ? '½' : String(p));
  return `${side(result.white)}${f}-${side(result.black)}${f}`;
}

/** `"4:05"`, `"1 h 04 min"`, `"3 days"`: the time left until a start, counted down every second. */
export function countdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 3600) return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(minutes / (24 * 60))} days`;
}

/** `"Dec 6, 8:00 PM"`, in the reader's language and time zone: the year only when it is not this one. */
export function dateText(ms: number, now = Date.now()): string {
  const at = new Date(ms);
  const year = at.getFullYear() === new Date(now).getFullYear() ? undefined : 'numeric';
  return at.toLocaleString(undefined, {
    year,
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
}

/** What a tournament without a start time says while it waits for its creator's start. */
export const BY_HAND_LINE = 'Starts when its creator starts it';

/** `"Starts in 4:05"`, `"Starting…"` once the time has come (the room starts it on its next tick). */
export function startLine(startsAt: number, now: number): string {
  return startsAt > now ? `Starts in ${countdown(startsAt - now)}` : 'Starting…';
}

/**
 * A running arena's line: `"Ends in 4:05"` while waves are paired, then `"Last games being played"`
 * (the games under way finish and count; the last one's result ends the arena).
 */
export function endLine(endsAt: number, now: number): string {
  return endsAt > now ? `Ends in ${countdown(endsAt - now)}` : 'Last games being played';
}

export const STATUS_WORDS: Record<TournamentStatus, string> = {
  upcoming: 'Upcoming',
  running: 'Running',
  finished: 'Finished',
};

/** `"Chess · Swiss · 5 rounds · 3+2 · Rated"`: what a tournament is, in one line. */
export function settingsLine(t: TournamentSummaryDto): string {
  const rounds =
    t.totalRounds === null ? null : `${t.totalRounds} ${t.totalRounds === 1 ? 'round' : 'rounds'}`;
  return [gameName(t.game), formatName(t.format), rounds, t.timeControl, t.rated ? 'Rated' : 'Casual']
    .filter((part): part is string => !!part)
    .join(' · ');
}

/** `"3 / 64 players"`. */
export function playersLine(players: number, capacity: number): string {
  return `${players} / ${capacity} players`;
}

/**
 * When a new tournament starts, from the form: in `minutes` from `now`, at a local date and
 * time (`2026-12-01T20:00` from a `datetime-local` field), or when its creator starts it (no
 * start time: `null`). A value that is no time is a problem.
 */
export function startFromForm(
  choice: { mode: 'in'; minutes: string } | { mode: 'at'; local: string } | { mode: 'by-hand' },
  now: number,
): { startsAt: number | null } | { problem: string } {
  if (choice.mode === 'by-hand') return { startsAt: null };
  if (choice.mode === 'in') {
    const minutes = Number(choice.minutes);
    if (choice.minutes.trim() === '' || !Number.isFinite(minutes) || minutes < 0)
      return { problem: 'Give the minutes until the start: 0 or more.' };
    return { startsAt: Math.round(now + minutes * 60_000) };
  }
  const at = choice.local ? new Date(choice.local).getTime() : Number.NaN;
  if (!Number.isFinite(at)) return { problem: 'Pick the date and time of the start.' };
  if (at < now - 60_000) return { problem: 'That time has passed: pick a later one.' };
  return { startsAt: at };
}

/** `"2 games, then sets of 2 tie-break games (3 at most), then sudden death"`: how a match is played. */
export function knockoutLine(k: KnockoutOptions): string {
  const games = `${k.games} ${k.games === 1 ? 'game' : 'games'}`;
  const sets =
    k.tieBreakGames > 0
      ? `, then ${k.tieBreakSets === 1 ? 'a set' : `up to ${k.tieBreakSets} sets`} of ${k.tieBreakGames} tie-break ${k.tieBreakGames === 1 ? 'game' : 'games'}`
      : '';
  return `${games}${sets}, then ${k.decider === 'armageddon' ? 'armageddon' : 'sudden death'} if level`;
}

/** `"Single elimination, with a match for third place"`, `"Double elimination, with a grand-final reset"`. */
export function eliminationLine(k: KnockoutOptions): string {
  if (k.elimination === 'single')
    return `Single elimination${k.thirdPlace ? ', with a match for third place' : ''}`;
  return `Double elimination${k.grandFinalReset ? ', with a grand-final reset' : ''}`;
}

/** `"2 groups, the top 2 of each go on"`, `"Groups of 4 at most, the winner of each goes on, twice round"`. */
export function groupsLine(g: Pick<GroupStageDto, 'options' | 'double'>): string {
  const { count, size, advance } = g.options;
  const groups =
    count !== null ? `${count} ${count === 1 ? 'group' : 'groups'}` : `Groups of ${size} at most`;
  const on = advance === 1 ? 'the winner of each goes on' : `the top ${advance} of each go on`;
  return `${groups}, ${on}${g.double ? ', each table played twice' : ''}`;
}

function capitalised(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}
