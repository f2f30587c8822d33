import { CATEGORIES, type Category, type ChessEvent, type ClockPair } from '../../schema/chess.ts';
import type {
  CurrentGameDto,
  GameDto,
  GamePageDto,
  PublicProfileDto,
  RatingDto,
} from '../../schema/games.ts';
import type { Database } from '../db/database.ts';
import { withoutClockComments } from '../domain/pgn.ts';
import { GLICKO2_DEFAULTS, type Glicko2Params } from '../domain/rating.glicko2.ts';
import { AppError, SeqConflictError } from './errors.ts';
import {
  makeGameCursor,
  parseGameCursor,
  sameGameStart,
  toChessEvent,
  toCurrentGameDto,
  toFinishedGame,
  toGameDto,
  toGameStart,
  toGameSummaryDto,
} from './game.dto.ts';
import { rateEndedGame, ratingView } from './game-ratings.ts';
import type { FinishedGame, GameEnding, GameRecords, GameStart, RatingView, StoredGame } from './ports.ts';

const gameNotFound = (id: string) => new AppError('GAME_NOT_FOUND', `no game ${id}`);

/**
 * The record of games: what rooms write through (`GameRecords`), and the reads of the history
 * API. Every write is idempotent or refused without effect, so a room may retry any of them.
 */
export class GameService implements GameRecords {
  private readonly params: Glicko2Params;

  constructor(
    private readonly db: Database,
    params: Partial<Glicko2Params> = {},
  ) {
    this.params = { ...GLICKO2_DEFAULTS, ...params };
  }

  // ---- the record, for rooms -------------------------------------------------------------------

  async ratingOf(userId: string, category: Category): Promise<RatingView> {
    const row = await this.db.read((repos) => repos.ratings.find(userId, category));
    return ratingView(row, this.params);
  }

  /**
   * Writes the game row and its `start` event (seq 1, both clocks full). Calling it again with the
   * same start changes nothing; with a different one it throws, because the id is taken.
   */
  async create(start: GameStart): Promise<void> {
    await this.db.transaction(async (repos) => {
      const inserted = await repos.games.insertGame({
        id: start.id,
        whiteId: start.white.userId,
        blackId: start.black.userId,
        whiteName: start.white.name,
        blackName: start.black.name,
        whiteBot: start.white.bot,
        blackBot: start.black.bot,
        timeControl: start.timeControl,
        initialMs: start.initialMs,
        incrementMs: start.incrementMs,
        category: start.category,
        rated: start.rated,
        startedAt: new Date(start.startedAt),
      });
      if (!inserted) {
        const existing = await repos.games.findById(start.id);
        if (existing && sameGameStart(toGameStart(existing), start)) return;
        throw new Error(`game ${start.id} is already recorded with another start`);
      }
      const outcome = await repos.games.appendEvent({
        gameId: start.id,
        seq: 1,
        payload: { type: 'start', at: start.startedAt },
        clockWhiteMs: start.initialMs,
        clockBlackMs: start.initialMs,
      });
      if (outcome !== 'appended') throw new Error(`game ${start.id}: its start event could not be written`);
    });
  }

  /** One INSERT, nothing read first; a taken number is a `SeqConflictError` and changes nothing. */
  async append(
    gameId: string,
    seq: number,
    event: ChessEvent,
    derived: { san?: string; clock: ClockPair },
  ): Promise<void> {
    if (!Number.isInteger(seq) || seq < 2)
      throw new Error(`event numbers after the start begin at 2, not ${seq}`);
    const payload = derived.san === undefined ? event : { ...event, san: derived.san };
    const outcome = await this.db.read((repos) =>
      repos.games.appendEvent({
        gameId,
        seq,
        payload,
        clockWhiteMs: Math.round(derived.clock.white),
        clockBlackMs: Math.round(derived.clock.black),
      }),
    );
    if (outcome === 'seq_taken') throw new SeqConflictError(gameId, seq);
    if (outcome === 'no_game') throw gameNotFound(gameId);
  }

