import { Router } from 'express';
import { z } from 'zod';
import type { GameService } from '../../services/game.service.ts';
import { parse } from '../validate.ts';

/** A game id is the id of the room that played it. */
export const GameIdParams = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, '1 to 32 letters, digits, "_" or "-"'),
});

const PgnQuery = z.strictObject({
  clocks: z
    .enum(['true', 'false'], 'true or false')
    .transform((v) => v === 'true')
    .default(false),
});

/** `/api/games/*`: any game, finished or being played, for anyone. */
export function gamesRoutes(deps: { games: GameService }): Router {
  const router = Router();
  router.get('/:id', async (req, res) => {
    const { id } = parse(GameIdParams, req.params, 'path');
    parse(z.strictObject({}), req.query, 'query');
    res.json(await deps.games.game(id));
  });
  router.get('/:id/pgn', async (req, res) => {
    const { id } = parse(GameIdParams, req.params, 'path');
    const { clocks } = parse(PgnQuery, req.query, 'query');
    const pgn = await deps.games.pgn(id, { clocks });
    res.type('application/x-chess-pgn; charset=utf-8').send(pgn);
  });
  return router;
}
