import { matchMaker } from '@colyseus/core';
import type { HandsOver } from '../../rooms/shared/calls.ts';
import { type Listings, processAnswers } from './listings.ts';
import { OrphanListings } from './orphans.ts';

/** A room of this node, as the settling of copies sees it. */
interface LocalCopy extends Partial<HandsOver> {
  roomId: string;
  disconnect(closeCode?: number): Promise<unknown>;
}

/** The close code of a room that gives way to its copy on another node: look it up again. */
export const MOVED_CLOSE_CODE = 4410;

/**
 * Makes sure the cluster holds one copy of each room of this node. A node that answers a ping
 * too slowly is taken for dead: its listings are removed and its singletons, parties and games
 * rebuilt elsewhere, while its own copies live on. One per node (it remembers the orphan
 * listings of {@link OrphanListings} from one round to the next), shared by the keepers.
 */
export class CopySettler {
  private readonly orphans = new OrphanListings();

  /**
   * Settles this node's rooms `roomIds`, given the `listed` rooms of their type. A local room
   * whose listing now names another node that answers hands over (its clients are closed with
   * {@link MOVED_CLOSE_CODE} and join the listed copy), unless it says it is the one to keep (a
   * game whose log the other copy has not extended); a local room whose listing is missing is
   * listed again; a listing that names this node for a room it does not hold is removed (see
   * {@link OrphanListings}).
   */
  async settle(
    listed: Listings,
    roomIds: Iterable<string>,
    onHandOver: (roomId: string, owner: string) => void,
  ): Promise<void> {
    await this.dropOrphans(listed);
    const local: LocalCopy[] = [];
    for (const id of roomIds) {
      const room = matchMaker.getLocalRoomById(id) as unknown as LocalCopy | undefined;
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
        // Closing this copy leaves the other's listing alone (see OwnListingsRedisDriver).
        if (room.handOver) {
          if ((await room.handOver()) === false) continue;
        } else {
          await room.disconnect(MOVED_CLOSE_CODE);
        }
        onHandOver(room.roomId, owner);
      } else {
        unlisted = true;
      }
    }
    if (unlisted) await matchMaker.restoreMissingRoomCaches();
  }

  /**
   * Whether a round left any of `listed` for the next one to decide: a listing seen once as an
   * orphan is removed only if the next round sees it so again.
   */
  awaitsNextRound(listed: Listings): boolean {
    return listed.some((l) => this.orphans.suspects(l.roomId));
  }

  private async dropOrphans(listed: Listings): Promise<void> {
    const drop = this.orphans.sweep(listed, matchMaker.processId, (roomId) =>
      Boolean(matchMaker.getLocalRoomById(roomId)),
    );
    for (const roomId of drop) await matchMaker.driver.remove(roomId);
  }
}
