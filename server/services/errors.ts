import type { ErrorCode } from '../../schema/errors.ts';

/**
 * An expected failure of a use case, named by a code from the shared vocabulary. Only the HTTP
 * layer knows which status each code answers with; rooms turn it into an `error` message.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Array<{ path: string; message: string }>,
    /** For RATE_LIMITED and SERVER_BUSY: when the client may try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** An event number of a game's log is already taken: another writer extended the game first. */
export class SeqConflictError extends Error {
  constructor(
    readonly gameId: string,
    readonly seq: number,
  ) {
    super(`event ${seq} of game ${gameId} is already recorded`);
    this.name = 'SeqConflictError';
  }
}
