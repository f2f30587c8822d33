import type { z } from 'zod';
import type { MatchEnding, MatchEvent, ReplayFrame, SeatResult } from '../../server/services/ports.ts';
import { accepted, type Checked, refused } from '../rules/refusal.ts';

/**
 * What a game is to the match actor: pure functions over the game's own immutable value. A module
 * never reads the clock or draws random numbers itself (time and a seed are passed in), so the
 * log replays exactly; it imports nothing of Colyseus, Express, the ORM or `node:*`.
 *
 * The actor owns everything every turn-based game needs (seats, grace, the log, deadlines, the
 * ending, rematch); a module owns the rules, what each viewer may see, its bot and its record.
 */

export type { Checked, Refusal } from '../rules/refusal.ts';
export { accepted, refused } from '../rules/refusal.ts';

/** Who looks at a game: a seat (0-based) or a spectator. */
export type Viewer = number | 'spectator';

/** A player's command as the room received it (already validated by the module's schema). */
export interface Command {
  type: string;
  payload: unknown;
}

/** The seats of a game with these options: how many, and the team of each (`teams[seat]`). */
export interface SeatPlan {
  teams: number[];
}

/** How the game ended: why, and each seat's score and placing (empty: no result, never rated). */
export interface GameEnding {
  termination: string;
  results: SeatResult[];
  endedAt: number;
  /** With no results: the seats that lost the game by not playing it (see `MatchEnding.forfeited`). */
  forfeited?: number[];
}

/** What a module may put in its record besides the game: names and ratings of the seats. */
export interface RecordContext {
  gameId: string;
  rated: boolean;
  pool: string;
  /** In seating order. */
  names: string[];
  /** Ratings before the game, in seating order (absent for a bot or an unrated player). */
  ratings: Array<number | undefined>;
}

export interface GameModule<Game = unknown, Options = unknown> {
  /** The registered name; also the room name clients join (`chess`). */
  readonly name: string;
  /** The version of the event format this module writes; older ones go through `upgrade`. */
  readonly eventVersion: number;
  /**
   * Whether seats see more than spectators: then each seat is sent its own `view` as a message,
   * and the synced state holds only what a spectator may see.
   */
  readonly hiddenInformation: boolean;

  /** The module's own join options (loose: other fields are the room's), checked at the edge. */
  readonly joinOptions: z.ZodType<Record<string, unknown>>;
  /** The game's options from checked join options, or from a record's `start.options`. */
  parseOptions(given: Record<string, unknown>): Checked<Options>;
  /** The options as JSON: what the record keeps and a rematch is created with. */
  optionsJson(options: Options): Record<string, unknown>;
  /** The join options that pair players on `joinOrCreate` (besides `rated`). */
  readonly pairBy: readonly string[];
  seats(options: Options): SeatPlan;
  /** The seat a joining player asks for, from their checked join options. */
  seatWish(given: Record<string, unknown>): number | undefined;
  /** The rating pool of games with these options (chess: the category, `blitz`). */
  pool(options: Options): string;
  /**
   * Optional, for a game played by a varying number of sides of one player each (golf): the
   * fewest and most seats a table may have, and the join options that make a table of `seats`.
   * Queues of tables (`minSeats`/`maxSeats`) and the lobby's seeks read it.
   */
  readonly table?: {
    readonly minSeats: number;
    readonly maxSeats: number;
    options(seats: number): Record<string, unknown>;
  };

  /** A game before its start (seats being taken). */
  create(options: Options): Game;
  /** The events the actor writes at moments of a match's life, in the module's shape. */
  readonly lifecycle: {
    /**
     * Every seat is taken: the first event of the log. `seed` is all the randomness the game will
     * ever use (a shuffle); a module that needs it keeps it in the event, so a replay deals alike.
     */
    start(at: number, seed: number): MatchEvent;
    /** The game could not be reached from `since` until `at` (its node died, or it moved). */
    resume(since: number, at: number): MatchEvent;
    /** Every player left and none came back within the grace period. */
    abandon(at: number): MatchEvent;
    /** `seat` claims the win: everyone else left and did not come back in time. */
    claim(seat: number, at: number): MatchEvent;
    /**
     * Staff end the game at `at`: without a result (`scores` null; termination `aborted_by_staff`,
     * no results) or with one score a seat, in seating order (termination `adjudicated`, the
     * placings from the scores: {@link placingsOf}). Applying it may refuse scores the game
     * cannot end with (chess: `[1, 0]`, `[0.5, 0.5]` or `[0, 1]` only).
     */
    staffEnd(at: number, scores: number[] | null): MatchEvent;
  };
  /** The messages players send and their payload schemas. */
  readonly commands: Readonly<Record<string, z.ZodType>>;
  /** What `seat` asks for at `at`, as events; a refusal changes nothing. */
  command(game: Game, seat: number, command: Command, at: number): Checked<MatchEvent[]>;
  /** Applies one event of the log; a refusal leaves the game as it was. */
  apply(game: Game, event: MatchEvent): Checked<Game>;
  /** An event stored in format version `v`, in the current one. */
  upgrade(event: MatchEvent, v: number): MatchEvent;
  /** Kept with an event in the log for reads that do not replay (chess: SAN and clocks). */
  derived?(game: Game, event: MatchEvent): Record<string, unknown> | undefined;

