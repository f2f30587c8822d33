export type { AuthResponse, UserDto } from '../schema/accounts.ts';
export { ChessMoveState, ChessPlayerState, ChessState } from '../schema/chess.state.ts';
export * from '../schema/chess.ts';
export { ERROR_CODES, type ErrorCode } from '../schema/errors.ts';
export { ROLES, type Role } from '../schema/roles.ts';
export { ChessGameClient, ChessRooms, type PlayOptions, toJoinError } from './chess.ts';
export { RookeryError } from './errors.ts';
export * from './lobby.ts';
export {
  memorySessionStore,
  RookeryClient,
  type RookeryClientOptions,
  type Session,
  type SessionStore,
} from './rest.ts';
