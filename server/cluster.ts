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
async function takeLock(key: string, seconds: number): Promise<boolean> {
  if ((await matchMaker.presence.incr(key)) !== 1) return false;
  await matchMaker.presence.expire(key, seconds);
  return true;
}

/** Gives a lock of {@link takeLock} back before it lapses. */
async function releaseLock(key: string): Promise<void> {
  await matchMaker.presence.del(key);
}

/**
 * Runs `work` if this caller takes the lock `key` (held at most `seconds`), and gives the lock
 * back when done; false when another holds it.
 */
async function withLock(key: string, seconds: number, work: () => Promise<void>): Promise<boolean> {
  if (!(await takeLock(key, seconds))) return false;
  try {
    await work();
  } finally {
    await releaseLock(key);
  }
  return true;
}

/**
 * Creates the room `name` (with `options`, which make it `roomId`) unless `roomId` is listed, one
 * node of the cluster at a time: under the lock `lockKey`, held at most `seconds`, the listing is
 * looked at again. True when this call created it; false when it was there or another node is at it.
 */
export async function createUnlessListed(
  lock: { key: string; seconds: number },
  roomId: string,
  name: string,
  options: Record<string, unknown>,
): Promise<boolean> {
  let created = false;
  await withLock(lock.key, lock.seconds, async () => {
    if (await listingOf(roomId)) return;
    await matchMaker.createRoom(name, options);
    created = true;
  });
  return created;
}

/** Room listings, as the matchmaker's driver keeps them. */
export type Listings = Awaited<ReturnType<typeof matchMaker.query>>;

/** The ids of the rooms of `listings` on nodes that still answer (one ping per node). */
export async function liveRooms(listings: Listings): Promise<Set<string>> {
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

/** The listing of the room `roomId`, if it is listed (one read of one key). */
export async function listingOf(roomId: string): Promise<Listings[number] | undefined> {
  return (await matchMaker.driver.findOne({ roomId })) ?? undefined;
}

/** The listings of the rooms `roomIds` that are listed (one read). */
export async function listingsOf(roomIds: string[]): Promise<Listings> {
  return [...(await matchMaker.driver.findByIds(roomIds)).values()];
}

/** Whether the room `roomId` is listed on a node that still answers. */
export async function roomIsLive(roomId: string): Promise<boolean> {
  const listing = await listingOf(roomId);
  return listing !== undefined && (await processAnswers(listing.processId));
}

/**
 * Whether the room `roomId` is listed on another node that answers: a copy of it here is left
 * over from a moment this node was taken for dead, and must not act for the room any more.
 */
export async function listedElsewhere(roomId: string): Promise<boolean> {
  const listing = await listingOf(roomId);
  return (
    listing !== undefined &&
    listing.processId !== matchMaker.processId &&
    (await processAnswers(listing.processId))
  );
}

/** A room that can give way to its other copy (its clients then find the listed one). */
interface Yielding {
  roomId: string;
  /** Gives way to the other copy; false when this copy is the one to keep. */
  handOver?(): Promise<boolean | undefined>;
  disconnect(closeCode?: number): Promise<unknown>;
}

/** The close code of a room that gives way to its copy on another node: look it up again. */
export const MOVED_CLOSE_CODE = 4410;

/**
 * Makes sure the cluster holds one copy of each of this node's rooms `roomIds`, given the
 * `listed` rooms of their type.
 * A node that answers a ping too slowly is taken for dead: its listings are removed and its
 * singletons and parties rebuilt elsewhere, while its own copies live on. Here, a local room
 * whose listing now names another node that answers hands over (its clients are closed with
 * {@link MOVED_CLOSE_CODE} and join the listed copy), unless it says it is the one to keep (a
 * game whose log the other copy has not extended); a local room whose listing is missing is
 * listed again.
 */
export async function settleCopies(
  listed: Listings,
  roomIds: Iterable<string>,
  onHandOver: (roomId: string, owner: string) => void,
): Promise<void> {
  await dropOrphanListings(listed);
  const local: Yielding[] = [];
  for (const id of roomIds) {
    const room = matchMaker.getLocalRoomById(id) as unknown as Yielding | undefined;
    if (room) local.push(room);
  }
  if (local.length === 0) return;
  const listings = new Map(listed.map((l) => [l.roomId, l]));
  let unlisted = false;
  for (const room of local) {
    const listing = listings.get(room.roomId);
    const owner = listing?.processId;
    if (owner === matchMaker.processId) continue;
    if (listing && owner !== undefined && (await processAnswers(owner))) {
      if (room.handOver) {
        if ((await room.handOver()) === false) continue;
      } else {
        await room.disconnect(MOVED_CLOSE_CODE);
      }
      onHandOver(room.roomId, owner);
      // Disposing the copy removed the listing by id, which is the other copy's: put it back,
      // unless the room was listed anew meanwhile. Should the other copy be gone by now, its
      // node drops the listing (an orphan, below) and the room is created again.
      if (!(await listingOf(room.roomId))) await matchMaker.driver.persist(listing);
    } else {
      unlisted = true;
    }
  }
  if (unlisted) await matchMaker.restoreMissingRoomCaches();
}

/** Listings naming this node for a room it does not hold, by room id, with their creation time. */
const orphans = new Map<string, number>();

/**
 * Removes the listings among `listed` that name this node for a room it does not hold, once two
 * rounds in a row have seen the same listing so (a room being created is listed a moment before
 * the node holds it). Such a listing is left by two copies handing over to each other at once;
 * while it stays, every join of the room fails and the keepers, seeing a node that answers, never
 * create the room again.
 */
async function dropOrphanListings(listed: Listings): Promise<void> {
  for (const listing of listed) {
    const { roomId } = listing;
    if (listing.processId !== matchMaker.processId || matchMaker.getLocalRoomById(roomId)) {
      orphans.delete(roomId);
      continue;
    }
    const createdAt = new Date(listing.createdAt ?? 0).getTime();
    if (orphans.get(roomId) !== createdAt) {
      orphans.set(roomId, createdAt);
      continue;
    }
    orphans.delete(roomId);
    await matchMaker.driver.remove(roomId);
  }
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
