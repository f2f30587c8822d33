import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { ErrorBody, ErrorCode } from '../../schema/errors.ts';
import { QueueFullError } from '../platform/semaphore.ts';
import { AppError } from '../services/errors.ts';
import { requestLog } from './context.ts';

/** The HTTP status of each error code: the only place that knows it. */
export const STATUS: Record<ErrorCode, number> = {
  MALFORMED_JSON: 400,
  VALIDATION_FAILED: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  USERNAME_TAKEN: 409,
  USERNAME_RESERVED: 409,
  EMAIL_TAKEN: 409,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_BANNED: 403,
  ALREADY_REGISTERED: 409,
  USER_NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  FORBIDDEN: 403,
  REFRESH_TOKEN_INVALID: 401,
  REFRESH_TOKEN_EXPIRED: 401,
  REFRESH_TOKEN_REVOKED: 401,
  REFRESH_TOKEN_REUSED: 401,
  BAD_MOVE_FORMAT: 400,
  ILLEGAL_MOVE: 409,
  NOT_YOUR_TURN: 409,
  GAME_OVER: 409,
  GAME_NOT_STARTED: 409,
  DRAW_ALREADY_OFFERED: 409,
  NO_DRAW_OFFER: 409,
  DRAW_NOT_CLAIMABLE: 409,
  ABORT_NOT_ALLOWED: 409,
  BAD_MESSAGE: 400,
  NOT_A_PLAYER: 403,
  SEAT_TAKEN: 409,
  CLAIM_NOT_ALLOWED: 409,
  REMATCH_NOT_AVAILABLE: 409,
  GAME_NOT_FOUND: 404,
  GAME_NOT_FINISHED: 409,
  SEAT_EXPIRED: 410,
  UNKNOWN_QUEUE: 404,
  UNKNOWN_REGION: 400,
  ALREADY_QUEUED: 409,
  NOT_QUEUED: 409,
  RATED_NEEDS_ACCOUNT: 403,
  PARTY_NOT_FOUND: 404,
  PARTY_FULL: 409,
  PARTY_TOO_LARGE: 409,
  PARTY_NOT_READY: 409,
  NOT_PARTY_LEADER: 403,
  NOT_IN_PARTY: 403,
  SEEK_NOT_FOUND: 404,
  OWN_SEEK: 409,
  RATING_OUT_OF_RANGE: 409,
  USER_NOT_ONLINE: 409,
  CHALLENGE_NOT_FOUND: 404,
  RATE_LIMITED: 429,
  SERVER_BUSY: 503,
  NOT_READY: 503,
  INTERNAL: 500,
};

export function sendError(res: Response, err: AppError): void {
  const body: ErrorBody = { error: { code: err.code, message: err.message } };
  if (err.details) body.error.details = err.details;
  if (err.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(err.retryAfterSeconds));
  if (err.code === 'UNAUTHENTICATED' || err.code === 'TOKEN_INVALID' || err.code === 'TOKEN_EXPIRED') {
    const reason = err.code === 'UNAUTHENTICATED' ? '' : ', error="invalid_token"';
    res.setHeader('WWW-Authenticate', `Bearer realm="rookery"${reason}`);
  }
  res.status(STATUS[err.code]).json(body);
}

/** Errors thrown by express's body parser, by their `type`. */
const PARSER_ERRORS: Record<string, AppError> = {
  'entity.parse.failed': new AppError('MALFORMED_JSON', 'the request body is not valid JSON'),
  'entity.too.large': new AppError('PAYLOAD_TOO_LARGE', 'the request body is too large'),
  'encoding.unsupported': new AppError('UNSUPPORTED_MEDIA_TYPE', 'unsupported content encoding'),
  'charset.unsupported': new AppError('UNSUPPORTED_MEDIA_TYPE', 'unsupported charset; use utf-8'),
  'request.aborted': new AppError('VALIDATION_FAILED', 'the request body was not received whole'),
};

/** Maps anything thrown to the error shape. Unexpected errors are logged (without a stack) and
 *  answered with a bare INTERNAL: nothing of their text reaches the client. */
export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  if (res.headersSent) return;
  if (err instanceof AppError) return sendError(res, err);
  if (err instanceof QueueFullError) {
    return sendError(res, new AppError('SERVER_BUSY', 'the server is busy; try again shortly', undefined, 1));
  }
  const parserError = typeof err?.type === 'string' ? PARSER_ERRORS[err.type] : undefined;
  if (parserError) return sendError(res, parserError);
  requestLog(res).error({ err }, 'request failed');
  sendError(res, new AppError('INTERNAL', 'internal error'));
};

export const notFound: RequestHandler = (req, res) => {
  sendError(res, new AppError('NOT_FOUND', `no route for ${req.method} ${req.path}`));
};
