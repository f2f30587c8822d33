import type { Presence } from '@colyseus/core';

const CLAIM_COUNTS = 'queue-ticket-claims';
const CLAIM_OWNERS = 'queue-ticket-owners';

/**
 * Which queue holds each player's ticket, across every queue room of the cluster: a player holds
 * at most one ticket. A claim is an atomic counter per player (the first to raise it to 1 wins)
 * plus the owning queue's id, so a claim left behind by a queue room that is gone can be taken
 * over instead of locking the player out.
 */
export class TicketClaims {
  constructor(
    private readonly presence: Presence,
    /** Whether the queue `owner` still holds a ticket of `userId` (its room may be gone). */
    private readonly stillHeld: (owner: string, userId: string) => Promise<boolean>,
  ) {}

  /**
   * Claims every player for `owner`, all or none; the first player already holding a ticket
   * elsewhere is returned (and nothing is claimed).
   */
  async claim(userIds: readonly string[], owner: string): Promise<string | undefined> {
    const taken: string[] = [];
    for (const userId of userIds) {
      if (await this.claimOne(userId, owner)) {
        taken.push(userId);
        continue;
      }
      await this.release(taken, owner);
      return userId;
    }
    return undefined;
  }

  /** Gives the players' claims up, where `owner` holds them. */
  async release(userIds: readonly string[], owner: string): Promise<void> {
    for (const userId of userIds) {
      if ((await this.presence.hget(CLAIM_OWNERS, userId)) !== owner) continue;
      await this.presence.hdel(CLAIM_OWNERS, userId);
      await this.presence.hdel(CLAIM_COUNTS, userId);
    }
  }

  private async claimOne(userId: string, owner: string): Promise<boolean> {
    if ((await this.presence.hincrby(CLAIM_COUNTS, userId, 1)) === 1) {
      await this.presence.hset(CLAIM_OWNERS, userId, owner);
      return true;
    }
    const holder = await this.presence.hget(CLAIM_OWNERS, userId);
    // No owner yet: another claim is between its two writes.
    if (holder === null || (holder !== owner && (await this.stillHeld(holder, userId)))) {
      await this.presence.hincrby(CLAIM_COUNTS, userId, -1);
      return false;
    }
    // Nobody holds it any more (its queue is gone, or it is this queue's own stale claim).
    await this.presence.hincrby(CLAIM_COUNTS, userId, -1);
    await this.presence.hset(CLAIM_OWNERS, userId, owner);
    return true;
  }
}
