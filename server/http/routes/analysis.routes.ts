import { Router } from 'express';
import { z } from 'zod';
import type { AnalysisService } from '../../services/analysis.service.ts';
import { parse } from '../validate.ts';
import { GameIdParams } from './games.routes.ts';

/** `/api/games/:id/analysis`: the engine's evaluation of a finished chess game, move by move. */
export function analysisRoutes(deps: { analysis: AnalysisService }): Router {
  const router = Router();
  router.get('/:id/analysis', async (req, res) => {
    const { id } = parse(GameIdParams, req.params, 'path');
    parse(z.strictObject({}), req.query, 'query');
    const analysis = await deps.analysis.analysis(id);
    res.status(analysis.status === 'done' ? 200 : 202).json(analysis);
  });
  return router;
}
