import type { ErrorCode } from '../../schema/errors.ts';
import { PartyMemberResultState, type PartyState } from '../../schema/party.state.ts';
import type { PartyResult } from '../../schema/party.ts';
import type { QueueMatch } from '../../schema/queues.ts';
import type { Outcome } from '../actor/messages.ts';
import { refused } from '../rules/refusal.ts';
import type { PartyNotice, PartySnapshot } from '../shared/parties.ts';
import type { PartyRoomDeps } from './deps.ts';
import * as party from './party.ts';

/** What the queueing needs from the party room that holds it. */
export interface QueueingHost {
  partyId: string;
  state: PartyState;
  deps: PartyRoomDeps;
  broadcast(type: 'dequeued', message: { queue: string; reason: string }): void;
  broadcast(type: 'result', message: PartyResult): void;
  /** Tells every member their seat in the match being seated. */
  tellSeats(): void;
  /** The game the party is matched into or plays now (`''`: none): its end frees the party. */
  follow(gameId: string): void;
}

/**
 * A party with its queue: the ticket it takes as one, the queue's news on the party's channel,
 * and the status that follows (`party.ts` decides it; this keeps it and shows it in the state).
 */
export class PartyQueueing {
  status: party.PartyStatus = party.IDLE;
  /** When the queue last spoke of the party's ticket. */
  private heardAt = 0;
  /** The region the party queued in. */
  private region: string | undefined;
  /** How the party's last match ended (shown in the state, kept in the snapshot). */
  private lastResult: PartyResult | undefined;

  constructor(private readonly host: QueueingHost) {}

  /** A member asks to queue the party (the leader may, when everyone is ready). */
  async queue(by: string, ask: { queue: string; region?: string }): Promise<Outcome> {
    const { deps, state } = this.host;
    const known = { name: ask.queue, known: deps.profiles.has(ask.queue) };
    const may = party.mayQueue(state, by, known, this.status);
    if (!may.ok) return may;
    const answer = await deps.enqueue(ask.queue, this.ticket(ask.region));
    if (!answer.ok) return refused(answer.code as ErrorCode, answer.message);
    // The queue's first status may have arrived already; only a still idle party starts searching.
    if (this.status.status === 'idle') {
      this.become({ status: 'searching', queue: ask.queue });
      this.heardAt = deps.now();
      this.region = ask.region;
    }
  }

  /** The party's make-up changed (or its leader asked): a searching party leaves its queue. */
  async leave(reason: 'party_changed' | 'cancelled' = 'party_changed'): Promise<void> {
    if (this.status.status !== 'searching') return;
    const name = this.status.queue;
    this.become(party.IDLE);
    await this.host.deps
      .dequeue(name, this.host.partyId)
      .catch((err) =>
        this.host.deps.log.warn(
          { err, partyId: this.host.partyId },
          'could not take the party out of its queue',
        ),
      );
    this.host.broadcast('dequeued', { queue: name, reason });
  }

  /** The party is over: a ticket it holds (waiting or being seated) goes. */
  abandon(): void {
    if (this.status.status === 'searching' || this.status.status === 'matched')
      void this.host.deps.dequeue(this.status.queue, this.host.partyId).catch(() => undefined);
  }

  /** The queue spoke of the party's ticket. */
  hear(notice: PartyNotice): void {
    this.heardAt = this.host.deps.now();
    if (notice.type === 'status' && this.status.status === 'searching') {
      const { band, poolSize, estimatedWaitMs, waitedMs } = notice.status;
      Object.assign(this.host.state.queue, {
        bandMin: band.min,
        bandMax: band.max,
        poolSize,
        estimatedWaitMs: estimatedWaitMs ?? 0,
        waitedMs,
      });
    }
    const next = party.afterNotice(this.status, notice);
    if (next !== this.status) {
      this.become(next, notice.type === 'matched');
      if (next.status === 'matched') this.host.tellSeats();
    }
    if (notice.type === 'dequeued')
      this.host.broadcast('dequeued', { queue: notice.queue, reason: notice.reason });
    if (notice.type === 'result' && this.showResult(notice.result))
      this.host.broadcast('result', notice.result);
  }

