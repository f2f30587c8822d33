import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../services/errors.ts';

const tooLarge = (limit: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `the request body is larger than ${limit} bytes`);

/**
 * Refuses a body over `limit` bytes before reading it: a declared `Content-Length` over the limit
 * is refused at once, and a body sent without one (chunked) stops being read at the first byte
 * past the limit. The answer closes the connection, so the rest of the body is never taken in:
 * a client that declares 30 MB and sends them slowly costs the server `limit` bytes at most.
 *
 * A body within the limit must be JSON (`Content-Type: application/json`) and a JSON object; it
 * is put on `req.body` (an empty body is `{}`).
 */
export function boundedJsonObject(limit: number): RequestHandler {
  return async (req, res, next) => {
    const declared = req.get('content-length');
    const chunked = req.get('transfer-encoding') !== undefined;
    if (declared !== undefined && !/^\d+$/.test(declared))
      refuse(res, new AppError('VALIDATION_FAILED', 'bad Content-Length'));
    if (declared !== undefined && Number(declared) > limit) refuse(res, tooLarge(limit));
    if (!chunked && Number(declared ?? 0) === 0) {
      req.body = {};
      return next();
    }
    if (!req.is('application/json')) {
      refuse(
        res,
        new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the body as JSON (Content-Type: application/json)'),
      );
    }
    const text = (await readAtMost(req, res, limit)).toString('utf8');
    let parsed: unknown;
    try {
      parsed = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      throw new AppError('MALFORMED_JSON', 'the request body is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new AppError('VALIDATION_FAILED', 'the request body must be a JSON object');
    }
    req.body = parsed;
    next();
  };
}

/**
 * Throws `err` for an answer after which the connection closes: whatever of the body is still
 * on its way is not read.
 */
function refuse(res: Response, err: AppError): never {
  res.setHeader('Connection', 'close');
  throw err;
}

/** The body, as long as it stays within `limit` bytes; past that, reading stops at once. */
function readAtMost(req: Request, res: Response, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stop();
        req.pause();
        res.setHeader('Connection', 'close');
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = () => {
      stop();
      reject(new AppError('VALIDATION_FAILED', 'the request body was not received whole'));
    };
    const onClose = () => {
      if (!req.complete) onError();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
