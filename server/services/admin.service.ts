import type { Role } from '../../schema/roles.ts';
import type { Database } from '../db/database.ts';
import type { AuditEntryDto } from '../db/repositories/audit.repository.ts';
import { isReservedUsername, USERNAME_PATTERN } from '../domain/accounts.ts';
import { AppError } from './errors.ts';
import type { AccessClaims, Clock, PasswordHasher } from './ports.ts';
import { type AdminUserDto, toAdminUserDto } from './user.dto.ts';
import { insertUser } from './user-writes.ts';

const isStaff = (roles: readonly string[]) => roles.includes('moderator') || roles.includes('admin');

/**
 * Moderation and role management. Moderators ban and unban players; admins also ban staff and
 * change roles. Every change is written with its audit entry in one transaction.
 */
export class AdminService {
  constructor(
    private readonly db: Database,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async getUser(username: string): Promise<AdminUserDto> {
    const user = await this.db.read((repos) => repos.users.findByUsername(username));
    if (!user) throw new AppError('USER_NOT_FOUND', 'no such user');
    return toAdminUserDto(user);
  }

  async ban(actor: AccessClaims, username: string, reason: string): Promise<AdminUserDto> {
    return this.db.transaction(async (repos) => {
      const user = await repos.users.findByUsernameForUpdate(username);
      if (!user) throw new AppError('USER_NOT_FOUND', 'no such user');
      if (user.id === actor.userId) throw new AppError('FORBIDDEN', 'you cannot ban yourself');
      if (isStaff(user.roles) && !actor.roles.includes('admin')) {
        throw new AppError('FORBIDDEN', 'only an admin can ban a moderator or an admin');
      }
      if (!user.bannedAt) {
        const now = this.clock();
        user.bannedAt = now;
        user.banReason = reason;
        await repos.users.flush();
        const revoked = await repos.refreshFamilies.revokeAllOfUser(user.id, 'banned', now);
        await repos.audit.append({
          action: 'user.banned',
          actorId: actor.userId,
          targetId: user.id,
          details: { reason, sessionsEnded: revoked },
        });
      }
      return toAdminUserDto(user);
    });
  }

  async unban(actor: AccessClaims, username: string): Promise<AdminUserDto> {
    return this.db.transaction(async (repos) => {
      const user = await repos.users.findByUsernameForUpdate(username);
      if (!user) throw new AppError('USER_NOT_FOUND', 'no such user');
      if (user.bannedAt) {
        user.bannedAt = null;
        user.banReason = null;
        await repos.users.flush();
        await repos.audit.append({ action: 'user.unbanned', actorId: actor.userId, targetId: user.id });
      }
      return toAdminUserDto(user);
    });
  }

  /** Replaces a user's roles (admins only). `user` is always kept; an admin cannot demote itself. */
  async setRoles(actor: AccessClaims, username: string, roles: Role[]): Promise<AdminUserDto> {
    if (!actor.roles.includes('admin')) throw new AppError('FORBIDDEN', 'only an admin can change roles');
    const next = [...new Set<Role>(['user', ...roles])].sort();
    return this.db.transaction(async (repos) => {
      const user = await repos.users.findByUsernameForUpdate(username);
      if (!user) throw new AppError('USER_NOT_FOUND', 'no such user');
      if (user.guest) throw new AppError('FORBIDDEN', 'a guest cannot hold roles');
      if (user.id === actor.userId && !next.includes('admin')) {
        throw new AppError('FORBIDDEN', 'you cannot remove your own admin role');
      }
      const before = [...user.roles].sort();
      if (before.join() !== next.join()) {
        user.roles = next;
        await repos.users.flush();
        await repos.audit.append({
          action: 'user.roles_changed',
          actorId: actor.userId,
          targetId: user.id,
          details: { from: before, to: next },
        });
      }
      return toAdminUserDto(user);
    });
  }

  audit(query: {
    target?: string;
    action?: string;
    before?: string;
    limit: number;
  }): Promise<AuditEntryDto[]> {
    return this.db.read(async (repos) => {
      let targetId: string | undefined;
      if (query.target) {
        const user = await repos.users.findByUsername(query.target);
        if (!user) return [];
        targetId = user.id;
      }
      return repos.audit.list({ targetId, action: query.action, before: query.before, limit: query.limit });
    });
  }

  /**
   * Makes sure `username` exists and is an admin: creates it with this password when it does not
   * exist, promotes it when it does (its password is left alone). For the first admin of a fresh
   * installation, from `npm run admin:create` or the ADMIN_USERNAME/ADMIN_PASSWORD bootstrap.
   */
  async ensureAdmin(username: string, password: string): Promise<{ created: boolean; promoted: boolean }> {
    if (!USERNAME_PATTERN.test(username) || isReservedUsername(username)) {
      throw new AppError('VALIDATION_FAILED', `"${username}" is not an allowed username`);
    }
    // Hashed before the transaction, so no row stays locked while argon2 runs.
    const existing = await this.db.read((repos) => repos.users.findByUsername(username));
    const passwordHash = existing ? null : await this.hasher.hash(password);
    return this.db.transaction(async (repos) => {
      const user = await repos.users.findByUsernameForUpdate(username);
      if (!user) {
        if (!passwordHash)
          throw new AppError('USER_NOT_FOUND', `"${username}" vanished while being promoted`);
        const created = await insertUser(repos, {
          id: crypto.randomUUID(),
          username,
          email: null,
          passwordHash,
          roles: ['admin', 'user'],
        });
        await repos.audit.append({
          action: 'user.admin_bootstrapped',
          targetId: created.id,
          details: { created: true },
        });
        return { created: true, promoted: true };
      }
      if (user.roles.includes('admin')) return { created: false, promoted: false };
      if (user.guest) throw new AppError('FORBIDDEN', 'a guest cannot be an admin');
      const before = [...user.roles];
      user.roles = [...new Set([...user.roles, 'admin'])].sort();
      await repos.users.flush();
      await repos.audit.append({
        action: 'user.roles_changed',
        targetId: user.id,
        details: { from: before, to: user.roles, via: 'bootstrap' },
      });
      return { created: false, promoted: true };
    });
  }
}
