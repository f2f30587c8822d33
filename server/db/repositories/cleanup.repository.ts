import type { SqlEntityManager } from '@mikro-orm/sql';

/** Removals of the accounts' cleanup, each bounded to `limit` rows a statement. */
export class CleanupRepository {
  constructor(private readonly em: SqlEntityManager) {}

  /**
   * Guests created before `createdBefore` that never sat in a game and have no session used since
   * `activeSince`; their sessions and tokens go with them. Returns how many.
   */
  async deleteIdleGuests(createdBefore: Date, activeSince: Date, limit: number): Promise<number> {
    const rows = await this.em.execute<{ id: string }[]>(
      `delete from users where id in (
         select u.id from users u
          where u.guest and u.created_at < ?
            and not exists (select 1 from game_players p where p.user_id = u.id)
            and not exists (select 1 from refresh_token_families f
                             where f.user_id = u.id and f.revoked_at is null and f.rotated_at >= ?)
          limit ?) returning id`,
      [createdBefore, activeSince, limit],
    );
    return rows.length;
  }
}
