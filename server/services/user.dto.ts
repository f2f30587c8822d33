import type { UserDto } from '../../schema/accounts.ts';
import type { Role } from '../../schema/roles.ts';
import type { User } from '../db/entities/user.entity.ts';
import type { AccountRow } from '../db/repositories/user.repository.ts';
import { isBanned, isMuted } from '../domain/accounts.ts';

/** A user as its owner sees it; never the password hash. */
export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName ?? null,
    email: user.email ?? null,
    emailVerified: Boolean(user.email && user.emailVerifiedAt),
    country: user.country ?? null,
    roles: user.roles as Role[],
    guest: user.guest,
    createdAt: user.createdAt.toISOString(),
  };
}

export function accountRowToUserDto(row: AccountRow): UserDto {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    emailVerified: row.email_verified,
    country: row.country,
    roles: row.roles,
    guest: row.guest,
    createdAt: row.created_at,
  };
}

/** A user as staff see it: the account plus its moderation state. */
export interface AdminUserDto extends UserDto {
  /** Whether a ban holds now (`bannedAt` stays set after a timed ban has run out). */
  banned: boolean;
  bannedAt: string | null;
  /** null: until lifted. */
  bannedUntil: string | null;
  banReason: string | null;
  muted: boolean;
  mutedUntil: string | null;
  muteReason: string | null;
  passwordChangeRequired: boolean;
  lastLoginAt: string | null;
}

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

export function toAdminUserDto(user: User, now: Date): AdminUserDto {
  return {
    ...toUserDto(user),
    banned: isBanned(user, now),
    bannedAt: iso(user.bannedAt),
    bannedUntil: iso(user.bannedUntil),
    banReason: user.banReason ?? null,
    muted: isMuted(user, now),
    mutedUntil: iso(user.mutedUntil),
    muteReason: user.muteReason ?? null,
    passwordChangeRequired: user.passwordChangeRequired,
    lastLoginAt: iso(user.lastLoginAt),
  };
}
