import type { Role } from '../../schema/roles.ts';
import type { Database } from '../db/database.ts';
import type { AuditAction, AuditEntryDto } from '../db/repositories/audit.repository.ts';
import { isReservedUsername, USERNAME_PATTERN } from '../domain/accounts.ts';
import { AppError } from './errors.ts';
import type { AccessClaims, Clock, PasswordHasher } from './ports.ts';
import { type AdminUserDto, toAdminUserDto } from './user.dto.ts';
import { insertUser } from './user-writes.ts';

/**
 * Role management, the audit log and the first admin (moderation of users is
 * `ModerationService`'s). Every change is written with its audit entry in one transaction.
 */
export class AdminService {
  private readonly db: Database;
  private readonly hasher: PasswordHasher;
  private readonly clock: Clock;

  constructor(deps: { db: Database; hasher: PasswordHasher; clock: Clock }) {
    this.db = deps.db;
    this.hasher = deps.hasher;
    this.clock = deps.clock;
  }

  /** Replaces a user's roles (admins only). `user` is always kept; an admin cannot demote itself. */
  async setRoles(
    actor: AccessClaims,
    username: string,
    roles: Role[],
    reason?: string,
  ): Promise<AdminUserDto> {
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
          details: { from: before, to: next, ...(reason ? { reason } : {}) },
        });
      }
      return toAdminUserDto(user, this.clock());
    });
  }

  /** The audit log, newest first, filtered by target, actor (usernames) and action. */
  audit(query: {
    target?: string | undefined;
    actor?: string | undefined;
    action?: string | undefined;
    before?: string | undefined;
    limit: number;
  }): Promise<AuditEntryDto[]> {
    return this.db.read(async (repos) => {
      const idOf = async (name: string | undefined) => {
        if (name === undefined) return undefined;
        return (await repos.users.findByUsername(name))?.id ?? null;
      };
      const [targetId, actorId] = [await idOf(query.target), await idOf(query.actor)];
      if (targetId === null || actorId === null) return [];
      return repos.audit.list({
        targetId,
        actorId,
        action: query.action,
        before: query.before,
        limit: query.limit,
      });
    });
  }

  /** Writes the audit entry of a staff action on something other than a user (a game, a chat). */
  async record(actor: AccessClaims, action: AuditAction, details: Record<string, unknown>): Promise<void> {
    await this.db.transaction((repos) => repos.audit.append({ action, actorId: actor.userId, details }));
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
