import { readFileSync } from 'node:fs';

/**
 * How long the process's main thread (the event loop that runs every room) has waited for a core
 * since it started, in ms, from the kernel's scheduler statistics; undefined where the kernel does
 * not say (anything but Linux). Waiting means runnable and not running: the rooms had work and the
 * machine gave the core to something else.
 */
export function roomsWaitMs(file = `/proc/self/task/${process.pid}/schedstat`): number | undefined {
  try {
    const wait = Number(readFileSync(file, 'utf8').split(' ')[1]);
    return Number.isFinite(wait) ? wait / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The engine's share of a core for its next search. While the rooms waited for a core more than
 * `limit` of the time since the last look, the share halves (to at least `floor`, or the configured
 * share if lower): bots slow down before human games do. Otherwise it grows back by a tenth of a
 * core, up to the configured share.
 */
export function nextShare(
  current: number,
  configured: number,
  roomsWaited: number,
  limit: number,
  floor = 0.1,
): number {
  if (roomsWaited > limit) return Math.max(Math.min(floor, configured), current / 2);
  return Math.min(configured, current + 0.1);
}
