import { Router } from 'express';
import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../db/repositories/audit.repository.ts';
import type { AdminService } from '../../services/admin.service.ts';
import { AppError } from '../../services/errors.ts';
import type { GameService } from '../../services/game.service.ts';
import type { ModerationService } from '../../services/moderation.service.ts';
import type { AccessTokens, GameHosting } from '../../services/ports.ts';
import type { StaffDirectoryService } from '../../services/staff-directory.service.ts';
import { claimsOf, requireAuth, requireRole } from '../auth.ts';
import { parse } from '../validate.ts';
import { adminUsersRoutes, Reason } from './admin-users.routes.ts';

const GameIdParam = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a game id');
const AuditQuery = z.strictObject({
  target: z.string().min(1).max(64).optional(),
  actor: z.string().min(1).max(64).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  before: z
    .string()
    .regex(/^[1-9][0-9]{0,18}$/, 'an entry id')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export interface AdminRoutesDeps {
  admin: AdminService;
  moderation: ModerationService;
  directory: StaffDirectoryService;
  games: GameService;
  tokens: AccessTokens;
  hosting: () => GameHosting | undefined;
}

/**
 * `/api/admin/*`: moderation for moderators and admins; roles, the audit log and game restores for
 * admins. Every action is a POST (or DELETE), carries a reason and writes an audit entry.
 */
export function adminRoutes(deps: AdminRoutesDeps): Router {
  const router = Router();
  router.use(requireAuth(deps.tokens), requireRole('moderator', 'admin'));
  router.use('/users', adminUsersRoutes(deps));
  router.get('/audit', requireRole('admin'), async (req, res) => {
    res.json({ entries: await deps.admin.audit(parse(AuditQuery, req.query, 'query')) });
  });
  router.delete('/chat/:id', async (req, res) => {
    const { id } = parse(z.strictObject({ id: z.coerce.number().int().min(1) }), req.params, 'path');
    const { reason } = parse(z.strictObject({ reason: Reason }), req.body);
    const hosting = deps.hosting();
    if (!hosting) throw new AppError('NOT_READY', 'this node does not host games');
    const line = await hosting.chat.deleteLine(id);
    await deps.admin.record(claimsOf(res), 'chat.message_deleted', { room: 'lobby', id, reason, ...line });
    res.json({ id, deleted: line });
  });
  router.post('/games/:id/restore', requireRole('admin'), async (req, res) => {
    const id = parse(GameIdParam, req.params.id, 'id');
    const { reason } = parse(z.strictObject({ reason: Reason }), req.body);
    const hosting = deps.hosting();
    if (!hosting) throw new AppError('NOT_READY', 'this node does not host games');
    const outcome = await hosting.restore(id);
    await deps.admin.record(claimsOf(res), 'game.restored', { gameId: id, reason, outcome });
    res.json({ id, outcome });
  });
  return router;
}
