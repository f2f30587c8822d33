import type { SqlEntityManager } from '@mikro-orm/sql';

/** One entry of a board as the record holds it. */
export interface EntryRow {
  board_id: string;
  period: string;
  user_id: string;
  value: number;
  /** ms since the epoch. */
  achieved_ms: number;
  country: string | null;
  visible: boolean;
  /** The account's ban holds: boards with `noBanned` leave the entry out. */
  banned: boolean;
  version: number;
}

export interface EntryChange {
  boardId: string;
  period: string;
  userId: string;
  value: number;
  at: Date;
  country: string | null;
  visible: boolean;
}

/** A game's writes to one board, waiting for the rank index. */
export interface PendingWrite {
  game_id: string;
  board_id: string;
  period: string;
  user_ids: string[];
}

/** A change of one account's entries (a ban, its end) waiting for the rank index. */
export interface AccountWrite {
  user_id: string;
  changed_at: string;
}

/** An entry of a deleted account, and the version that takes it out of the rank index. */
export interface Removal {
  board_id: string;
  period: string;
  user_id: string;
  version: number;
}

export interface AccountForBoards {
  user_id: string;
  country: string | null;
  guest: boolean;
  banned: boolean;
  games: number;
}

export interface OpenPeriod {
  board_id: string;
  period: string;
  ends_ms: number;
}

const ENTRY_COLUMNS = `board_id, period, user_id::text as user_id, value, country, visible, banned, version::int as version,
  (extract(epoch from achieved_at) * 1000)::float8 as achieved_ms`;

/** Whether the account in `alias` is banned at the instant of the next parameter. */
const BANNED_NOW = (alias: string) =>
  `(${alias}.banned_at is not null and (${alias}.banned_until is null or ${alias}.banned_until > ?::timestamptz))`;

/** The leaderboards' record: entries, the writes of finished games, periods and their archives. */
export class LeaderboardRepository {
  constructor(private readonly em: SqlEntityManager) {}

