import type { SqlEntityManager } from '@mikro-orm/sql';
import type { Role } from '../../../schema/roles.ts';

/** A user as the staff's list shows it. */
export interface UserListRow {
  id: string;
  username: string;
  email: string | null;
  roles: Role[];
  guest: boolean;
  created_at: string;
  /** The last sign-in or token refresh, whichever is later. */
  last_seen_at: string | null;
  banned_at: string | null;
  banned_until: string | null;
  muted_until: string | null;
}

export interface RecentGameRow {
  id: string;
  game: string | null;
  status: string;
  rated: boolean;
  termination: string | null;
  started_at: string;
  ended_at: string | null;
  players: string[];
}

export interface NoteRow {
  id: string;
  at: string;
  author_id: string | null;
  author: string | null;
  body: string;
}

const ISO = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Escapes LIKE's wildcards, so a search for `a_b` finds `a_b` only. */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The staff's reads of users (search, last seen) and their notes about a user. */
export class StaffRepository {
  constructor(private readonly em: SqlEntityManager) {}

  /**
   * Users whose name or email contains `query` (case-insensitive; every user without one),
   * newest first, with role and ban filters, `limit` from `offset`.
   */
  async searchUsers(filter: {
    query?: string | undefined;
    role?: Role | undefined;
    banned?: boolean | undefined;
    now: Date;
    limit: number;
    offset: number;
  }): Promise<UserListRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.query) {
      const like = `%${likeEscaped(filter.query.toLowerCase())}%`;
      where.push(`(lower(u.username) like ? escape '\\' or lower(coalesce(u.email, '')) like ? escape '\\')`);
      params.push(like, like);
    }
    if (filter.role) {
      where.push('? = any(u.roles)');
      params.push(filter.role);
    }
    if (filter.banned !== undefined) {
      const banned = 'u.banned_at is not null and (u.banned_until is null or u.banned_until > ?)';
      where.push(filter.banned ? `(${banned})` : `not coalesce(${banned}, false)`);
      params.push(filter.now);
    }
    const rows = await this.em.getConnection().execute<UserListRow[]>(
      `select u.id, u.username, u.email, u.roles, u.guest, ${ISO('u.created_at')} as created_at,
         ${ISO('greatest(u.last_login_at, (select max(f.rotated_at) from refresh_token_families f where f.user_id = u.id))')} as last_seen_at,
         ${ISO('u.banned_at')} as banned_at, ${ISO('u.banned_until')} as banned_until, ${ISO('u.muted_until')} as muted_until
       from users u ${where.length ? `where ${where.join(' and ')}` : ''}
       order by u.created_at desc, u.id desc limit ? offset ?`,
      [...params, filter.limit, filter.offset],
    );
    return rows;
  }

  /** The newest games of any game, with their players' names in seating order. */
  recentGames(limit: number): Promise<RecentGameRow[]> {
    return this.em.getConnection().execute<RecentGameRow[]>(
      `select g.id, g.game, g.status, g.rated, g.termination, ${ISO('g.started_at')} as started_at,
         ${ISO('g.ended_at')} as ended_at,
         (select coalesce(array_agg(p.name order by p.seat), '{}') from game_players p where p.game_id = g.id) as players
       from games g order by g.started_at desc, g.id desc limit ?`,
      [limit],
    );
  }

  async addNote(note: { targetId: string; authorId: string; body: string }): Promise<void> {
    await this.em
      .getConnection()
      .execute('insert into admin_notes (target_id, author_id, body) values (?, ?, ?)', [
        note.targetId,
        note.authorId,
        note.body,
      ]);
  }

  /** Newest first. */
  notesOf(targetId: string, limit: number): Promise<NoteRow[]> {
    return this.em.getConnection().execute<NoteRow[]>(
      `select n.id::text as id, ${ISO('n.at')} as at, n.author_id, a.username as author, n.body
         from admin_notes n left join users a on a.id = n.author_id
         where n.target_id = ? order by n.id desc limit ?`,
      [targetId, limit],
    );
  }
}
