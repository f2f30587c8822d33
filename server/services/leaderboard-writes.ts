import type { Database, Repositories } from '../db/database.ts';
import type { EntryRow } from '../db/repositories/leaderboard.repository.ts';
import {
  applyOperator,
  type Board,
  type BoardAccount,
  type BoardWrite,
  boardWrites,
  type EndedGame,
  gameMovesBoards,
} from '../domain/leaderboards/boards.ts';
import { periodEnd, periodKey, type Season, seasonAt } from '../domain/leaderboards/periods.ts';
import { checkValue, sortKey } from '../domain/leaderboards/ranking.ts';
import type { Logger } from '../platform/logger.ts';
import type { Clock, RatingChange, SeatResult } from './ports.ts';
import type { IndexWrite, RankIndex } from './rank-index.ts';

/** The match that has just ended, as the finish transaction knows it. */
export interface EndedMatchForBoards {
  id: string;
  game: string;
  pool: string;
  rated: boolean;
  endedAt: Date;
  players: Array<{ seat: number; team: number; userId?: string | null | undefined }>;
  results: SeatResult[];
  changes: ReadonlyMap<number, RatingChange>;
}

/** What the match record calls when a match ends: inside its transaction, then after the commit. */
export interface BoardRecorder {
  /** True when it recorded writes that {@link apply} has to copy; false: the game moved no board. */
  record(repos: Repositories, match: EndedMatchForBoards): Promise<boolean>;
  /** Whether the game could move any board (reads nothing): when not, `record` writes nothing. */
  couldMove(match: EndedMatchForBoards): boolean;
  /** Puts the game's recorded writes into the rank index; never throws (a later sweep retries). */
  apply(gameId: string): Promise<void>;
}

export interface LeaderboardWriterDeps {
  db: Database;
  index: RankIndex;
  boards: readonly Board[];
  seasons: readonly Season[];
  clock: Clock;
  log?: Logger | undefined;
}

/** The game as the boards' rules read it. */
function endedGame(match: EndedMatchForBoards): EndedGame {
  return {
    game: match.game,
    pool: match.pool,
    rated: match.rated,
    endedAt: match.endedAt.getTime(),
    seats: match.players.map((p) => {
      const result = match.results.find((r) => r.seat === p.seat);
      const change = match.changes.get(p.seat);
      return {
        userId: p.userId ?? null,
        team: p.team,
        placing: result?.placing ?? null,
        score: result?.score ?? null,
        rating: change ? { after: change.after, provisional: change.provisional } : null,
      };
    }),
  };
}

/** The rank index's view of a record entry. */
export function toIndexWrite(board: Board, row: EntryRow): IndexWrite {
  return {
    member: row.user_id,
    key: sortKey(row.value, row.achieved_ms, board.order),
    country: board.partitionByCountry ? row.country : null,
    version: Number(row.version),
    visible: row.visible && !(board.eligibility.noBanned && row.banned),
  };
}

/** When the period of a board holding `at` ends; null for a board that never resets. */
function endOfPeriod(board: Board, seasons: readonly Season[], at: number): Date | null {
  if (board.reset === 'never') return null;
  if (board.reset === 'season') {
    const season = seasonAt(seasons, at);
    return season ? new Date(season.end) : null;
  }
  return new Date(periodEnd(board, at));
}

/**
 * Board updates, exactly once: a finished game's writes are recorded in its finish transaction
 * under a claim per game and board (a retried finish finds the claim and adds nothing), and then
 * copied into the rank index from the record. Copying is a versioned write of the entry as the
 * record holds it, so doing it twice, late or from two nodes at once changes nothing.
 */
export class LeaderboardWriter implements BoardRecorder {
  constructor(private readonly deps: LeaderboardWriterDeps) {}

  private board(id: string): Board | undefined {
    return this.deps.boards.find((b) => b.id === id);
  }

  couldMove(match: EndedMatchForBoards): boolean {
    return gameMovesBoards(this.deps.boards, endedGame(match));
  }