  /** Shows `result` in the state unless it is the one shown already; whether it was news. */
  private showResult(result: PartyResult): boolean {
    if (!party.isNewResult(this.lastResult, result)) return false;
    this.lastResult = result;
    const shown = this.host.state.lastResult;
    Object.assign(shown, party.resultSummary(result));
    shown.members.clear();
    for (const member of result.members)
      shown.members.set(
        member.userId,
        Object.assign(new PartyMemberResultState(), party.seatSummary(result, member.seat)),
      );
    return true;
  }

  /** The game `gameId` ended: a party matched into it, or playing it, is idle again. */
  gameEnded(gameId: string): void {
    const next = party.afterGameEnded(this.status, gameId);
    if (next !== this.status) this.become(next);
  }

  /** The status a snapshot saved, brought up to date with its game (which may have moved on). */
  async restore(snapshot: PartySnapshot): Promise<void> {
    const saved = party.statusOfSnapshot(snapshot);
    this.become(saved);
    if (saved.status === 'matched' || saved.status === 'playing') {
      const game = await this.host.deps.gameStatus(saved.roomId).catch(() => 'unknown' as const);
      const next = party.afterGameStatus(saved, game);
      if (next !== saved) this.become(next, next.status === 'playing');
    }
    this.region = snapshot.queue.region;
    this.heardAt = this.host.deps.now();
    // Shown again, not told again: the members were told before the party moved.
    if (snapshot.lastResult) this.showResult(snapshot.lastResult);
  }

  /** Whether the party's ticket lapsed (its queue no longer speaks of it): then it takes it again. */
  async retake(): Promise<void> {
    const { deps, partyId } = this.host;
    const queue = this.status.status === 'searching' ? this.status.queue : '';
    const profile = deps.profiles.get(queue);
    if (!profile || !party.ticketLapsed(this.status, this.heardAt, deps.now(), profile.tickMs)) return;
    const answer = await deps.enqueue(queue, this.ticket(this.region));
    // Held already means the queue has it after all.
    if (answer.ok || answer.code === 'ALREADY_QUEUED') this.heardAt = deps.now();
    else deps.log.warn({ partyId, answer }, 'could not take the ticket again');
  }

  /** The seat of `userId` in the match being seated, if there is one. */
  seatOf(userId: string): QueueMatch | undefined {
    const offer = this.status.status === 'matched' ? this.status.offer : undefined;
    const seat = offer?.seats[userId];
    return offer && seat && { ...offer.match, ...seat };
  }

  /** The queue part of the party's snapshot. */
  saved(): Pick<PartySnapshot, 'queue' | 'offer' | 'lastResult'> {
    const offer = this.status.status === 'matched' ? this.status.offer : undefined;
    return {
      queue: {
        status: this.status.status,
        ...party.whereOf(this.status),
        ...(this.region === undefined ? {} : { region: this.region }),
      },
      ...(offer ? { offer } : {}),
      ...(this.lastResult ? { lastResult: this.lastResult } : {}),
    };
  }

  /**
   * The party's status, shown in the state (a party not searching shows no figures). A match that
   * `started` needs a new ready check for the next one.
   */
  private become(next: party.PartyStatus, started = false): void {
    const { state } = this.host;
    this.status = next;
    if (started) for (const member of state.members.values()) member.ready = false;
    const where = party.whereOf(next);
    Object.assign(state.queue, { status: next.status, ...where });
    this.host.follow(where.roomId);
    if (next.status !== 'searching')
      Object.assign(state.queue, { bandMin: 0, bandMax: 0, poolSize: 0, estimatedWaitMs: 0, waitedMs: 0 });
  }

  /** The party's ticket as a queue takes it. */
  private ticket(region: string | undefined) {
    const members = [...this.host.state.members.values()].map(({ userId, name, guest }) => ({
      userId,
      name,
      guest,
    }));
    return { partyId: this.host.partyId, members, region };
  }
}
