import type { Database } from '../db/database.ts';
import type { AppendOutcome, EndingFacts, NewGameEvent } from '../db/repositories/game.repository.ts';
import { GLICKO2_DEFAULTS, type Glicko2Params } from '../domain/rating.glicko2.ts';
import { GroupCommit, type GroupCommitOptions } from '../platform/group-commit.ts';
import { AppError, SeqConflictError } from './errors.ts';
import { ratable, rateEndedMatch, ratingView } from './game-ratings.ts';
import type { BoardRecorder } from './leaderboard-writes.ts';
import { sameMatchStart, toFinishedMatch, toLoggedEvent, toMatchStart, toPlayerRows } from './match.dto.ts';
import type {
  FinishedMatch,
  MatchEnding,
  MatchEvent,
  MatchRecords,
  MatchStart,
  PendingReport,
  RatingChange,
  RatingView,
  SeatResult,
  StoredMatch,
} from './ports.ts';

/** Whether the results are one a seat for exactly these seats. */
function resultsFitSeats(results: readonly SeatResult[], players: ReadonlyArray<{ seat: number }>): boolean {
  const seats = new Set(results.map((r) => r.seat));
  return seats.size === players.length && players.every((p) => seats.has(p.seat));
}

/** The seats lost by forfeit: only a match ended without a result has any. */
function forfeitedBy(ending: MatchEnding): readonly number[] {
  return ending.results.length === 0 ? (ending.forfeited ?? []) : [];
}

/** What a seat did besides its result (an arena's games): its moves and berserk, if told. */
function seatPlay(result: SeatResult): { moves: number; berserk: boolean } | null {
  const { moves, berserk } = result;
  return moves === undefined && berserk === undefined ? null : { moves: moves ?? 0, berserk: !!berserk };
}

/** The finish as answered: the results in seat order, each with its rating change if any. */
function finishedAnswer(ending: MatchEnding, changes: ReadonlyMap<number, RatingChange>): FinishedMatch {
  const forfeited = [...forfeitedBy(ending)].sort((a, b) => a - b);
  return {
    termination: ending.termination,
    results: [...ending.results]
      .sort((a, b) => a.seat - b.seat)
      .map((r) => ({ ...r, ...(changes.has(r.seat) ? { rating: changes.get(r.seat)! } : {}) })),
    ...(forfeited.length > 0 ? { forfeited } : {}),
  };
}

export const gameNotFound = (id: string) => new AppError('GAME_NOT_FOUND', `no game ${id}`);

/**
 * The record of matches of any game (`MatchRecords`): what match rooms write through. Every write
 * is idempotent or refused without effect, so a room may retry any of them.
 */
/**
 * How the rooms' appends are grouped: a statement carries up to 200 events, and while 4 are on
 * their way the next events wait and go together. With few games each append goes alone at once.
 */
export const APPEND_GROUPING: GroupCommitOptions = { maxBatch: 200, maxInFlight: 4 };

export class MatchService implements MatchRecords {
  readonly params: Glicko2Params;
  /** The rooms' appends, grouped into multi-row inserts when many arrive together. */
  readonly appends: GroupCommit<NewGameEvent, AppendOutcome>;

  constructor(
    private readonly db: Database,
    params: Partial<Glicko2Params> = {},
    /** Leaderboards, written in the same transaction as the result, then copied to their index. */
    private readonly boards?: BoardRecorder,
    grouping: GroupCommitOptions = APPEND_GROUPING,
  ) {
    this.params = { ...GLICKO2_DEFAULTS, ...params };
    this.appends = new GroupCommit(
      (events) => this.db.statements((repos) => repos.games.appendEvents(events)),
      grouping,
    );
  }

  async ratingOf(userId: string, pool: string, guest = false): Promise<RatingView> {
    const row = guest ? null : await this.db.read((repos) => repos.ratings.valuesOf(userId, pool));
    return ratingView(row, this.params);
  }

