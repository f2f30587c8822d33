import type { Role } from './roles.ts';

/** A user as the API shows it to that user (`GET /api/me`) and in auth responses. */
export interface UserDto {
  id: string;
  username: string;
  displayName: string | null;
  email: string | null;
  /** Whether the address was proven by a link mailed to it; an unverified address is only a claim. */
  emailVerified: boolean;
  country: string | null;
  roles: Role[];
  guest: boolean;
  createdAt: string;
}

/** The answer of register, login, guest and refresh. */
export interface AuthResponse {
  user: UserDto;
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
}

/** One session of the signed-in account (`GET /api/me/sessions`): a login and its refreshes. */
export interface SessionDto {
  id: string;
  createdAt: string;
  /** When its refresh token was last used (or the login, if never). */
  lastUsedAt: string;
  expiresAt: string;
  /** The device's User-Agent at the login, as it said. */
  userAgent: string | null;
  /** The address of the login or of the last refresh. */
  ip: string | null;
  /** The session of the access token that asked. */
  current: boolean;
}

/** One seat the account held in a game, as the export gives it. */
export interface ExportedSeat {
  gameId: string;
  game: string;
  pool: string;
  rated: boolean;
  status: string;
  termination: string | null;
  startedAt: string;
  endedAt: string | null;
  seat: number;
  name: string;
  score: number | null;
  place: number | null;
  ratingBefore: number | null;
  ratingAfter: number | null;
  others: Array<{ seat: number; name: string; bot: string | null }>;
}

/** Everything the record holds about one account, as its owner downloads it (`GET /api/me/export`). */
export interface AccountExport {
  exportedAt: string;
  profile: UserDto & { lastLoginAt: string | null };
  games: ExportedSeat[];
  ratings: Array<Record<string, unknown>>;
  sessions: Array<Record<string, unknown>>;
  /** Pending mail links (purpose, address, expiry), never the tokens. */
  mailLinks: Array<{ purpose: string; email: string; expiresAt: string }>;
  friends: unknown[];
  blocked: unknown[];
  notifications: unknown[];
  audit: Array<Record<string, unknown>>;
}
