import { Router } from 'express';
import { z } from 'zod';
import { PASSWORD_MAX } from '../../domain/accounts.ts';
import type { AccountDataService } from '../../services/account-data.service.ts';
import type { EmailVerificationService } from '../../services/email-verification.service.ts';
import type { AccessTokens, RateLimiter } from '../../services/ports.ts';
import type { SessionsService } from '../../services/sessions.service.ts';
import { claimsOf, requireAuth } from '../auth.ts';
import { limitByUser } from '../cache.ts';
import { requestOrigin } from '../context.ts';
import { parse } from '../validate.ts';

const EmailChange = z.strictObject({
  email: z.email().max(254).nullable(),
  password: z.string().min(1).max(PASSWORD_MAX),
});
const Deletion = z.strictObject({ password: z.string().min(1).max(PASSWORD_MAX).optional() });
const SessionId = z.strictObject({ id: z.uuid('a session id (a UUID)') });

/** `/api/me/*` of the account's life: its address, its sessions, its data and its end. */
export function meAccountRoutes(deps: {
  verification: EmailVerificationService;
  sessions: SessionsService;
  accountData: AccountDataService;
  tokens: AccessTokens;
  accountActionsLimiter: RateLimiter;
}): Router {
  const router = Router();
  const auth = requireAuth(deps.tokens);

  router.put('/email', auth, async (req, res) => {
    const body = parse(EmailChange, req.body);
    res.json(await deps.verification.changeEmail(claimsOf(res), body, requestOrigin(req)));
  });

  router.get('/sessions', auth, async (_req, res) => {
    res.json({ sessions: await deps.sessions.list(claimsOf(res)) });
  });

  // Every session but the one asking.
  router.delete('/sessions', auth, async (req, res) => {
    res.json({ ended: await deps.sessions.endOthers(claimsOf(res), requestOrigin(req)) });
  });

  router.delete('/sessions/:id', auth, async (req, res) => {
    const { id } = parse(SessionId, req.params, 'path');
    await deps.sessions.end(claimsOf(res), id, requestOrigin(req));
    res.status(204).end();
  });

  // An export reads everything of the account: it counts against the caller's allowance.
  router.get('/export', auth, limitByUser(deps.accountActionsLimiter), async (_req, res) => {
    const data = await deps.accountData.export(claimsOf(res));
    res.setHeader('Content-Disposition', `attachment; filename="rookery-${data.profile.username}.json"`);
    res.json(data);
  });

  // The password again (a guest has none): a stolen access token alone cannot delete an account.
  router.delete('/', auth, async (req, res) => {
    const { password } = parse(Deletion, req.body ?? {});
    await deps.accountData.delete(claimsOf(res), password, requestOrigin(req));
    res.status(204).end();
  });

  return router;
}
