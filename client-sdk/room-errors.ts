import { type ErrorCode, isErrorCode } from '../schema/errors.ts';
import { RookeryError } from './errors.ts';

/** Reads the error of a failed join: the server's message starts with the error code. */
export function toJoinError(err: unknown): RookeryError {
  if (err instanceof RookeryError) return err;
  const e = err as { message?: string; code?: number };
  const text = typeof e?.message === 'string' ? e.message : String(err);
  const status = typeof e?.code === 'number' ? e.code : 0;
  const match = /^([A-Z_]+): (.*)$/s.exec(text);
  if (match && isErrorCode(match[1])) return new RookeryError(match[1], match[2]!, status);
  return new RookeryError(status === 0 ? 'NETWORK' : 'INTERNAL', text, status);
}

/** A refusal from a room, as the room sends it (`error` message, or a rejected request). */
interface Refusal {
  code: ErrorCode;
  message: string;
  request?: string;
}

/** Reads the error of a refused room request (`room.request`). */
export function toRequestError(err: unknown): RookeryError {
  const reason = (err as { reason?: Partial<Refusal> })?.reason;
  if (reason && isErrorCode(reason.code))
    return new RookeryError(reason.code, reason.message ?? reason.code, 0);
  return new RookeryError('NETWORK', err instanceof Error ? err.message : String(err), 0);
}

/** Turns the matchmaker's "no such room" (`ROOM_NOT_FOUND`) into `code`; other errors pass through. */
export function whenNoRoom(code: ErrorCode, message: string) {
  return (err: unknown): never => {
    if (err instanceof RookeryError && err.code === 'ROOM_NOT_FOUND')
      throw new RookeryError(code, message, 404);
    throw err;
  };
}
