import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Histogram } from 'prom-client';
import type { Logger } from '../platform/logger.ts';

const INCOMING_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The logger of this request, with its request id bound. */
export function requestLog(res: Response): Logger {
  return res.locals.log as Logger;
}

/** Who is asking, as the services record it: the client's address (behind TRUST_PROXY, the forwarded one). */
export function requestOrigin(req: Request): { ip: string | null; userAgent: string | null } {
  const agent = req.get('user-agent');
  // Control characters out, length bounded: it is shown back in the list of sessions.
  const userAgent = agent ? agent.replace(/\p{C}/gu, '').slice(0, 256) || null : null;
  return { ip: req.ip ?? null, userAgent };
}

/** The route pattern that matched, for metrics and logs (never the raw path: unbounded labels). */
function routeOf(req: Request): string {
  return req.route ? `${req.baseUrl}${String(req.route.path)}` : '(unmatched)';
}

/**
 * Gives each request an id (the caller's `X-Request-Id` when it is sane), a child logger, one log
 * line when it ends, and one observation in the duration histogram.
 */
export function requestContext(
  log: Logger,
  duration: Histogram<'method' | 'route' | 'status'>,
): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const incoming = req.get('x-request-id');
    const id = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', id);
    res.locals.log = log.child({ reqId: id });
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(req);
      duration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      const quiet = route === '/health' || route === '/metrics' || route === '/ready';
      const line = {
        method: req.method,
        path: req.originalUrl.split('?')[0],
        route,
        status: res.statusCode,
        ms: +(seconds * 1000).toFixed(2),
      };
      if (quiet) requestLog(res).debug(line, 'request');
      else requestLog(res).info(line, 'request');
    });
    next();
  };
}
