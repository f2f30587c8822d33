import { LOBBY_GAMES_SHOWN, LOBBY_ONLINE_PAGE, LOBBY_ONLINE_SHOWN } from '../../schema/lobby.ts';
import type { MatchRecords } from '../../server/services/ports.ts';
import type { ActorDeps } from '../actor/deps.ts';
import type { LiveGames, MatchFactory } from '../shared/matches.ts';
import type { GameCatalog } from './game-terms.ts';
import type { RosterLimits } from './roster.ts';

/** How the lobby behaves; defaults below, overridable by the composition root. */
export interface LobbySettings {
  /** How long both players of an accepted seek or challenge have to take their seats. */
  seatDeadlineMs: number;
  /** The longest chat line, in characters (after trimming). */
  chatMaxLength: number;
  /** Chat lines a user may say per `chatWindowMs`. */
  chatLines: number;
  chatWindowMs: number;
  /** Chat lines the state keeps (older ones drop off). */
  chatHistory: number;
  /** Open seeks one user may have at a time. */
  maxSeeksPerUser: number;
  /** Pending challenges one user may have sent at a time. */
  maxChallengesPerUser: number;
  /** How long a challenge waits for an answer. */
  challengeTtlMs: number;
  /** How long an answered or lapsed challenge can still be looked up. */
  challengeRetentionMs: number;
  /** Refused or malformed messages a connection may send per `badMessageWindowMs`. */
  maxBadMessages: number;
  badMessageWindowMs: number;
  /** Messages a connection may send a second; more and it is disconnected. */
  maxMessagesPerSecond: number;
  /** Users online the synced state lists at most; users an `online:page` reply holds at most. */
  onlineShown: number;
  onlinePage: number;
  /**
   * While the list is full: how often the count of users online may be synced, and about how many
   * connections may be sent it in each such period (a fuller lobby syncs it less often).
   */
  onlineCountEveryMs: number;
  onlineCountPerTick: number;
  /** Places of the full list, freed by departures, filled each `onlineCountEveryMs` at most. */
  onlineRefillPerTick: number;
  /** Live games the synced state lists at most (the most recently started). */
  gamesShown: number;
  /** Games the list takes in at most each time it is brought up to date (about 310 bytes each). */
  gamesRefillPerTick: number;
  /** Users coming in whose standing (`standingsOf`) one read takes at most. */
  standingsPerRead: number;
  /** Connections a patch is written to in one turn of the event loop (`pacePatches`). */
  patchClientsPerTurn: number;
}

export const DEFAULT_LOBBY_SETTINGS: LobbySettings = {
  seatDeadlineMs: 30_000,
  chatMaxLength: 280,
  chatLines: 5,
  chatWindowMs: 10_000,
  chatHistory: 50,
  maxSeeksPerUser: 3,
  maxChallengesPerUser: 5,
  challengeTtlMs: 60_000,
  challengeRetentionMs: 10 * 60_000,
  maxBadMessages: 20,
  badMessageWindowMs: 60_000,
  maxMessagesPerSecond: 20,
  onlineShown: LOBBY_ONLINE_SHOWN,
  onlinePage: LOBBY_ONLINE_PAGE,
  onlineCountEveryMs: 1000,
  onlineCountPerTick: 1000,
  onlineRefillPerTick: 5,
  gamesShown: LOBBY_GAMES_SHOWN,
  gamesRefillPerTick: 10,
  standingsPerRead: 500,
  patchClientsPerTurn: 250,
};

/** The roster's limits, from the lobby's settings. */
export function rosterLimits(settings: LobbySettings): RosterLimits {
  const { onlineShown: shown, onlinePage: page, onlineCountPerTick: countPerTick } = settings;
  const { gamesShown, gamesRefillPerTick, onlineRefillPerTick: refillPerTick } = settings;
  return { shown, page, countPerTick, refillPerTick, gamesShown, gamesRefillPerTick };
}

/** What the lobby needs from the rest of the server, injected by the composition root. */
export interface LobbyRoomDeps extends ActorDeps {
  /** Ratings, for the seeks' ranges and what the lobby shows next to names. */
  games: Pick<MatchRecords, 'ratingOf'>;
  /** Creates the match of an accepted seek or challenge. */
  matches: MatchFactory;
  /** The games seeks and challenges may name, whose modules check their terms. */
  catalog: GameCatalog;
  /** The games already running when the lobby starts. */
  liveGames: LiveGames;
  /** Uniform in [0, 1): colours. */
  random: () => number;
  settings: LobbySettings;
  /**
   * What the lobby must know of each of `userIds` before letting them in, in one read for all of
   * them (users who join together are read together; at most a few hundred at once). Every id
   * asked has an answer: a user the record does not hold has no blockers and no mute.
   */
  standingsOf(userIds: readonly string[]): Promise<ReadonlyMap<string, LobbyStanding>>;
}

/** A user's standing in the lobby, as the record holds it. */
export interface LobbyStanding {
  /** The users who block them: the lobby sends them none of those users' entries. */
  blockers: string[];
  /** Until when staff muted them in chats (ms since the epoch; a time past means not muted). */
  mutedUntil: number | null;
}
