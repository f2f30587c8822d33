import type { Presence } from '@colyseus/core';
import type { QueueProfile } from '../../schema/queues.ts';
import { entryTime, type Holder, type QueueTickets } from '../rules/matchmaking-tickets.ts';
import type { Refusal } from '../rules/refusal.ts';
import type { SeatedMember } from '../shared/matches.ts';
import { admit } from './admission.ts';
import { TicketClaims } from './claims.ts';
import type { QueueRoomDeps } from './deps.ts';

/**
 * How tickets enter and leave one queue beyond its pure rules: each player's claim across the
 * cluster (a player holds one ticket in all the queues), the ratings the queue matches on, and
 * the entry time kept in presence for the queue's next life (on another node).
 */
export class TicketDesk {
  private readonly claims: TicketClaims;

  constructor(
    private readonly queue: { roomId: string; profile: QueueProfile; presence: Presence },
    private readonly tickets: QueueTickets,
    private readonly deps: Pick<QueueRoomDeps, 'games' | 'holds' | 'now' | 'pools'>,
  ) {
    this.claims = new TicketClaims(queue.presence, (owner, userId) =>
      owner === queue.roomId ? Promise.resolve(tickets.holds(userId)) : deps.holds(owner, userId),
    );
  }

  /** Puts the ticket `ticketId` of `members` in the queue; a refusal says why not. */
  async enqueue(
    ticketId: string,
    members: SeatedMember[],
    region: string | undefined,
    where: Pick<Holder, 'sessionId' | 'partyId'>,
  ): Promise<Refusal | undefined> {
    const { roomId, profile, presence } = this.queue;
    const admitted = admit(profile, members, region);
    if (!admitted.ok) return admitted.refusal;
    const userIds = members.map((m) => m.userId);
    const conflict =
      members.find((m) => this.tickets.holds(m.userId))?.userId ?? (await this.claims.claim(userIds, roomId));
    if (conflict) {
      const name = members.find((m) => m.userId === conflict)?.name ?? conflict;
      return { code: 'ALREADY_QUEUED', message: `${name} already holds a ticket in a queue` };
    }
    const pool = this.deps.pools.get(profile.id)!;
    const ratings = await Promise.all(members.map((m) => this.deps.games.ratingOf(m.userId, pool)));
    const now = this.deps.now();
    const since = entryTime(Number(await presence.hget(this.sinceKey(), ticketId)), now);
    const rated = members.map((m, i) => ({ userId: m.userId, rating: ratings[i]!.rating }));
    const added = this.tickets.add(
      { id: ticketId, members: rated, region: admitted.region, since },
      { members, ...where, gone: false },
    );
    if (!added.ok) {
      await this.claims.release(userIds, roomId);
      return { code: added.code, message: added.message };
    }
    await presence.hset(this.sinceKey(), ticketId, String(since));
    return undefined;
  }

  /** The ticket is done with (matched, expired or taken out): its players may queue again. */
  async forget(ticketId: string): Promise<void> {
    const holder = this.tickets.forget(ticketId);
    if (!holder) return;
    await this.queue.presence.hdel(this.sinceKey(), ticketId);
    await this.claims.release(
      holder.members.map((m) => m.userId),
      this.queue.roomId,
    );
  }

  /** Where the entry times of this queue's tickets are kept, for the queue's next life. */
  private sinceKey(): string {
    return `queue-since:${this.queue.roomId}`;
  }
}
