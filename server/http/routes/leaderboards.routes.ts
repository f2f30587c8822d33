import { Router } from 'express';
import { z } from 'zod';
import { PERIOD_KEY } from '../../domain/leaderboards/periods.ts';
import type { LeaderboardService } from '../../services/leaderboard.service.ts';
import type { RateLimiter } from '../../services/ports.ts';
import { limitByIp, type ResponseCache } from '../cache.ts';
import { parse } from '../validate.ts';

const BoardParams = z.strictObject({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a leaderboard id') });
const PlayerParams = BoardParams.extend({
  username: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{2,31}$/, 'a username'),
});

const common = {
  period: z
    .string()
    .regex(PERIOD_KEY, '"current", "all", a season id or a period key such as 2026-12-07')
    .or(z.literal('current'))
    .default('current'),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code, such as "FR"')
    .optional(),
};

const PageQuery = z.strictObject({
  ...common,
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(100).optional(),
});

const PlayerQuery = z.strictObject({
  ...common,
  around: z.coerce.number().int().min(0).max(50).optional(),
});

/** `/api/leaderboards/*`: public reads, limited per IP address and cached for a moment. */
export function leaderboardsRoutes(deps: {
  leaderboards: LeaderboardService;
  publicLimiter: RateLimiter;
  leaderboardCache: ResponseCache;
}): Router {
  const router = Router();
  router.use(limitByIp(deps.publicLimiter));
  const cached = (res: { setHeader(name: string, value: string): void }) =>
    res.setHeader('Cache-Control', 'public, max-age=2');

  router.get('/', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    cached(res);
    res.json({ boards: deps.leaderboards.boards() });
  });
  router.get('/:id', async (req, res) => {
    const { id } = parse(BoardParams, req.params, 'path');
    const query = parse(PageQuery, req.query, 'query');
    const body = await deps.leaderboardCache.get(req.originalUrl, () => deps.leaderboards.page(id, query));
    cached(res);
    res.json(body);
  });
  router.get('/:id/players/:username', async (req, res) => {
    const { id, username } = parse(PlayerParams, req.params, 'path');
    const query = parse(PlayerQuery, req.query, 'query');
    const body = await deps.leaderboardCache.get(req.originalUrl, () =>
      deps.leaderboards.player(id, username, query),
    );
    cached(res);
    res.json(body);
  });
  return router;
}
