import { AppError } from '../../server/services/errors.ts';
import type { AccessClaims, AccessTokens } from '../../server/services/ports.ts';
import { joinError } from './join-error.ts';

/** Who is joining: a signed-in player (account or guest), or an anonymous spectator. */
export type RoomAuth = { kind: 'user'; claims: AccessClaims } | { kind: 'anonymous' };

/** Who may come into a room: signed-in players only, or anonymous spectators too. */
export type Admission = 'users' | 'users-and-spectators';

/**
 * Checks the access token a client joins with (the same tokens as the HTTP API). Without a
 * token only a spectator (`{ spectate: true }`, where the room admits them) comes in. Every
 * failure is a `ServerError`: anything else would reach the client as a misleading "seat
 * reservation expired".
 */
export async function authenticate(
  tokens: AccessTokens,
  token: string | undefined,
  options: unknown,
  admission: Admission,
): Promise<RoomAuth> {
  if (!token) {
    if (admission === 'users') throw joinError('UNAUTHENTICATED', 'sign in (an access token) to come in');
    if (spectates(options)) return { kind: 'anonymous' };
    throw joinError('UNAUTHENTICATED', 'sign in (an access token) to play; spectators may watch without');
  }
  let claims: AccessClaims;
  try {
    claims = await tokens.verify(token);
  } catch (err) {
    if (err instanceof AppError) throw joinError(err.code, err.message);
    throw joinError('TOKEN_INVALID', 'the access token could not be verified');
  }
  if (claims.passwordChange) throw joinError('PASSWORD_CHANGE_REQUIRED', 'set a new password first');
  return { kind: 'user', claims };
}

function spectates(options: unknown): boolean {
  return (
    typeof options === 'object' && options !== null && 'spectate' in options && options.spectate === true
  );
}

/** The signed-in player of a join (in a room that admits `users` only, every join has one). */
export function signedIn(auth: RoomAuth | undefined): AccessClaims {
  if (auth?.kind !== 'user') throw joinError('UNAUTHENTICATED', 'sign in (an access token) to come in');
  return auth.claims;
}
