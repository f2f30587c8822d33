import type { Database, Repositories } from '../db/database.ts';
import type { AccountWrite, EntryRow, Removal } from '../db/repositories/leaderboard.repository.ts';
import type { Board } from '../domain/leaderboards/boards.ts';
import type { Logger } from '../platform/logger.ts';
import { toIndexWrite } from './leaderboard-writes.ts';
import type { Clock } from './ports.ts';
import type { RankIndex } from './rank-index.ts';

/**
 * What a ban, an unban or a deletion does to the boards: inside its transaction, then after the
 * commit.
 */
export interface AccountBoards {
  /** Marks the account's entries banned or not, in the caller's transaction. */
  record(repos: Repositories, userId: string, banned: boolean, now: Date): Promise<void>;
  /** Notes the entries of an account about to be deleted, in the caller's transaction. */
  recordDeletion(repos: Repositories, userId: string, now: Date): Promise<void>;
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
 * their values; a deletion takes them off every board for good (the record's go with the account,
 * and a note of each keeps the version that removes it from the index until the index has done so). The record marks the entries (`banned`, a new version each) and notes the change in
 * the same transaction; the entries are then copied into the rank index as versioned writes, so a
 * copy done twice, late or by two nodes changes nothing, and a rebuild leaves them out as well.
 */
export class LeaderboardAccounts implements AccountBoards {
  constructor(private readonly deps: LeaderboardAccountsDeps) {}

  async record(repos: Repositories, userId: string, banned: boolean, now: Date): Promise<void> {
    await repos.leaderboards.markBanned(userId, banned, now);
  }

  async recordDeletion(repos: Repositories, userId: string, now: Date): Promise<void> {
    await repos.leaderboards.noteRemovals(userId, now);
  }

  async apply(userId: string): Promise<void> {
    try {
      await this.applyPending(userId, this.deps.clock(), 100);
      await this.applyRemovals(userId, this.deps.clock(), 1000);
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

  /**
   * Takes the entries of deleted accounts out of the rank index (of one account, or of any noted
   * by `olderThan`), then forgets them. Answers how many.
   */
  async applyRemovals(userId: string | null, olderThan: Date, limit: number): Promise<number> {
    const removals: Removal[] = await this.deps.db.read((repos) =>
      repos.leaderboards.pendingRemovals(userId, olderThan, limit),
    );
    for (const r of removals) {
      const gone = { member: r.user_id, key: 0, country: null, version: r.version, visible: false };
      await this.deps.index.write(r.board_id, r.period, [gone]);
      await this.deps.db.read((repos) => repos.leaderboards.forgetRemoval(r));
    }
    return removals.length;
  }

  private async copy(rows: EntryRow[]): Promise<void> {
    for (const row of rows) {
      const board = this.deps.boards.find((b) => b.id === row.board_id);
      if (board) await this.deps.index.write(board.id, row.period, [toIndexWrite(board, row)]);
    }
  }
}
