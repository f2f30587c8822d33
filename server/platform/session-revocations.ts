import type { Redis } from 'ioredis';
import { AppError } from '../services/errors.ts';
import type { AccessClaims, AccessTokens, Clock, SessionRevocations } from '../services/ports.ts';
import type { RedisChannels } from './redis-channels.ts';

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
 * Revoked sessions shared by every node through Redis, known in memory on each: a revocation is
 * written (a key a session, expiring with the longest-lived access token, for the nodes that start
 * later) and published; every node hears it and refuses the session's tokens from then on, so a
 * token is checked without a round trip to Redis (every authenticated request and room join made
 * one). A node reads the keys when it starts and again each time its subscription comes back
 * after a lost connection, so what was published meanwhile is not missed. A session this node
 * ended is refused here at once, even while Redis does not answer.
 */
export class RedisSessionRevocations implements SessionRevocations {
  private readonly local: LocalSessionRevocations;
  private readonly channel: string;

  constructor(
    private readonly redis: Redis,
    private readonly channels: RedisChannels,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
    clock: Clock,
    private readonly onError: (err: unknown) => void,
  ) {
    this.local = new LocalSessionRevocations(ttlSeconds, clock);
    this.channel = `${prefix}:session-revocations`;
  }

  /** Hears every node's revocations from now on, then reads those in force (none missed between). */
  async start(): Promise<void> {
    await this.channels.listen(this.channel, (text) => void this.local.revoke(revokedIds(text)));
    await this.readAll();
    // Back after a lost connection: what was published meanwhile.
    this.channels.onReturn(() => this.readAll());
  }

  async revoke(sessionIds: readonly string[]): Promise<void> {
    await this.local.revoke(sessionIds);
    if (sessionIds.length === 0) return;
    try {
      const batch = this.redis.multi();
      for (const id of sessionIds) batch.set(this.key(id), '1', 'EX', this.ttlSeconds);
      batch.publish(this.channel, JSON.stringify(sessionIds));
      await batch.exec();
    } catch (err) {
      // The refresh tokens are refused by the record already; other nodes accept the access
      // tokens until they expire.
      this.onError(err);
    }
  }

  isRevoked(sessionId: string): Promise<boolean> {
    return this.local.isRevoked(sessionId);
  }

  /** Every revocation in force, from the keys (each is kept a whole access-token lifetime more). */
  private async readAll(): Promise<void> {
    const start = this.key('');
    const pattern = `${start.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      await this.local.revoke(keys.map((key) => key.slice(start.length)));
      cursor = next;
    } while (cursor !== '0');
  }

  private key(sessionId: string): string {
    return `${this.prefix}:session-revoked:${sessionId}`;
  }
}

/** The session ids of a published revocation (anything else on the channel: none). */
function revokedIds(text: string): string[] {
  try {
    const ids: unknown = JSON.parse(text);
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
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
