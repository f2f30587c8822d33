import type { PartyClient } from '../../client-sdk/matchmaking.ts';
import { PARTY_CLOSE_CODES, type PartyChatLine } from '../../schema/party.ts';
import type { DequeueReason, QueueMatch } from '../../schema/queues.ts';

const CHAT_KEPT = 50;

const DEQUEUED: Record<DequeueReason, string> = {
  party_changed: 'The party left the queue: its members changed or someone is no longer ready.',
  cancelled: 'The party left the queue.',
  seat_expired: 'A seat was not taken in time: the party left the queue.',
  left: 'The party left the queue.',
};

export interface PartyLinkHooks {
  /** Something shown changed: members, readiness, queue status, chat. */
  changed(): void;
  /** The party's match: this member's seat is held in `match.roomId`. */
  matched(match: QueueMatch): void;
  /** The connection ended; `why` is for the player (empty when they left themselves). */
  closed(link: PartyLink, why: string): void;
}

/**
 * The player's party, kept for the whole visit (across games): its chat lines, what the queue
 * last said, and the hand-over of each match to the game page.
 */
export class PartyLink {
  readonly lines: PartyChatLine[] = [];
  /** The latest word from the queue (left it, and why). */
  notice = '';
  private leaving = false;

  constructor(
    readonly client: PartyClient,
    hooks: PartyLinkHooks,
  ) {
    client.onChange(() => hooks.changed());
    client.inbox.listen((m) => {
      if (m.type === 'chat') {
        this.lines.push({ userId: m.userId, name: m.name, text: m.text, at: m.at });
        if (this.lines.length > CHAT_KEPT) this.lines.shift();
      } else if (m.type === 'dequeued') {
        this.notice = DEQUEUED[m.reason] ?? 'The party left the queue.';
      } else if (m.type === 'match') {
        this.notice = '';
        hooks.matched(m);
      }
      hooks.changed();
    });
    client.onClose((code) => hooks.closed(this, this.leaving ? '' : closeReason(code)));
  }

  get code(): string {
    return this.client.code;
  }

  leave(): void {
    this.leaving = true;
    void this.client.leave().catch(() => undefined);
  }
}

function closeReason(code: number): string {
  if (code === PARTY_CLOSE_CODES.kicked) return 'The leader removed you from the party.';
  if (code === PARTY_CLOSE_CODES.replaced) return 'You opened the party in another tab or device.';
  if (code === PARTY_CLOSE_CODES.abuse) return 'The party closed the connection: too many refused messages.';
  return 'The party could not be reached again. Join it with its code once the server is back.';
}
