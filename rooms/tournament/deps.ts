import type { TournamentRecords } from '../../server/services/ports.ts';
import type { ActorDeps } from '../actor/deps.ts';
import type { MatchFactory } from '../shared/matches.ts';

export interface TournamentSettings {
  /** How often the actor looks at its schedule (start, next round, seating lost). */
  tickMs: number;
  /** After a game's seating deadline, how long before a seating that never reported is set again. */
  seatingMarginMs: number;
}

export const DEFAULT_TOURNAMENT_SETTINGS: TournamentSettings = { tickMs: 1_000, seatingMarginMs: 5_000 };

/** What a tournament room needs from the rest of the server, injected by the composition root. */
export interface TournamentRoomDeps extends ActorDeps {
  /** The tournament's log: the room appends, any node rebuilds from it. */
  records: TournamentRecords;
  /** Makes each game a match with held seats, and takes its result once. */
  matches: MatchFactory;
  /**
   * A player's rating in the pool of the tournament's game and options (a new player's default),
   * and whether it is still provisional.
   */
  ratingOf(
    userId: string,
    game: string,
    options: Record<string, unknown>,
  ): Promise<{ rating: number; provisional: boolean }>;
  /** Where the match `gameId` is (`none`: not started, being seated or cancelled). */
  gameStatus(gameId: string): Promise<'none' | 'playing' | 'ended'>;
  /** The options that make a match of `game` a table of `seats` (format `tables`). */
  tableOptions(game: string, seats: number): Record<string, unknown>;
  settings: TournamentSettings;
}

export { tournamentChannel } from '../../server/domain/tournaments/results-channel.ts';
