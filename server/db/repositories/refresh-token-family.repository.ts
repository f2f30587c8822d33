import { raw } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { RefreshTokenFamily } from '../entities/refresh-token-family.entity.ts';

export type RevokeReason =
  | 'logout'
  | 'reuse'
  | 'banned'
  | 'password'
  | 'password_reset'
  | 'ended'
  | 'ended_others'
  | 'deleted'
  | 'revoked';

/** A live session as its owner sees it. */
export interface SessionRow {
  id: string;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
}

export class RefreshTokenFamilyRepository {
  constructor(private readonly em: SqlEntityManager) {}

  async insert(data: {
    id: string;
    userId: string;
    tokenHash: string;
    expiresAt: Date;
    userAgent?: string | null;
    ip?: string | null;
  }): Promise<void> {
    await this.em.insert(RefreshTokenFamily, {
      ...data,
      userAgent: data.userAgent ?? null,
      ip: data.ip ?? null,
      generation: 0,
    });
  }

  /** The user's sessions that are neither revoked nor expired, newest use first. */
  async listLive(userId: string, now: Date): Promise<SessionRow[]> {
    const rows = await this.em.find(
      RefreshTokenFamily,
      { userId, revokedAt: null, expiresAt: { $gt: now } },
      { orderBy: { rotatedAt: 'desc', id: 'asc' } },
    );
    return rows.map((f) => ({
      id: f.id,
      createdAt: f.createdAt,
      lastUsedAt: f.rotatedAt,
      expiresAt: f.expiresAt,
      userAgent: f.userAgent ?? null,
      ip: f.ip ?? null,
    }));
  }

  /**
   * Revokes the user's live families (all, or all but `exceptId`) and returns their ids, so that
   * their access tokens can be refused too.
   */
  async revokeLiveOfUser(
    userId: string,
    reason: RevokeReason,
    now: Date,
    exceptId?: string,
  ): Promise<string[]> {
    const rows = await this.em.execute<{ id: string }[]>(
      `update refresh_token_families set revoked_at = ?, revoke_reason = ?
        where user_id = ? and revoked_at is null and id <> ? returning id`,
      [now, reason, userId, exceptId ?? '00000000-0000-0000-0000-000000000000'],
    );
    return rows.map((r) => r.id);
  }

  /** Revokes one live family of the user; false when the user has no such live family. */
  async revokeOfUser(id: string, userId: string, reason: RevokeReason, now: Date): Promise<boolean> {
    const changed = await this.em.nativeUpdate(
      RefreshTokenFamily,
      { id, userId, revokedAt: null, expiresAt: { $gt: now } },
      { revokedAt: now, revokeReason: reason },
    );
    return changed === 1;
  }

  /** Removes families expired by `now` or revoked before `revokedBefore`; returns how many. */
  async deleteStale(now: Date, revokedBefore: Date, limit: number): Promise<number> {
    const rows = await this.em.execute<{ id: string }[]>(
      `delete from refresh_token_families where id in (
         select id from refresh_token_families where expires_at <= ? or revoked_at <= ? limit ?) returning id`,
      [now, revokedBefore, limit],
    );
    return rows.length;
  }

  findById(id: string): Promise<RefreshTokenFamily | null> {
    return this.em.findOne(RefreshTokenFamily, { id });
  }

  /**
   * Replaces the family's current token by a new one, only if `currentHash` is still current, the
   * family is not revoked and not expired: one atomic compare-and-set, so of two concurrent
   * refreshes with the same token at most one wins. Returns whether it won.
   */
  async rotate(
    id: string,
    currentHash: string,
    nextHash: string,
    now: Date,
    expiresAt: Date,
    ip?: string | null,
  ): Promise<boolean> {
    const changed = await this.em.nativeUpdate(
      RefreshTokenFamily,
      { id, tokenHash: currentHash, revokedAt: null, expiresAt: { $gt: now } },
      {
        tokenHash: nextHash,
        rotatedAt: now,
        expiresAt,
        generation: raw('generation + 1'),
        ...(ip ? { ip } : {}),
      },
    );
    return changed === 1;
  }

  /** Revokes one family; a family already revoked keeps its first reason. */
  async revoke(id: string, reason: RevokeReason, now: Date): Promise<void> {
    await this.em.nativeUpdate(
      RefreshTokenFamily,
      { id, revokedAt: null },
      { revokedAt: now, revokeReason: reason },
    );
  }

  /** Revokes every live family of a user (a ban, a password change). Returns how many. */
  revokeAllOfUser(userId: string, reason: RevokeReason, now: Date): Promise<number> {
    return this.em.nativeUpdate(
      RefreshTokenFamily,
      { userId, revokedAt: null },
      { revokedAt: now, revokeReason: reason },
    );
  }

  /** A user's sessions, newest first: what staff see on the user's page. */
  listOfUser(userId: string, limit: number): Promise<RefreshTokenFamily[]> {
    return this.em.find(RefreshTokenFamily, { userId }, { orderBy: { createdAt: 'desc' }, limit });
  }
}
