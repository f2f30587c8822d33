/** Human words for what the lobby, queues and parties report. */

/** `"8 s"`, `"1 min 20 s"`, `"4 min"`. */
export function formatWait(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** `"1400–1600"`, `"from 1400"`, `"up to 1600"`, or `""` for no bound (0 is no bound). */
export function ratingRange(min: number, max: number): string {
  if (min > 0 && max > 0) return `${min}–${max}`;
  if (min > 0) return `from ${min}`;
  if (max > 0) return `up to ${max}`;
  return '';
}

/** `"12 waiting · median wait 8 s"`: how many wait in a queue, and how long matches took lately. */
export function queueFigures(players: number | null, medianWaitMs: number | null): string {
  const waiting = players === null ? 'waiting unknown' : `${players} waiting`;
  const wait = medianWaitMs ? `median wait ${formatWait(medianWaitMs)}` : 'no recent matches';
  return `${waiting} · ${wait}`;
}

/** What a search has found so far: the band it accepts and the pool it looks in. */
export function searchLine(band: { min: number; max: number }, poolSize: number): string {
  const pool = `${poolSize} ${poolSize === 1 ? 'player' : 'players'} in this pool`;
  return `Searching ${Math.round(band.min)}–${Math.round(band.max)}, ${pool}`;
}

/** How long it has taken, and how long it should take (from entering; unknown is null or 0). */
export function waitLine(waitedMs: number, estimatedWaitMs: number | null): string {
  const expected = estimatedWaitMs ? `, about ${formatWait(estimatedWaitMs)} expected` : '';
  return `waited ${formatWait(waitedMs)}${expected}`;
}
