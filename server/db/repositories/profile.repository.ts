import type { SqlEntityManager } from '@mikro-orm/sql';

export interface RatingPointRow {
  pool: string;
  at: string;
  rating: number;
}

export interface RecentResultRow {
  game_id: string;
  game: string;
  pool: string;
  rated: boolean;
  place: number | null;
  best_place: number | null;
  worst_place: number | null;
  rating_diff: number | null;
  opponents: string[];
  ended_at: string;
}

export interface NameRow {
  id: string;
  username: string;
  country: string | null;
}

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** What a public profile and the boards read about players beyond their account. */
export class ProfileRepository {
  constructor(private readonly em: SqlEntityManager) {}

  private rows<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.em.execute(sql, params, 'all') as Promise<T[]>;
  }

  /** Usernames and countries of these accounts. */
  names(ids: string[]): Promise<NameRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.rows<NameRow>(
      'select id::text as id, username, country from users where id = any(?::uuid[])',
      [`{${ids.join(',')}}`],
    );
  }

  /** The rating after each rated game, oldest first, the last `limit` per pool. */
  ratingHistory(userId: string, limit: number): Promise<RatingPointRow[]> {
    return this.rows<RatingPointRow>(
      `select pool, at, rating from (
         select g.pool, to_char(g.ended_at at time zone 'UTC', ${ISO}) as at, p.rating_after as rating, g.ended_at,
           row_number() over (partition by g.pool order by g.ended_at desc) as n
         from game_players p join games g on g.id = p.game_id
         where p.user_id = ? and p.rating_after is not null and g.ended_at is not null) h
       where n <= ? order by ended_at`,
      [userId, limit],
    );
  }

  /** The player's last finished games, newest first, with the placings of the game to tell win, loss or draw. */
  recentResults(userId: string, limit: number): Promise<RecentResultRow[]> {
    return this.rows<RecentResultRow>(
      `select g.id as game_id, g.game, g.pool, g.rated, p.place, p.rating_diff,
          (select min(o.place) from game_players o where o.game_id = g.id)::int as best_place,
          (select max(o.place) from game_players o where o.game_id = g.id)::int as worst_place,
          array(select o.name from game_players o where o.game_id = g.id and o.seat <> p.seat order by o.seat) as opponents,
          to_char(g.ended_at at time zone 'UTC', ${ISO}) as ended_at
         from game_players p join games g on g.id = p.game_id
         where p.user_id = ? and g.status = 'ended' and g.ended_at is not null
         order by g.ended_at desc limit ?`,
      [userId, limit],
    );
  }
}
