import type { SqlEntityManager } from '@mikro-orm/sql';

const ISO = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A user id (a UUID) in any letter case: anything else is no user's. */
const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A user's blockers and chat mute, as the lobby reads them. */
export interface StandingRow {
  userId: string;
  blockers: string[];
  /** ms since the epoch; a time past means not muted. */
  mutedUntil: number | null;
}

/** Another account as a list shows it. */
export interface ListedUser {
  userId: string;
  username: string;
  /** When the friendship, request or block began (ISO 8601). */
  since: string;
}

export interface NotificationRow {
  id: string;
  type: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

/** Friend requests, friendships (a row per side), blocks and the notification inbox. */
export class SocialRepository {
  constructor(private readonly em: SqlEntityManager) {}

  private async rows<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.em.execute<T[]>(sql, params);
  }

  async hasRequest(fromId: string, toId: string): Promise<boolean> {
    return (
      (await this.rows('select 1 from friend_requests where from_id = ? and to_id = ?', [fromId, toId]))
        .length > 0
    );
  }

  async addRequest(fromId: string, toId: string): Promise<boolean> {
    const rows = await this.rows(
      'insert into friend_requests (from_id, to_id) values (?, ?) on conflict do nothing returning from_id',
      [fromId, toId],
    );
    return rows.length === 1;
  }

  async removeRequest(fromId: string, toId: string): Promise<boolean> {
    const rows = await this.rows(
      'delete from friend_requests where from_id = ? and to_id = ? returning from_id',
      [fromId, toId],
    );
    return rows.length === 1;
  }

  async areFriends(a: string, b: string): Promise<boolean> {
    return (
      (await this.rows('select 1 from friendships where user_id = ? and friend_id = ?', [a, b])).length > 0
    );
  }

  async befriend(a: string, b: string): Promise<void> {
    await this.rows(
      'insert into friendships (user_id, friend_id) values (?, ?), (?, ?) on conflict do nothing',
      [a, b, b, a],
    );
  }

  /** Ends the friendship and any request between the two; true when there was a friendship. */
  async unfriend(a: string, b: string): Promise<boolean> {
    const rows = await this.rows(
      'delete from friendships where (user_id = ? and friend_id = ?) or (user_id = ? and friend_id = ?) returning user_id',
      [a, b, b, a],
    );
    await this.rows(
      'delete from friend_requests where (from_id = ? and to_id = ?) or (from_id = ? and to_id = ?)',
      [a, b, b, a],
    );
    return rows.length > 0;
  }

  async friends(userId: string): Promise<ListedUser[]> {
    return this.rows(
      `select u.id as "userId", u.username, ${ISO('f.since')} as since from friendships f join users u on u.id = f.friend_id
        where f.user_id = ? order by lower(u.username)`,
      [userId],
    );
  }

  async incoming(userId: string): Promise<ListedUser[]> {
    return this.rows(
      `select u.id as "userId", u.username, ${ISO('r.created_at')} as since from friend_requests r join users u on u.id = r.from_id
        where r.to_id = ? order by r.created_at, u.id`,
      [userId],
    );
  }

  async outgoing(userId: string): Promise<ListedUser[]> {
    return this.rows(
      `select u.id as "userId", u.username, ${ISO('r.created_at')} as since from friend_requests r join users u on u.id = r.to_id
        where r.from_id = ? order by r.created_at, u.id`,
      [userId],
    );
  }

  /** Whether `blockerId` blocks `blockedId`. */
  async blocks(blockerId: string, blockedId: string): Promise<boolean> {
    return (
      (
        await this.rows('select 1 from blocks where blocker_id = ? and blocked_id = ?', [
          blockerId,
          blockedId,
        ])
      ).length > 0
    );
  }

  /**
   * Who blocks each of `userIds`, and until when staff muted them in chats (ms since the epoch), in
   * one statement: what the lobby reads of the users coming in. Users the record does not hold
   * (and ids not shaped like a user's) are left out; ids come back in lower case.
   */
  async standings(userIds: readonly string[]): Promise<StandingRow[]> {
    const ids = userIds.filter((id) => USER_ID.test(id));
    if (ids.length === 0) return [];
    const marks = ids.map(() => '?').join(', ');
    const rows = await this.rows<{ id: string; muted_until_ms: number | null; blockers: string }>(
      `select u.id, floor(extract(epoch from u.muted_until) * 1000)::float8 as muted_until_ms,
         coalesce((select string_agg(b.blocker_id::text, ',') from blocks b where b.blocked_id = u.id), '') as blockers
       from users u where u.id in (${marks})`,
      ids,
    );
    return rows.map((row) => ({
      userId: row.id,
      blockers: row.blockers === '' ? [] : row.blockers.split(','),
      mutedUntil: row.muted_until_ms === null ? null : Number(row.muted_until_ms),
    }));
  }

