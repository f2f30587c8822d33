import { Router } from 'express';
import { z } from 'zod';
import type { ProfileDto } from '../../../schema/leaderboards.ts';
import type { GameService } from '../../services/game.service.ts';
import type { LeaderboardService } from '../../services/leaderboard.service.ts';
import { parse } from '../validate.ts';

/** Usernames and guest names (`Guest-xxxxxxxx`); anything else cannot name an account. */
const UsernameParams = z.strictObject({
  username: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{2,31}$/, 'a username'),
});

const GamesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.string().min(1).max(200).optional(),
});

/** `/api/users/*`: what anyone may see of an account: its profile, ratings and games. */
export function usersRoutes(deps: { games: GameService; leaderboards: LeaderboardService }): Router {
  const router = Router();
  router.get('/:username', async (req, res) => {
    const { username } = parse(UsernameParams, req.params, 'path');
    parse(z.strictObject({}), req.query, 'query');
    const profile = await deps.games.profile(username);
    const [ranks, ratingHistory, recentResults] = await Promise.all([
      deps.leaderboards.ranksOf(profile.id),
      deps.leaderboards.ratingHistory(profile.id),
      deps.leaderboards.recentResults(profile.id),
    ]);
    res.json({ ...profile, ranks, ratingHistory, recentResults } satisfies ProfileDto);
  });
  router.get('/:username/games', async (req, res) => {
    const { username } = parse(UsernameParams, req.params, 'path');
    const page = parse(GamesQuery, req.query, 'query');
    res.json(await deps.games.gamesOfUser(username, page));
  });
  return router;
}
