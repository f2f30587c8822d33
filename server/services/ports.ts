/** What the services need from the outside world, as interfaces; `server/platform` implements them. */

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** Spends the time of a verification without an account, against user enumeration by timing. */
  verifyDecoy(password: string): Promise<void>;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A fixed-window counter per key (an IP address, an account). */
export interface RateLimiter {
  /** Counts one event for `key` and says whether it is still within the limit. */
  consume(key: string): Promise<RateDecision>;
  /** Says whether `key` is within the limit, without counting. */
  check(key: string): Promise<RateDecision>;
  reset(key: string): Promise<void>;
}

/** The time, injected so that tests and replays control it. */
export type Clock = () => Date;

/** What an access token says about its bearer. */
export interface AccessClaims {
  userId: string;
  username: string;
  roles: Array<'user' | 'moderator' | 'admin'>;
  guest: boolean;
  /** Expiry, in seconds since the epoch. */
  exp: number;
}

/** Issues and checks short-lived access tokens (signed JWTs). */
export interface AccessTokens {
  readonly ttlSeconds: number;
  issue(claims: Omit<AccessClaims, 'exp'>): Promise<string>;
  /** The claims of a valid token; an `AppError` TOKEN_EXPIRED or TOKEN_INVALID otherwise. */
  verify(token: string): Promise<AccessClaims>;
}
