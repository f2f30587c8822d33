import { ServerError } from '@colyseus/core';
import type { ErrorCode } from '../../schema/errors.ts';
import { AppError } from '../../server/services/errors.ts';
import type { AccessClaims, AccessTokens } from '../../server/services/ports.ts';

/** Who is joining: a signed-in player (account or guest), or an anonymous spectator. */
export type RoomAuth = { kind: 'user'; claims: AccessClaims } | { kind: 'anonymous' };

/**
 * The error a client sees when it cannot join: the HTTP status of the matchmaking request and a
 * message that starts with the error code (`"TOKEN_EXPIRED: …"`), which the client SDK reads back.
 */
export function joinError(status: number, code: ErrorCode, message: string): ServerError {
  return new ServerError(status, `${code}: ${message}`);
}

/**
 * Checks the access token a client joins with (the same tokens as the HTTP API). Without a token
 * only a spectator may come in. Every failure is a `ServerError`: anything else would reach the
 * client as a misleading "seat reservation expired".
 */
export async function authenticate(
  tokens: AccessTokens,
  token: string | undefined,
  options: unknown,
): Promise<RoomAuth> {
  const spectating =
    typeof options === 'object' && options !== null && 'spectate' in options && options.spectate === true;
  if (!token) {
    if (spectating) return { kind: 'anonymous' };
    throw joinError(
      401,
      'UNAUTHENTICATED',
      'sign in (an access token) to play; spectators may watch without',
    );
  }
  try {
    return { kind: 'user', claims: await tokens.verify(token) };
  } catch (err) {
    if (err instanceof AppError) throw joinError(401, err.code, err.message);
    throw joinError(401, 'TOKEN_INVALID', 'the access token could not be verified');
  }
}
