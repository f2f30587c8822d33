import { ArraySchema, Schema, type } from '@colyseus/schema';

/** One row of the standings. */
export class TournamentStandingState extends Schema {
  @type('number') rank = 0;
  @type('string') userId = '';
  @type('string') name = '';
  @type('number') rating = 0;
  @type('number') score = 0;
  /** The tie-break values, in the tournament's order (`TournamentState.tieBreaks`). */
  @type(['number']) tieBreaks = new ArraySchema<number>();
  @type('boolean') withdrawn = false;
  /** Withdrawn by staff, for good. */
  @type('boolean') disqualified = false;
  /** Arena: `free`, `playing` or `paused` ('' in the other formats). */
  @type('string') status = '';
  /** Arena: paused (not paired until they join again), also while the game they paused in is played. */
  @type('boolean') paused = false;
  /** Arena: wins in a row up to now. */
  @type('number') streak = 0;
  /** Arena: on fire, the next game counts double. */
  @type('boolean') fire = false;
}

/** A board of the current round. */
export class TournamentBoardState extends Schema {
  @type('string') white = '';
  @type('string') black = '';
  /** The match room, once made ('' before). */
  @type('string') gameId = '';
  /** '' while playing; else `1-0`, `0-1`, `½-½`, or with a `F` for a forfeit (`1F-0F`). */
  @type('string') result = '';
  /** A knockout's game: its match (`W1-2`), '' in the other formats. */
  @type('string') match = '';
  /**
   * A table (format `tables`): its players in seat order (`white` and `black` are its first two);
   * empty in the other formats. Its `result` is each seat's place in seat order (`2-1-3`).
   */
  @type(['string']) seats = new ArraySchema<string>();
}

/** A match of a knockout's bracket, in the bracket's order. */
export class TournamentMatchState extends Schema {
  /** `W1-3` (winners' or single bracket, round 1, match 3), `L2-1`, `3RD`, `GF`, `GF2`. */
  @type('string') id = '';
  /** `main`, `losers`, `third`, `final`, `reset`. */
  @type('string') part = '';
  @type('number') round = 0;
  /** The players (user ids): '' for a bye, or while not known yet. */
  @type('string') a = '';
  @type('string') b = '';
  @type('number') scoreA = 0;
  @type('number') scoreB = 0;
  /** `waiting`, `playing`, `decided`, `walkover`, `void`. */
  @type('string') status = '';
  /** Who goes on ('' until decided). */
  @type('string') winner = '';
  /** The match's game being played, or the next to be made (0 when none). */
  @type('number') game = 0;
}

/** The synced state of a `tournament` room (its id is the tournament's). */
export class TournamentState extends Schema {
  @type('string') tournamentId = '';
  @type('string') name = '';
  @type('string') format = '';
  @type('string') game = '';
  /** `upcoming`, `running`, `finished`. */
  @type('string') status = '';
  /** Staff paused it: no new round, no new game until resumed. */
  @type('boolean') paused = false;
  /** Staff ended it early: it finishes once the round being played is over. */
  @type('boolean') endedEarly = false;
  /** ms since the epoch; 0 while a tournament started by hand waits for its start. */
  @type('number') startsAt = 0;
  @type('number') round = 0;
  /** 0 while unknown (a round robin before its start). */
  @type('number') totalRounds = 0;
  @type('number') players = 0;
  @type(['string']) tieBreaks = new ArraySchema<string>();
  @type([TournamentStandingState]) standings = new ArraySchema<TournamentStandingState>();
  @type([TournamentBoardState]) boards = new ArraySchema<TournamentBoardState>();
  /** A knockout's bracket once it started (empty in the other formats). */
  @type([TournamentMatchState]) matches = new ArraySchema<TournamentMatchState>();
  /**
   * Arena: when games stop being started (ms since the epoch; 0 in the other formats, and in an
   * arena started by hand until it starts).
   */
  @type('number') endsAt = 0;
  /** Arena: whole seconds until `endsAt`, counted down while it runs (0 after). */
  @type('number') secondsLeft = 0;
}
