import { Router } from 'express';
import { z } from 'zod';
import type { FriendsService } from '../../services/friends.service.ts';
import type { NotificationsService } from '../../services/notifications.service.ts';
import type { AccessTokens, RateLimiter } from '../../services/ports.ts';
import { claimsOf, requireAuth } from '../auth.ts';
import { limitByUser } from '../cache.ts';
import { parse } from '../validate.ts';

const Username = z.strictObject({
  username: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{2,31}$/, 'a username'),
});
const UserIdParam = z.strictObject({ userId: z.uuid('a user id (a UUID)') });
const InboxQuery = z.strictObject({
  before: z
    .string()
    .regex(/^[1-9][0-9]{0,17}$/, 'a notification id')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  unread: z.enum(['true', 'false']).optional(),
});
const MarkRead = z.union([
  z.strictObject({ all: z.literal(true) }),
  z.strictObject({
    ids: z
      .array(z.string().regex(/^[1-9][0-9]{0,17}$/, 'a notification id'))
      .min(1)
      .max(100),
  }),
]);

/**
 * `/api/me/*` of friends, blocks and the notification inbox. Every change counts against the
 * caller's allowance (`accountActionsLimiter`), so a flood of requests notifies nobody.
 */
export function socialRoutes(deps: {
  friends: FriendsService;
  notifications: NotificationsService;
  tokens: AccessTokens;
  accountActionsLimiter: RateLimiter;
}): Router {
  const router = Router();
  const auth = requireAuth(deps.tokens);
  const limit = limitByUser(deps.accountActionsLimiter);
  const userId = (params: unknown) => parse(UserIdParam, params, 'path').userId;

  router.get('/friends', auth, async (_req, res) => {
    res.json(await deps.friends.list(claimsOf(res)));
  });
  router.post('/friends/requests', auth, limit, async (req, res) => {
    const { username } = parse(Username, req.body);
    res.status(201).json(await deps.friends.request(claimsOf(res), username));
  });
  router.post('/friends/requests/:userId/accept', auth, limit, async (req, res) => {
    await deps.friends.accept(claimsOf(res), userId(req.params));
    res.status(204).end();
  });
  router.post('/friends/requests/:userId/decline', auth, limit, async (req, res) => {
    await deps.friends.decline(claimsOf(res), userId(req.params));
    res.status(204).end();
  });
  router.delete('/friends/requests/:userId', auth, limit, async (req, res) => {
    await deps.friends.cancel(claimsOf(res), userId(req.params));
    res.status(204).end();
  });
  router.delete('/friends/:userId', auth, limit, async (req, res) => {
    await deps.friends.remove(claimsOf(res), userId(req.params));
    res.status(204).end();
  });

  router.get('/blocks', auth, async (_req, res) => {
    res.json({ blocked: await deps.friends.blocked(claimsOf(res)) });
  });
  router.post('/blocks', auth, limit, async (req, res) => {
    const { username } = parse(Username, req.body);
    res.status(201).json(await deps.friends.block(claimsOf(res), username));
  });
  router.delete('/blocks/:userId', auth, limit, async (req, res) => {
    await deps.friends.unblock(claimsOf(res), userId(req.params));
    res.status(204).end();
  });

  router.get('/notifications', auth, async (req, res) => {
    const query = parse(InboxQuery, req.query, 'query');
    res.json(
      await deps.notifications.inbox(claimsOf(res), {
        ...(query.before ? { before: query.before } : {}),
        limit: query.limit,
        unreadOnly: query.unread === 'true',
      }),
    );
  });
  router.post('/notifications/read', auth, limit, async (req, res) => {
    const body = parse(MarkRead, req.body);
    res.json(await deps.notifications.markRead(claimsOf(res), 'all' in body ? 'all' : body.ids));
  });
  return router;
}
