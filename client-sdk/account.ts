import type { AccountExport, SessionDto, UserDto } from '../schema/accounts.ts';
import type { RookeryClient } from './rest.ts';

/**
 * The account's life beyond signing in: its email address and the links mailed to it, password
 * reset, sessions on other devices, the export of its data, and deletion.
 *
 * @example
 *   const account = new AccountClient(rookery);
 *   await account.verifyEmail(new URLSearchParams(location.search).get('token')!);
 *   for (const s of await account.sessions()) if (!s.current) await account.endSession(s.id);
 */
export class AccountClient {
  constructor(private readonly rest: RookeryClient) {}

  /** Follows a verification link: `POST /api/auth/verify-email` (no session needed). */
  verifyEmail(token: string): Promise<{ email: string; emailVerified: true }> {
    return this.rest.anonymous('POST', '/api/auth/verify-email', { token });
  }

  /** Mails a new verification link (a few an hour at most). */
  async resendVerification(): Promise<void> {
    await this.rest.authed('POST', '/api/auth/verify-email/resend');
  }

  /** Changes (or with null, removes) the address; the password is checked again. */
  changeEmail(email: string | null, password: string): Promise<UserDto> {
    return this.rest.authed<UserDto>('PUT', '/api/me/email', { email, password });
  }

  /** Asks for a reset link; answers the same whether or not an account has the address. */
  async requestPasswordReset(email: string): Promise<void> {
    await this.rest.anonymous('POST', '/api/auth/password-reset/request', { email });
  }

  /** Sets a new password with a mailed link's token; every session of the account ends. */
  async confirmPasswordReset(token: string, password: string): Promise<void> {
    await this.rest.anonymous('POST', '/api/auth/password-reset/confirm', { token, password });
  }

  async sessions(): Promise<SessionDto[]> {
    return (await this.rest.authed<{ sessions: SessionDto[] }>('GET', '/api/me/sessions')).sessions;
  }

  async endSession(id: string): Promise<void> {
    await this.rest.authed('DELETE', `/api/me/sessions/${encodeURIComponent(id)}`);
  }

  /** Ends every session but this one; answers how many ended. */
  async endOtherSessions(): Promise<number> {
    return (await this.rest.authed<{ ended: number }>('DELETE', '/api/me/sessions')).ended;
  }

  exportData(): Promise<AccountExport> {
    return this.rest.authed<AccountExport>('GET', '/api/me/export');
  }

  /** Deletes the account (the password again; none for a guest) and forgets the session here. */
  async deleteAccount(password?: string): Promise<void> {
    await this.rest.authed('DELETE', '/api/me', password === undefined ? undefined : { password });
    await this.rest.logout();
  }
}
