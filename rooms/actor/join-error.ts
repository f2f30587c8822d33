import { ServerError } from '@colyseus/core';
import { ERROR_STATUS, type ErrorCode } from '../../schema/errors.ts';

/**
 * The error a client sees when it cannot join: the status of the matchmaking request is the
 * code's HTTP status (`ERROR_STATUS`, the table the HTTP API answers with), and the message starts
 * with the code (`"PARTY_FULL: …"`), which the client SDK reads back.
 */
export function joinError(code: ErrorCode, message: string): ServerError {
  return new ServerError(ERROR_STATUS[code], `${code}: ${message}`);
}
