import type { Schema } from '@colyseus/schema';
import type { LiveGameSummary } from '../shared/matches.ts';

/** One seat as the synced state shows it. */
export interface ShownSeat {
  /** Empty for a bot or a free seat. */
  userId: string;
  name: string;
  /** The bot's level; empty for a person. */
  bot: string;
  connected: boolean;
  /** Server time since which the player is gone; 0 while connected. */
  goneSince: number;
  /** The rating before the game (0 when unknown or unrated). */
  rating: number;
  provisional: boolean;
}

/** What the synced state says of the match besides the game. */
export interface MatchFacts<Options = unknown> {
  gameId: string;
  options: Options;
  pool: string;
  rated: boolean;
  graceMs: number;
}

/**
 * How a game's matches look on the wire: the `@colyseus/schema` state its room syncs and how the
 * actor writes into it. `project` receives only what a spectator may see (`view(game,
 * 'spectator')`), so nothing a seat must not see can be in the state every client receives.
 * A game without a schema of its own uses `jsonStateBinding` (rooms/match/json-state.ts).
 */
export interface StateBinding<S extends Schema = Schema> {
  create(): S;
  describe(state: S, facts: MatchFacts): void;
  /** The spectator's view of the game at server time `at`. */
  project(state: S, view: unknown, at: number): void;
  showSeat(state: S, seat: number, shown: ShownSeat): void;
  hideSeat(state: S, seat: number): void;
  showSpectators(state: S, count: number): void;
  /**
   * Staff stopped the clocks at `pausedAt` (server time), or restarted them (0). While paused the
   * state's clocks show the time left at the pause and none runs; the game's `resume` event,
   * projected before this is called with 0, sets them running again.
   */
  showPause(state: S, pausedAt: number): void;
  /** The seat that offered a rematch after the end; null when none. */
  showRematchOffer(state: S, seat: number | null): void;
  showRatingDiff(state: S, seat: number, diff: number): void;
  /** The message a seat is sent when its rematch is created (it joins `roomId`, in `seat`). */
  rematchMessage(roomId: string, seat: number): Record<string, unknown>;
  /** The game as the lobby lists it; absent: the game's matches are not listed. */
  liveSummary?(state: S, startedAt: number): LiveGameSummary;
}
