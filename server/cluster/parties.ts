import { matchMaker } from '@colyseus/core';
import type { PartyStore } from '../../rooms/shared/parties.ts';
import type { ServerKey } from '../../rooms/shared/server-key.ts';
import type { Logger } from '../platform/logger.ts';
import type { CopySettler } from './copies.ts';
import { liveRooms } from './listings.ts';
import { createUnlessListed, RESTORE_LOCK_SECONDS } from './locks.ts';
import { type FullRound, keepRounds, RoundGate } from './round-gate.ts';

export interface PartyKeeperDeps {
  /** The snapshots party rooms keep in presence. */
  parties: PartyStore;
  /** The room type of parties, rebuilt from a snapshot by the option `restore: partyId`. */
  roomName: string;
  serverKey: ServerKey;
  copies: CopySettler;
  log: Logger;
}

/**
 * Failover of parties: a party that has a snapshot but no room on a node that answers (its node
 * died or drained) is rebuilt from the snapshot under its code, on this node. One node at a time
 * per party (a short lock), and never over a live listing.
 */
export class PartyKeeper {
  constructor(private readonly deps: PartyKeeperDeps) {}

  /** Rebuilds the parties whose room is gone; first settles this node's copies held elsewhere too. */
  async restoreAll(): Promise<string[]> {
    return (await this.round()).restored;
  }

  private async round(): Promise<FullRound> {
    const { parties, roomName, serverKey, copies, log } = this.deps;
    // The ids first, then the listings: a party saves its first snapshot only once it is listed.
    const ids = await parties.ids();
    const listings = await matchMaker.query({ name: roomName });
    let handedOver = 0;
    await copies.settle(listings, ids, (partyId, owner) => {
      handedOver += 1;
      log.warn({ partyId, owner }, 'party held elsewhere too: this copy hands over');
    });
    const held = await liveRooms(listings);
    const unheld = ids.filter((id) => !held.has(id));
    const restored: string[] = [];
    for (const id of unheld) {
      const lock = { key: `party-restore:${id}`, seconds: RESTORE_LOCK_SECONDS };
      await createUnlessListed(lock, id, roomName, { restore: id, serverKey: serverKey.current }).then(
        (created) => created && restored.push(id),
        (err) => log.error({ err, partyId: id }, 'could not rebuild a party'),
      );
    }
    return {
      restored,
      acted: unheld.length > 0 || handedOver > 0 || copies.awaitsNextRound(listings),
      listings,
    };
  }

  /** Looks again every `intervalMs`, a full round when `gate` says one is due; returns stop. */
  keep(intervalMs: number, gate = new RoundGate()): () => void {
    return keepRounds(intervalMs, gate, () => this.round(), this.deps.log, {
      field: 'parties',
      rebuilt: 'parties of a node that is gone rebuilt',
      failed: 'could not check the parties',
    });
  }
}
