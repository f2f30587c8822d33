import { matchMaker } from '@colyseus/core';

/**
 * Closes this node's copy of room `roomId` where another node's copy is the listed one, and keeps
 * that listing. Colyseus removes a room's listing by id when the room closes, and the id is the
 * other copy's too: without the listing, the other copy would be taken for gone and the room
 * created a third time. A listing written anew meanwhile is left as it is.
 */
export async function closeKeepingListing(roomId: string, close: () => Promise<unknown>): Promise<void> {
  const listing = await matchMaker.driver.findOne({ roomId });
  await close();
  // Closing has sent its removals by now; this read and the put-back queue behind them.
  if (!listing || listing.processId === matchMaker.processId) return;
  if (!(await matchMaker.driver.findOne({ roomId }))) await matchMaker.driver.persist(listing);
}
