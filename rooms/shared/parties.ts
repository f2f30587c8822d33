import type { PartyResult } from '../../schema/party.ts';
import type { DequeueReason, QueueMatch, QueueSeat, QueueStatus } from '../../schema/queues.ts';

/**
 * What a queue tells a party room about the party's ticket, on the party's presence channel
 * (fire and forget: the queue never waits on a party).
 */
export type PartyNotice =
  | { type: 'status'; status: QueueStatus }
  | {
      type: 'match';
      match: Omit<QueueMatch, keyof QueueSeat>;
      seats: Record<string, QueueSeat>;
    }
  | { type: 'matched'; queue: string; roomId: string }
  | { type: 'requeued'; queue: string }
  | { type: 'dequeued'; queue: string; reason: DequeueReason }
  /** The party's match ended: told once, when the queue takes the match's report. */
  | { type: 'result'; result: PartyResult };

/** The presence channel of one party. */
export function partyChannel(partyId: string): string {
  return `party:${partyId}`;
}

/** What a queue answers a party asking to queue (through a remote room call). */
export type PartyTicketAnswer = { ok: true } | { ok: false; code: string; message: string };

/** What a party keeps outside its room, so that another node can bring it back. */
export interface PartySnapshot {
  partyId: string;
  leaderId: string;
  members: Array<{ userId: string; name: string; guest: boolean; joinedAt: number; ready: boolean }>;
  /** The queue status (`idle`, `searching`, `matched`, `playing`), its queue and its room. */
  queue: { status: string; queue: string; roomId: string; region?: string };
  /** While `matched`: the match and each member's seat in it. */
  offer?: {
    match: Omit<QueueMatch, keyof QueueSeat>;
    seats: Record<string, QueueSeat>;
  };
  /** How the party's last match ended: shown in the state, so a rebuilt party still shows it. */
  lastResult?: PartyResult;
}

/** Where party rooms keep their snapshots (presence, shared by the cluster's nodes). */
export interface PartyStore {
  save(snapshot: PartySnapshot): Promise<void>;
  load(partyId: string): Promise<PartySnapshot | undefined>;
  /** The party is over: its snapshot goes. */
  remove(partyId: string): Promise<void>;
  /** The ids of the parties that have a snapshot (some may have expired since). */
  ids(): Promise<string[]>;
}
