import type { AccountExport } from '../../schema/accounts.ts';
import type { Database, Repositories } from '../db/database.ts';
import { AppError } from './errors.ts';
import type { AccountBoards } from './leaderboard-accounts.ts';
import type { AccessClaims, Clock, PasswordHasher, RateLimiter } from './ports.ts';
import type { SessionEnder } from './sessions.service.ts';
import { toUserDto } from './user.dto.ts';

/** More parts of the export, given by the features that own them (friends, notifications). */
export interface ExportPart {
  name: 'friends' | 'blocked' | 'notifications';
  read(repos: Repositories, userId: string): Promise<unknown[]>;
}

/** Taking one's data, and leaving. */
export class AccountDataService {
  constructor(
    private readonly deps: {
      db: Database;
      hasher: PasswordHasher;
      clock: Clock;
      sessions: SessionEnder;
      /** Failed logins per account: a wrong password here counts as one. */
      accountLimiter: RateLimiter;
      parts?: ExportPart[];
      /** Takes a deleted account off the leaderboards' rank index. */
      boards?: AccountBoards | undefined;
    },
  ) {}

  async export(claims: AccessClaims): Promise<AccountExport> {
    return this.deps.db.read(async (repos) => {
      const user = await repos.users.findById(claims.userId);
      if (!user) throw new AppError('USER_NOT_FOUND', 'this account no longer exists');
      const data = repos.accountData;
      const tokens = await repos.tokens.listOfUser(user.id);
      const exported: AccountExport = {
        exportedAt: this.deps.clock().toISOString(),
        profile: { ...toUserDto(user), lastLoginAt: user.lastLoginAt?.toISOString() ?? null },
        games: await data.seats(user.id),
        ratings: await data.ratings(user.id),
        sessions: await data.sessions(user.id),
        mailLinks: tokens.map((t) => ({
          purpose: t.purpose,
          email: t.email,
          expiresAt: t.expiresAt.toISOString(),
        })),
        friends: [],
        blocked: [],
        notifications: [],
        audit: await data.audit(user.id),
      };
      for (const part of this.deps.parts ?? []) exported[part.name] = await part.read(repos, user.id);
      return exported;
    });
  }

  /**
   * Deletes the account after checking its password again (a guest has none): its games stay for
   * the other players with its seats shown as a deleted user, its sessions end at once, its
   * ratings, sessions, tokens and lists go, its username is free again, and the deletion is
   * audited; it leaves every leaderboard. Refused while the account is seated in a game being played.
   */
  async delete(
    claims: AccessClaims,
    password: string | undefined,
    origin: { ip: string | null },
  ): Promise<void> {
    const user = await this.deps.db.read((repos) => repos.users.findById(claims.userId));
    if (!user) throw new AppError('USER_NOT_FOUND', 'this account no longer exists');
    if (user.passwordHash) {
      const accountKey = user.username.toLowerCase();
      const gate = await this.deps.accountLimiter.check(accountKey);
      if (!gate.allowed) {
        throw new AppError(
          'RATE_LIMITED',
          'too many failed attempts for this account',
          undefined,
          gate.retryAfterSeconds,
        );
      }
      if (password === undefined || !(await this.deps.hasher.verify(user.passwordHash, password))) {
        await this.deps.accountLimiter.consume(accountKey);
        throw new AppError('INVALID_CREDENTIALS', 'the password is wrong');
      }
    }
    await this.deps.db.transaction(async (repos) => {
      if ((await repos.games.playingOf(user.id)).length > 0) {
        throw new AppError('ACCOUNT_IN_GAME', 'finish or resign your games in progress first');
      }
      const sessions = await this.deps.sessions.endAll(repos, user.id, 'deleted');
      const seats = await repos.accountData.anonymiseSeats(user.id);
      await this.deps.boards?.recordDeletion(repos, user.id, this.deps.clock());
      if (!(await repos.accountData.deleteUser(user.id))) {
        throw new AppError('USER_NOT_FOUND', 'this account no longer exists');
      }
      await repos.audit.append({
        action: 'user.deleted',
        actorId: user.id,
        targetId: user.id,
        ip: origin.ip,
        details: { guest: user.guest, seats, sessionsEnded: sessions },
      });
    });
    await this.deps.boards?.apply(user.id);
  }
}
