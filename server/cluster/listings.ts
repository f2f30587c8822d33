/**
 * What the cluster's room listings say, and whether the nodes they name still answer. Reads only:
 * the listings are the matchmaker driver's (Redis in a cluster), the pings its presence's.
 */
import { matchMaker } from '@colyseus/core';

/** Room listings, as the matchmaker's driver keeps them. */
export type Listings = Awaited<ReturnType<typeof matchMaker.query>>;
export type Listing = Listings[number];

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
export async function listingOf(roomId: string): Promise<Listing | undefined> {
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

/** The listings of the matches of every game named (a room type per game). */
export async function listingsOfGames(names: readonly string[]): Promise<Listings> {
  return (await Promise.all(names.map((name) => matchMaker.query({ name })))).flat();
}
