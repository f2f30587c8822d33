import type { Presence } from '@colyseus/core';
import type { PartyMemberResult, PartySeatResult } from '../../schema/party.ts';
import type { SeatedParty } from '../rules/matchmaking-tickets.ts';
import type { MatchFactory, MatchOutcome } from '../shared/matches.ts';
import type { PartyNotice } from '../shared/parties.ts';

/** A member's own line of a result: their seat's, or zeros when the match has none. */
export function memberResult(userId: string, seat: number, results: PartySeatResult[]): PartyMemberResult {
  const own = results.find((r) => r.seat === seat);
  return {
    userId,
    seat,
    score: own?.score ?? 0,
    placing: own?.placing ?? 0,
    ...(own?.rating ? { rating: own.rating } : {}),
  };
}

/**
 * The results of a queue's matches, for the parties they seated. Which party sat where is kept
 * in presence once the match has started (the queue may be rebuilt on another node before the
 * match ends); when the match's `finished` report comes, the queue tells each party on its channel
 * and then takes the report. A repeat (the record's keeper sends a report until it is taken)
 * reaches a party that already shows that result, and changes nothing.
 */
export class PartyResults {
  constructor(
    private readonly queue: { id: string; roomId: string; presence: Presence },
    private readonly matches: Pick<MatchFactory, 'takeReport'>,
    private readonly tell: (partyId: string, notice: PartyNotice) => void,
  ) {}

  /** The match `roomId` started with these parties in it. */
  async started(roomId: string, parties: SeatedParty[]): Promise<void> {
    if (parties.length > 0) await this.queue.presence.hset(this.key(), roomId, JSON.stringify(parties));
  }

  /**
   * The match reported its result: told to its parties, then taken. In that order, so a queue
   * that dies between the two leaves the report untaken, and the record's keeper sends it again
   * to the queue's next copy; a party told twice shows the result once (it knows it by match).
   */
  async finished(outcome: Extract<MatchOutcome, { type: 'finished' }>): Promise<void> {
    const { roomId, termination, results } = outcome;
    const kept = (await this.queue.presence.hget(this.key(), roomId)) as string | null | undefined;
    const parties = kept ? (JSON.parse(kept) as SeatedParty[]) : [];
    const queue = this.queue.id;
    for (const { partyId, seat, members = [] } of parties) {
      const own = members.map((m) => memberResult(m.userId, m.seat, results));
      this.tell(partyId, {
        type: 'result',
        result: { roomId, queue, termination, seat, results, members: own },
      });
    }
    if (!(await this.matches.takeReport(roomId))) return;
    if (kept) await this.queue.presence.hdel(this.key(), roomId);
  }

  private key(): string {
    return `queue-parties:${this.queue.roomId}`;
  }
}
