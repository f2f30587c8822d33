/**
 * Rules of account names and passwords. Pure: no I/O, randomness passed in.
 */

/** 3–20 characters: a letter, then letters, digits or underscores. No hyphen: guests have one. */
export const USERNAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{2,19}$/;
export const USERNAME_MIN = 3;
export const USERNAME_MAX = 20;
export const PASSWORD_MIN = 8;
/** Long enough for any passphrase, short enough that hashing it costs nothing extra. */
export const PASSWORD_MAX = 256;
export const DISPLAY_NAME_MAX = 40;

/** Names nobody may register, compared case-insensitively. */
const RESERVED = new Set([
  'admin',
  'administrator',
  'moderator',
  'mod',
  'rookery',
  'system',
  'root',
  'support',
  'guest',
  'anonymous',
  'bot',
  'server',
]);

export function isReservedUsername(username: string): boolean {
  return RESERVED.has(username.toLowerCase());
}

const GUEST_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * A guest's name, `Guest-` and eight characters drawn with `randomInt(n)` (0 ≤ value < n).
 * The hyphen keeps guest names out of the space of registrable names.
 */
export function makeGuestName(randomInt: (n: number) => number): string {
  let suffix = '';
  for (let i = 0; i < 8; i++) suffix += GUEST_ALPHABET[randomInt(GUEST_ALPHABET.length)];
  return `Guest-${suffix}`;
}

/** The refresh token a client holds: the family it belongs to and the secret of this generation. */
export interface RefreshTokenParts {
  familyId: string;
  secret: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export function makeRefreshToken(parts: RefreshTokenParts): string {
  return `${parts.familyId}.${parts.secret}`;
}

/** Undefined when the text is not shaped like a refresh token at all. */
export function parseRefreshToken(token: string): RefreshTokenParts | undefined {
  const dot = token.indexOf('.');
  if (dot < 0) return undefined;
  const familyId = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  if (!UUID.test(familyId) || !SECRET.test(secret)) return undefined;
  return { familyId, secret };
}

/** Whether a ban holds at `now`: set, and without an end or before it. */
export function isBanned(user: { bannedAt?: Date | null; bannedUntil?: Date | null }, now: Date): boolean {
  if (!user.bannedAt) return false;
  return !user.bannedUntil || user.bannedUntil.getTime() > now.getTime();
}

/** Whether a mute holds at `now`. */
export function isMuted(user: { mutedUntil?: Date | null }, now: Date): boolean {
  return !!user.mutedUntil && user.mutedUntil.getTime() > now.getTime();
}
