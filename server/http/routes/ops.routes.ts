import { Router } from 'express';
import type { Registry } from 'prom-client';
import { serializeError } from '../../platform/logger.ts';
import { requestLog } from '../context.ts';

/** Something `/ready` asks before it says yes: the database, Redis. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

const CHECK_TIMEOUT_MS = 2000;

function withTimeout(work: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** `/health` (the process answers), `/ready` (it can serve), `/metrics`, and the public keys. */
export function opsRoutes(deps: {
  registry: Registry;
  checks: ReadinessCheck[];
  isDraining: () => boolean;
  jwks: object;
}): Router {
  const router = Router();

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/ready', async (_req, res) => {
    const results: Record<string, string> = {};
    await Promise.all(
      deps.checks.map(async ({ name, check }) => {
        try {
          await withTimeout(check());
          results[name] = 'ok';
        } catch (err) {
          results[name] = 'failing';
          requestLog(res).warn({ check: name, err: serializeError(err) }, 'readiness check failed');
        }
      }),
    );
    const draining = deps.isDraining();
    const ready = !draining && Object.values(results).every((r) => r === 'ok');
    res
      .status(ready ? 200 : 503)
      .json({ status: draining ? 'draining' : ready ? 'ready' : 'not_ready', checks: results });
  });

  router.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', deps.registry.contentType);
    res.send(await deps.registry.metrics());
  });

  router.get('/.well-known/jwks.json', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(deps.jwks);
  });

  return router;
}
