import { Router } from 'express';
import { z } from 'zod';
import { ROLES } from '../../../schema/roles.ts';
import { AUDIT_ACTIONS } from '../../db/repositories/audit.repository.ts';
import type { AdminService } from '../../services/admin.service.ts';
import { AppError } from '../../services/errors.ts';
import type { AccessTokens, GameHosting } from '../../services/ports.ts';
import { claimsOf, requireAuth, requireRole } from '../auth.ts';
import { parse } from '../validate.ts';

const GameIdParam = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a game id');
const BanBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });
const RolesBody = z.strictObject({ roles: z.array(z.enum(ROLES)).max(ROLES.length) });
const AuditQuery = z.strictObject({
  target: z.string().min(1).max(64).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  before: z
    .string()
    .regex(/^[1-9][0-9]{0,18}$/, 'an entry id')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** `/api/admin/*`: moderation for moderators and admins, roles and the audit log for admins. */
export function adminRoutes(deps: {
  admin: AdminService;
  tokens: AccessTokens;
  hosting: () => GameHosting | undefined;
}): Router {
  const router = Router();
  router.use(requireAuth(deps.tokens), requireRole('moderator', 'admin'));

  router.get('/users/:username', async (req, res) => {
    res.json(await deps.admin.getUser(String(req.params.username)));
  });
  router.post('/users/:username/ban', async (req, res) => {
    const { reason } = parse(BanBody, req.body);
    res.json(await deps.admin.ban(claimsOf(res), String(req.params.username), reason));
  });
  router.post('/users/:username/unban', async (req, res) => {
    res.json(await deps.admin.unban(claimsOf(res), String(req.params.username)));
  });
  router.put('/users/:username/roles', requireRole('admin'), async (req, res) => {
    const { roles } = parse(RolesBody, req.body);
    res.json(await deps.admin.setRoles(claimsOf(res), String(req.params.username), roles));
  });
  router.get('/audit', requireRole('admin'), async (req, res) => {
    res.json({ entries: await deps.admin.audit(parse(AuditQuery, req.query, 'query')) });
  });
  router.post('/games/:id/restore', requireRole('admin'), async (req, res) => {
    const id = parse(GameIdParam, req.params.id, 'id');
    const hosting = deps.hosting();
    if (!hosting) throw new AppError('NOT_READY', 'this node does not host games');
    res.json({ id, outcome: await hosting.restore(id) });
  });
  return router;
}
