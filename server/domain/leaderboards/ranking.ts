import type { BoardOrder } from '../../../schema/leaderboards.ts';

/**
 * The order of a board, as one number per entry (the "sort key") so that an index can keep it in
 * a sorted set: a higher key ranks first, and equal keys are ordered by member, the greater first
 * (the order of Redis's ZREVRANGE). The key packs the value and the moment it was reached:
 *
 *   key = (2 · v) · 2^32 + (2^32 − 1 − seconds since 2020-01-01 UTC)
 *
 * where v is the value, negated on an ascending board. Within a tie the earlier achiever has the
 * greater key and so comes first. Every key is an integer below 2^53, exact as a double; values
 * must therefore be multiples of ½ within ±{@link MAX_VALUE}.
 */
export const MAX_VALUE = 1_000_000;
const TIME_SPAN = 2 ** 32;
const EPOCH_MS = Date.UTC(2020, 0, 1);

export type ValueProblem = 'not_a_half' | 'out_of_range';

/** Whether a value can stand on a board. */
export function checkValue(value: number): ValueProblem | null {
  if (!Number.isFinite(value) || !Number.isInteger(value * 2)) return 'not_a_half';
  if (Math.abs(value) > MAX_VALUE) return 'out_of_range';
  return null;
}

/** Whole seconds since 2020 of an instant in ms, clamped to the 32 bits the key has for them. */
export function keySeconds(atMs: number): number {
  return Math.min(TIME_SPAN - 1, Math.max(0, Math.floor((atMs - EPOCH_MS) / 1000)));
}

/** The sort key of a value reached at `atMs` on a board of this order. */
export function sortKey(value: number, atMs: number, order: BoardOrder): number {
  const v = order === 'desc' ? value : -value;
  return 2 * v * TIME_SPAN + (TIME_SPAN - 1 - keySeconds(atMs));
}

/** The value a sort key holds back. */
export function valueOfKey(key: number, order: BoardOrder): number {
  const v = Math.floor(key / TIME_SPAN) / 2;
  return order === 'desc' ? v : -v || 0;
}

/** The instant (whole seconds, in ms) a sort key holds back. */
export function achievedAtOfKey(key: number): number {
  const seconds = TIME_SPAN - 1 - (key - Math.floor(key / TIME_SPAN) * TIME_SPAN);
  return EPOCH_MS + seconds * 1000;
}

/**
 * The least key of any entry whose value is strictly better than the value in `key`: the rank of
 * an entry is 1 + the number of entries at or above this bound ("1224").
 */
export function betterBound(key: number): number {
  return (Math.floor(key / TIME_SPAN) + 1) * TIME_SPAN;
}

/** One entry of an index: a member and its sort key. */
export interface KeyedEntry {
  member: string;
  key: number;
}

/** Board order between two entries: negative when `a` comes first. */
export function compareEntries(a: KeyedEntry, b: KeyedEntry): number {
  if (a.key !== b.key) return b.key - a.key;
  return a.member < b.member ? 1 : a.member > b.member ? -1 : 0;
}

/**
 * Ranks a run of consecutive entries in board order by the "1224" rule, given the rank of the
 * first: an entry with the same value as the one before shares its rank; otherwise its rank is its
 * position (1-based). `firstPosition` is the 0-based position of the first entry on the board.
 */
export function rankRun(entries: readonly KeyedEntry[], firstPosition: number, firstRank: number): number[] {
  const ranks: number[] = [];
  let previousValueKey: number | undefined;
  entries.forEach((entry, i) => {
    const valueKey = Math.floor(entry.key / TIME_SPAN);
    if (i === 0) ranks.push(firstRank);
    else if (valueKey === previousValueKey) ranks.push(ranks[i - 1]!);
    else ranks.push(firstPosition + i + 1);
    previousValueKey = valueKey;
  });
  return ranks;
}

/** A page cursor: the last entry shown (`<key>.<member>`); the next page starts right after it. */
export function makeCursor(entry: KeyedEntry): string {
  return `${entry.key}.${entry.member}`;
}

export function parseCursor(cursor: string): KeyedEntry | null {
  const match = /^(-?\d{1,16})\.([A-Za-z0-9-]{1,64})$/.exec(cursor);
  if (!match) return null;
  const key = Number(match[1]);
  return Number.isSafeInteger(key) ? { key, member: match[2]! } : null;
}
