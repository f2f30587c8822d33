import type { AccessTokens, GameRecords, RoomLog } from '../../server/services/ports.ts';
import type { ServerKey } from '../shared/server-key.ts';

/** How a chess room behaves; from the server's configuration. */
export interface ChessSettings {
  /** How long a player who left keeps the seat (the clock runs meanwhile). */
  graceMs: number;
  /** How long each side has for its first move before the game is aborted. */
  firstMoveMs: number;
  /** How long the bot thinks before it moves. */
  botDelayMs: number;
  /** The time control of a room created without one. */
  defaultTimeControl: string;
  /** Refused or malformed messages a client may send before it is disconnected. */
  maxBadMessages: number;
  /** Messages a client may send a second; more and it is disconnected. */
  maxMessagesPerSecond: number;
}

export const DEFAULT_CHESS_SETTINGS: ChessSettings = {
  graceMs: 60_000,
  firstMoveMs: 30_000,
  botDelayMs: 500,
  defaultTimeControl: '5+3',
  maxBadMessages: 20,
  maxMessagesPerSecond: 40,
};

/** What a chess room reports to the server's metrics. */
export interface ChessRoomMetrics {
  /** An event was accepted; its append to the log took `appendSeconds`. */
  eventRecorded(type: string, appendSeconds: number): void;
  gameEnded(termination: string): void;
}

/** What a chess room needs from the rest of the server, injected by the composition root. */
export interface ChessRoomDeps {
  tokens: AccessTokens;
  games: GameRecords;
  log: RoomLog;
  /** Server time, ms since the epoch. */
  now: () => number;
  /** Uniform in [0, 1): colours and the bot's choices. */
  random: () => number;
  settings: ChessSettings;
  metrics: ChessRoomMetrics;
  /**
   * Room options that only a server may give (restoring a game, reserving seats for named
   * players) are honoured only when they carry it.
   */
  serverKey: ServerKey;
}
