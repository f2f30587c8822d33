import { matchMaker } from '@colyseus/core';

/**
 * Whether the node `processId` still answers (always true for this node). A node that does not
 * answer within the presence timeout is dropped from the cluster's statistics and its room
 * listings are removed, so its rooms can be created again elsewhere. Checks of one node that
 * overlap share one ping.
 */
export async function processAnswers(processId: string): Promise<boolean> {
  if (processId === matchMaker.processId) return true;
  return (await matchMaker.healthCheckProcessId(processId)) === true;
}

/**
 * A short-lived lock in presence: true for the one caller (of the whole cluster) that raised it;
 * it lapses after `seconds`, so a node that died holding it blocks nobody for long.
 */
export async function takeLock(key: string, seconds: number): Promise<boolean> {
  if ((await matchMaker.presence.incr(key)) !== 1) return false;
  await matchMaker.presence.expire(key, seconds);
  return true;
}

/** Gives a lock of {@link takeLock} back before it lapses. */
export async function releaseLock(key: string): Promise<void> {
  await matchMaker.presence.del(key);
}

/**
 * Runs `work` if this caller takes the lock `key` (held at most `seconds`), and gives the lock
 * back when done; false when another holds it.
 */
export async function withLock(key: string, seconds: number, work: () => Promise<void>): Promise<boolean> {
  if (!(await takeLock(key, seconds))) return false;
  try {
    await work();
  } finally {
    await releaseLock(key);
  }
  return true;
}

/** The ids of the rooms of type `name` listed on nodes that still answer (one ping per node). */
export async function liveRooms(name: string): Promise<Set<string>> {
  const listings = await matchMaker.query({ name });
  const answers = new Map<string, Promise<boolean>>();
  const live = new Set<string>();
  for (const listing of listings) {
    let answer = answers.get(listing.processId);
    if (!answer) {
      answer = processAnswers(listing.processId);
      answers.set(listing.processId, answer);
    }
    if (await answer) live.add(listing.roomId);
  }
  return live;
}

/** Whether the room `roomId` is listed on a node that still answers. */
export async function roomIsLive(roomId: string): Promise<boolean> {
  const [listing] = await matchMaker.query({ roomId });
  return listing !== undefined && (await processAnswers(listing.processId));
}

/**
 * Runs `work` every `intervalMs`, never two at once (a slow round delays the next); returns the
 * function that stops it. The timer does not keep the process alive.
 */
export function repeat(
  intervalMs: number,
  work: () => Promise<unknown>,
  onError: (err: unknown) => void,
): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    work()
      .catch(onError)
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
