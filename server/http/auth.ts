import type { RequestHandler, Response } from 'express';
import type { Role } from '../../schema/roles.ts';
import { AppError } from '../services/errors.ts';
import type { AccessClaims, AccessTokens } from '../services/ports.ts';

/** The bearer token of the request; undefined without an Authorization header. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim());
  if (!match) throw new AppError('TOKEN_INVALID', 'the Authorization header must be "Bearer <access token>"');
  return match[1];
}

/** The claims that `requireAuth` (or `optionalAuth`) put on the response. */
export function claimsOf(res: Response): AccessClaims {
  return res.locals.claims as AccessClaims;
}

export function optionalClaims(res: Response): AccessClaims | undefined {
  return res.locals.claims as AccessClaims | undefined;
}

/**
 * Requires a valid access token; 401 otherwise. A token of an account that must set a new
 * password is refused (403 PASSWORD_CHANGE_REQUIRED) but where `beforePasswordChange` allows it.
 */
export function requireAuth(
  tokens: AccessTokens,
  options: { beforePasswordChange?: boolean } = {},
): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req.get('authorization'));
    if (!token) throw new AppError('UNAUTHENTICATED', 'sign in first: an access token is required');
    const claims = await tokens.verify(token);
    if (claims.passwordChange && !options.beforePasswordChange) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED', 'set a new password first (POST /api/me/password)');
    }
    res.locals.claims = claims;
    next();
  };
}

/** Reads an access token when one is sent (and refuses a bad one), and goes on without one. */
export function optionalAuth(tokens: AccessTokens): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req.get('authorization'));
    if (token) res.locals.claims = await tokens.verify(token);
    next();
  };
}

/** Requires one of the roles (after `requireAuth`); 403 otherwise. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    if (!claimsOf(res).roles.some((r) => roles.includes(r))) {
      throw new AppError('FORBIDDEN', `this needs the role ${roles.join(' or ')}`);
    }
    next();
  };
}
