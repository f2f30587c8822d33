import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Histogram } from 'prom-client';
import type { Logger } from '../platform/logger.ts';
import type { LogTrail, OpenSpan, Tracing } from '../services/ports.ts';

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

/** What a request's trail and trace are carried by; each is optional. */
export interface RequestTracing {
  /** Carries the request id onto every log line of the work the request causes. */
  trail?: LogTrail;
  /** A span per request, the parent of the spans of its work. */
  tracing?: Tracing;
}

/**
 * Gives each request an id (the caller's `X-Request-Id` when it is sane), answered in
 * `X-Request-Id` and carried by the trail onto every log line of its work; a span when tracing;
 * one log line when it ends, and one observation in the duration histogram.
 */
export function requestContext(
  log: Logger,
  duration: Histogram<'method' | 'route' | 'status'>,
  { trail, tracing }: RequestTracing = {},
): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const incoming = req.get('x-request-id');
    const id = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', id);
    // With a trail, the logger's lines take the id from it (a child would repeat the field).
    res.locals.log = trail ? log : log.child({ reqId: id });
    let span: OpenSpan | undefined;
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(req);
      duration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      const quiet = route === '/health' || route === '/metrics' || route === '/ready';
      const userId = (res.locals.claims as { userId?: string } | undefined)?.userId;
      const line = {
        ...(trail ? { reqId: id } : {}),
        ...(userId ? { userId } : {}),
        method: req.method,
        path: req.originalUrl.split('?')[0],
        route,
        status: res.statusCode,
        ms: +(seconds * 1000).toFixed(2),
      };
      if (quiet) requestLog(res).debug(line, 'request');
      else requestLog(res).info(line, 'request');
      span?.rename(`${req.method} ${route}`);
      span?.setAttributes({
        'http.route': route,
        'http.response.status_code': res.statusCode,
        'rookery.user_id': userId,
      });
      span?.end(res.statusCode >= 500);
    });
    const traced = tracing
      ? () =>
          tracing.open(
            `HTTP ${req.method}`,
            { 'http.request.method': req.method, 'rookery.request_id': id },
            (s) => {
              span = s;
              next();
            },
          )
      : next;
    if (trail) trail.run({ reqId: id }, traced);
    else traced();
  };
}