  /**
   * Ends the game and, for a rated game between two accounts with a result, moves both ratings,
   * all in one transaction. The game row is claimed first by an atomic UPDATE: a second call (even
   * a concurrent one) finds it ended and answers what is stored, changing nothing.
   */
  async finish(gameId: string, ending: GameEnding): Promise<FinishedGame> {
    return this.db.transaction(async (repos) => {
      const endedAt = new Date(ending.endedAt);
      const game = await repos.games.end(gameId, {
        result: ending.result,
        termination: ending.termination,
        endedAt,
        pgn: ending.pgn,
        finalFen: ending.fen,
      });
      if (!game) {
        const stored = await repos.games.findById(gameId);
        if (!stored) throw gameNotFound(gameId);
        return toFinishedGame(stored);
      }
      const ratings = await rateEndedGame(repos, game, endedAt, this.params);
      return { result: ending.result, termination: ending.termination, ratings };
    });
  }

  async load(gameId: string): Promise<StoredGame | null> {
    return this.db.read(async (repos) => {
      const game = await repos.games.findById(gameId);
      if (!game) return null;
      const events = await repos.games.events(gameId);
      return {
        start: toGameStart(game),
        status: game.status,
        events: events.map((e) => toChessEvent(e.payload)),
      };
    });
  }

  unfinished(): Promise<string[]> {
    return this.db.read((repos) => repos.games.unfinishedIds());
  }

  // ---- reads, for the HTTP API -----------------------------------------------------------------

  async game(id: string): Promise<GameDto> {
    return this.db.read(async (repos) => {
      const game = await repos.games.findById(id);
      if (!game) throw gameNotFound(id);
      return toGameDto(game, await repos.games.events(id));
    });
  }

  /** The PGN of an ended game, with its `[%clk]` comments or without them. */
  async pgn(id: string, options: { clocks: boolean }): Promise<string> {
    const game = await this.db.read((repos) => repos.games.findById(id));
    if (!game) throw gameNotFound(id);
    if (game.status !== 'ended' || game.pgn == null) {
      throw new AppError('GAME_NOT_FINISHED', `game ${id} is still being played`);
    }
    return options.clocks ? game.pgn : withoutClockComments(game.pgn);
  }

  /** A user's games, newest first, `limit` at a time; `before` is the `next` of the previous page. */
  async gamesOfUser(
    username: string,
    page: { limit: number; before?: string | undefined },
  ): Promise<GamePageDto> {
    const key = page.before === undefined ? null : parseGameCursor(page.before);
    return this.db.read(async (repos) => {
      const user = await repos.users.findByUsername(username);
      if (!user) throw new AppError('USER_NOT_FOUND', 'no such user');
      const rows = await repos.games.pageOfUser(user.id, key, page.limit + 1);
      const games = rows.slice(0, page.limit);
      const next = rows.length > page.limit ? makeGameCursor(games.at(-1)!) : null;
      return { games: games.map(toGameSummaryDto), next };
    });
  }

  /** What anyone may see of an account, with its rating in every category. */
  async profile(username: string): Promise<PublicProfileDto> {
    return this.db.read(async (repos) => {
      const user = await repos.users.findByUsername(username);
      if (!user) throw new AppError('USER_NOT_FOUND', 'no such user');
      const rows = await repos.ratings.allOf(user.id);
      const ratings = {} as Record<Category, RatingDto>;
      for (const category of CATEGORIES) {
        const row = rows.find((r) => r.category === category);
        ratings[category] = ratingView(row ?? null, this.params);
      }
      return {
        id: user.id,
        username: user.username,
        displayName: user.displayName ?? null,
        guest: user.guest,
        country: user.country ?? null,
        createdAt: user.createdAt.toISOString(),
        ratings,
      };
    });
  }

  /** The games a user has not finished: where to go back to after a crash or a lost tab. */
  async currentGames(userId: string): Promise<CurrentGameDto[]> {
    const games = await this.db.read((repos) => repos.games.playingOf(userId));
    return games.map((g) => toCurrentGameDto(g, userId));
  }
}
