/**
 * Creating a room one node of the cluster at a time: a short-lived lock in presence, and a look
 * at the listing under it.
 */
import { matchMaker } from '@colyseus/core';
import { listingOf } from './listings.ts';

/** How long one node has to rebuild a room (a game, a party) before another may try. */
export const RESTORE_LOCK_SECONDS = 10;

/** A lock in presence: its key, and how long it lasts at most. */
export interface Lock {
  key: string;
  seconds: number;
}

/**
 * A short-lived lock in presence: true for the one caller (of the whole cluster) that raised it;
 * it lapses after `seconds`, so a node that died holding it blocks nobody for long.
 */
async function takeLock(lock: Lock): Promise<boolean> {
  if ((await matchMaker.presence.incr(lock.key)) !== 1) return false;
  await matchMaker.presence.expire(lock.key, lock.seconds);
  return true;
}

/** Gives a lock of {@link takeLock} back before it lapses. */
async function releaseLock(lock: Lock): Promise<void> {
  await matchMaker.presence.del(lock.key);
}

/** Runs `work` if this caller takes `lock`, and gives it back when done; false when another holds it. */
async function withLock(lock: Lock, work: () => Promise<void>): Promise<boolean> {
  if (!(await takeLock(lock))) return false;
  try {
    await work();
  } finally {
    await releaseLock(lock);
  }
  return true;
}

/**
 * Creates the room `name` (with `options`, which make it `roomId`) unless `roomId` is listed, one
 * node of the cluster at a time: under `lock` the listing is looked at again. True when this call
 * created it; false when it was there or another node is at it.
 */
export async function createUnlessListed(
  lock: Lock,
  roomId: string,
  name: string,
  options: Record<string, unknown>,
): Promise<boolean> {
  let created = false;
  await withLock(lock, async () => {
    if (await listingOf(roomId)) return;
    await matchMaker.createRoom(name, options);
    created = true;
  });
  return created;
}
