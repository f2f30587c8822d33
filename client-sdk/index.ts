export type { AccountExport, AuthResponse, ExportedSeat, SessionDto, UserDto } from '../schema/accounts.ts';
export {
  type ChessMove,
  ChessPlayerState,
  ChessState,
  moveEntry,
  movesOf,
  parseMoveEntry,
} from '../schema/chess.state.ts';
export * from '../schema/chess.ts';
export { ERROR_CODES, type ErrorCode } from '../schema/errors.ts';
export type * from '../schema/games.ts';
export * from '../schema/golf.ts';
export {
  PartyMemberResultState,
  PartyMemberState,
  PartyQueueState,
  PartyResultState,
  PartyState,
} from '../schema/party.state.ts';
export * from '../schema/party.ts';
export { QueueState } from '../schema/queue.state.ts';
export * from '../schema/queues.ts';
export { ROLES, type Role } from '../schema/roles.ts';
export type * from '../schema/social.ts';
export { NOTIFICATION_MESSAGE, NOTIFICATION_TYPES } from '../schema/social.ts';
export {
  TournamentBoardState,
  TournamentMatchState,
  TournamentStandingState,
  TournamentState,
} from '../schema/tournament.state.ts';
export * from '../schema/tournaments.ts';
export { AccountClient } from './account.ts';
export { ChessGameClient, ChessRooms, type PlayOptions } from './chess.ts';
export { RookeryError } from './errors.ts';
export { GolfRooms, GolfTable, type GolfTableOptions } from './golf.ts';
export * from './lobby.ts';
export {
  Matchmaking,
  type MatchRooms,
  PartyClient,
  type PartyMessage,
  type QueueGameName,
  type QueueGames,
  type QueueMessage,
  type QueuePlayOptions,
  QueueTicket,
} from './matchmaking.ts';
export {
  memorySessionStore,
  RookeryClient,
  type RookeryClientOptions,
  type Session,
  type SessionStore,
  type StringStorage,
  webStorageSessionStore,
} from './rest.ts';
export { type AutoRejoinOptions, Rookery, type RookeryOptions } from './rookery.ts';
export { toJoinError } from './room-errors.ts';
export { SocialClient } from './social.ts';
export type { StaffNotice } from './staff-notice.ts';
export { type NewTournamentInput, TournamentClient, Tournaments } from './tournaments.ts';