  /** Whether any of `blockerIds` blocks `userId`. */
  async blockedByAny(userId: string, blockerIds: readonly string[]): Promise<boolean> {
    if (blockerIds.length === 0) return false;
    const marks = blockerIds.map(() => '?').join(', ');
    const rows = await this.rows(
      `select 1 from blocks where blocked_id = ? and blocker_id in (${marks}) limit 1`,
      [userId, ...blockerIds],
    );
    return rows.length > 0;
  }

  async block(blockerId: string, blockedId: string): Promise<boolean> {
    const rows = await this.rows(
      'insert into blocks (blocker_id, blocked_id) values (?, ?) on conflict do nothing returning blocker_id',
      [blockerId, blockedId],
    );
    return rows.length === 1;
  }

  async unblock(blockerId: string, blockedId: string): Promise<boolean> {
    const rows = await this.rows(
      'delete from blocks where blocker_id = ? and blocked_id = ? returning blocker_id',
      [blockerId, blockedId],
    );
    return rows.length === 1;
  }

  async blocked(userId: string): Promise<ListedUser[]> {
    return this.rows(
      `select u.id as "userId", u.username, ${ISO('b.created_at')} as since from blocks b join users u on u.id = b.blocked_id
        where b.blocker_id = ? order by lower(u.username)`,
      [userId],
    );
  }

  // ---- the inbox ----------------------------------------------------------------------------

  async notify(userId: string, type: string, data: Record<string, unknown>): Promise<NotificationRow> {
    const [row] = await this.rows<NotificationRow>(
      `insert into notifications (user_id, type, data) values (?, ?, ?::jsonb)
        returning id::text as id, type, data, ${ISO('created_at')} as "createdAt", null as "readAt"`,
      [userId, type, JSON.stringify(data)],
    );
    return row!;
  }

  /** Newest first; `before` is the id of the last one of the previous page. */
  async inbox(
    userId: string,
    options: { before?: string; limit: number; unreadOnly: boolean },
  ): Promise<NotificationRow[]> {
    return this.rows(
      `select id::text as id, type, data, ${ISO('created_at')} as "createdAt", ${ISO('read_at')} as "readAt"
        from notifications where user_id = ? and id < ? ${options.unreadOnly ? 'and read_at is null' : ''}
        order by notifications.id desc limit ?`,
      [userId, options.before ?? '9223372036854775807', options.limit],
    );
  }

  async unreadCount(userId: string): Promise<number> {
    const [row] = await this.rows<{ n: number }>(
      'select count(*)::int as n from notifications where user_id = ? and read_at is null',
      [userId],
    );
    return row?.n ?? 0;
  }

  /** Marks the user's notifications read: these ids, or all of them. Returns how many changed. */
  async markRead(userId: string, ids: string[] | 'all', now: Date): Promise<number> {
    const rows =
      ids === 'all'
        ? await this.rows(
            'update notifications set read_at = ? where user_id = ? and read_at is null returning id',
            [now, userId],
          )
        : await this.rows(
            `update notifications set read_at = ? where user_id = ? and read_at is null
              and id in (select unnest(?::bigint[])) returning id`,
            [now, userId, `{${ids.join(',')}}`],
          );
    return rows.length;
  }

  /** Removes read notifications older than `readBefore`, and any beyond the newest `keep` of a user. */
  async prune(readBefore: Date, keep: number, limit: number): Promise<number> {
    const rows = await this.rows(
      `delete from notifications where id in (
         select id from notifications n where (n.read_at is not null and n.read_at < ?)
            or n.id < coalesce((select m.id from notifications m where m.user_id = n.user_id
                                 order by m.id desc offset ? limit 1), 0)
         limit ?) returning id`,
      [readBefore, keep - 1, limit],
    );
    return rows.length;
  }
}
