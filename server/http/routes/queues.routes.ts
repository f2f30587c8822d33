import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../services/errors.ts';
import type { GameHosting } from '../../services/ports.ts';
import { parse } from '../validate.ts';

/** `/api/queues`: the matchmaking queues with their live pool sizes and median waits, for anyone. */
export function queuesRoutes(deps: { hosting: () => GameHosting | undefined }): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    const hosting = deps.hosting();
    if (!hosting) throw new AppError('NOT_READY', 'the game server is starting');
    res.json({ queues: await hosting.queues() });
  });
  return router;
}
