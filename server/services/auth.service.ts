import { randomInt } from 'node:crypto';
import type { AuthResponse } from '../../schema/accounts.ts';
import type { Role } from '../../schema/roles.ts';
import type { Database, Repositories } from '../db/database.ts';
import type { User } from '../db/entities/user.entity.ts';
import type { NewUser } from '../db/repositories/user.repository.ts';
import {
  isBanned,
  isReservedUsername,
  makeGuestName,
  makeRefreshToken,
  parseRefreshToken,
} from '../domain/accounts.ts';
import type { EmailVerificationService } from './email-verification.service.ts';
import { AppError } from './errors.ts';
import type { Mail, MailOutbox } from './mail.ts';
import type {
  AccessClaims,
  AccessTokens,
  Clock,
  PasswordHasher,
  RateLimiter,
  SessionRevocations,
} from './ports.ts';
import { hashSecret, newSecret } from './secrets.ts';
import type { SessionEnder } from './sessions.service.ts';
import { toUserDto } from './user.dto.ts';
import { flushUsers, insertUser } from './user-writes.ts';

export interface AuthServiceDeps {
  db: Database;
  hasher: PasswordHasher;
  tokens: AccessTokens;
  /** Failed logins per account. */
  accountLimiter: RateLimiter;
  clock: Clock;
  refreshTokenTtlSeconds: number;
  /** Mails the link that verifies an address given at registration. */
  verification: Pick<EmailVerificationService, 'issue'>;
  outbox: MailOutbox;
  sessions: SessionEnder;
  revocations: SessionRevocations;
  /** Told of failed logins, which leave nothing in the database. */
  onLoginFailed?: (event: {
    username: string;
    reason: 'unknown_user' | 'wrong_password';
    ip: string | null;
  }) => void;
}

/** Who is asking: where from, and (for an upgrade) the guest they already are. */
export interface RequestOrigin {
  ip: string | null;
  /** The device's User-Agent, kept with the session it starts. */
  userAgent?: string | null;
}
const WRONG_CREDENTIALS = 'wrong username or password';

/**
 * Accounts and sessions: registration, guests, login, refresh-token rotation with reuse
 * detection, logout. Every change and its audit entry commit together.
 */
export class AuthService {
  constructor(private readonly deps: AuthServiceDeps) {}

  async register(
    input: { username: string; password: string; email?: string | undefined },
    origin: RequestOrigin,
  ): Promise<AuthResponse> {
    await this.assertUsernameFree(input.username);
    const passwordHash = await this.deps.hasher.hash(input.password);
    const { response, mail } = await this.deps.db.transaction(async (repos) => {
      const account = {
        id: crypto.randomUUID(),
        username: input.username,
        email: input.email ?? null,
        passwordHash,
      };
      const response = await this.createAccount(repos, account, 'user.registered', origin);
      return { response, mail: await this.verificationMail(repos, response.user) };
    });
    if (mail) this.deps.outbox.post(mail);
    return response;
  }

  /** Turns the guest behind `guest` into a registered account: same id, same history. */
  async upgradeGuest(
    guest: AccessClaims,
    input: { username: string; password: string; email?: string | undefined },
    origin: RequestOrigin,
  ): Promise<AuthResponse> {
    if (!guest.guest) throw new AppError('ALREADY_REGISTERED', 'this account is already registered');
    await this.assertUsernameFree(input.username);
    const passwordHash = await this.deps.hasher.hash(input.password);
    const { response, mail } = await this.deps.db.transaction(async (repos) => {
      const user = await repos.users.findById(guest.userId);
      if (!user) throw new AppError('USER_NOT_FOUND', 'this account no longer exists');
      if (!user.guest) throw new AppError('ALREADY_REGISTERED', 'this account is already registered');
      if (isBanned(user, this.deps.clock())) throw new AppError('ACCOUNT_BANNED', 'this account is banned');
      const guestName = user.username;
      user.username = input.username;
      user.email = input.email ?? null;
      user.passwordHash = passwordHash;
      user.guest = false;
      await flushUsers(repos);
      // The guest's sessions end: the upgraded account starts a fresh one.
      await this.deps.sessions.endAll(repos, user.id, 'logout');
      await repos.audit.append({
        action: 'user.guest_upgraded',
        actorId: user.id,
        targetId: user.id,
        ip: origin.ip,
        details: { from: guestName },
      });
      const response = await this.startSession(repos, user, origin);
      return { response, mail: await this.verificationMail(repos, response.user) };
    });
    if (mail) this.deps.outbox.post(mail);
    return response;
  }