  /**
   * Writes the game row, its seats and its first event. Calling it again with the same start
   * changes nothing; with a different one it throws, because the id is taken.
   */
  async create(
    start: MatchStart,
    first: { v: number; event: MatchEvent; derived?: Record<string, unknown> },
  ): Promise<void> {
    const inserted = await this.db.read((repos) =>
      repos.games.insertStart(
        {
          id: start.id,
          game: start.game,
          options: start.options,
          pool: start.pool,
          rated: start.rated,
          startedAt: new Date(start.startedAt),
          reportTo: start.reportTo ?? null,
        },
        toPlayerRows(start),
        { gameId: start.id, seq: 1, v: first.v, event: first.event, derived: first.derived ?? null },
      ),
    );
    if (inserted) return;
    const existing = await this.db.read((repos) => repos.games.findWithPlayers(start.id));
    if (existing && sameMatchStart(toMatchStart(existing.game, existing.players), start)) return;
    throw new Error(`game ${start.id} is already recorded with another start`);
  }

  /**
   * One row inserted, nothing read first, answered once it is committed; appends of other rooms
   * arriving at the same time share its INSERT. A taken number is a `SeqConflictError` and changes
   * nothing.
   */
  async append(
    gameId: string,
    seq: number,
    entry: { v: number; event: MatchEvent; derived?: Record<string, unknown> },
  ): Promise<void> {
    if (!Number.isInteger(seq) || seq < 2)
      throw new Error(`event numbers after the first begin at 2, not ${seq}`);
    const outcome = await this.appends.submit({
      gameId,
      seq,
      v: entry.v,
      event: entry.event,
      derived: entry.derived ?? null,
    });
    if (outcome === 'seq_taken') throw new SeqConflictError(gameId, seq);
    if (outcome === 'no_game') throw gameNotFound(gameId);
  }

  /** Keeps the state after event `seq`; a second snapshot at the same number changes nothing. */
  async snapshot(gameId: string, seq: number, snapshot: { v: number; state: unknown }): Promise<void> {
    const outcome = await this.db.read((repos) => repos.games.insertSnapshot({ gameId, seq, ...snapshot }));
    if (outcome === 'no_event') {
      const game = await this.db.read((repos) => repos.games.findById(gameId));
      if (!game) throw gameNotFound(gameId);
      throw new Error(`game ${gameId} has no event ${seq} to snapshot`);
    }
  }

  /**
   * Ends the match, writes each seat's result and, for a rated match, every rating, all in one
   * transaction; the result then waits for its `reportTo`. The game row is claimed first by an
   * atomic UPDATE: a second call (even a concurrent one) finds it ended and answers what is
   * stored, changing nothing.
   */
  async finish(gameId: string, ending: MatchEnding): Promise<FinishedMatch> {
    // With a result, what decides the way is read first (its seats also serve the transaction).
    const facts =
      ending.results.length > 0 ? await this.db.read((repos) => repos.games.endingFacts(gameId)) : null;
    if (await this.finishUnrated(gameId, ending, facts)) return finishedAnswer(ending, new Map());
    const { finished, boardWrites } = await this.finishInTransaction(gameId, ending, facts?.players);
    if (boardWrites) await this.boards?.apply(gameId);
    return finished;
  }

  /**
   * A finish that moves no rating and no board (a casual game, one with a bot or a guest, one
   * without a result) writes what the transaction below would, in one statement, a game's end
   * being on the path of every game (a read and one statement instead of a transaction of six
   * or more round trips). False, changing nothing, when the game moves a rating or a board, is
   * not being played, or the results do not match its seats: the transaction then does (or
   * refuses) what it does for any finish. `facts`: the game as read for a finish with a result;
   * without a result nothing need be read.
   */
  private async finishUnrated(
    gameId: string,
    ending: MatchEnding,
    facts: EndingFacts | null,
  ): Promise<boolean> {
    const endedAt = new Date(ending.endedAt);
    if (ending.results.length > 0) {
      if (facts?.status !== 'playing' || !resultsFitSeats(ending.results, facts.players)) return false;
      const match = {
        id: gameId,
        pool: facts.pool,
        rated: facts.rated,
        players: facts.players,
        results: ending.results,
      };
      if (ratable(match)) return false;
      if (this.boards?.couldMove({ ...match, game: facts.game, endedAt, changes: new Map() })) return false;
    }
    return this.db.read((repos) =>
      repos.games.endUnrated(
        gameId,
        { termination: ending.termination, record: ending.record, endedAt },
        ending.results.map((r) => ({
          seat: r.seat,
          score: r.score,
          place: r.placing,
          ...(seatPlay(r) ?? { moves: null, berserk: null }),
        })),
        forfeitedBy(ending),
        { initial: ratingView(null, this.params), provisionalRd: this.params.provisionalRd },
      ),
    );
  }

