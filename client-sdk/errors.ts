import { type ErrorBody, type ErrorCode, isErrorCode } from '../schema/errors.ts';

/** A failure the server answered with, or the network failing to reach it (`NETWORK`). */
export class RookeryError extends Error {
  override name = 'RookeryError';
  constructor(
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly status: number,
    readonly details?: ErrorBody['error']['details'],
    /** Seconds to wait, on RATE_LIMITED and SERVER_BUSY. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** Reads an error response; anything that is not of the documented shape becomes INTERNAL. */
export async function toRookeryError(res: Response): Promise<RookeryError> {
  const retry = res.headers.get('retry-after');
  const retryAfter = retry !== null && /^\d+$/.test(retry) ? Number(retry) : undefined;
  try {
    const body = (await res.json()) as Partial<ErrorBody>;
    const error = body.error;
    if (error && isErrorCode(error.code)) {
      return new RookeryError(error.code, error.message, res.status, error.details, retryAfter);
    }
  } catch {
    // not JSON: fall through
  }
  return new RookeryError('INTERNAL', `unexpected answer ${res.status}`, res.status, undefined, retryAfter);
}
