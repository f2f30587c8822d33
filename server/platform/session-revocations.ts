import type { Redis } from 'ioredis';
import { AppError } from '../services/errors.ts';
import type { AccessClaims, AccessTokens, Clock, SessionRevocations } from '../services/ports.ts';

/** Revoked sessions of one process, each forgotten once no access token of it can be valid. */
export class LocalSessionRevocations implements SessionRevocations {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly clock: Clock,
  ) {}

  async revoke(sessionIds: readonly string[]): Promise<void> {
    const now = this.clock().getTime();
    for (const [id, until] of this.until) if (until <= now) this.until.delete(id);
    for (const id of sessionIds) this.until.set(id, now + this.ttlSeconds * 1000);
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    const until = this.until.get(sessionId);
    return until !== undefined && until > this.clock().getTime();
  }
}

/**
 * Revoked sessions shared by every node through Redis (a key per session, expiring with the
 * longest-lived access token), with this node's own list in front: a session this node ended is
 * refused here even while Redis does not answer.
 */
export class RedisSessionRevocations implements SessionRevocations {
  private readonly local: LocalSessionRevocations;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
    clock: Clock,
    private readonly onError: (err: unknown) => void,
  ) {
    this.local = new LocalSessionRevocations(ttlSeconds, clock);
  }

  async revoke(sessionIds: readonly string[]): Promise<void> {
    await this.local.revoke(sessionIds);
    if (sessionIds.length === 0) return;
    try {
      const batch = this.redis.multi();
      for (const id of sessionIds) batch.set(this.key(id), '1', 'EX', this.ttlSeconds);
      await batch.exec();
    } catch (err) {
      // The refresh tokens are refused by the record already; other nodes accept the access
      // tokens until they expire.
      this.onError(err);
    }
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    if (await this.local.isRevoked(sessionId)) return true;
    try {
      return (await this.redis.exists(this.key(sessionId))) === 1;
    } catch (err) {
      // Redis down: the token's signature and expiry still hold; the refresh token is refused anyway.
      this.onError(err);
      return false;
    }
  }

  private key(sessionId: string): string {
    return `${this.prefix}:session-revoked:${sessionId}`;
  }
}

/** Access tokens whose session has ended are refused (SESSION_ENDED) before they expire. */
export class RevocationCheckingTokens implements AccessTokens {
  constructor(
    private readonly inner: AccessTokens,
    private readonly revocations: SessionRevocations,
  ) {}

  get ttlSeconds(): number {
    return this.inner.ttlSeconds;
  }

  issue(claims: Omit<AccessClaims, 'exp'>): Promise<string> {
    return this.inner.issue(claims);
  }

  async verify(token: string): Promise<AccessClaims> {
    const claims = await this.inner.verify(token);
    if (claims.sessionId && (await this.revocations.isRevoked(claims.sessionId))) {
      throw new AppError('SESSION_ENDED', 'this session has ended; log in again');
    }
    return claims;
  }
}
