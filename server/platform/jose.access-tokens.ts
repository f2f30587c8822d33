import { createHash } from 'node:crypto';
import * as jose from 'jose';
import { ROLES } from '../../schema/roles.ts';
import { AppError } from '../services/errors.ts';
import type { AccessClaims, AccessTokens, Clock } from '../services/ports.ts';
import { type KeySet, SIGNING_ALG } from './keys.ts';

const AUDIENCE = 'rookery';
/** Verified tokens kept so a client's repeated calls skip the signature check. */
const CACHE_SIZE = 10_000;

/**
 * A token's key in the cache: its SHA-256. A token is some 500 characters and, taken from a
 * header or a URL, keeps the whole of that string alive; a full cache of them held ~5 MB where
 * their digests hold ~0.6 MB.
 */
const cacheKey = (token: string) => createHash('sha256').update(token).digest('base64');

/**
 * Access tokens as EdDSA-signed JWTs with a `kid`, verified against the whole key set so keys can
 * rotate: a new key goes first (it signs), the old one stays until its tokens have expired.
 */
export class JoseAccessTokens implements AccessTokens {
  private readonly verifyKeys: ReturnType<typeof jose.createLocalJWKSet>;
  /**
   * By {@link cacheKey}; insertion-ordered: the oldest entry is evicted first. Only successful
   * verifications enter.
   */
  private readonly verified = new Map<string, AccessClaims>();

  constructor(
    private readonly keys: KeySet,
    private readonly issuer: string,
    readonly ttlSeconds: number,
    private readonly clock: Clock,
  ) {
    this.verifyKeys = jose.createLocalJWKSet(keys.publicJwks);
  }

  async issue(claims: Omit<AccessClaims, 'exp' | 'issuedAt'>): Promise<string> {
    const nowMs = this.clock().getTime();
    const now = Math.floor(nowMs / 1000);
    // `iat` is in whole seconds; the session epoch needs the millisecond (a token issued just
    // after an unban must not fall in the second of the ban).
    return new jose.SignJWT({
      name: claims.username,
      roles: claims.roles,
      guest: claims.guest,
      iat_ms: nowMs,
      ...(claims.passwordChange ? { pwc: true } : {}),
      ...(claims.sessionId ? { sid: claims.sessionId } : {}),
    })
      .setProtectedHeader({ alg: SIGNING_ALG, kid: this.keys.signing.kid, typ: 'at+jwt' })
      .setSubject(claims.userId)
      .setIssuer(this.issuer)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + this.ttlSeconds)
      .setJti(crypto.randomUUID())
      .sign(this.keys.signing.key);
  }

  async verify(token: string): Promise<AccessClaims> {
    const nowSeconds = this.clock().getTime() / 1000;
    const key = cacheKey(token);
    const cached = this.verified.get(key);
    if (cached) {
      if (cached.exp > nowSeconds) return cached;
      this.verified.delete(key);
      throw new AppError('TOKEN_EXPIRED', 'the access token has expired; refresh it');
    }
    let payload: jose.JWTPayload;
    try {
      ({ payload } = await jose.jwtVerify(token, this.verifyKeys, {
        issuer: this.issuer,
        audience: AUDIENCE,
        algorithms: [SIGNING_ALG],
        typ: 'at+jwt',
        currentDate: new Date(nowSeconds * 1000),
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (err) {
      if (err instanceof jose.errors.JWTExpired) {
        throw new AppError('TOKEN_EXPIRED', 'the access token has expired; refresh it');
      }
      throw new AppError('TOKEN_INVALID', 'the access token is not valid');
    }
    const claims = toClaims(payload);
    if (this.verified.size >= CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(key, claims);
    return claims;
  }
}

function toClaims(payload: jose.JWTPayload): AccessClaims {
  const roles = payload.roles;
  if (
    typeof payload.sub !== 'string' ||
    typeof payload.name !== 'string' ||
    typeof payload.guest !== 'boolean' ||
    !Array.isArray(roles) ||
    !roles.every((r) => (ROLES as readonly unknown[]).includes(r))
  ) {
    throw new AppError('TOKEN_INVALID', 'the access token is not valid');
  }
  return {
    userId: payload.sub,
    username: payload.name,
    roles: roles as AccessClaims['roles'],
    guest: payload.guest,
    ...(typeof payload.sid === 'string' ? { sessionId: payload.sid } : {}),
    exp: payload.exp!,
    issuedAt: typeof payload.iat_ms === 'number' ? payload.iat_ms : payload.iat! * 1000,
    ...(payload.pwc === true ? { passwordChange: true } : {}),
  };
}
