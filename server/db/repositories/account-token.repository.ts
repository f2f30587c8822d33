import type { SqlEntityManager } from '@mikro-orm/sql';

export type TokenPurpose = 'verify_email' | 'password_reset';

/** A mail token as the record keeps it: its hash, never the token. */
export interface AccountToken {
  tokenHash: string;
  userId: string;
  purpose: TokenPurpose;
  /** The address the token was mailed to. */
  email: string;
  expiresAt: Date;
}

interface TokenRow {
  token_hash: string;
  user_id: string;
  purpose: TokenPurpose;
  email: string;
  expires_at: Date | string;
}

const toToken = (row: TokenRow): AccountToken => ({
  tokenHash: row.token_hash,
  userId: row.user_id,
  purpose: row.purpose,
  email: row.email,
  expiresAt: new Date(row.expires_at),
});

/** Single-use mail tokens (email verification, password reset). */
export class AccountTokenRepository {
  constructor(private readonly em: SqlEntityManager) {}

  async insert(token: AccountToken): Promise<void> {
    await this.em.execute(
      'insert into account_tokens (token_hash, user_id, purpose, email, expires_at) values (?, ?, ?, ?, ?)',
      [token.tokenHash, token.userId, token.purpose, token.email, token.expiresAt],
    );
  }

  /** The token with this hash and purpose, locked until the transaction ends. */
  async findForUpdate(tokenHash: string, purpose: TokenPurpose): Promise<AccountToken | undefined> {
    const rows = await this.em.execute<TokenRow[]>(
      'select * from account_tokens where token_hash = ? and purpose = ? for update',
      [tokenHash, purpose],
    );
    return rows[0] ? toToken(rows[0]) : undefined;
  }

  /** Spends every token of `purpose` the user has (one was used, or a new one replaces them). */
  async deleteOfUser(userId: string, purpose: TokenPurpose): Promise<number> {
    const rows = await this.em.execute<{ token_hash: string }[]>(
      'delete from account_tokens where user_id = ? and purpose = ? returning token_hash',
      [userId, purpose],
    );
    return rows.length;
  }

  /** Removes tokens that expired before `now`; returns how many. */
  async deleteExpired(now: Date, limit: number): Promise<number> {
    const rows = await this.em.execute<{ token_hash: string }[]>(
      `delete from account_tokens where token_hash in (
         select token_hash from account_tokens where expires_at <= ? limit ?) returning token_hash`,
      [now, limit],
    );
    return rows.length;
  }

  /** Every token of the user, for the export (hashes left out). */
  async listOfUser(userId: string): Promise<Array<Omit<AccountToken, 'tokenHash'>>> {
    const rows = await this.em.execute<TokenRow[]>(
      'select * from account_tokens where user_id = ? order by created_at',
      [userId],
    );
    return rows.map((row) => {
      const { tokenHash: _, ...rest } = toToken(row);
      return rest;
    });
  }
}
