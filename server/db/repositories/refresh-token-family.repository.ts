import { raw } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { RefreshTokenFamily } from '../entities/refresh-token-family.entity.ts';

export type RevokeReason = 'logout' | 'reuse' | 'banned' | 'password' | 'revoked';

export class RefreshTokenFamilyRepository {
  constructor(private readonly em: SqlEntityManager) {}

  async insert(data: { id: string; userId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
    await this.em.insert(RefreshTokenFamily, { ...data, generation: 0 });
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
  ): Promise<boolean> {
    const changed = await this.em.nativeUpdate(
      RefreshTokenFamily,
      { id, tokenHash: currentHash, revokedAt: null, expiresAt: { $gt: now } },
      { tokenHash: nextHash, rotatedAt: now, expiresAt, generation: raw('generation + 1') },
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
