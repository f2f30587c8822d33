import type { Redis } from 'ioredis';
import { SESSION_ENDINGS, type SessionEnding } from '../../schema/moderation.ts';
import { AppError } from '../services/errors.ts';
import type { AccessClaims, AccessTokens, Clock, SessionEnd, SessionGuard } from '../services/ports.ts';
import type { RedisChannels } from './redis-channels.ts';

/** How the nodes of a deployment tell each other that a user's sessions ended. */
export interface SessionBus {
  publish(end: SessionEnd): Promise<void>;
  /** Every end published from now on, by any node (this one included). */
  subscribe(listener: (end: SessionEnd) => void): Promise<void>;
  close(): Promise<void>;
}

/** One process: the embedded default (no REDIS_URL). */
export class LocalSessionBus implements SessionBus {
  private readonly listeners: Array<(end: SessionEnd) => void> = [];
  async publish(end: SessionEnd): Promise<void> {
    for (const listener of this.listeners) listener(end);
  }
  async subscribe(listener: (end: SessionEnd) => void): Promise<void> {
    this.listeners.push(listener);
  }
  async close(): Promise<void> {
    this.listeners.length = 0;
  }
}

/** Every node of a cluster, through a Redis channel under the deployment's key prefix. */
export class RedisSessionBus implements SessionBus {
  private readonly channel: string;

  constructor(
    private readonly redis: Redis,
    private readonly channels: RedisChannels,
    prefix: string,
  ) {
    this.channel = `${prefix}:session-ends`;
  }

  async publish(end: SessionEnd): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify(end));
  }

  subscribe(listener: (end: SessionEnd) => void): Promise<void> {
    return this.channels.listen(this.channel, (text) => {
      const end = parseEnd(text);
      if (end) listener(end);
    });
  }

  /** The node's channels are closed with the node. */
  async close(): Promise<void> {}
}

function parseEnd(text: string): SessionEnd | undefined {
  try {
    const end = JSON.parse(text) as Partial<SessionEnd>;
    if (
      typeof end.userId === 'string' &&
      typeof end.at === 'number' &&
      (SESSION_ENDINGS as readonly unknown[]).includes(end.why)
    ) {
      return { userId: end.userId, at: end.at, why: end.why as SessionEnding };
    }
  } catch {
    // not ours: ignored
  }
  return undefined;
}

/**
 * Each user's session epoch, in memory on every node: a token issued before the epoch is refused
 * without a database read. An epoch matters for one access-token lifetime (older tokens have
 * expired anyway), so only those younger are kept. The record (`users.sessions_ended_at`) primes
 * a node at boot; the bus brings every later end, and each node closes its own connections.
 */
export class SessionEpochs implements SessionGuard {
  private readonly epochs = new Map<string, { at: number; why: SessionEnding }>();
  private readonly listeners: Array<(end: SessionEnd) => void> = [];

  constructor(
    private readonly bus: SessionBus,
    private readonly lifetimeMs: number,
    private readonly clock: Clock,
  ) {}

  /** Subscribes to the bus, then takes the ends the record holds (none is missed in between). */
  async start(recent: () => Promise<SessionEnd[]>): Promise<void> {
    await this.bus.subscribe((end) => {
      this.remember(end);
      for (const listener of this.listeners) listener(end);
    });
    for (const end of await recent()) this.remember(end);
  }

  async end(end: SessionEnd): Promise<void> {
    // Refused here from this moment, before the bus has carried it anywhere.
    this.remember(end);
    await this.bus.publish(end);
  }

  refusal(userId: string, issuedAt: number): SessionEnding | undefined {
    const epoch = this.epochs.get(userId);
    if (!epoch) return undefined;
    if (epoch.at < this.clock().getTime() - this.lifetimeMs) {
      this.epochs.delete(userId);
      return undefined;
    }
    return issuedAt < epoch.at ? epoch.why : undefined;
  }

  onEnded(listener: (end: SessionEnd) => void): void {
    this.listeners.push(listener);
  }

  close(): Promise<void> {
    return this.bus.close();
  }

  private remember(end: SessionEnd): void {
    if (end.why === 'kicked') return;
    const known = this.epochs.get(end.userId);
    if (known && known.at > end.at) return;
    this.epochs.set(end.userId, { at: end.at, why: end.why });
    if (this.epochs.size % 1024 === 0) this.prune();
  }

  private prune(): void {
    const oldest = this.clock().getTime() - this.lifetimeMs;
    for (const [userId, epoch] of this.epochs) if (epoch.at < oldest) this.epochs.delete(userId);
  }
}

/**
 * Access tokens checked against the session epochs: a token issued before its user's epoch is
 * refused, `ACCOUNT_BANNED` after a ban and `SESSION_REVOKED` otherwise, over HTTP and at every
 * room join alike (both verify through this).
 */
export class EpochCheckedTokens implements AccessTokens {
  constructor(
    private readonly inner: AccessTokens,
    private readonly epochs: Pick<SessionGuard, 'refusal'>,
  ) {}

  get ttlSeconds(): number {
    return this.inner.ttlSeconds;
  }

  issue(claims: Parameters<AccessTokens['issue']>[0]): Promise<string> {
    return this.inner.issue(claims);
  }

  async verify(token: string): Promise<AccessClaims> {
    const claims = await this.inner.verify(token);
    const why = this.epochs.refusal(claims.userId, claims.issuedAt);
    if (why === 'banned') throw new AppError('ACCOUNT_BANNED', 'this account is banned');
    if (why) throw new AppError('SESSION_REVOKED', 'this session was ended; sign in again');
    return claims;
  }
}
