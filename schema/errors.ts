/** The chess rules' refusals a player can see (`rooms/games/chess/result.ts` adds its internal ones). */
export const CHESS_RULE_ERROR_CODES = [
  'BAD_MOVE_FORMAT',
  'ILLEGAL_MOVE',
  'NOT_YOUR_TURN',
  'GAME_OVER',
  'GAME_NOT_STARTED',
  'DRAW_ALREADY_OFFERED',
  'NO_DRAW_OFFER',
  'DRAW_NOT_CLAIMABLE',
  'ABORT_NOT_ALLOWED',
] as const;

/**
 * The closed vocabulary of error codes, shared by the HTTP API, the rooms and the client SDK.
 * Every error a client can see carries exactly one of these codes:
 * `{ "error": { "code": "USERNAME_TAKEN", "message": "…" } }`.
 */
export const ERROR_CODES = [
  // request shape
  'MALFORMED_JSON',
  'VALIDATION_FAILED',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'NOT_FOUND',
  // accounts
  'USERNAME_TAKEN',
  'USERNAME_RESERVED',
  'EMAIL_TAKEN',
  'INVALID_CREDENTIALS',
  'ACCOUNT_BANNED',
  'ALREADY_REGISTERED',
  'USER_NOT_FOUND',
  // access tokens
  'UNAUTHENTICATED',
  'TOKEN_INVALID',
  'TOKEN_EXPIRED',
  'FORBIDDEN',
  // refresh tokens
  'REFRESH_TOKEN_INVALID',
  'REFRESH_TOKEN_EXPIRED',
  'REFRESH_TOKEN_REVOKED',
  'REFRESH_TOKEN_REUSED',
  ...CHESS_RULE_ERROR_CODES,
  // rooms and games
  'BAD_MESSAGE',
  'NOT_A_PLAYER',
  'SEAT_TAKEN',
  'CLAIM_NOT_ALLOWED',
  'REMATCH_NOT_AVAILABLE',
  'GAME_NOT_FOUND',
  'GAME_NOT_FINISHED',
  'SEAT_EXPIRED',
  // queues, parties, the lobby
  'UNKNOWN_QUEUE',
  'UNKNOWN_REGION',
  'ALREADY_QUEUED',
  'NOT_QUEUED',
  'RATED_NEEDS_ACCOUNT',
  'PARTY_NOT_FOUND',
  'PARTY_FULL',
  'PARTY_TOO_LARGE',
  'PARTY_NOT_READY',
  'NOT_PARTY_LEADER',
  'NOT_IN_PARTY',
  'SEEK_NOT_FOUND',
  'OWN_SEEK',
  'RATING_OUT_OF_RANGE',
  'USER_NOT_ONLINE',
  'CHALLENGE_NOT_FOUND',
  // capacity
  'RATE_LIMITED',
  'SERVER_BUSY',
  'NOT_READY',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The body of every error response of the HTTP API. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    /** Present on VALIDATION_FAILED: one entry per offending field. */
    details?: Array<{ path: string; message: string }>;
  };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
