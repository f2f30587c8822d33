import { defineEntity, p } from '@mikro-orm/core';

/**
 * One chain of rotating refresh tokens, started by a login. Only the hash of the newest token is
 * kept: presenting any older token of the chain is reuse, and revokes the whole family.
 */
export const RefreshTokenFamilyEntity = defineEntity({
  name: 'RefreshTokenFamily',
  tableName: 'refresh_token_families',
  properties: {
    id: p.uuid().primary(),
    userId: p.uuid(),
    tokenHash: p.string().length(64),
    generation: p.integer().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
    rotatedAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
    revokeReason: p.string().length(32).nullable(),
    /** The device that started the session, as it said (shown in the list of sessions). */
    userAgent: p.string().length(256).nullable(),
    ip: p.string().length(64).nullable(),
  },
});

export class RefreshTokenFamily extends RefreshTokenFamilyEntity.class {}
RefreshTokenFamilyEntity.setClass(RefreshTokenFamily);
