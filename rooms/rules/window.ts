/**
 * A sliding window of moments: whether one more event at `now` stays within `limit` events per
 * `windowMs` (an infinite window counts every event ever). Returns the moments to keep (this one
 * included) when it does, or null when it would be one too many.
 *
 * @example
 * const kept = admit(lines, now, 5, 10_000); // at most 5 chat lines every 10 s
 * if (!kept) return refused('RATE_LIMITED', '…');
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
