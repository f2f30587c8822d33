import { LockMode } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import type { Category } from '../../../schema/chess.ts';
import { Rating } from '../entities/rating.entity.ts';

export interface RatingValues {
  rating: number;
  rd: number;
  volatility: number;
}

export class RatingRepository {
  constructor(private readonly em: SqlEntityManager) {}

  find(userId: string, category: Category): Promise<Rating | null> {
    return this.em.findOne(Rating, { userId, category });
  }

  /** Every category in which the user has a rating row. */
  allOf(userId: string): Promise<Rating[]> {
    return this.em.find(Rating, { userId });
  }

  /**
   * The ratings of these users in one category, each row locked until the transaction ends (for
   * a read-modify-write). A user without a row gets one at `initial` first; two transactions
   * creating the same row do not conflict. Rows are locked in id order, so two games ending at
   * once with the same players cannot deadlock.
   */
  async lockOrCreate(
    userIds: string[],
    category: Category,
    initial: RatingValues,
    at: Date,
  ): Promise<Rating[]> {
    const values = userIds.map(() => '(?, ?, ?, ?, ?, 0, ?::timestamptz)').join(', ');
    const params = userIds.flatMap((id) => [
      id,
      category,
      initial.rating,
      initial.rd,
      initial.volatility,
      at.toISOString(),
    ]);
    await this.em.execute(
      `insert into ratings (user_id, category, rating, rd, volatility, games, updated_at) values ${values}
         on conflict (user_id, category) do nothing`,
      params,
      'run',
    );
    return this.em.find(
      Rating,
      { userId: { $in: userIds }, category },
      { orderBy: { userId: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
  }

  /** Writes a new rating after one more rated game. */
  async recordGame(userId: string, category: Category, next: RatingValues, at: Date): Promise<void> {
    await this.em.execute(
      `update ratings set rating = ?, rd = ?, volatility = ?, games = games + 1, updated_at = ?::timestamptz
         where user_id = ? and category = ?`,
      [next.rating, next.rd, next.volatility, at.toISOString(), userId, category],
      'run',
    );
  }
}