  async record(repos: Repositories, match: EndedMatchForBoards): Promise<boolean> {
    const ended = endedGame(match);
    if (!gameMovesBoards(this.deps.boards, ended)) return false;
    const userIds = [...new Set(match.players.flatMap((p) => (p.userId ? [p.userId] : [])))];
    const now = this.deps.clock();
    const rows = await repos.leaderboards.accounts(userIds, match.pool, now);
    const accounts = new Map<string, BoardAccount>(
      rows.map((r) => [r.user_id, { country: r.country, guest: r.guest, banned: r.banned, games: r.games }]),
    );
    const writes = boardWrites(this.deps.boards, this.deps.seasons, ended, accounts);
    for (const board of this.deps.boards) {
      const mine = writes.filter((w) => w.boardId === board.id);
      if (mine.length === 0) continue;
      const period = mine[0]!.period;
      const users = mine.map((w) => w.userId);
      if (!(await repos.leaderboards.claimGameWrite(match.id, board.id, period, users, match.endedAt)))
        continue;
      await repos.leaderboards.notePeriod(
        board.id,
        period,
        endOfPeriod(board, this.deps.seasons, ended.endedAt),
      );
      for (const write of mine) await this.writeEntry(repos, board, write, match.endedAt, now);
    }
    return writes.length > 0;
  }

  /** Read-modify-write of one entry under a row lock; a value the board cannot hold is left out. */
  private async writeEntry(
    repos: Repositories,
    board: Board,
    write: BoardWrite,
    at: Date,
    now: Date,
  ): Promise<void> {
    const key = { boardId: board.id, period: write.period, userId: write.userId };
    let held = await repos.leaderboards.lockEntry(board.id, write.period, write.userId);
    if (!held) {
      const value = applyOperator(write.operator, board.order, null, write.amount);
      if (checkValue(value) !== null) return;
      const change = { ...key, value, at, country: write.country, visible: write.eligible };
      if (await repos.leaderboards.insertEntry(change, now)) return;
      held = await repos.leaderboards.lockEntry(board.id, write.period, write.userId);
      if (!held) return;
    }
    const value = applyOperator(write.operator, board.order, held.value, write.amount);
    if (checkValue(value) !== null) {
      this.deps.log?.warn({ board: board.id, value }, 'a leaderboard value out of range was left out');
      return;
    }
    await repos.leaderboards.updateEntry({
      ...key,
      value,
      at,
      country: write.country,
      visible: write.eligible,
    });
  }

  async apply(gameId: string): Promise<void> {
    try {
      await this.applyPending(gameId, this.deps.clock(), 100);
    } catch (err) {
      this.deps.log?.warn({ err, gameId }, 'leaderboard writes not yet in the rank index; the sweep retries');
    }
  }

  /**
   * Copies recorded writes not yet in the rank index (of one game, or of any recorded before
   * `olderThan`) from the record into it, and marks them applied. Answers how many it copied.
   */
  async applyPending(gameId: string | null, olderThan: Date, limit: number): Promise<number> {
    const pending = await this.deps.db.read((repos) =>
      repos.leaderboards.pendingWrites(gameId, olderThan, limit),
    );
    for (const write of pending) {
      const board = this.board(write.board_id);
      if (board) {
        const rows = await this.deps.db.read((repos) =>
          repos.leaderboards.entries(write.board_id, write.period, write.user_ids),
        );
        await this.deps.index.write(
          board.id,
          write.period,
          rows.map((r) => toIndexWrite(board, r)),
        );
      }
      await this.deps.db.read((repos) =>
        repos.leaderboards.markApplied(write.game_id, write.board_id, this.deps.clock()),
      );
    }
    return pending.length;
  }

  /**
   * Sets a player's score on a board fed by a service (`metric: "custom"`), through the board's
   * operator, in the period holding `at`; then copies it into the rank index.
   */
  async submit(boardId: string, userId: string, amount: number, at: Date): Promise<void> {
    const board = this.board(boardId);
    if (board?.metric !== 'custom') throw new Error(`no custom board ${boardId}`);
    const period = periodKey(board, this.deps.seasons, at.getTime());
    if (!period) return;
    const rows = await this.deps.db.transaction(async (repos) => {
      const now = this.deps.clock();
      const [account] = await repos.leaderboards.accounts([userId], board.pool ?? '', now);
      if (!account) throw new Error(`no account ${userId}`);
      await repos.leaderboards.notePeriod(
        board.id,
        period,
        endOfPeriod(board, this.deps.seasons, at.getTime()),
      );
      await this.writeEntry(
        repos,
        board,
        {
          boardId,
          period,
          userId,
          operator: board.operator,
          amount,
          country: account.country,
          eligible: true,
        },
        at,
        now,
      );
      return repos.leaderboards.entries(board.id, period, [userId]);
    });
    await this.deps.index.write(
      board.id,
      period,
      rows.map((r) => toIndexWrite(board, r)),
    );
  }
}
