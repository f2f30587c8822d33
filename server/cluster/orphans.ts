/** A room listing as the orphan rule reads it. */
export interface ListingSeen {
  roomId: string;
  processId: string;
  createdAt?: Date | string | number;
}

/**
 * The listings that name this node for a room it does not hold ("orphans"), remembered from one
 * round of a node's checks to the next. Such a listing is left by two copies of a room handing
 * over to each other at once; while it stays, every join of the room fails and the keepers,
 * seeing a node that answers, never create the room again. But a room being created is listed a
 * moment before its node holds it: so a listing is dropped only once two rounds in a row have
 * seen the very same listing (same creation time) so.
 *
 * One per node, made by the composition root; pure (the caller reads and removes the listings).
 */
export class OrphanListings {
  /** Orphans seen in the last round, by room id, with their listing's creation time. */
  private readonly seen = new Map<string, number>();

  /** Whether the listing of `roomId` was seen once as an orphan, and waits for a second round. */
  suspects(roomId: string): boolean {
    return this.seen.has(roomId);
  }

  /**
   * One round over `listed` (this round's listings of some room type) on the node `self`, which
   * holds the rooms `holds` says; returns the ids of the listings to remove now.
   *
   * @example
   * const orphans = new OrphanListings();
   * const listing = { roomId: 'r', processId: 'me', createdAt: 5 };
   * orphans.sweep([listing], 'me', () => false); // [] (it may be a room being created)
   * orphans.sweep([listing], 'me', () => false); // ['r']
   */
  sweep(listed: readonly ListingSeen[], self: string, holds: (roomId: string) => boolean): string[] {
    const drop: string[] = [];
    for (const { roomId, processId, createdAt } of listed) {
      if (processId !== self || holds(roomId)) {
        this.seen.delete(roomId);
        continue;
      }
      const created = new Date(createdAt ?? 0).getTime();
      if (this.seen.get(roomId) !== created) {
        this.seen.set(roomId, created);
        continue;
      }
      this.seen.delete(roomId);
      drop.push(roomId);
    }
    return drop;
  }
}
