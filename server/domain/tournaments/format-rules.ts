/**
 * What a tournament format decides, as one entry of the table in `formats.ts`: who may enter and
 * when, how it starts, how its rounds (or waves) are paired, what a result sets off, and how its
 * standings are made. `tournament-rules.ts` keeps what every format shares (the checks of an entry,
 * the pause between rounds) and asks the format the rest, so adding a format is adding an entry.
 * Every function is pure, like the log: it takes the time and returns events.
 */
import type { KnockoutOptions } from '../../../schema/tournaments.ts';
import type { StandingRow } from './standings.ts';
import type { Board, GameResult, Tournament, TournamentEvent } from './tournament.ts';
import type { Decision } from './tournament-rules.ts';

/** A knockout bracket as a format plays it: its seeds (by seed order) and its options. */
export interface KnockoutStage {
  readonly seeds: readonly string[];
  readonly options: KnockoutOptions;
}

/** How a format whose boards are tables of several seats takes what their matches report. */
export interface TableRules {
  /** A table's result from its match's placings (match seat i is the i-th player seated). */
  result(t: Tournament, board: Board, results: ReadonlyArray<{ seat: number; placing: number }>): GameResult;
  /** A table's seating that some did not come to: seated again without them, or decided. */
  seatingFailed(t: Tournament, gameId: string, absent: readonly string[], at: number): TournamentEvent[];
  /** A table whose match never started, twice: everyone placed last. */
  unplayed(t: Tournament, board: Board): GameResult;
}

export interface FormatRules {
  /** How a sentence names one of its tournaments, article included: `a round robin`. */
  readonly called: string;
  /** Players may enter after the start (a swiss gives them zero-point byes for the rounds missed). */
  readonly lateEntries: boolean;
  /** Players may ask in advance for a half-point bye in a round not yet paired. */
  readonly halfPointByes: boolean;
  /** It starts with fewer than two players, who may still come; the others finish unplayed. */
  readonly startsShortHanded: boolean;
  /** Its rounds overlap (an arena's waves): any round not ended may be in play. */
  readonly overlappingRounds: boolean;
  /** An entry the format answers itself (an arena's returning player); null: the usual checks. */
  enter?(t: Tournament, userId: string, at: number): Decision | null;
  /** A withdrawal while it runs that the format answers itself (an arena's pause). */
  leaveRunning?(t: Tournament, userId: string, at: number): Decision;
  /** The rounds it will play, fixed at the start from the seeds (null: as many as its play needs). */
  totalRounds(t: Tournament, seeds: readonly string[]): number | null;
  /** Events logged right after `started`, on the started tournament (a draw of groups). */
  afterStart?(t: Tournament, at: number): TournamentEvent[];
  /** Round `round`'s pairing, or the finish when nothing is left to play (none: see `due`). */
  pairRound?(t: Tournament, round: number, at: number): TournamentEvent[];
  /**
   * What time asks of a format with a pace of its own (an arena's waves); without it, the next
   * round is paired once the last has ended and the pause between rounds is over.
   */
  due?(t: Tournament, now: number): TournamentEvent[];
  /** The events of the game `gameId`'s result: none for a game not its or already in. */
  resultEvents(t: Tournament, gameId: string, result: GameResult, at: number): TournamentEvent[];
  standings(t: Tournament): StandingRow[];
  /** The knockout bracket it plays, once known (undefined for a format without one). */
  knockoutStage?(t: Tournament): KnockoutStage | undefined;
  /**
   * Its boards are tables of several seats, each a match placing its players (golf); absent: two
   * seats, white and black, scored as a chess game.
   */
  readonly tables?: TableRules;
}
