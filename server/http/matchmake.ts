import express, { type Express, type RequestHandler } from 'express';
import type { ErrorBody } from '../../schema/errors.ts';
import type { Logger } from '../platform/logger.ts';
import type { Metrics } from '../platform/metrics.ts';
import { AppError } from '../services/errors.ts';
import type { AccessTokens, LimitsInTurn, LogTrail, Matchmaker, Tracing } from '../services/ports.ts';
import { BODY_LIMIT_BYTES } from './app.ts';
import { bearerToken } from './auth.ts';
import { boundedJsonObject } from './bounded-body.ts';
import { requestContext } from './context.ts';
import { errorHandlerWith } from './errors.ts';

export interface MatchmakeDeps {
  log: Logger;
  metrics: Metrics;
  /**
   * Tells whose a request is, for the per-user limit only: the room's own check of the token
   * (in the same request) decides whether it comes in, so this need not ask for revoked sessions.
   */
  tokens: AccessTokens;
  /**
   * Requests per client address, then per signed-in user (by the access token the SDK sends):
   * the keys `[address, userId]`.
   */
  limits: LimitsInTurn;
  matchmaker: Matchmaker;
  trustProxy: boolean;
  trail?: LogTrail;
  tracing?: Tracing;
}

/**
 * The error shape of the API, plus a top-level `message` ("CODE: text"): `@colyseus/sdk` shows
 * that as its `MatchMakeError`'s message (with the HTTP status as its code), and the client SDK
 * reads the code back from it.
 */
export function withSdkMessage(body: ErrorBody): ErrorBody & { message: string } {
  return { ...body, message: `${body.error.code}: ${body.error.message}` };
}

/**
 * The limit per address, then the one per user (for a request whose token names one), counted
 * together in one round trip: a request the address's limit refuses counts nothing for its user.
 */
function limited(
  deps: MatchmakeDeps,
  userOf: (req: express.Request) => Promise<string | undefined>,
): RequestHandler {
  return async (req, res, next) => {
    const refused = await deps.limits.consume([req.ip ?? 'unknown', await userOf(req)]);
    if (refused) {
      deps.metrics.rateLimited.inc({ limit: refused.refusedBy === 0 ? 'matchmake-ip' : 'matchmake-user' });
      // The body (if any) is not read: the connection closes with the answer.
      res.setHeader('Connection', 'close');
      throw new AppError(
        'RATE_LIMITED',
        'too many matchmaking requests; try again later',
        undefined,
        refused.retryAfterSeconds,
      );
    }
    next();
  };
}

/**
 * `POST /matchmake/:method/:target`, the seat reservations of the SDK, in front of the rooms'
 * matchmaker and held to the API's rules: the API's body limit before a byte is read, a rate
 * limit per address and per user (both before the body is read), and the API's error shape.
 */
export function createMatchmakeHttp(deps: MatchmakeDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  app.set('query parser', 'simple');
  app.use(requestContext(deps.log, deps.metrics.httpDuration, deps));

  const userOf = async (req: express.Request) => {
    let token: string | undefined;
    try {
      token = bearerToken(req.get('authorization'));
    } catch {
      return undefined;
    }
    if (!token) return undefined;
    // A token that does not verify is the room's to refuse; it counts against the address only.
    return deps.tokens.verify(token).then(
      (claims) => claims.userId,
      () => undefined,
    );
  };

  app.post(
    '/matchmake/:method/:target',
    (_req, res, next) => {
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      next();
    },
    limited(deps, userOf),
    boundedJsonObject(BODY_LIMIT_BYTES),
    async (req, res) => {
      const reservation = await deps.matchmaker.reserve({
        method: String(req.params.method),
        target: String(req.params.target),
        options: req.body as Record<string, unknown>,
        headers: req.headers,
        remoteAddress: req.socket.remoteAddress,
      });
      res.json(reservation);
    },
  );
  app.use((req, _res, next) => next(new AppError('NOT_FOUND', `no route for ${req.method} ${req.path}`)));
  app.use(errorHandlerWith(withSdkMessage));
  return app;
}
