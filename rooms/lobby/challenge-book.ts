import { randomBytes } from 'node:crypto';
import type { ChallengeClosed, ChallengeOffer } from '../../schema/lobby.ts';
import type { FinishedMatch, RatingView } from '../../server/services/ports.ts';
import type { ActorSchedule } from '../actor/schedule.ts';
import { accepted, type Checked } from '../rules/refusal.ts';
import {
  answerRefusal,
  type Challenge,
  type ChallengeParty,
  type ChallengeReply,
  challengeDto,
  challengeTerms,
  finishedChallenge,
  isParty,
  offerOf,
} from './challenges.ts';
import type { GameCatalog } from './game-terms.ts';
import { challengeRequest } from './messages.ts';

/** What the challenges need from the lobby that holds them. */
export interface ChallengeBookHost {
  now(): number;
  schedule: ActorSchedule;
  settings: { challengeTtlMs: number; challengeRetentionMs: number; maxChallengesPerUser: number };
  catalog: GameCatalog;
  ratingOf(userId: string, pool: string): Promise<RatingView>;
  isOnline(userId: string): boolean;
  notify(userId: string, type: 'challenge', message: ChallengeOffer): void;
  notify(userId: string, type: 'challenge:declined' | 'challenge:expired', message: ChallengeClosed): void;
  /** Creates the match of an accepted challenge and tells both players; its room id and players. */
  startMatch(challenge: Challenge): Promise<{ roomId: string; seated: string[] }>;
}

/**
 * The lobby's direct challenges: delivered to the opponent's connections, answered by them
 * within `challengeTtlMs`, then kept for `challengeRetentionMs` so both players can look up how
 * it went. As in the rest of the lobby, each change is checked and made without a wait between.
 */
export class ChallengeBook {
  private readonly challenges = new Map<string, Challenge>();

  constructor(private readonly host: ChallengeBookHost) {}

  /** Checks a challenge the control plane passes on and delivers it. */
  async create(input: unknown): Promise<ChallengeReply> {
    const parsed = challengeRequest.safeParse(input);
    if (!parsed.success) return { ok: false, code: 'VALIDATION_FAILED', message: 'invalid challenge' };
    const request = parsed.data;
    const check = () =>
      challengeTerms(
        request,
        {
          opponentOnline: this.host.isOnline(request.to.userId),
          pendingFromChallenger: this.pending().filter((c) => c.from.userId === request.from.userId).length,
          maxPending: this.host.settings.maxChallengesPerUser,
        },
        this.host.catalog,
      );
    const first = check();
    if (!first.ok) return { ok: false, ...first.refusal };
    const rating = request.from.guest
      ? 0
      : Math.round((await this.host.ratingOf(request.from.userId, first.value.category)).rating);
    // Looked at again after the wait: the opponent may have left, or other challenges come in.
    const terms = check();
    if (!terms.ok) return { ok: false, ...terms.refusal };
    const now = this.host.now();
    const challenge: Challenge = {
      id: randomBytes(12).toString('base64url'),
      from: { ...request.from, rating },
      to: request.to,
      ...terms.value,
      rated: request.rated,
      createdAt: now,
      expiresAt: now + this.host.settings.challengeTtlMs,
      status: 'pending',
      roomId: null,
    };
    this.challenges.set(challenge.id, challenge);
    this.armExpiry(challenge);
    this.host.notify(challenge.to.userId, 'challenge', offerOf(challenge));
    return { ok: true, challenge: challengeDto(challenge) };
  }

  /** A challenge as its two players may see it; to anyone else it does not exist. */
  status(id: string, userId: string): ChallengeReply {
    const challenge = this.challenges.get(id);
    if (!challenge || !isParty(challenge, userId)) {
      return { ok: false, code: 'CHALLENGE_NOT_FOUND', message: 'no such challenge' };
    }
    // A timer may fire a little late: the deadline decides.
    if (challenge.status === 'pending' && this.host.now() >= challenge.expiresAt) this.expire(id);
    return { ok: true, challenge: challengeDto(challenge) };
  }

  /** The challenges waiting for `userId`'s answer. */
  waitingFor(userId: string): Challenge[] {
    return this.pending().filter((c) => c.to.userId === userId);
  }

  async accept(user: ChallengeParty, id: string): Promise<Checked<{ roomId: string }>> {
    const challenge = this.challenges.get(id);
    const refusal = answerRefusal(challenge, user.userId, this.host.now());
    if (refusal || !challenge) return { ok: false, refusal: refusal! };
    // Claimed at once: a second answer, or the timer, finds it no longer pending.
    challenge.status = 'accepted';
    this.host.schedule.clearTimer(`challenge:${id}`);
    let started: { roomId: string; seated: string[] };
    try {
      started = await this.host.startMatch(challenge);
    } catch (err) {
      challenge.status = 'pending';
      this.armExpiry(challenge);
      throw err;
    }
    Object.assign(challenge, started);
    this.forgetLater(id);
    return accepted({ roomId: started.roomId });
  }

  /**
   * The game of the challenge still held with room `roomId` is over (its result taken once by
   * the lobby): its status says so, and it can be looked up for a while longer.
   */
  finished(roomId: string, finished: FinishedMatch): void {
    const challenge = [...this.challenges.values()].find((c) => c.roomId === roomId);
    const next = challenge && finishedChallenge(challenge, finished);
    if (!next) return;
    this.challenges.set(next.id, next);
    this.forgetLater(next.id);
  }

  decline(user: ChallengeParty, id: string): Checked<object> {
    const challenge = this.challenges.get(id);
    const refusal = answerRefusal(challenge, user.userId, this.host.now());
    if (refusal || !challenge) return { ok: false, refusal: refusal! };
    challenge.status = 'declined';
    this.host.schedule.clearTimer(`challenge:${id}`);
    this.host.notify(challenge.from.userId, 'challenge:declined', { id });
    this.forgetLater(id);
    return accepted({});
  }

  private pending(): Challenge[] {
    return [...this.challenges.values()].filter((c) => c.status === 'pending');
  }

  private armExpiry(challenge: Challenge): void {
    this.host.schedule.setTimer(
      `challenge:${challenge.id}`,
      challenge.expiresAt - this.host.now(),
      async () => this.expire(challenge.id),
    );
  }

  private expire(id: string): void {
    const challenge = this.challenges.get(id);
    if (challenge?.status !== 'pending') return;
    challenge.status = 'expired';
    this.host.schedule.clearTimer(`challenge:${id}`);
    this.host.notify(challenge.from.userId, 'challenge:expired', { id });
    this.host.notify(challenge.to.userId, 'challenge:expired', { id });
    this.forgetLater(id);
  }

  /** An answered challenge can still be looked up for a while, then it is gone. */
  private forgetLater(id: string): void {
    this.host.schedule.setTimer(`forget:${id}`, this.host.settings.challengeRetentionMs, async () => {
      this.challenges.delete(id);
    });
  }
}
