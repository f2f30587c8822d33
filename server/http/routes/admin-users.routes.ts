import { Router } from 'express';
import { z } from 'zod';
import { ROLES } from '../../../schema/roles.ts';
import type { AdminService } from '../../services/admin.service.ts';
import type { GameService } from '../../services/game.service.ts';
import type { ModerationService } from '../../services/moderation.service.ts';
import type { GameHosting } from '../../services/ports.ts';
import type { StaffDirectoryService } from '../../services/staff-directory.service.ts';
import { claimsOf, requireRole } from '../auth.ts';
import { parse } from '../validate.ts';

/** Why staff did something: every action carries one, and the audit log keeps it. */
export const Reason = z.string().trim().min(1, 'a reason is required').max(500);
const WithReason = z.strictObject({ reason: Reason });
/** At most a year, in minutes. */
const Minutes = z.number().int().min(1).max(525_600);
const BanBody = z.strictObject({ reason: Reason, minutes: Minutes.optional() });
const MuteBody = z.strictObject({ reason: Reason, minutes: Minutes });
const RolesBody = z.strictObject({
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  reason: Reason.optional(),
});
const NoteBody = z.strictObject({ body: z.string().trim().min(1).max(2000) });
const UserParams = z.strictObject({ username: z.string().min(1).max(64) });
const UserQuery = z.strictObject({
  q: z.string().trim().max(64).optional(),
  role: z.enum(ROLES).optional(),
  banned: z
    .enum(['true', 'false'], 'true or false')
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

/** `/api/admin/users/*`: the users, for moderators and admins (roles for admins only). */
export function adminUsersRoutes(deps: {
  admin: AdminService;
  moderation: ModerationService;
  directory: StaffDirectoryService;
  games: GameService;
  hosting: () => GameHosting | undefined;
}): Router {
  const router = Router();
  const username = (params: unknown) => parse(UserParams, params, 'path').username;

  router.get('/', async (req, res) => {
    res.json({ users: await deps.directory.search(parse(UserQuery, req.query, 'query')) });
  });
  router.get('/:username', async (req, res) => {
    const name = username(req.params);
    const detail = await deps.directory.detail(name);
    const { games } = await deps.games.gamesOfUser(name, { limit: 20 });
    res.json({ ...detail, games });
  });

  const { moderation } = deps;
  router.post('/:username/ban', async (req, res) => {
    const body = parse(BanBody, req.body);
    res.json(await moderation.ban(claimsOf(res), username(req.params), body));
  });
  router.post('/:username/unban', async (req, res) => {
    const { reason } = parse(WithReason, req.body);
    res.json(await moderation.unban(claimsOf(res), username(req.params), reason));
  });
  // The record first, then the lobby (which also reads the record as a user comes in).
  router.post('/:username/mute', async (req, res) => {
    const body = parse(MuteBody, req.body);
    const user = await moderation.mute(claimsOf(res), username(req.params), body);
    await deps.hosting()?.chat.mute(user.id, Date.parse(user.mutedUntil!));
    res.json(user);
  });
  router.post('/:username/unmute', async (req, res) => {
    const { reason } = parse(WithReason, req.body);
    const user = await moderation.unmute(claimsOf(res), username(req.params), reason);
    await deps.hosting()?.chat.mute(user.id, null);
    res.json(user);
  });
  router.post('/:username/kick', async (req, res) => {
    const { reason } = parse(WithReason, req.body);
    res.json(await moderation.kick(claimsOf(res), username(req.params), reason));
  });
  router.post('/:username/revoke-sessions', async (req, res) => {
    const { reason } = parse(WithReason, req.body);
    res.json(await moderation.revokeSessions(claimsOf(res), username(req.params), reason));
  });
  router.post('/:username/require-password-change', async (req, res) => {
    const { reason } = parse(WithReason, req.body);
    res.json(await moderation.requirePasswordChange(claimsOf(res), username(req.params), reason));
  });
  router.post('/:username/notes', async (req, res) => {
    const { body } = parse(NoteBody, req.body);
    res.status(201).json(await deps.directory.addNote(claimsOf(res), username(req.params), body));
  });
  const setRoles = async (req: import('express').Request, res: import('express').Response) => {
    const { roles, reason } = parse(RolesBody, req.body);
    res.json(await deps.admin.setRoles(claimsOf(res), username(req.params), roles, reason));
  };
  router.post('/:username/roles', requireRole('admin'), setRoles);
  // The earlier form, kept for existing clients.
  router.put('/:username/roles', requireRole('admin'), setRoles);
  return router;
}
