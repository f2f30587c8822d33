import { createAuthContext, ErrorCode, matchMaker } from '@colyseus/core';
import { isErrorCode, type ErrorCode as RookeryErrorCode } from '../../schema/errors.ts';
import { AppError } from '../services/errors.ts';
import type { Matchmaker, SeatRequest } from '../services/ports.ts';
import type { Logger } from './logger.ts';

/** What each of the matchmaker's own refusals means in the API's vocabulary. */
const MATCHMAKER_REFUSALS: Record<number, { code: RookeryErrorCode; message?: string }> = {
  [ErrorCode.MATCHMAKE_NO_HANDLER]: { code: 'NOT_FOUND' },
  [ErrorCode.MATCHMAKE_INVALID_CRITERIA]: { code: 'ROOM_NOT_FOUND' },
  [ErrorCode.MATCHMAKE_INVALID_ROOM_ID]: { code: 'ROOM_NOT_FOUND' },
  [ErrorCode.MATCHMAKE_EXPIRED]: { code: 'SEAT_EXPIRED' },
  [ErrorCode.AUTH_FAILED]: { code: 'UNAUTHENTICATED' },
  [ErrorCode.MATCHMAKE_UNHANDLED]: { code: 'INTERNAL', message: 'internal error' },
  [ErrorCode.APPLICATION_ERROR]: { code: 'INTERNAL', message: 'internal error' },
};

/**
 * A refusal of the matchmaker or of a room, as an `AppError`. A room refuses with a message that
 * starts with our code (`rooms/actor/join-error.ts`: "TOKEN_INVALID: …"); the matchmaker's own
 * refusals (520–526) are mapped by meaning; anything else is an internal error, whose text stays
 * in the log.
 */
export function seatRefusal(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  const ours = /^([A-Z_]+)(?:: ([\s\S]*))?$/.exec(text);
  if (ours && isErrorCode(ours[1])) return new AppError(ours[1], ours[2] ?? ours[1]);
  const known = typeof code === 'number' ? MATCHMAKER_REFUSALS[code] : undefined;
  if (known && known.code !== 'INTERNAL') return new AppError(known.code, text || known.code);
  return new AppError('INTERNAL', 'internal error');
}

/** The Colyseus matchmaker of this process, as the `/matchmake` routes use it. */
export function colyseusMatchmaker(log: Logger): Matchmaker {
  return {
    async reserve(request: SeatRequest) {
      if (matchMaker.state === matchMaker.MatchMakerState.SHUTTING_DOWN) {
        throw new AppError('NOT_READY', 'this node is shutting down; try another');
      }
      // Node's own headers, as Colyseus's Node transport passes them (a list only for Set-Cookie).
      const headers = request.headers as Record<string, string | undefined>;
      const auth = createAuthContext({ headers, remoteAddress: request.remoteAddress });
      try {
        return await matchMaker.controller.invokeMethod(
          request.method,
          request.target,
          request.options,
          auth,
        );
      } catch (err) {
        const refusal = seatRefusal(err);
        if (refusal.code === 'INTERNAL') log.error({ err, method: request.method }, 'matchmaking failed');
        throw refusal;
      }
    },
  };
}
