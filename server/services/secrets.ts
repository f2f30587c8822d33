import { createHash, randomBytes } from 'node:crypto';

/** A secret for a token: 32 random bytes, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What the record keeps of a secret: its SHA-256, hex. Enough for 256-bit random secrets. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The shape of every secret of {@link newSecret}; anything else is refused before any lookup. */
export const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;
