import { Router } from 'express';
import { z } from 'zod';
import { DISPLAY_NAME_MAX, PASSWORD_MAX, PASSWORD_MIN } from '../../domain/accounts.ts';
import type { AccountService } from '../../services/account.service.ts';
import type { AuthService } from '../../services/auth.service.ts';
import type { GameService } from '../../services/game.service.ts';
import type { AccessTokens } from '../../services/ports.ts';
import { claimsOf, requireAuth } from '../auth.ts';
import { requestOrigin } from '../context.ts';
import { parse } from '../validate.ts';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

const MePatch = z
  .strictObject({
    displayName: z
      .string()
      .trim()
      .min(1)
      .max(DISPLAY_NAME_MAX)
      .regex(/^[^\p{C}]+$/u, 'no control characters')
      .nullable()
      .optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code, such as "FR"')
      .refine((code) => regionNames.of(code) !== undefined, 'not a known country code')
      .nullable()
      .optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to change: send displayName and/or country');

const PasswordChange = z.strictObject({
  currentPassword: z.string().min(1).max(PASSWORD_MAX),
  newPassword: z
    .string()
    .min(PASSWORD_MIN, `at least ${PASSWORD_MIN} characters`)
    .max(PASSWORD_MAX, `at most ${PASSWORD_MAX} characters`),
});

export function meRoutes(deps: {
  accounts: AccountService;
  auth: AuthService;
  games: GameService;
  tokens: AccessTokens;
}): Router {
  const router = Router();
  const auth = requireAuth(deps.tokens);
  // What an account that must set a new password may still do: read itself, and set one.
  const beforeChange = requireAuth(deps.tokens, { beforePasswordChange: true });
  router.get('/', beforeChange, async (_req, res) => {
    res.json(await deps.accounts.me(claimsOf(res)));
  });
  router.patch('/', auth, async (req, res) => {
    res.json(await deps.accounts.updateMe(claimsOf(res), parse(MePatch, req.body)));
  });
  // A new password ends every session of the account; the caller gets a fresh one.
  router.post('/password', beforeChange, async (req, res) => {
    const body = parse(PasswordChange, req.body);
    res.json(await deps.auth.changePassword(claimsOf(res), body, requestOrigin(req)));
  });
  // The caller's unfinished games, to find the way back to one after a crash or a closed tab.
  router.get('/games/current', auth, async (_req, res) => {
    res.json({ games: await deps.games.currentGames(claimsOf(res).userId) });
  });
  return router;
}
