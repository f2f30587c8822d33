import type { DequeueReason, QueueMatch, QueueStatus } from '../../schema/queues.ts';

/**
 * What a queue tells a party room about the party's ticket, on the party's presence channel
 * (fire and forget: the queue never waits on a party).
 */
export type PartyNotice =
  | { type: 'status'; status: QueueStatus }
  | {
      type: 'match';
      match: Omit<QueueMatch, 'color' | 'team'>;
      seats: Record<string, Pick<QueueMatch, 'color' | 'team'>>;
    }
  | { type: 'matched'; queue: string; roomId: string }
  | { type: 'requeued'; queue: string }
  | { type: 'dequeued'; queue: string; reason: DequeueReason };

/** The presence channel of one party. */
export function partyChannel(partyId: string): string {
  return `party:${partyId}`;
}

/** What a queue answers a party asking to queue (through a remote room call). */
export type PartyTicketAnswer = { ok: true } | { ok: false; code: string; message: string };
