import { Router } from 'express';
import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../domain/accounts.ts';
import type { EmailVerificationService } from '../../services/email-verification.service.ts';
import type { PasswordResetService } from '../../services/password-reset.service.ts';
import type { AccessTokens } from '../../services/ports.ts';
import { claimsOf, requireAuth } from '../auth.ts';
import { requestOrigin } from '../context.ts';
import { parse } from '../validate.ts';

const TokenBody = z.strictObject({ token: z.string().min(1).max(128) });
const ResetRequest = z.strictObject({ email: z.email().max(254) });
const ResetConfirm = z.strictObject({
  token: z.string().min(1).max(128),
  password: z
    .string()
    .min(PASSWORD_MIN, `at least ${PASSWORD_MIN} characters`)
    .max(PASSWORD_MAX, `at most ${PASSWORD_MAX} characters`),
});

/** What a reset request answers, whatever the address: it says nothing about accounts. */
export const RESET_REQUESTED = {
  message: 'if an account has verified this address, a link to reset its password is on its way',
} as const;

/**
 * `/api/auth/*` routes of mailed links: address verification and password reset. Mounted after
 * `authRoutes`, whose per-IP limit every request to `/api/auth` has passed through.
 */
export function accountMailRoutes(deps: {
  verification: EmailVerificationService;
  passwordReset: PasswordResetService;
  tokens: AccessTokens;
}): Router {
  const router = Router();

  router.post('/verify-email', async (req, res) => {
    const { token } = parse(TokenBody, req.body);
    res.json(await deps.verification.verify(token, requestOrigin(req)));
  });

  router.post('/verify-email/resend', requireAuth(deps.tokens), async (_req, res) => {
    await deps.verification.resend(claimsOf(res));
    res.status(202).json({ message: 'a new link is on its way' });
  });

  // Answered before anything is looked up: the same status, body and time for every address.
  router.post('/password-reset/request', (req, res) => {
    const { email } = parse(ResetRequest, req.body);
    deps.passwordReset.request(email, requestOrigin(req));
    res.status(202).json(RESET_REQUESTED);
  });

  router.post('/password-reset/confirm', async (req, res) => {
    const { token, password } = parse(ResetConfirm, req.body);
    await deps.passwordReset.confirm(token, password, requestOrigin(req));
    res.status(204).end();
  });

  return router;
}
