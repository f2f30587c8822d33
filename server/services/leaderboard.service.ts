import type {
  BoardDto,
  BoardPageDto,
  PlayerStandingDto,
  ProfileRankDto,
  RatingPointDto,
  RecentResultDto,
  StandingDto,
} from '../../schema/leaderboards.ts';
import type { Database } from '../db/database.ts';
import type { RecentResultRow } from '../db/repositories/profile.repository.ts';
import type { Board } from '../domain/leaderboards/boards.ts';
import { periodKey, type Season } from '../domain/leaderboards/periods.ts';
import { achievedAtOfKey, makeCursor, parseCursor, valueOfKey } from '../domain/leaderboards/ranking.ts';
import { AppError } from './errors.ts';
import type { Clock } from './ports.ts';
import type { RankedEntry, RankIndex, RankScope } from './rank-index.ts';

export interface BoardQuery {
  /** `current`, or a period key. */
  period: string;
  country?: string | undefined;
}

export interface LeaderboardReadDeps {
  db: Database;
  index: RankIndex;
  boards: readonly Board[];
  seasons: readonly Season[];
  clock: Clock;
}

const RECENT_RESULTS = 20;
const HISTORY_POINTS = 200;

function outcomeOf(row: RecentResultRow): RecentResultDto['outcome'] {
  if (row.place === null || row.best_place === null) return null;
  if (row.best_place === row.worst_place) return 'draw';
  return row.place === row.best_place ? 'win' : 'loss';
}

/** The reads of the leaderboards: boards, pages, a player's standing, and a profile's ranks and history. */
export class LeaderboardService {
  constructor(private readonly deps: LeaderboardReadDeps) {}

  private board(id: string): Board {
    const board = this.deps.boards.find((b) => b.id === id);
    if (!board) throw new AppError('LEADERBOARD_NOT_FOUND', `no leaderboard ${id}`);
    return board;
  }

  private currentPeriod(board: Board): string | null {
    return periodKey(board, this.deps.seasons, this.deps.clock().getTime());
  }

  private toBoardDto(board: Board): BoardDto {
    return {
      id: board.id,
      title: board.title,
      game: board.game,
      pool: board.pool,
      metric: board.metric,
      order: board.order,
      reset: board.reset,
      timeZone: board.timeZone,
      partitionByCountry: board.partitionByCountry,
      currentPeriod: this.currentPeriod(board),
    };
  }

  private scope(board: Board, query: BoardQuery): RankScope & { period: string } {
    if (query.country && !board.partitionByCountry)
      throw new AppError('VALIDATION_FAILED', `leaderboard ${board.id} is not kept by country`, [
        { path: 'query.country', message: 'this board has no countries' },
      ]);
    const period =
      query.period === 'current'
        ? (this.currentPeriod(board) ??
          this.deps.seasons.filter((s) => s.end <= this.deps.clock().getTime()).at(-1)?.id ??
          'none')
        : query.period;
    return { board: board.id, period, country: query.country };
  }

  private async standings(board: Board, entries: RankedEntry[]): Promise<StandingDto[]> {
    const names = await this.deps.db.read((repos) => repos.profiles.names(entries.map((e) => e.member)));
    const byId = new Map(names.map((n) => [n.id, n]));
    return entries.map((e) => ({
      rank: e.rank,
      userId: e.member,
      username: byId.get(e.member)?.username ?? '?',
      country: byId.get(e.member)?.country ?? null,
      value: valueOfKey(e.key, board.order),
      achievedAt: new Date(achievedAtOfKey(e.key)).toISOString(),
    }));
  }

  boards(): BoardDto[] {
    return this.deps.boards.map((b) => this.toBoardDto(b));
  }

  /** A page of a board: from the top, or after `cursor` (the `next` of the page before). */
  async page(
    id: string,
    query: BoardQuery & { limit: number; cursor?: string | undefined },
  ): Promise<BoardPageDto> {
    const board = this.board(id);
    const scope = this.scope(board, query);
    let entries: RankedEntry[];
    if (query.cursor !== undefined) {
      const cursor = parseCursor(query.cursor);
      if (!cursor)
        throw new AppError('VALIDATION_FAILED', 'the cursor is not one this API gave', [
          { path: 'query.cursor', message: 'not a cursor' },
        ]);
      entries = await this.deps.index.after(scope, cursor, query.limit + 1);
    } else entries = await this.deps.index.range(scope, 0, query.limit + 1);
    const shown = entries.slice(0, query.limit);
    return {
      board: this.toBoardDto(board),
      period: scope.period,
      country: query.country ?? null,
      total: await this.deps.index.size(scope),
      standings: await this.standings(board, shown),
      next: entries.length > query.limit ? makeCursor(shown.at(-1)!) : null,
      periods: await this.deps.index.periods(board.id),
    };
  }

  /** A player's standing on a board, with `around` entries above and below when asked. */
  async player(
    id: string,
    username: string,
    query: BoardQuery & { around?: number | undefined },
  ): Promise<PlayerStandingDto> {
    const board = this.board(id);
    const scope = this.scope(board, query);
    const user = await this.deps.db.read((repos) => repos.users.findByUsername(username));
    if (!user) throw new AppError('USER_NOT_FOUND', 'no such user');
    const window = await this.deps.index.around(scope, user.id, query.around ?? 0);
    const own = window.find((e) => e.member === user.id);
    if (!own)
      throw new AppError('NOT_ON_LEADERBOARD', `${user.username} is not on ${board.id} (${scope.period})`);
    const standings = await this.standings(board, window);
    return {
      board: this.toBoardDto(board),
      period: scope.period,
      country: query.country ?? null,
      standing: standings.find((s) => s.userId === user.id)!,
      around: query.around === undefined ? null : standings,
    };
  }

  /** The player's rank on every board's current period they stand on. */
  async ranksOf(userId: string): Promise<ProfileRankDto[]> {
    const ranks: ProfileRankDto[] = [];
    for (const board of this.deps.boards) {
      const period = this.currentPeriod(board);
      if (period === null) continue;
      const scope = { board: board.id, period };
      const standing = await this.deps.index.standing(scope, userId);
      if (!standing) continue;
      ranks.push({
        board: board.id,
        title: board.title,
        period,
        rank: standing.rank,
        value: valueOfKey(standing.key, board.order),
        total: await this.deps.index.size(scope),
      });
    }
    return ranks;
  }

  async ratingHistory(userId: string): Promise<RatingPointDto[]> {
    return this.deps.db.read((repos) => repos.profiles.ratingHistory(userId, HISTORY_POINTS));
  }

  async recentResults(userId: string): Promise<RecentResultDto[]> {
    const rows = await this.deps.db.read((repos) => repos.profiles.recentResults(userId, RECENT_RESULTS));
    return rows.map((r) => ({
      gameId: r.game_id,
      game: r.game,
      pool: r.pool,
      rated: r.rated,
      outcome: outcomeOf(r),
      opponents: r.opponents,
      ratingDiff: r.rating_diff,
      endedAt: r.ended_at,
    }));
  }
}
