import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { ERROR_STATUS, type ErrorBody } from '../../schema/errors.ts';
import { QueueFullError } from '../platform/semaphore.ts';
import { AppError } from '../services/errors.ts';
import { requestLog } from './context.ts';

/** The HTTP status of each error code (the table lives beside the vocabulary, for rooms too). */
export const STATUS = ERROR_STATUS;

/**
 * Answers `err` in the error shape. `shape` may add to the body (the matchmaking routes add the
 * top-level `message` that the Colyseus SDK reads); it never takes anything away.
 */
export function sendError(res: Response, err: AppError, shape: (body: ErrorBody) => object = (b) => b): void {
  const body: ErrorBody = { error: { code: err.code, message: err.message } };
  if (err.details) body.error.details = err.details;
  if (err.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(err.retryAfterSeconds));
  if (err.code === 'UNAUTHENTICATED' || err.code === 'TOKEN_INVALID' || err.code === 'TOKEN_EXPIRED') {
    const reason = err.code === 'UNAUTHENTICATED' ? '' : ', error="invalid_token"';
    res.setHeader('WWW-Authenticate', `Bearer realm="rookery"${reason}`);
  }
  res.status(STATUS[err.code]).json(shape(body));
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
export function errorHandlerWith(shape?: (body: ErrorBody) => object): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof AppError) return sendError(res, err, shape);
    if (err instanceof QueueFullError) {
      const busy = new AppError('SERVER_BUSY', 'the server is busy; try again shortly', undefined, 1);
      return sendError(res, busy, shape);
    }
    const parserError = typeof err?.type === 'string' ? PARSER_ERRORS[err.type] : undefined;
    if (parserError) return sendError(res, parserError, shape);
    requestLog(res).error({ err }, 'request failed');
    sendError(res, new AppError('INTERNAL', 'internal error'), shape);
  };
}

export const errorHandler: ErrorRequestHandler = errorHandlerWith();

export const notFound: RequestHandler = (req, res) => {
  sendError(res, new AppError('NOT_FOUND', `no route for ${req.method} ${req.path}`));
};
