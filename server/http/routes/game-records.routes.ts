import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../services/errors.ts';
import type { GameExportService } from '../../services/game-export.service.ts';
import type { AccessTokens, GameHosting, RateLimiter } from '../../services/ports.ts';
import { requireAuth } from '../auth.ts';
import { boundedJsonObject } from '../bounded-body.ts';
import { limitByIp } from '../cache.ts';
import { parse } from '../validate.ts';
import { GameIdParams } from './games.routes.ts';

/** The largest export `POST /api/games/import` reads (eighteen holes of six players fit well within). */
export const IMPORT_BODY_LIMIT_BYTES = 1024 * 1024;

const json = z.json();
const ExportedEvent = z.strictObject({
  seq: z.number().int().min(1),
  v: z.number().int().min(1),
  event: z.looseObject({ type: z.string().min(1).max(40), at: z.number().finite() }),
});

/** The shape of an export; whether it is true is the service's to find out. */
const GameExport = z.strictObject({
  format: z.literal('rookery-game'),
  version: z.literal(1),
  id: GameIdParams.shape.id,
  game: z.string().min(1).max(40),
  options: z.record(z.string(), json),
  pool: z.string().min(1).max(40),
  rated: z.boolean(),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  seed: z.number().int().nullable(),
  seats: z
    .array(
      z.strictObject({
        seat: z.number().int().min(0),
        team: z.number().int().min(0),
        name: z.string().min(1).max(64),
        bot: z.string().max(64).nullable(),
      }),
    )
    .min(1)
    .max(16),
  events: z.array(ExportedEvent).min(1).max(20_000),
  termination: z.string().max(64),
  results: z
    .array(
      z.strictObject({
        seat: z.number().int().min(0),
        score: z.number().finite(),
        placing: z.number().int().min(1),
      }),
    )
    .max(16),
  record: z.record(z.string(), json),
  signature: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'an HMAC-SHA256 in base64url'),
});

const StepParams = GameIdParams.extend({
  step: z
    .string()
    .regex(/^\d{1,6}$/, 'a step number')
    .transform(Number),
});

interface Deps {
  exports: GameExportService;
  tokens: AccessTokens;
  publicLimiter: RateLimiter;
  hosting: () => GameHosting | undefined;
}

/** The games a node plays again: known once the rooms are up. */
function replaysOf(deps: Deps) {
  const replays = deps.hosting()?.replays;
  if (!replays) throw new AppError('NOT_READY', 'the games are not hosted yet; try again shortly');
  return replays;
}

/**
 * `POST /api/games/import`: a signed export, kept again under a new id. Mounted before the API's
 * own body parser, whose limit is far smaller than a whole game.
 */
export function gameImportRoutes(deps: Deps): Router {
  const router = Router();
  router.post(
    '/import',
    limitByIp(deps.publicLimiter),
    requireAuth(deps.tokens),
    boundedJsonObject(IMPORT_BODY_LIMIT_BYTES),
    async (req, res) => {
      const doc = parse(GameExport, req.body);
      res.status(201).json(await deps.exports.importGame(doc, replaysOf(deps)));
    },
  );
  return router;
}

/** `/api/games/:id/export` and the public replay, `/api/games/:id/replay[/:step]`. */
export function gameRecordsRoutes(deps: Deps): Router {
  const router = Router();
  router.get('/:id/export', async (req, res) => {
    const { id } = parse(GameIdParams, req.params, 'path');
    parse(z.strictObject({}), req.query, 'query');
    res.json(await deps.exports.exportGame(id));
  });
  const limited = limitByIp(deps.publicLimiter);
  router.get('/:id/replay', limited, async (req, res) => {
    const { id } = parse(GameIdParams, req.params, 'path');
    parse(z.strictObject({}), req.query, 'query');
    res.json(await deps.exports.replay(id, replaysOf(deps)));
  });
  router.get('/:id/replay/:step', limited, async (req, res) => {
    const { id, step } = parse(StepParams, req.params, 'path');
    parse(z.strictObject({}), req.query, 'query');
    res.json(await deps.exports.replayStep(id, step, replaysOf(deps)));
  });
  return router;
}
