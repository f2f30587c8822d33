import { Router } from 'express';
import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN, USERNAME_PATTERN } from '../../domain/accounts.ts';
import type { AuthService } from '../../services/auth.service.ts';
import { AppError } from '../../services/errors.ts';
import type { AccessTokens, RateLimiter } from '../../services/ports.ts';
import { optionalAuth, optionalClaims } from '../auth.ts';
import { requestOrigin } from '../context.ts';
import { parse } from '../validate.ts';

const Username = z
  .string()
  .regex(USERNAME_PATTERN, '3 to 20 characters: a letter, then letters, digits or underscores');
const Password = z
  .string()
  .min(PASSWORD_MIN, `at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `at most ${PASSWORD_MAX} characters`);

const RegisterBody = z.strictObject({
  username: Username,
  password: Password,
  email: z.email().max(254).optional(),
});
const LoginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(PASSWORD_MAX),
});
const RefreshBody = z.strictObject({ refreshToken: z.string().min(1).max(512) });

/** `/api/auth/*`: every route here counts against the caller's IP address limit first. */
export function authRoutes(deps: {
  auth: AuthService;
  tokens: AccessTokens;
  ipLimiter: RateLimiter;
}): Router {
  const router = Router();

  router.use(async (req, _res, next) => {
    const decision = await deps.ipLimiter.consume(req.ip ?? 'unknown');
    if (!decision.allowed) {
      throw new AppError(
        'RATE_LIMITED',
        'too many requests; slow down',
        undefined,
        decision.retryAfterSeconds,
      );
    }
    next();
  });

  // With a guest's access token, registering upgrades that guest instead of creating an account.
  router.post('/register', optionalAuth(deps.tokens), async (req, res) => {
    const body = parse(RegisterBody, req.body);
    const guest = optionalClaims(res);
    if (guest) {
      res.status(200).json(await deps.auth.upgradeGuest(guest, body, requestOrigin(req)));
    } else {
      res.status(201).json(await deps.auth.register(body, requestOrigin(req)));
    }
  });

  router.post('/guest', async (req, res) => {
    res.status(201).json(await deps.auth.createGuest(requestOrigin(req)));
  });

  router.post('/login', async (req, res) => {
    res.json(await deps.auth.login(parse(LoginBody, req.body), requestOrigin(req)));
  });

  router.post('/refresh', async (req, res) => {
    res.json(await deps.auth.refresh(parse(RefreshBody, req.body).refreshToken, requestOrigin(req)));
  });

  router.post('/logout', async (req, res) => {
    await deps.auth.logout(parse(RefreshBody, req.body).refreshToken, requestOrigin(req));
    res.status(204).end();
  });

  return router;
}
