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

const ENTRY_COLUMNS = `board_id, period, user_id::text as user_id, value, country, visible, version::int as version,
  (extract(epoch from achieved_at) * 1000)::float8 as achieved_ms`;

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

  /** Creates the entry, or false when it exists already (a concurrent writer made it). */
  async insertEntry(change: EntryChange): Promise<boolean> {
    const rows = await this.rows(
      `insert into leaderboard_entries (board_id, period, user_id, value, achieved_at, country, visible, version, updated_at)
         values (?, ?, ?, ?, ?::timestamptz, ?, ?, 1, ?::timestamptz) on conflict do nothing returning version`,
      [
        change.boardId,
        change.period,
        change.userId,
        change.value,
        change.at.toISOString(),
        change.country,
        change.visible,
        change.at.toISOString(),
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

  /** What boards need to know of these accounts, with their rated games in one pool. */
  accounts(userIds: string[], pool: string): Promise<AccountForBoards[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.rows<AccountForBoards>(
      `select u.id::text as user_id, u.country, u.guest, u.banned_at is not null as banned,
          coalesce(r.games, 0)::int as games
         from users u left join ratings r on r.user_id = u.id and r.pool = ?
         where u.id = any(?::uuid[])`,
      [pool, `{${userIds.join(',')}}`],
    );
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
