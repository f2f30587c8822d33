import { LockMode } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { Rating } from '../entities/rating.entity.ts';

export interface RatingValues {
  rating: number;
  rd: number;
  volatility: number;
}

/** A rating row as plain values. */
export type StoredRating = RatingValues & { userId: string; games: number };

function plainValues(row: RatingValues & { games: number }): RatingValues & { games: number } {
  return {
    rating: Number(row.rating),
    rd: Number(row.rd),
    volatility: Number(row.volatility),
    games: Number(row.games),
  };
}

export class RatingRepository {
  constructor(private readonly em: SqlEntityManager) {}

  find(userId: string, pool: string): Promise<Rating | null> {
    return this.em.findOne(Rating, { userId, pool });
  }

  /**
   * A user's rating in one pool as plain values (null: no game played there yet): read as every
   * seat is taken, so no entity is built for it.
   */
  async valuesOf(userId: string, pool: string): Promise<(RatingValues & { games: number }) | null> {
    const rows = await this.em.execute<Array<RatingValues & { games: number }>>(
      'select rating, rd, volatility, games from ratings where user_id = ? and pool = ?',
      [userId, pool],
    );
    return rows[0] ? plainValues(rows[0]) : null;
  }

  /**
   * The ratings of these users in one pool as plain values (users without one are left out): read
   * as every game ends, so no entity is built for them.
   */
  async findMany(userIds: string[], pool: string): Promise<StoredRating[]> {
    if (userIds.length === 0) return [];
    const rows = await this.em.execute<Array<RatingValues & { games: number; user_id: string }>>(
      'select user_id, rating, rd, volatility, games from ratings where user_id = any(?::uuid[]) and pool = ?',
      [`{${userIds.join(',')}}`, pool],
    );
    return rows.map((row) => ({ userId: row.user_id, ...plainValues(row) }));
  }

  /** Every pool in which the user has a rating row. */
  allOf(userId: string): Promise<Rating[]> {
    return this.em.find(Rating, { userId });
  }

  /**
   * The ratings of these users in one pool, each row locked until the transaction ends (for
   * a read-modify-write). A user without a row gets one at `initial` first; two transactions
   * creating the same row do not conflict. Rows are locked in id order, so two games ending at
   * once with the same players cannot deadlock.
   */
  async lockOrCreate(userIds: string[], pool: string, initial: RatingValues, at: Date): Promise<Rating[]> {
    const values = userIds.map(() => '(?, ?, ?, ?, ?, 0, ?::timestamptz)').join(', ');
    const params = userIds.flatMap((id) => [
      id,
      pool,
      initial.rating,
      initial.rd,
      initial.volatility,
      at.toISOString(),
    ]);
    await this.em.execute(
      `insert into ratings (user_id, pool, rating, rd, volatility, games, updated_at) values ${values}
         on conflict (user_id, pool) do nothing`,
      params,
      'run',
    );
    return this.em.find(
      Rating,
      { userId: { $in: userIds }, pool },
      { orderBy: { userId: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
  }

  /** Writes a new rating after one more rated game. */
  async recordGame(userId: string, pool: string, next: RatingValues, at: Date): Promise<void> {
    await this.em.execute(
      `update ratings set rating = ?, rd = ?, volatility = ?, games = games + 1, updated_at = ?::timestamptz
         where user_id = ? and pool = ?`,
      [next.rating, next.rd, next.volatility, at.toISOString(), userId, pool],
      'run',
    );
  }
}
