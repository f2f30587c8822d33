import { type Request, type RequestHandler, type Response, Router } from 'express';
import { ERROR_STATUS, type ErrorCode } from '../../schema/errors.ts';
import { AppError } from '../services/errors.ts';
import type { AccessClaims, AccessTokens } from '../services/ports.ts';

/** The browser admin session: the staff member's access token, in a cookie scoped to `/admin`. */
export const STAFF_COOKIE = 'rookery_staff';

const isStaff = (claims: AccessClaims) =>
  claims.roles.includes('moderator') || claims.roles.includes('admin');

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * Sets the admin session cookie from the caller's own access token (a normal sign-in; the route
 * runs after the role check): HttpOnly, SameSite=Strict, Path=/admin, Secure whenever the request
 * came over https (or in production), and no longer than the token lives.
 */
export function openStaffSession(
  req: Request,
  res: Response,
  claims: AccessClaims,
  production: boolean,
): void {
  const token = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1];
  if (!token) throw new AppError('UNAUTHENTICATED', 'sign in first: an access token is required');
  res.cookie(STAFF_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure || production,
    path: '/admin',
    maxAge: Math.max(0, claims.exp * 1000 - Date.now()),
  });
}

export function closeStaffSession(res: Response): void {
  res.clearCookie(STAFF_COOKIE, { path: '/admin' });
}

function refuse(res: Response, code: ErrorCode, message: string): void {
  res.status(ERROR_STATUS[code]).setHeader('Cache-Control', 'no-store');
  res.json({ error: { code, message } });
}

/**
 * The staff's browser pages under `/admin`, by the session cookie: the Colyseus monitor at
 * `/admin/monitor` for admins (its `…/api/room/call`, which runs any room method from a GET, is
 * refused: rooms change only through the audited admin API), and the console's pages for staff.
 * Without a valid staff cookie a console page is still the web app's page, answered 401 (or 403
 * for a player), so the app can open the session from its sign-in and load again. Only GETs are
 * answered with the cookie: every change goes through `/api/admin` with the bearer token, which a
 * browser never sends by itself (no cross-site request can forge one).
 */
export function staffPages(deps: { tokens: AccessTokens; monitor?: RequestHandler }): Router {
  const router = Router();
  const who = async (req: Request): Promise<AccessClaims | undefined> => {
    const token = cookieOf(req, STAFF_COOKIE);
    if (!token) return undefined;
    return deps.tokens.verify(token).catch(() => undefined);
  };
  router.use('/monitor', async (req, res, next) => {
    const claims = await who(req);
    if (!claims) return refuse(res, 'UNAUTHENTICATED', 'sign in as an admin (open /admin first)');
    if (!claims.roles.includes('admin')) return refuse(res, 'FORBIDDEN', 'the monitor is for admins');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return refuse(res, 'FORBIDDEN', 'the monitor only reads');
    if (/\/api\/room\/call\/?$/.test(req.path)) {
      return refuse(res, 'FORBIDDEN', 'the monitor does not change rooms: use the admin API, which audits');
    }
    res.setHeader('Cache-Control', 'no-store');
    if (!deps.monitor) return refuse(res, 'NOT_FOUND', 'the monitor is not mounted');
    deps.monitor(req, res, next);
  });
  router.use(async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const claims = await who(req);
    res.setHeader('Cache-Control', 'no-store');
    if (!claims) res.status(401);
    else if (!isStaff(claims)) res.status(403);
    next();
  });
  return router;
}
