import { defineEntity, p } from '@mikro-orm/core';

/** An account: a registered player, a guest, a moderator or an admin. */
export const UserEntity = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.uuid().primary(),
    /** As typed at registration; uniqueness is case-insensitive (a unique index on lower(username)). */
    username: p.string().length(20),
    displayName: p.string().length(40).nullable(),
    /** A claim until `emailVerifiedAt` is set; only one account may have an address verified. */
    email: p.string().length(254).nullable(),
    emailVerifiedAt: p.datetime().nullable(),
    passwordHash: p.text().nullable().hidden(),
    roles: p.array().default(['user']),
    guest: p.boolean().default(false),
    country: p.string().length(2).nullable(),
    bannedAt: p.datetime().nullable(),
    banReason: p.text().nullable(),
    /** A ban with a duration ends by itself then; null with `bannedAt` set: until lifted. */
    bannedUntil: p.datetime().nullable(),
    /** Kept out of the chats until then. */
    mutedUntil: p.datetime().nullable(),
    muteReason: p.text().nullable(),
    /** The owner must set a new password (`POST /api/me/password`) before anything else. */
    passwordChangeRequired: p.boolean().default(false),
    /** The session epoch: access tokens issued before it are refused. */
    sessionsEndedAt: p.datetime().nullable(),
    sessionsEndReason: p.string().length(16).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    lastLoginAt: p.datetime().nullable(),
  },
});

export class User extends UserEntity.class {}
UserEntity.setClass(User);
