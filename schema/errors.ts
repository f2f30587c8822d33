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
  // mail tokens and the account's life
  'MAIL_TOKEN_INVALID',
  'MAIL_TOKEN_EXPIRED',
  'EMAIL_NOT_SET',
  'EMAIL_ALREADY_VERIFIED',
  'SESSION_NOT_FOUND',
  'SESSION_ENDED',
  'ACCOUNT_IN_GAME',
  'ALREADY_FRIENDS',
  'FRIEND_REQUEST_NOT_FOUND',
  'FRIEND_NOT_FOUND',
  'BLOCK_NOT_FOUND',
  'BLOCKED',
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

/**
 * The HTTP status of each error code: the only place that knows it. The HTTP API answers with it,
 * and a room refusing a join gives it as the status of the matchmaking request.
 */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  MALFORMED_JSON: 400,
  VALIDATION_FAILED: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  USERNAME_TAKEN: 409,
  USERNAME_RESERVED: 409,
  EMAIL_TAKEN: 409,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_BANNED: 403,
  ALREADY_REGISTERED: 409,
  USER_NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  FORBIDDEN: 403,
  REFRESH_TOKEN_INVALID: 401,
  REFRESH_TOKEN_EXPIRED: 401,
  REFRESH_TOKEN_REVOKED: 401,
  REFRESH_TOKEN_REUSED: 401,
  MAIL_TOKEN_INVALID: 400,
  MAIL_TOKEN_EXPIRED: 400,
  EMAIL_NOT_SET: 409,
  EMAIL_ALREADY_VERIFIED: 409,
  SESSION_NOT_FOUND: 404,
  SESSION_ENDED: 401,
  ACCOUNT_IN_GAME: 409,
  ALREADY_FRIENDS: 409,
  FRIEND_REQUEST_NOT_FOUND: 404,
  FRIEND_NOT_FOUND: 404,
  BLOCK_NOT_FOUND: 404,
  BLOCKED: 403,
  BAD_MOVE_FORMAT: 400,
  ILLEGAL_MOVE: 409,
  NOT_YOUR_TURN: 409,
  GAME_OVER: 409,
  GAME_NOT_STARTED: 409,
  DRAW_ALREADY_OFFERED: 409,
  NO_DRAW_OFFER: 409,
  DRAW_NOT_CLAIMABLE: 409,
  ABORT_NOT_ALLOWED: 409,
  BAD_MESSAGE: 400,
  NOT_A_PLAYER: 403,
  SEAT_TAKEN: 409,
  CLAIM_NOT_ALLOWED: 409,
  REMATCH_NOT_AVAILABLE: 409,
  GAME_NOT_FOUND: 404,
  GAME_NOT_FINISHED: 409,
  SEAT_EXPIRED: 410,
  UNKNOWN_QUEUE: 404,
  UNKNOWN_REGION: 400,
  ALREADY_QUEUED: 409,
  NOT_QUEUED: 409,
  RATED_NEEDS_ACCOUNT: 403,
  PARTY_NOT_FOUND: 404,
  PARTY_FULL: 409,
  PARTY_TOO_LARGE: 409,
  PARTY_NOT_READY: 409,
  NOT_PARTY_LEADER: 403,
  NOT_IN_PARTY: 403,
  SEEK_NOT_FOUND: 404,
  OWN_SEEK: 409,
  RATING_OUT_OF_RANGE: 409,
  USER_NOT_ONLINE: 409,
  CHALLENGE_NOT_FOUND: 404,
  RATE_LIMITED: 429,
  SERVER_BUSY: 503,
  NOT_READY: 503,
  INTERNAL: 500,
};

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
