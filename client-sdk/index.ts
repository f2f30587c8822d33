export type { AuthResponse, UserDto } from '../schema/accounts.ts';
export { ERROR_CODES, type ErrorCode } from '../schema/errors.ts';
export { ROLES, type Role } from '../schema/roles.ts';
export { RookeryError } from './errors.ts';
export {
  memorySessionStore,
  RookeryClient,
  type RookeryClientOptions,
  type Session,
  type SessionStore,
} from './rest.ts';
