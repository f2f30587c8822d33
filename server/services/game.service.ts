import { CATEGORIES, type Category, type ChessEvent, type ClockPair } from '../../schema/chess.ts';
import type {
  CurrentGameDto,
  GameDto,
  GamePageDto,
  PublicProfileDto,
  RatingDto,
} from '../../schema/games.ts';
import type { Database } from '../db/database.ts';
import type { Game } from '../db/entities/game.entity.ts';
import type { GamePlayer } from '../db/entities/game-player.entity.ts';
import { withoutClockComments } from '../domain/pgn.ts';
import type { Glicko2Params } from '../domain/rating.glicko2.ts';
import * as chess from './chess-records.ts';
import { AppError } from './errors.ts';
import {
  makeGameCursor,
  parseGameCursor,
  toCurrentGameDto,
  toGameDto,
  toGameSummaryDto,
} from './game.dto.ts';
import { ratingView } from './game-ratings.ts';
import type { BoardRecorder } from './leaderboard-writes.ts';
import { gameNotFound, MatchService } from './match.service.ts';
import type { FinishedGame, GameEnding, GameRecords, GameStart, RatingView, StoredGame } from './ports.ts';

/** Each game with its seats, in the order given. */
function withPlayers(games: Game[], players: GamePlayer[]): Array<[Game, GamePlayer[]]> {
  return games.map((g) => [g, players.filter((p) => p.gameId === g.id)]);
}

/**
 * The chess reads of the history API, and the chess room's port (`GameRecords`, deprecated) on
 * top of the generic record: every write goes through the `MatchService`, so chess games are
 * recorded exactly as any other match.
 */
export class GameService implements GameRecords {
  readonly matches: MatchService;
  private readonly params: Glicko2Params;

  constructor(
    private readonly db: Database,
    params: Partial<Glicko2Params> = {},
    boards?: BoardRecorder,
  ) {
    this.matches = new MatchService(db, params, boards);
    this.params = this.matches.params;
  }

  // ---- the chess room's record (deprecated: the match room writes through `matches`) -------------

  ratingOf(userId: string, category: Category): Promise<RatingView> {
    return this.matches.ratingOf(userId, category);
  }

  /** Writes the game, its seats and its `start` event (seq 1, both clocks full). */
  async create(start: GameStart): Promise<void> {
    const accounts = [start.white.userId, start.black.userId].filter((id): id is string => id !== null);
    const guests = await this.db.read((repos) => repos.users.guestsAmong(accounts));
    await this.matches.create(
      chess.toMatchStart(start, guests),
      chess.toMatchEntry(
        { type: 'start', at: start.startedAt },
        {
          clock: { white: start.initialMs, black: start.initialMs },
        },
      ),
    );
  }

  async append(
    gameId: string,
    seq: number,
    event: ChessEvent,
    derived: { san?: string; clock: ClockPair },
  ): Promise<void> {
    await this.matches.append(gameId, seq, chess.toMatchEntry(event, derived));
  }

  /** Ends the game; a repeat answers the first ending's result, as stored. */
  async finish(gameId: string, ending: GameEnding): Promise<FinishedGame> {
    const finished = await this.matches.finish(gameId, chess.toMatchEnding(ending));
    const game = await this.db.read((repos) => repos.games.findById(gameId));
    const result = (game?.record?.result ?? ending.result) as GameEnding['result'];
    return chess.toFinishedGame(finished, result);
  }

  async load(gameId: string): Promise<StoredGame | null> {
    return this.db.read(async (repos) => {
      const found = await repos.games.findWithPlayers(gameId);
      if (!found) return null;
      const events = await repos.games.events(gameId);
      return {
        start: chess.toGameStart(found.game, found.players),
        status: found.game.status,
        events: events.map((e) => e.event as unknown as ChessEvent),
      };
    });
  }

  unfinished(): Promise<string[]> {
    return this.matches.unfinished();
  }

  // ---- reads, for the HTTP API -----------------------------------------------------------------

  async game(id: string): Promise<GameDto> {
    return this.db.read(async (repos) => {
      const found = await repos.games.findWithPlayers(id);
      if (!found) throw gameNotFound(id);
      return toGameDto(found.game, found.players, await repos.games.events(id));
    });
  }

  /** The PGN of an ended game, with its `[%clk]` comments or without them. */
  async pgn(id: string, options: { clocks: boolean }): Promise<string> {
    const game = await this.db.read((repos) => repos.games.findById(id));
    if (!game) throw gameNotFound(id);
    if (game.game !== chess.CHESS)
      throw new AppError('GAME_NOT_FOUND', `game ${id} is not chess: it has no PGN`);
    const pgn = game.record?.pgn;
    if (game.status !== 'ended' || pgn == null) {
      throw new AppError('GAME_NOT_FINISHED', `game ${id} is still being played`);
    }
    return options.clocks ? pgn : withoutClockComments(pgn);
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
      const players = await repos.games.playersOf(games.map((g) => g.id));
      return { games: withPlayers(games, players).map(([g, p]) => toGameSummaryDto(g, p)), next };
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
        const row = rows.find((r) => r.pool === category);
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
    return this.db.read(async (repos) => {
      const games = await repos.games.playingOf(userId);
      const players = await repos.games.playersOf(games.map((g) => g.id));
      return withPlayers(games, players).map(([g, p]) => toCurrentGameDto(g, p, userId));
    });
  }
}
