import type { SessionDto } from '../../schema/accounts.ts';
import type { Database, Repositories } from '../db/database.ts';
import type { RevokeReason } from '../db/repositories/refresh-token-family.repository.ts';
import { AppError } from './errors.ts';
import type { AccessClaims, Clock, SessionRevocations } from './ports.ts';

/** Ends sessions inside a caller's transaction (a password reset, a deletion). */
export interface SessionEnder {
  /** Ends every live session of the user (but `exceptId`); returns how many. */
  endAll(repos: Repositories, userId: string, reason: RevokeReason, exceptId?: string): Promise<number>;
}

/**
 * A user's sessions: one per login (refresh-token family), with the device that started it. Ending
 * one refuses its refresh token and, at once, its access tokens.
 */
export class SessionsService implements SessionEnder {
  constructor(
    private readonly db: Database,
    private readonly revocations: SessionRevocations,
    private readonly clock: Clock,
  ) {}

  async list(claims: AccessClaims): Promise<SessionDto[]> {
    const rows = await this.db.read((repos) => repos.refreshFamilies.listLive(claims.userId, this.clock()));
    return rows.map((row) => ({
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      lastUsedAt: row.lastUsedAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      userAgent: row.userAgent,
      ip: row.ip,
      current: row.id === claims.sessionId,
    }));
  }

  /** Ends one of the caller's sessions (the current one too: that is a logout). */
  async end(claims: AccessClaims, sessionId: string, origin: { ip: string | null }): Promise<void> {
    await this.db.transaction(async (repos) => {
      const ended = await repos.refreshFamilies.revokeOfUser(sessionId, claims.userId, 'ended', this.clock());
      if (!ended) throw new AppError('SESSION_NOT_FOUND', 'you have no live session with this id');
      await repos.audit.append({
        action: 'user.session_ended',
        actorId: claims.userId,
        targetId: claims.userId,
        ip: origin.ip,
        details: { sessionId },
      });
    });
    await this.revocations.revoke([sessionId]);
  }

  /** Ends every session of the caller but the one asking; returns how many ended. */
  async endOthers(claims: AccessClaims, origin: { ip: string | null }): Promise<number> {
    return this.db.transaction(async (repos) => {
      const ended = await this.endAll(repos, claims.userId, 'ended_others', claims.sessionId);
      await repos.audit.append({
        action: 'user.session_ended',
        actorId: claims.userId,
        targetId: claims.userId,
        ip: origin.ip,
        details: { others: ended },
      });
      return ended;
    });
  }

  async endAll(
    repos: Repositories,
    userId: string,
    reason: RevokeReason,
    exceptId?: string,
  ): Promise<number> {
    const ids = await repos.refreshFamilies.revokeLiveOfUser(userId, reason, this.clock(), exceptId);
    // Before the commit: a rollback leaves a few access tokens refused early, never one accepted late.
    await this.revocations.revoke(ids);
    return ids.length;
  }
}