  status(game: Game): 'waiting' | 'playing' | 'ended';
  /** The event time has made due at `now` (a flag fall, a turn timer), if any. */
  due(game: Game, now: number): MatchEvent | null;
  /** The next moment time decides something; null when none. */
  nextDeadline(game: Game): number | null;
  /** The seats that may act now (the bot of one of them is asked to play). */
  toAct(game: Game): number[];
  /** What `viewer` may see of the game: nothing a viewer may not see is ever in it. */
  view(game: Game, viewer: Viewer): unknown;
  /** Null while the game goes on. */
  ending(game: Game): GameEnding | null;

  readonly bot: {
    readonly levels: readonly string[];
    readonly defaultLevel: string;
    /**
     * The bot's command, chosen from its own seat's view only. A bot that thinks elsewhere (an
     * engine off the event loop) answers with a promise; the room goes on meanwhile and plays the
     * answer only if the game has not changed since it asked.
     */
    choose(
      view: unknown,
      seat: number,
      level: string,
      random: () => number,
    ): Command | null | Promise<Command | null>;
  };
  /**
   * Optional: what a spectator saw after `event` took `before` to `after`, as the frames of a
   * replay; each frame's `move` says what was done without a secret of the event (a seed). Without
   * it a replay shows the spectator's view after each event, with the event's type.
   */
  replayFrames?(before: Game, after: Game, event: MatchEvent): Array<Pick<ReplayFrame, 'move' | 'view'>>;
  /** The game's record (chess: PGN, result, final position; any game: a JSON `export`). */
  record(game: Game, context: RecordContext): MatchEnding['record'];
  /**
   * Optional: the game's state as JSON, and back, so a restore need not replay from the start.
   * The room keeps one every `every` events.
   */
  readonly snapshot?: {
    readonly v: number;
    readonly every: number;
    save(game: Game): unknown;
    load(options: Options, state: unknown, v: number): Game;
  };
}

/** The terminations of a game staff end (`lifecycle.staffEnd`), the same in every game. */
export const STAFF_TERMINATIONS = { abort: 'aborted_by_staff', adjudicate: 'adjudicated' } as const;

/** Placings from scores: the highest score places 1; equal scores share a placing. */
export function placingsOf(scores: readonly number[]): SeatResult[] {
  return scores.map((score, seat) => ({
    seat,
    score,
    placing: 1 + scores.filter((other) => other > score).length,
  }));
}

/** Staff's scores for a game of `seatCount` seats, if they are one a seat, each finite and at least 0. */
export function checkedScores(scores: unknown, seatCount: number): Checked<number[]> {
  const fit =
    Array.isArray(scores) &&
    scores.length === seatCount &&
    scores.every((s) => typeof s === 'number' && Number.isFinite(s) && s >= 0);
  return fit
    ? accepted(scores as number[])
    : refused('VALIDATION_FAILED', `give one score (a number ≥ 0) for each of the ${seatCount} seats`);
}

/**
 * How a game whose results are staff's scores as given ends on `lifecycle.staffEnd`: without a
 * result (`scores` null), or with the placings of one score a seat ({@link checkedScores}).
 */
export function staffEnding(
  scores: unknown,
  seatCount: number,
): Checked<Pick<GameEnding, 'termination' | 'results'>> {
  if (scores === null) return accepted({ termination: STAFF_TERMINATIONS.abort, results: [] });
  const checked = checkedScores(scores, seatCount);
  if (!checked.ok) return checked;
  return accepted({ termination: STAFF_TERMINATIONS.adjudicate, results: placingsOf(checked.value) });
}

/** A module of any game, as the registry and the actor hold it. */
// biome-ignore lint/suspicious/noExplicitAny: the actor treats each game's value and options as opaque
export type AnyGameModule = GameModule<any, any>;
