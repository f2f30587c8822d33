import { Router } from 'express';
import { z } from 'zod';
import { TOURNAMENT_STATUSES } from '../../../schema/tournaments.ts';
import type { TournamentStaffService } from '../../services/tournament-staff.service.ts';
import { claimsOf, requireRole } from '../auth.ts';
import { parse } from '../validate.ts';
import { Reason } from './admin-users.routes.ts';
import { ListPageQuery } from './tournaments.routes.ts';

const Id = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'an id');
const TournamentParams = z.strictObject({ id: Id });
const PlayerParams = z.strictObject({
  id: Id,
  userId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a user id'),
});
const GameParams = z.strictObject({ id: Id, gameId: Id });
const ListQuery = z.strictObject({ status: z.enum(TOURNAMENT_STATUSES).optional(), ...ListPageQuery });
const WithReason = z.strictObject({ reason: Reason });
/** A tournament game's result: `[1, 0]`, `[0.5, 0.5]` or `[0, 1]` (white's, black's). */
const Adjudication = z.strictObject({
  reason: Reason,
  scores: z
    .tuple([z.number(), z.number()])
    .refine(
      ([w, b]) => [0, 0.5, 1].includes(w) && w + b === 1,
      'a win or a draw: [1, 0], [0.5, 0.5] or [0, 1]',
    ),
});

/**
 * `/api/admin/tournaments/*`: every tournament (private ones too) and staff commands to one. Pause,
 * resume and disqualify for moderators; end early and adjudicate a game for admins. Each carries a
 * reason and is audited; each answers the tournament after it.
 */
export function adminTournamentsRoutes(deps: { tournamentStaff: TournamentStaffService }): Router {
  const router = Router();
  const staff = deps.tournamentStaff;

  router.get('/', async (req, res) => {
    const { status, after, limit } = parse(ListQuery, req.query, 'query');
    res.json(await staff.list(status ? { status } : {}, { after, limit }));
  });
  router.get('/:id', async (req, res) => {
    const { id } = parse(TournamentParams, req.params, 'path');
    parse(z.strictObject({}), req.query, 'query');
    res.json(await staff.get(claimsOf(res), id));
  });
  router.post('/:id/pause', async (req, res) => {
    const { id } = parse(TournamentParams, req.params, 'path');
    const { reason } = parse(WithReason, req.body);
    res.json(await staff.pause(claimsOf(res), id, reason));
  });
  router.post('/:id/resume', async (req, res) => {
    const { id } = parse(TournamentParams, req.params, 'path');
    const { reason } = parse(WithReason, req.body);
    res.json(await staff.resume(claimsOf(res), id, reason));
  });
  router.post('/:id/end', requireRole('admin'), async (req, res) => {
    const { id } = parse(TournamentParams, req.params, 'path');
    const { reason } = parse(WithReason, req.body);
    res.json(await staff.end(claimsOf(res), id, reason));
  });
  router.post('/:id/players/:userId/disqualify', async (req, res) => {
    const { id, userId } = parse(PlayerParams, req.params, 'path');
    const { reason } = parse(WithReason, req.body);
    res.json(await staff.disqualify(claimsOf(res), id, userId, reason));
  });
  router.post('/:id/games/:gameId/adjudicate', requireRole('admin'), async (req, res) => {
    const { id, gameId } = parse(GameParams, req.params, 'path');
    const { reason, scores } = parse(Adjudication, req.body);
    res.json(await staff.adjudicate(claimsOf(res), id, gameId, scores, reason));
  });
  return router;
}
