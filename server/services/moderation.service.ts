import type { SessionEnding } from '../../schema/moderation.ts';
import type { Database, Repositories } from '../db/database.ts';
import type { User } from '../db/entities/user.entity.ts';
import type { AuditAction } from '../db/repositories/audit.repository.ts';
import { AppError } from './errors.ts';
import type { AccountBoards } from './leaderboard-accounts.ts';
import type { AccessClaims, Clock, SessionGuard } from './ports.ts';
import { type AdminUserDto, toAdminUserDto } from './user.dto.ts';

const isStaff = (roles: readonly string[]) => roles.includes('moderator') || roles.includes('admin');

export interface ModerationDeps {
  db: Database;
  clock: Clock;
  sessions: SessionGuard;
  /** Takes a banned account off the boards and puts it back when the ban is lifted. */
  boards?: AccountBoards | undefined;
}

/**
 * What a moderation action changes on the user's row (inside the transaction, row locked), and
 * whether a ban holds after it (`banned`; absent when the action does not touch bans).
 */
type Change = (
  user: User,
  now: Date,
) => { details?: Record<string, unknown>; ends?: SessionEnding; banned?: boolean } | null;

/**
 * Moderation of one user by staff: ban (with an optional end), unban, mute in chats, kick from
 * every room, end every session, require a new password. Moderators act on players; only an admin
 * acts on staff; nobody on themself. Each action carries a reason and writes its audit entry in the
 * transaction of its change; once committed, the sessions it ends close on every node.
 */
export class ModerationService {
  constructor(private readonly deps: ModerationDeps) {}

  ban(actor: AccessClaims, username: string, input: { reason: string; minutes?: number | undefined }) {
    return this.act(actor, username, 'user.banned', input.reason, (user, now) => {
      user.bannedAt = now;
      user.bannedUntil = input.minutes ? new Date(now.getTime() + input.minutes * 60_000) : null;
      user.banReason = input.reason;
      return { details: { until: user.bannedUntil?.toISOString() ?? null }, ends: 'banned', banned: true };
    });
  }

  unban(actor: AccessClaims, username: string, reason: string) {
    return this.act(actor, username, 'user.unbanned', reason, (user) => {
      if (!user.bannedAt) return null;
      user.bannedAt = null;
      user.bannedUntil = null;
      user.banReason = null;
      return { banned: false };
    });
  }

  mute(actor: AccessClaims, username: string, input: { reason: string; minutes: number }) {
    return this.act(actor, username, 'user.muted', input.reason, (user, now) => {
      user.mutedUntil = new Date(now.getTime() + input.minutes * 60_000);
      user.muteReason = input.reason;
      return { details: { until: user.mutedUntil.toISOString() } };
    });
  }

  unmute(actor: AccessClaims, username: string, reason: string) {
    return this.act(actor, username, 'user.unmuted', reason, (user) => {
      if (!user.mutedUntil) return null;
      user.mutedUntil = null;
      user.muteReason = null;
      return {};
    });
  }

  /** Closes every room connection of the user, on every node; they may come back. */
  kick(actor: AccessClaims, username: string, reason: string) {
    return this.act(actor, username, 'user.kicked', reason, () => ({ ends: 'kicked' }));
  }

  /** Ends every session: refresh tokens revoked, access tokens refused, connections closed. */
  revokeSessions(actor: AccessClaims, username: string, reason: string) {
    return this.act(actor, username, 'user.sessions_revoked', reason, () => ({ ends: 'revoked' }));
  }

  /** The owner must set a new password; every session ends so it happens at the next sign-in. */
  requirePasswordChange(actor: AccessClaims, username: string, reason: string) {
    return this.act(actor, username, 'user.password_change_required', reason, (user) => {
      if (user.guest) throw new AppError('FORBIDDEN', 'a guest has no password');
      user.passwordChangeRequired = true;
      return { ends: 'revoked' };
    });
  }

  private async act(
    actor: AccessClaims,
    username: string,
    action: AuditAction,
    reason: string,
    change: Change,
  ): Promise<AdminUserDto> {
    const now = this.deps.clock();
    const { dto, ends, banned } = await this.deps.db.transaction(async (repos) => {
      const user = await this.target(repos, actor, username);
      const done = change(user, now);
      if (!done) return { dto: toAdminUserDto(user, now), ends: undefined, banned: undefined };
      let sessionsEnded = 0;
      if (done.ends && done.ends !== 'kicked') {
        user.sessionsEndedAt = now;
        user.sessionsEndReason = done.ends;
        sessionsEnded = await repos.refreshFamilies.revokeAllOfUser(
          user.id,
          done.ends === 'banned' ? 'banned' : 'revoked',
          now,
        );
      }
      await repos.users.flush();
      if (done.banned !== undefined) await this.deps.boards?.record(repos, user.id, done.banned, now);
      await repos.audit.append({
        action,
        actorId: actor.userId,
        targetId: user.id,
        details: {
          reason,
          ...done.details,
          ...(done.ends && done.ends !== 'kicked' ? { sessionsEnded } : {}),
        },
      });
      return { dto: toAdminUserDto(user, now), ends: done.ends, banned: done.banned };
    });
    if (ends) await this.deps.sessions.end({ userId: dto.id, why: ends, at: now.getTime() });
    if (banned !== undefined) await this.deps.boards?.apply(dto.id);
    return dto;
  }

  /** The user to act on, locked; refused for oneself, and for staff unless the actor is an admin. */
  private async target(repos: Repositories, actor: AccessClaims, username: string): Promise<User> {
    const user = await repos.users.findByUsernameForUpdate(username);
    if (!user) throw new AppError('USER_NOT_FOUND', 'no such user');
    if (user.id === actor.userId) throw new AppError('FORBIDDEN', 'you cannot do this to yourself');
    if (isStaff(user.roles) && !actor.roles.includes('admin')) {
      throw new AppError('FORBIDDEN', 'only an admin can act on a moderator or an admin');
    }
    return user;
  }
}
