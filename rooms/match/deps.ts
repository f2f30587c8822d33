import type { AccessTokens, LogTrail, MatchRecords, RoomLog, Tracing } from '../../server/services/ports.ts';
import type { LiveGameAnnouncer } from '../shared/live-announcements.ts';
import type { ServerKey } from '../shared/server-key.ts';

/** How a match room behaves, whatever its game; from the server's configuration. */
export interface MatchSettings {
  /** How long a player who left keeps the seat (their clock, if any, runs meanwhile). */
  graceMs: number;
  /** How long a bot thinks before it acts. */
  botDelayMs: number;
  /** Refused or malformed messages a client may send before it is disconnected. */
  maxBadMessages: number;
  /** Messages a client may send a second; more and it is disconnected. */
  maxMessagesPerSecond: number;
}

export const DEFAULT_MATCH_SETTINGS: MatchSettings = {
  graceMs: 60_000,
  botDelayMs: 500,
  maxBadMessages: 20,
  maxMessagesPerSecond: 40,
};

/** What a match room reports to the server's metrics. */
export interface MatchRoomMetrics {
  /**
   * An event was accepted; its append to the log took `appendSeconds`, and the whole commit (rule,
   * append, projection, broadcast) `commitSeconds`.
   */
  eventRecorded(type: string, appendSeconds: number, commitSeconds: number): void;
  gameEnded(termination: string): void;
}

/** What a match room needs from the rest of the server, injected by the composition root. */
export interface MatchRoomDeps {
  tokens: AccessTokens;
  records: MatchRecords;
  log: RoomLog;
  /** Server time, ms since the epoch. */
  now: () => number;
  /** Uniform in [0, 1): seats, seeds and the bots' choices. */
  random: () => number;
  settings: MatchSettings;
  metrics: MatchRoomMetrics;
  /**
   * Room options that only a server may give (restoring a game, holding seats for named
   * players) are honoured only when they carry it.
   */
  serverKey: ServerKey;
  /** The room's, game's and player's ids onto every log line of its work. */
  trail?: LogTrail;
  /** Spans of each commit (rule → append → broadcast); none when tracing is off. */
  tracing?: Tracing;
  /** Tells the cluster's lobbies and parties of the games that start and end (gathered a moment). */
  announcer: LiveGameAnnouncer;
}
