import type { Database } from '../db/database.ts';
import { AppError } from './errors.ts';
import type { MailOutbox } from './mail.ts';
import { passwordResetMail } from './mail-templates.ts';
import type { Clock, PasswordHasher, RateLimiter } from './ports.ts';
import { hashSecret, newSecret, SECRET_PATTERN } from './secrets.ts';
import type { SessionEnder } from './sessions.service.ts';

/** How long a reset link works. */
export const RESET_TOKEN_TTL_SECONDS = 30 * 60;

export interface PasswordResetDeps {
  db: Database;
  outbox: MailOutbox;
  hasher: PasswordHasher;
  clock: Clock;
  publicUrl: string;
  /** Reset mails per address (known or not: the same count either way). */
  addressLimiter: RateLimiter;
  /** Failed logins per account: a reset unlocks the account. */
  accountLimiter: RateLimiter;
  sessions: SessionEnder;
  /** Told of a failure of the work done after the answer (it has no one else to tell). */
  onBackgroundError: (err: unknown) => void;
}

/**
 * Forgotten passwords. A request answers at once and the same way for every address: the lookup,
 * the token and the mail happen after the answer, so neither the answer nor its timing says
 * whether an account has that address. Only a verified address receives a reset link.
 */
export class PasswordResetService {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly deps: PasswordResetDeps) {}

  /** Returns before anything is looked up; the mail (if any) follows. */
  request(email: string, origin: { ip: string | null }): void {
    const work = this.mailLink(email, origin)
      .catch(this.deps.onBackgroundError)
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  /** Resolves once every request made so far has done its work. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /**
   * Sets the password of the token's account and ends every session of it. A token that is
   * unknown, spent or expired changes nothing.
   */
  async confirm(token: string, password: string, origin: { ip: string | null }): Promise<void> {
    if (!SECRET_PATTERN.test(token)) throw invalidToken();
    const tokenHash = hashSecret(token);
    // Checked before the hash is spent on it; checked again, locked, when it is used.
    const found = await this.deps.db.transaction((repos) =>
      repos.tokens.findForUpdate(tokenHash, 'password_reset'),
    );
    this.assertUsable(found);
    const passwordHash = await this.deps.hasher.hash(password);
    const username = await this.deps.db.transaction(async (repos) => {
      const locked = await repos.tokens.findForUpdate(tokenHash, 'password_reset');
      this.assertUsable(locked);
      const user = await repos.users.findById(locked.userId);
      if (!user || user.email?.toLowerCase() !== locked.email.toLowerCase() || !user.emailVerifiedAt) {
        throw invalidToken();
      }
      await repos.users.setPasswordHash(user.id, passwordHash);
      await repos.tokens.deleteOfUser(user.id, 'password_reset');
      const ended = await this.deps.sessions.endAll(repos, user.id, 'password_reset');
      await repos.audit.append({
        action: 'user.password_reset',
        actorId: user.id,
        targetId: user.id,
        ip: origin.ip,
        details: { sessionsEnded: ended },
      });
      return user.username;
    });
    await this.deps.accountLimiter.reset(username.toLowerCase());
  }

  private assertUsable<T extends { expiresAt: Date }>(token: T | undefined): asserts token is T {
    if (!token) throw invalidToken();
    if (token.expiresAt.getTime() <= this.deps.clock().getTime()) {
      throw new AppError('MAIL_TOKEN_EXPIRED', 'this link has expired; ask for a new one');
    }
  }

  private async mailLink(email: string, origin: { ip: string | null }): Promise<void> {
    // Counted for every address, known or not, so the limit says nothing either.
    const decision = await this.deps.addressLimiter.consume(email.toLowerCase());
    if (!decision.allowed) return;
    const user = await this.deps.db.read((repos) => repos.users.findByVerifiedEmail(email));
    if (!user?.email || user.bannedAt) return;
    const address = user.email;
    const token = newSecret();
    const now = this.deps.clock();
    await this.deps.db.transaction(async (repos) => {
      await repos.tokens.deleteOfUser(user.id, 'password_reset');
      await repos.tokens.insert({
        tokenHash: hashSecret(token),
        userId: user.id,
        purpose: 'password_reset',
        email: address,
        expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_SECONDS * 1000),
      });
      await repos.audit.append({
        action: 'user.password_reset_requested',
        targetId: user.id,
        ip: origin.ip,
      });
    });
    this.deps.outbox.post(
      passwordResetMail({
        to: address,
        username: user.username,
        publicUrl: this.deps.publicUrl,
        token,
        validMinutes: RESET_TOKEN_TTL_SECONDS / 60,
      }),
    );
  }
}

function invalidToken(): AppError {
  return new AppError('MAIL_TOKEN_INVALID', 'this link is not valid or was already used; ask for a new one');
}