  async createGuest(origin: RequestOrigin): Promise<AuthResponse> {
    // A collision of two random guest names is rare; a few tries make it vanish.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.deps.db.transaction((repos) => {
          const guest = {
            id: crypto.randomUUID(),
            username: makeGuestName(randomInt),
            email: null,
            passwordHash: null,
            guest: true,
          };
          return this.createAccount(repos, guest, 'user.guest_created', origin);
        });
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'USERNAME_TAKEN') || attempt >= 4) throw err;
      }
    }
  }

  async login(input: { username: string; password: string }, origin: RequestOrigin): Promise<AuthResponse> {
    const accountKey = input.username.toLowerCase();
    await this.assertNotLocked(accountKey);
    const user = await this.deps.db.read((repos) => repos.users.findByUsername(input.username));
    let ok = false;
    if (user?.passwordHash) ok = await this.deps.hasher.verify(user.passwordHash, input.password);
    else await this.deps.hasher.verifyDecoy(input.password);
    if (!user || !ok) {
      await this.deps.accountLimiter.consume(accountKey);
      this.deps.onLoginFailed?.({
        username: input.username,
        reason: user ? 'wrong_password' : 'unknown_user',
        ip: origin.ip,
      });
      throw new AppError('INVALID_CREDENTIALS', WRONG_CREDENTIALS);
    }
    // Said only to someone who knows the password.
    if (isBanned(user, this.deps.clock())) throw new AppError('ACCOUNT_BANNED', 'this account is banned');
    await this.deps.accountLimiter.reset(accountKey);
    return this.deps.db.transaction(async (repos) => {
      await repos.users.touchLogin(user.id, this.deps.clock());
      await repos.audit.append({ action: 'user.login', actorId: user.id, targetId: user.id, ip: origin.ip });
      return this.startSession(repos, user, origin);
    });
  }

  /**
   * Changes the password of the signed-in account after checking the current one, ends every
   * session of the account (a password change is what one does after a suspected compromise)
   * and starts a new one for the caller. Wrong current passwords count as failed logins.
   */
  async changePassword(
    claims: AccessClaims,
    input: { currentPassword: string; newPassword: string },
    origin: RequestOrigin,
  ): Promise<AuthResponse> {
    const user = await this.deps.db.read((repos) => repos.users.findById(claims.userId));
    if (!user) throw new AppError('USER_NOT_FOUND', 'this account no longer exists');
    if (!user.passwordHash) throw new AppError('FORBIDDEN', 'a guest has no password: register first');
    if (isBanned(user, this.deps.clock())) throw new AppError('ACCOUNT_BANNED', 'this account is banned');
    const accountKey = user.username.toLowerCase();
    await this.assertNotLocked(accountKey);
    if (!(await this.deps.hasher.verify(user.passwordHash, input.currentPassword))) {
      await this.deps.accountLimiter.consume(accountKey);
      throw new AppError('INVALID_CREDENTIALS', 'the current password is wrong');
    }
    const passwordHash = await this.deps.hasher.hash(input.newPassword);
    return this.deps.db.transaction(async (repos) => {
      await repos.users.setPasswordHash(user.id, passwordHash);
      // A password staff required is now set: the new session is a whole one.
      user.passwordChangeRequired = false;
      const ended = await this.deps.sessions.endAll(repos, user.id, 'password');
      await repos.audit.append({
        action: 'user.password_changed',
        actorId: user.id,
        targetId: user.id,
        ip: origin.ip,
        details: { sessionsEnded: ended },
      });
      return this.startSession(repos, user, origin);
    });
  }

  /**
   * Exchanges a refresh token for a new pair. The old token is spent: presenting it again is
   * taken as theft, and ends every session of its family (the thief's and the owner's).
   */
  async refresh(refreshToken: string, origin: RequestOrigin): Promise<AuthResponse> {
    const parts = parseRefreshToken(refreshToken);
    if (!parts) throw new AppError('REFRESH_TOKEN_INVALID', 'the refresh token is not valid');
    const now = this.deps.clock();
    const outcome = await this.deps.db.transaction(async (repos): Promise<RefreshOutcome> => {
      const family = await repos.refreshFamilies.findById(parts.familyId);
      if (!family) return { failed: 'REFRESH_TOKEN_INVALID' };
      if (family.revokedAt) return { failed: 'REFRESH_TOKEN_REVOKED' };
      const presented = hashSecret(parts.secret);
      if (presented !== family.tokenHash)
        return this.revokeForReuse(repos, family.id, family.userId, now, origin);
      if (family.expiresAt.getTime() <= now.getTime()) return { failed: 'REFRESH_TOKEN_EXPIRED' };
      const user = await repos.users.findById(family.userId);
      if (!user) return { failed: 'REFRESH_TOKEN_INVALID' };
      if (isBanned(user, this.deps.clock())) {
        await repos.refreshFamilies.revokeAllOfUser(user.id, 'banned', now);
        return { failed: 'ACCOUNT_BANNED' };
      }
      const secret = newSecret();
      const rotated = await repos.refreshFamilies.rotate(
        family.id,
        presented,
        hashSecret(secret),
        now,
        this.expiry(now),
        origin.ip,
      );
      // Another request spent the same token first: one of the two was not its owner.
      if (!rotated) return this.revokeForReuse(repos, family.id, family.userId, now, origin);
      return { response: await this.respond(user, family.id, secret) };
    });
    if (outcome.failed) throw refreshFailure(outcome.failed);
    return outcome.response;
  }

  /** Ends the session of this refresh token. Idempotent; an unknown or spent token changes nothing. */
  async logout(refreshToken: string, origin: RequestOrigin): Promise<void> {
    const parts = parseRefreshToken(refreshToken);
    if (!parts) return;
    const ended = await this.deps.db.transaction(async (repos) => {
      const family = await repos.refreshFamilies.findById(parts.familyId);
      if (!family || family.revokedAt || family.tokenHash !== hashSecret(parts.secret)) return false;
      await repos.refreshFamilies.revoke(family.id, 'logout', this.deps.clock());
      await repos.audit.append({
        action: 'user.logout',
        actorId: family.userId,
        targetId: family.userId,
        ip: origin.ip,
      });
      return true;
    });
    if (ended) await this.deps.revocations.revoke([parts.familyId]);
  }

  /** In the caller's transaction: the verification mail for a newly given address, if any. */
  private async verificationMail(
    repos: Repositories,
    user: { id: string; username: string; email: string | null },
  ): Promise<Mail | undefined> {
    if (!user.email) return undefined;
    return this.deps.verification.issue(repos, { id: user.id, username: user.username, email: user.email });
  }

  /** Refuses to check a password for an account that has had too many failed attempts. */
  private async assertNotLocked(accountKey: string): Promise<void> {
    const gate = await this.deps.accountLimiter.check(accountKey);
    if (!gate.allowed) {
      const message = 'too many failed attempts for this account';
      throw new AppError('RATE_LIMITED', message, undefined, gate.retryAfterSeconds);
    }
  }

  /** Refuses a reserved or taken name before any hashing is spent on it; the unique index still
   *  decides races between two registrations of one name. */
  private async assertUsernameFree(username: string): Promise<void> {
    if (isReservedUsername(username)) throw new AppError('USERNAME_RESERVED', 'this username is reserved');
    const existing = await this.deps.db.read((repos) => repos.users.findByUsername(username));
    if (existing) throw new AppError('USERNAME_TAKEN', 'this username is already taken');
  }

  private async revokeForReuse(
    repos: Repositories,
    familyId: string,
    userId: string,
    now: Date,
    origin: RequestOrigin,
  ): Promise<RefreshOutcome> {
    await repos.refreshFamilies.revoke(familyId, 'reuse', now);
    await repos.audit.append({
      action: 'auth.refresh_reused',
      targetId: userId,
      ip: origin.ip,
      details: { familyId },
    });
    return { failed: 'REFRESH_TOKEN_REUSED' };
  }

  /** Inserts the account, audits its creation and starts its first session, in the caller's transaction. */
  private async createAccount(
    repos: Repositories,
    account: NewUser,
    action: 'user.registered' | 'user.guest_created',
    origin: RequestOrigin,
  ): Promise<AuthResponse> {
    const user = await insertUser(repos, account);
    await repos.audit.append({ action, actorId: user.id, targetId: user.id, ip: origin.ip });
    return this.startSession(repos, user, origin);
  }

  private async startSession(repos: Repositories, user: User, origin: RequestOrigin): Promise<AuthResponse> {
    const secret = newSecret();
    const familyId = crypto.randomUUID();
    const now = this.deps.clock();
    await repos.refreshFamilies.insert({
      id: familyId,
      userId: user.id,
      tokenHash: hashSecret(secret),
      expiresAt: this.expiry(now),
      userAgent: origin.userAgent ?? null,
      ip: origin.ip,
    });
    return this.respond(user, familyId, secret);
  }

  private async respond(user: User, familyId: string, secret: string): Promise<AuthResponse> {
    const accessToken = await this.deps.tokens.issue({
      userId: user.id,
      username: user.username,
      roles: user.roles as Role[],
      guest: user.guest,
      passwordChange: user.passwordChangeRequired,
      sessionId: familyId,
    });
    const refreshToken = makeRefreshToken({ familyId, secret });
    return { user: toUserDto(user), accessToken, expiresIn: this.deps.tokens.ttlSeconds, refreshToken };
  }

  private expiry(now: Date): Date {
    return new Date(now.getTime() + this.deps.refreshTokenTtlSeconds * 1000);
  }
}

type RefreshFailure =
  | 'REFRESH_TOKEN_INVALID'
  | 'REFRESH_TOKEN_REVOKED'
  | 'REFRESH_TOKEN_REUSED'
  | 'REFRESH_TOKEN_EXPIRED'
  | 'ACCOUNT_BANNED';
type RefreshOutcome =
  | { failed: RefreshFailure; response?: never }
  | { failed?: never; response: AuthResponse };

function refreshFailure(code: RefreshFailure) {
  const messages = {
    REFRESH_TOKEN_INVALID: 'the refresh token is not valid',
    REFRESH_TOKEN_REVOKED: 'this session has ended; log in again',
    REFRESH_TOKEN_REUSED: 'this refresh token was already used; every session of its login has been ended',
    REFRESH_TOKEN_EXPIRED: 'the refresh token has expired; log in again',
    ACCOUNT_BANNED: 'this account is banned',
  } as const;
  return new AppError(code, messages[code]);
}