  private rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.em.execute(sql, params, 'all') as Promise<T[]>;
  }

  /**
   * Claims one game's writes to one board: true the first time, false ever after (the finish was
   * retried), so the writes are made once.
   */
  async claimGameWrite(
    gameId: string,
    boardId: string,
    period: string,
    userIds: string[],
    at: Date,
  ): Promise<boolean> {
    const rows = await this.rows(
      `insert into leaderboard_writes (game_id, board_id, period, user_ids, created_at)
         values (?, ?, ?, ?::uuid[], ?::timestamptz) on conflict do nothing returning game_id`,
      [gameId, boardId, period, `{${userIds.join(',')}}`, at.toISOString()],
    );
    return rows.length === 1;
  }

  /** The entry, locked until the transaction ends (for a read-modify-write). */
  async lockEntry(boardId: string, period: string, userId: string): Promise<EntryRow | undefined> {
    const rows = await this.rows<EntryRow>(
      `select ${ENTRY_COLUMNS} from leaderboard_entries where board_id = ? and period = ? and user_id = ? for update`,
      [boardId, period, userId],
    );
    return rows[0];
  }

  /**
   * Creates the entry, or false when it exists already (a concurrent writer made it). It is born
   * banned if its account is banned at `now` (a ban's transaction marks the entries it finds).
   */
  async insertEntry(change: EntryChange, now: Date): Promise<boolean> {
    const rows = await this.rows(
      `insert into leaderboard_entries (board_id, period, user_id, value, achieved_at, country, visible, banned, version, updated_at)
         select ?, ?, u.id, ?, ?::timestamptz, ?, ?, ${BANNED_NOW('u')}, 1, ?::timestamptz
           from users u where u.id = ?
         on conflict do nothing returning version`,
      [
        change.boardId,
        change.period,
        change.value,
        change.at.toISOString(),
        change.country,
        change.visible,
        now.toISOString(),
        change.at.toISOString(),
        change.userId,
      ],
    );
    return rows.length === 1;
  }

  /** Writes a changed entry; the moment of achievement moves only when the value does. */
  async updateEntry(change: EntryChange): Promise<void> {
    await this.em.execute(
      `update leaderboard_entries set
         achieved_at = case when value = ? then achieved_at else ?::timestamptz end,
         value = ?, country = ?, visible = ?, version = version + 1, updated_at = ?::timestamptz
       where board_id = ? and period = ? and user_id = ?`,
      [
        change.value,
        change.at.toISOString(),
        change.value,
        change.country,
        change.visible,
        change.at.toISOString(),
        change.boardId,
        change.period,
        change.userId,
      ],
      'run',
    );
  }

  /** Notes that a period has entries, and when it ends (null: never). */
  async notePeriod(boardId: string, period: string, endsAt: Date | null): Promise<void> {
    await this.em.execute(
      `insert into leaderboard_periods (board_id, period, ends_at) values (?, ?, ?::timestamptz) on conflict do nothing`,
      [boardId, period, endsAt?.toISOString() ?? null],
      'run',
    );
  }

  entries(boardId: string, period: string, userIds: string[]): Promise<EntryRow[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.rows<EntryRow>(
      `select ${ENTRY_COLUMNS} from leaderboard_entries where board_id = ? and period = ? and user_id = any(?::uuid[])`,
      [boardId, period, `{${userIds.join(',')}}`],
    );
  }

  /** The writes of one game (or, without a game, of any) not yet in the rank index, oldest first. */
  pendingWrites(gameId: string | null, olderThan: Date, limit: number): Promise<PendingWrite[]> {
    return this.rows<PendingWrite>(
      `select game_id, board_id, period, user_ids::text[] as user_ids from leaderboard_writes
         where applied_at is null and (?::text is null or game_id = ?) and created_at <= ?::timestamptz
         order by created_at limit ?`,
      [gameId, gameId, olderThan.toISOString(), limit],
    );
  }

  async markApplied(gameId: string, boardId: string, at: Date): Promise<void> {
    await this.em.execute(
      'update leaderboard_writes set applied_at = ?::timestamptz where game_id = ? and board_id = ? and applied_at is null',
      [at.toISOString(), gameId, boardId],
      'run',
    );
  }

  /** Every entry, `limit` at a time, in primary-key order after the given key (for a rebuild or a check). */
  scan(
    after: { boardId: string; period: string; userId: string } | null,
    limit: number,
  ): Promise<EntryRow[]> {
    const key = after ?? { boardId: '', period: '', userId: '00000000-0000-0000-0000-000000000000' };
    return this.rows<EntryRow>(
      // Ordered by the table's columns (the output's user_id is text): the primary key's order.
      `select ${ENTRY_COLUMNS} from leaderboard_entries e
         where (e.board_id, e.period, e.user_id) > (?, ?, ?::uuid) order by e.board_id, e.period, e.user_id limit ?`,
      [key.boardId, key.period, key.userId, limit],
    );
  }

  /** A rank the naive way, counting better values (what the rank index saves; for the benchmark). */
  async countBetter(boardId: string, period: string, value: number, order: 'asc' | 'desc'): Promise<number> {
    const rows = await this.rows<{ n: number }>(
      `select count(*)::int as n from leaderboard_entries
         where board_id = ? and period = ? and visible and value ${order === 'desc' ? '>' : '<'} ?`,
      [boardId, period, value],
    );
    return rows[0]!.n;
  }

  /**
   * What boards need to know of these accounts at `at`, with their rated games in one pool. The
   * accounts stay key-share locked until the transaction ends, so a ban (which locks its account
   * for update) comes wholly before or after the writes made from this answer.
   */
  accounts(userIds: string[], pool: string, at: Date): Promise<AccountForBoards[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.rows<AccountForBoards>(
      `select u.id::text as user_id, u.country, u.guest, ${BANNED_NOW('u')} as banned,
          coalesce(r.games, 0)::int as games
         from users u left join ratings r on r.user_id = u.id and r.pool = ?
         where u.id = any(?::uuid[]) order by u.id for key share of u`,
      [at.toISOString(), pool, `{${userIds.join(',')}}`],
    );
  }

  /**
   * Marks every entry of an account banned or not (each changed entry's version grows), and notes
   * the change for the rank index. Answers how many entries changed.
   */
  async markBanned(userId: string, banned: boolean, at: Date): Promise<number> {
    const rows = await this.rows(
      `update leaderboard_entries set banned = ?, version = version + 1, updated_at = ?::timestamptz
         where user_id = ? and banned <> ? returning version`,
      [banned, at.toISOString(), userId, banned],
    );
    if (rows.length > 0) await this.noteAccountWrite(userId, at);
    return rows.length;
  }

  /** Unmarks the entries of accounts whose timed ban has run out by `at`; answers those accounts. */
  async releaseEndedBans(at: Date): Promise<string[]> {
    const rows = await this.rows<{ user_id: string }>(
      `update leaderboard_entries e set banned = false, version = e.version + 1, updated_at = ?::timestamptz
         from users u
         where e.banned and u.id = e.user_id and not ${BANNED_NOW('u')}
         returning e.user_id::text as user_id`,
      [at.toISOString(), at.toISOString()],
    );
    const users = [...new Set(rows.map((r) => r.user_id))];
    for (const user of users) await this.noteAccountWrite(user, at);
    return users;
  }

  private async noteAccountWrite(userId: string, at: Date): Promise<void> {
    await this.em.execute(
      `insert into leaderboard_account_writes (user_id, changed_at) values (?, ?::timestamptz) on conflict do nothing`,
      [userId, at.toISOString()],
      'run',
    );
  }

  /** Accounts whose entries changed and are not yet in the rank index (one, or any noted by `olderThan`). */
  pendingAccountWrites(userId: string | null, olderThan: Date, limit: number): Promise<AccountWrite[]> {
    return this.rows(
      // The instant as text: it comes back exact (to the microsecond) to mark the line applied.
      `select user_id::text as user_id, changed_at::text as changed_at
         from leaderboard_account_writes
         where applied_at is null and (?::uuid is null or user_id = ?::uuid) and changed_at <= ?::timestamptz
         order by changed_at limit ?`,
      [userId, userId, olderThan.toISOString(), limit],
    );
  }

  async markAccountApplied(write: AccountWrite, at: Date): Promise<void> {
    await this.em.execute(
      `update leaderboard_account_writes set applied_at = ?::timestamptz
         where user_id = ? and changed_at = ?::timestamptz and applied_at is null`,
      [at.toISOString(), write.user_id, write.changed_at],
      'run',
    );
  }

  /**
   * Notes every entry of an account that is about to be deleted (its entries go with it), with
   * the version that takes it out of the rank index.
   */
  async noteRemovals(userId: string, at: Date): Promise<void> {
    await this.em.execute(
      `insert into leaderboard_removals (board_id, period, user_id, version, created_at)
         select board_id, period, user_id, version + 1, ?::timestamptz from leaderboard_entries where user_id = ?
         on conflict (board_id, period, user_id) do update set version = excluded.version`,
      [at.toISOString(), userId],
      'run',
    );
  }

  /** Entries of deleted accounts still in the rank index (of one account, or of any noted by `olderThan`). */
  pendingRemovals(userId: string | null, olderThan: Date, limit: number): Promise<Removal[]> {
    return this.rows<Removal>(
      `select board_id, period, user_id::text as user_id, version::float8 as version from leaderboard_removals
         where (?::uuid is null or user_id = ?::uuid) and created_at <= ?::timestamptz
         order by created_at limit ?`,
      [userId, userId, olderThan.toISOString(), limit],
    );
  }

  async forgetRemoval(removal: Removal): Promise<void> {
    await this.em.execute(
      'delete from leaderboard_removals where board_id = ? and period = ? and user_id = ? and version = ?',
      [removal.board_id, removal.period, removal.user_id, removal.version],
      'run',
    );
  }

  /** Every entry of one account, on every board and period. */
  entriesOfUser(userId: string): Promise<EntryRow[]> {
    return this.rows<EntryRow>(`select ${ENTRY_COLUMNS} from leaderboard_entries where user_id = ?`, [
      userId,
    ]);
  }

  /** Periods whose end has passed by `before` and that are not closed yet. */
  endedPeriods(before: Date): Promise<OpenPeriod[]> {
    return this.rows<OpenPeriod>(
      `select board_id, period, (extract(epoch from ends_at) * 1000)::float8 as ends_ms from leaderboard_periods
         where closed_at is null and ends_at is not null and ends_at <= ?::timestamptz order by ends_at`,
      [before.toISOString()],
    );
  }

  /** Closes a period with its final standings: true for the one caller that closed it. */
  async closePeriod(
    boardId: string,
    period: string,
    at: Date,
    total: number,
    standings: unknown,
  ): Promise<boolean> {
    const rows = await this.rows(
      `update leaderboard_periods set closed_at = ?::timestamptz, total = ?, standings = ?::jsonb
         where board_id = ? and period = ? and closed_at is null returning period`,
      [at.toISOString(), total, JSON.stringify(standings), boardId, period],
    );
    return rows.length === 1;
  }

  async archive(
    boardId: string,
    period: string,
  ): Promise<{ closed_at: string | null; total: number | null; standings: unknown } | undefined> {
    const rows = await this.rows<{ closed_at: string | null; total: number | null; standings: unknown }>(
      'select closed_at, total, standings from leaderboard_periods where board_id = ? and period = ?',
      [boardId, period],
    );
    return rows[0];
  }
}
