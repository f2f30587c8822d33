import os from 'node:os';
import { Router } from 'express';
import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../db/repositories/audit.repository.ts';
import type { Metrics } from '../../platform/metrics.ts';
import type { AdminService } from '../../services/admin.service.ts';
import { AppError } from '../../services/errors.ts';
import type { GameService } from '../../services/game.service.ts';
import type { ModerationService } from '../../services/moderation.service.ts';
import type { AccessTokens, GameHosting } from '../../services/ports.ts';
import type { StaffDirectoryService } from '../../services/staff-directory.service.ts';
import type { TournamentStaffService } from '../../services/tournament-staff.service.ts';
import { claimsOf, requireAuth, requireRole } from '../auth.ts';
import { closeStaffSession, openStaffSession } from '../staff-pages.ts';
import { parse } from '../validate.ts';
import { adminGamesRoutes } from './admin-games.routes.ts';
import { adminTournamentsRoutes } from './admin-tournaments.routes.ts';
import { adminUsersRoutes, Reason } from './admin-users.routes.ts';

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

/** CPU and memory of the node that answers (every node's are in its own `/metrics`). */
function processFigures() {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    uptimeSeconds: Math.round(process.uptime()),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    loadAverage: os.loadavg(),
  };
}

/** Game-log appends so far on this node: how many and their mean time (ms). */
async function appendFigures(metrics: Metrics) {
  const values = (await metrics.gameLogAppend.get()).values;
  const count = values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
  const sum = values.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0;
  return { count, meanMs: count > 0 ? (sum / count) * 1000 : null };
}

export interface AdminRoutesDeps {
  admin: AdminService;
  moderation: ModerationService;
  directory: StaffDirectoryService;
  games: GameService;
  tokens: AccessTokens;
  metrics: Metrics;
  /** Cookies are Secure in production whatever the request says. */
  production?: boolean;
  hosting: () => GameHosting | undefined;
  tournamentStaff: TournamentStaffService;
}

/**
 * `/api/admin/*`: moderation for moderators and admins; roles, the audit log and game restores for
 * admins. Every action is a POST (or DELETE), carries a reason and writes an audit entry.
 */
export function adminRoutes(deps: AdminRoutesDeps): Router {
  const router = Router();
  router.use(requireAuth(deps.tokens), requireRole('moderator', 'admin'));
  // The browser admin session for the staff's pages (`server/http/staff-pages.ts`).
  router.post('/session', (req, res) => {
    openStaffSession(req, res, claimsOf(res), deps.production ?? false);
    res.status(204).end();
  });
  router.delete('/session', (_req, res) => {
    closeStaffSession(res);
    res.status(204).end();
  });
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
  router.use('/games', adminGamesRoutes(deps));
  router.use('/tournaments', adminTournamentsRoutes(deps));
  router.get('/system', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    const rooms = deps.hosting();
    if (!rooms) throw new AppError('NOT_READY', 'this node does not host games');
    const [nodes, queues, live] = await Promise.all([rooms.nodes(), rooms.queues(), rooms.matches.live()]);
    res.json({
      nodes,
      self: processFigures(),
      queues,
      games: { live: live.length },
      logAppend: await appendFigures(deps.metrics),
    });
  });
  return router;
}
