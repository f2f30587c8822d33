import type { UserDto } from '../../schema/accounts.ts';
import type { Database, Repositories } from '../db/database.ts';
import { AppError } from './errors.ts';
import type { Mail, MailOutbox } from './mail.ts';
import { verificationMail } from './mail-templates.ts';
import type { AccessClaims, Clock, PasswordHasher, RateLimiter } from './ports.ts';
import { hashSecret, newSecret, SECRET_PATTERN } from './secrets.ts';
import { toUserDto } from './user.dto.ts';
import { flushUsers } from './user-writes.ts';

export interface EmailVerificationDeps {
  db: Database;
  outbox: MailOutbox;
  hasher: PasswordHasher;
  clock: Clock;
  publicUrl: string;
  ttlSeconds: number;
  /** Verification mails per account (resends and address changes). */
  mailLimiter: RateLimiter;
}

/** Who is asking, for the audit log. */
interface Origin {
  ip: string | null;
}

/**
 * Email addresses as claims proven by a mailed link. An unverified address blocks nobody: many
 * accounts may claim it, and the first to verify owns it (the others lose their claim). Tokens are
 * single-use, expire, and only their hashes are kept.
 */
export class EmailVerificationService {
  constructor(private readonly deps: EmailVerificationDeps) {}

  /**
   * In the caller's transaction: replaces the account's verification tokens by a new one for
   * `email`, and returns the mail to post once the transaction has committed.
   */
  async issue(repos: Repositories, user: { id: string; username: string; email: string }): Promise<Mail> {
    const token = newSecret();
    const now = this.deps.clock();
    await repos.tokens.deleteOfUser(user.id, 'verify_email');
    await repos.tokens.insert({
      tokenHash: hashSecret(token),
      userId: user.id,
      purpose: 'verify_email',
      email: user.email,
      expiresAt: new Date(now.getTime() + this.deps.ttlSeconds * 1000),
    });
    return verificationMail({
      to: user.email,
      username: user.username,
      publicUrl: this.deps.publicUrl,
      token,
      validHours: Math.round(this.deps.ttlSeconds / 3600),
    });
  }

  /**
   * Verifies the address the token was mailed to. A token that is unknown, spent, expired, or for
   * an address the account no longer claims changes nothing.
   */
  async verify(token: string, origin: Origin): Promise<{ email: string; emailVerified: true }> {
    if (!SECRET_PATTERN.test(token)) throw invalidToken();
    const now = this.deps.clock();
    return this.deps.db.transaction(async (repos) => {
      const found = await repos.tokens.findForUpdate(hashSecret(token), 'verify_email');
      if (!found) throw invalidToken();
      if (found.expiresAt.getTime() <= now.getTime()) throw expiredToken();
      const user = await repos.users.findById(found.userId);
      if (!user || user.email?.toLowerCase() !== found.email.toLowerCase()) throw invalidToken();
      if (user.emailVerifiedAt) throw invalidToken();
      const owner = await repos.users.findByVerifiedEmail(found.email);
      if (owner) throw new AppError('EMAIL_TAKEN', 'another account has verified this address first');
      user.emailVerifiedAt = now;
      await flushUsers(repos);
      await repos.tokens.deleteOfUser(user.id, 'verify_email');
      const dropped = await repos.users.dropEmailClaims(found.email, user.id, now);
      for (const id of dropped) {
        await repos.tokens.deleteOfUser(id, 'verify_email');
        await repos.audit.append({
          action: 'user.email_claim_dropped',
          actorId: user.id,
          targetId: id,
          details: { reason: 'verified by another account' },
        });
      }
      await repos.audit.append({
        action: 'user.email_verified',
        actorId: user.id,
        targetId: user.id,
        ip: origin.ip,
        details: { claimsDropped: dropped.length },
      });
      return { email: user.email, emailVerified: true as const };
    });
  }

  /** Mails a new link for the account's unverified address (rate-limited per account). */
  async resend(claims: AccessClaims): Promise<void> {
    const mail = await this.deps.db.transaction(async (repos) => {
      const user = await repos.users.findById(claims.userId);
      if (!user) throw new AppError('USER_NOT_FOUND', 'this account no longer exists');
      if (!user.email) throw new AppError('EMAIL_NOT_SET', 'this account has no email address');
      if (user.emailVerifiedAt)
        throw new AppError('EMAIL_ALREADY_VERIFIED', 'this address is already verified');
      await this.consumeMail(user.id);
      return this.issue(repos, { id: user.id, username: user.username, email: user.email });
    });
    this.deps.outbox.post(mail);
  }

  /**
   * Changes (or, with null, removes) the account's address after checking its password. The new
   * address is a claim until its link is followed; the old one is given up at once.
   */
  async changeEmail(
    claims: AccessClaims,
    input: { email: string | null; password: string },
    origin: Origin,
  ): Promise<UserDto> {
    const current = await this.deps.db.read((repos) => repos.users.findById(claims.userId));
    if (!current) throw new AppError('USER_NOT_FOUND', 'this account no longer exists');
    if (!current.passwordHash)
      throw new AppError('FORBIDDEN', 'a guest has no email address: register first');
    if (!(await this.deps.hasher.verify(current.passwordHash, input.password))) {
      throw new AppError('INVALID_CREDENTIALS', 'the password is wrong');
    }
    if ((current.email?.toLowerCase() ?? null) === (input.email?.toLowerCase() ?? null))
      return toUserDto(current);
    if (input.email) await this.consumeMail(current.id);
    const { dto, mail } = await this.deps.db.transaction(async (repos) => {
      const user = await repos.users.findById(claims.userId);
      if (!user) throw new AppError('USER_NOT_FOUND', 'this account no longer exists');
      user.email = input.email;
      user.emailVerifiedAt = null;
      await flushUsers(repos);
      await repos.tokens.deleteOfUser(user.id, 'verify_email');
      // A reset link mailed to the old address must not work any more.
      await repos.tokens.deleteOfUser(user.id, 'password_reset');
      await repos.audit.append({
        action: 'user.email_changed',
        actorId: user.id,
        targetId: user.id,
        ip: origin.ip,
        details: { removed: input.email === null },
      });
      const mail = input.email
        ? await this.issue(repos, { id: user.id, username: user.username, email: input.email })
        : undefined;
      return { dto: toUserDto(user), mail };
    });
    if (mail) this.deps.outbox.post(mail);
    return dto;
  }

  private async consumeMail(userId: string): Promise<void> {
    const decision = await this.deps.mailLimiter.consume(userId);
    if (!decision.allowed) {
      throw new AppError(
        'RATE_LIMITED',
        'too many verification mails for this account; try again later',
        undefined,
        decision.retryAfterSeconds,
      );
    }
  }
}

function invalidToken(): AppError {
  return new AppError('MAIL_TOKEN_INVALID', 'this link is not valid or was already used; ask for a new one');
}

function expiredToken(): AppError {
  return new AppError('MAIL_TOKEN_EXPIRED', 'this link has expired; ask for a new one');
}