  /**
   * The finish itself; `boardWrites` is false only when this call ended the game and it moved no
   * board (a call that found the game ended copies what an earlier one may have left pending).
   */
  private finishInTransaction(
    gameId: string,
    ending: MatchEnding,
    /** The game's seats, when read already (they do not change once it has started). */
    seated?: EndingFacts['players'],
  ): Promise<{ finished: FinishedMatch; boardWrites: boolean }> {
    return this.db.transaction(async (repos) => {
      const endedAt = new Date(ending.endedAt);
      const game = await repos.games.end(gameId, {
        termination: ending.termination,
        record: ending.record,
        endedAt,
      });
      if (!game) {
        const stored = await repos.games.findById(gameId);
        if (!stored) throw gameNotFound(gameId);
        return {
          finished: toFinishedMatch(stored, await repos.games.playersOf([gameId])),
          boardWrites: true,
        };
      }
      const players = seated ?? (await repos.games.playersOf([gameId]));
      if (ending.results.length > 0 && !resultsFitSeats(ending.results, players))
        throw new Error(`game ${gameId}: a result is needed for each of its ${players.length} seats`);
      await repos.games.setForfeited(gameId, forfeitedBy(ending));
      const match = { id: gameId, pool: game.pool, rated: game.rated, players, results: ending.results };
      const changes = await rateEndedMatch(repos, match, endedAt, this.params);
      await repos.games.setSeatPlay(
        gameId,
        ending.results.flatMap((r) => {
          const play = seatPlay(r);
          return play ? [{ seat: r.seat, ...play }] : [];
        }),
      );
      const boardWrites =
        (await this.boards?.record(repos, { ...match, game: game.game, endedAt, changes })) ?? false;
      return { finished: finishedAnswer(ending, changes), boardWrites };
    });
  }

  async load(gameId: string): Promise<StoredMatch | null> {
    return this.db.read(async (repos) => {
      const found = await repos.games.findWithPlayers(gameId);
      if (!found) return null;
      const snapshot = await repos.games.latestSnapshot(gameId);
      const events = (await repos.games.events(gameId, snapshot?.seq ?? 0)).map(toLoggedEvent);
      const stored: StoredMatch = {
        start: toMatchStart(found.game, found.players),
        status: found.game.status,
        events,
        lastSeq: events.at(-1)?.seq ?? snapshot?.seq ?? 0,
      };
      if (snapshot) stored.snapshot = { seq: snapshot.seq, v: snapshot.v, state: snapshot.state };
      return stored;
    });
  }

  unfinished(): Promise<string[]> {
    return this.db.read((repos) => repos.games.unfinishedIds());
  }

  async pendingReports(limit: number): Promise<PendingReport[]> {
    return this.db.read(async (repos) => {
      const games = await repos.games.pendingReports(limit);
      const players = await repos.games.playersOf(games.map((g) => g.id));
      return games.map((g) => ({
        gameId: g.id,
        reportTo: g.reportTo!,
        finished: toFinishedMatch(
          g,
          players.filter((p) => p.gameId === g.id),
        ),
      }));
    });
  }

  reportDelivered(gameId: string): Promise<boolean> {
    return this.db.read((repos) => repos.games.markReported(gameId));
  }
}
