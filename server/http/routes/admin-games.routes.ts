import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { AdminService } from '../../services/admin.service.ts';
import { AppError } from '../../services/errors.ts';
import type { GameHosting } from '../../services/ports.ts';
import type { StaffDirectoryService } from '../../services/staff-directory.service.ts';
import { claimsOf, requireRole } from '../auth.ts';
import { parse } from '../validate.ts';
import { Reason } from './admin-users.routes.ts';

const GameParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a game id') });
const WithReason = z.strictObject({ reason: Reason });
const Adjudication = z.strictObject({
  reason: Reason,
  scores: z.array(z.number().min(0).max(1000)).min(1).max(16),
});

/**
 * `/api/admin/games/*`: the live and recent games, and staff commands to a live match of any
 * game (through the match actor's own staff path). Pause and resume for moderators; abort and an
 * adjudicated end, and restore, for admins. Each is audited with its reason.
 */
export function adminGamesRoutes(deps: {
  admin: AdminService;
  directory: StaffDirectoryService;
  hosting: () => GameHosting | undefined;
}): Router {
  const router = Router();
  const hosting = () => {
    const rooms = deps.hosting();
    if (!rooms) throw new AppError('NOT_READY', 'this node does not host games');
    return rooms;
  };

  router.get('/', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    const [live, recent] = await Promise.all([hosting().matches.live(), deps.directory.recentGames(50)]);
    res.json({ live, recent });
  });

  const command =
    (
      type: 'pause' | 'resume' | 'abort' | 'adjudicate',
      action: 'game.paused' | 'game.resumed' | 'game.aborted' | 'game.adjudicated',
    ) =>
    async (req: Request, res: Response) => {
      const { id } = parse(GameParams, req.params, 'path');
      const body =
        type === 'adjudicate'
          ? parse(Adjudication, req.body)
          : { ...parse(WithReason, req.body), scores: undefined };
      const status = await hosting().matches.command(
        id,
        body.scores
          ? { type: 'adjudicate', reason: body.reason, scores: body.scores }
          : { type: type as 'pause', reason: body.reason },
      );
      await deps.admin.record(claimsOf(res), action, { gameId: id, ...body });
      res.json({ id, status });
    };
  router.post('/:id/pause', command('pause', 'game.paused'));
  router.post('/:id/resume', command('resume', 'game.resumed'));
  router.post('/:id/abort', requireRole('admin'), command('abort', 'game.aborted'));
  router.post('/:id/adjudicate', requireRole('admin'), command('adjudicate', 'game.adjudicated'));

  router.post('/:id/restore', requireRole('admin'), async (req, res) => {
    const { id } = parse(GameParams, req.params, 'path');
    const { reason } = parse(WithReason, req.body);
    const outcome = await hosting().restore(id);
    await deps.admin.record(claimsOf(res), 'game.restored', { gameId: id, reason, outcome });
    res.json({ id, outcome });
  });
  return router;
}
