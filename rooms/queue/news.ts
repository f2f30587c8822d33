import type { Client, Presence } from '@colyseus/core';
import { QUEUE_CLOSE_CODES } from '../../schema/queues.ts';
import type { Holder, Offer, QueueTickets, TicketEnd } from '../rules/matchmaking-tickets.ts';
import { type PartyNotice, partyChannel } from '../shared/parties.ts';

/**
 * How a queue tells the players of a ticket what becomes of it: a solo player on its connection
 * to the queue, a party on the party's presence channel (fire and forget: the queue never waits
 * on a party).
 */
export class QueueNews {
  constructor(
    private readonly room: {
      clients: { getById(sessionId: string): Client | undefined };
      presence: Presence;
    },
    private readonly tickets: QueueTickets,
    private readonly queue: { id: string; relaxRegionAfterMs: number },
  ) {}

  /** Where the ticket stands (its band, the pool, the wait), while it waits. */
  status(ticketId: string, now: number): void {
    const status = this.tickets.status(ticketId, now, this.queue);
    if (status) this.tell(ticketId, { type: 'status', status });
  }

  tell(ticketId: string, notice: PartyNotice): void {
    const holder = this.tickets.holder(ticketId);
    if (holder?.partyId) this.party(holder.partyId, notice);
    const client = holder?.sessionId ? this.room.clients.getById(holder.sessionId) : undefined;
    if (notice.type === 'status') client?.send('status', notice.status);
    else client?.send(notice.type, notice);
  }

  /** The seats of a match just created. */
  offered({ solo, parties }: Offer): void {
    for (const { sessionId, seat } of solo) this.room.clients.getById(sessionId)?.send('match', seat);
    for (const { partyId, notice } of parties) this.party(partyId, notice);
  }

  /** The ticket of `holder` left the queue for good; a solo player's connection is closed. */
  ended(holder: Holder, end: TicketEnd): void {
    const queue = this.queue.id;
    const notice: PartyNotice =
      end.type === 'matched'
        ? { type: 'matched', queue, roomId: end.roomId }
        : { type: 'dequeued', queue, reason: end.reason };
    if (holder.partyId) this.party(holder.partyId, notice);
    const client = holder.sessionId ? this.room.clients.getById(holder.sessionId) : undefined;
    if (!client) return;
    client.send(notice.type, notice);
    client.leave(end.type === 'matched' ? QUEUE_CLOSE_CODES.matched : QUEUE_CLOSE_CODES.dequeued);
  }

  party(partyId: string, notice: PartyNotice): void {
    void this.room.presence.publish(partyChannel(partyId), notice);
  }
}
