import type { Database, Repositories } from '../db/database.ts';
import type { AccountWrite, EntryRow } from '../db/repositories/leaderboard.repository.ts';
import type { Board } from '../domain/leaderboards/boards.ts';
import type { Logger } from '../platform/logger.ts';
import { toIndexWrite } from './leaderboard-writes.ts';
import type { Clock } from './ports.ts';
import type { RankIndex } from './rank-index.ts';

/** What a ban or an unban does to the boards: inside its transaction, then after the commit. */
export interface BanRecorder {
  /** Marks the account's entries banned or not, in the caller's transaction. */
  record(repos: Repositories, userId: string, banned: boolean, now: Date): Promise<void>;
  /** Puts the account's entries into the rank index; never throws (a later sweep retries). */
  apply(userId: string): Promise<void>;
}

export interface LeaderboardAccountsDeps {
  db: Database;
  index: RankIndex;
  boards: readonly Board[];
  clock: Clock;
  log?: Logger | undefined;
}

/**
 * Changes of a whole account on the boards: a ban takes its entries off every board that says
 * `noBanned` (each period, the whole board and its country), and the ban's end puts them back with
 * their values. The record marks the entries (`banned`, a new version each) and notes the change in
 * the same transaction; the entries are then copied into the rank index as versioned writes, so a
 * copy done twice, late or by two nodes changes nothing, and a rebuild leaves them out as well.
 */
export class LeaderboardAccounts implements BanRecorder {
  constructor(private readonly deps: LeaderboardAccountsDeps) {}

  async record(repos: Repositories, userId: string, banned: boolean, now: Date): Promise<void> {
    await repos.leaderboards.markBanned(userId, banned, now);
  }

  async apply(userId: string): Promise<void> {
    try {
      await this.applyPending(userId, this.deps.clock(), 100);
    } catch (err) {
      this.deps.log?.warn({ err, userId }, 'an account change not yet in the rank index; the sweep retries');
    }
  }

  /** Puts back on the boards the accounts whose timed ban has run out. Answers how many. */
  async releaseEndedBans(): Promise<number> {
    const users = await this.deps.db.transaction((repos) =>
      repos.leaderboards.releaseEndedBans(this.deps.clock()),
    );
    for (const user of users) await this.apply(user);
    return users.length;
  }

  /**
   * Copies noted account changes not yet in the rank index (of one account, or of any noted by
   * `olderThan`) from the record into it, and marks them applied. Answers how many it copied.
   */
  async applyPending(userId: string | null, olderThan: Date, limit: number): Promise<number> {
    const pending: AccountWrite[] = await this.deps.db.read((repos) =>
      repos.leaderboards.pendingAccountWrites(userId, olderThan, limit),
    );
    for (const write of pending) {
      const rows = await this.deps.db.read((repos) => repos.leaderboards.entriesOfUser(write.user_id));
      await this.copy(rows);
      await this.deps.db.read((repos) => repos.leaderboards.markAccountApplied(write, this.deps.clock()));
    }
    return pending.length;
  }

  private async copy(rows: EntryRow[]): Promise<void> {
    for (const row of rows) {
      const board = this.deps.boards.find((b) => b.id === row.board_id);
      if (board) await this.deps.index.write(board.id, row.period, [toIndexWrite(board, row)]);
    }
  }
}
