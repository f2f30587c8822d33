import type { SqlEntityManager } from '@mikro-orm/sql';
import type { ExportedSeat } from '../../../schema/accounts.ts';

/** The name a deleted account's seats show from then on (not a registrable name: it has a space). */
export const DELETED_USER_NAME = 'deleted user';

const ISO = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** What the record holds about one account, read whole (the export) and removed whole (deletion). */
export class AccountDataRepository {
  constructor(private readonly em: SqlEntityManager) {}

  async seats(userId: string): Promise<ExportedSeat[]> {
    return this.em.execute<ExportedSeat[]>(
      `select g.id as "gameId", g.game, g.pool, g.rated, g.status, g.termination,
          ${ISO('g.started_at')} as "startedAt", ${ISO('g.ended_at')} as "endedAt",
          p.seat, p.name, p.score, p.place, p.rating_before as "ratingBefore", p.rating_after as "ratingAfter",
          (select coalesce(json_agg(json_build_object('seat', q.seat, 'name', q.name, 'bot', q.bot) order by q.seat), '[]'::json)
             from game_players q where q.game_id = g.id and q.seat <> p.seat) as others
        from game_players p join games g on g.id = p.game_id
        where p.user_id = ? order by g.started_at, g.id, p.seat`,
      [userId],
    );
  }

  async ratings(userId: string): Promise<Array<Record<string, unknown>>> {
    return this.em.execute(
      `select pool, rating, rd, volatility, games, ${ISO('updated_at')} as "updatedAt"
        from ratings where user_id = ? order by pool`,
      [userId],
    );
  }

  /** Every session the record keeps, ended ones too (without token hashes). */
  async sessions(userId: string): Promise<Array<Record<string, unknown>>> {
    return this.em.execute(
      `select id, ${ISO('created_at')} as "createdAt", ${ISO('rotated_at')} as "lastUsedAt",
          ${ISO('expires_at')} as "expiresAt", ${ISO('revoked_at')} as "endedAt", revoke_reason as "endReason",
          user_agent as "userAgent", ip
        from refresh_token_families where user_id = ? order by created_at, id`,
      [userId],
    );
  }

  /** Audit entries by or about the account, oldest first. */
  async audit(userId: string): Promise<Array<Record<string, unknown>>> {
    return this.em.execute(
      `select id::text as id, ${ISO('at')} as at, action, actor_id as "actorId", target_id as "targetId", ip, details
        from audit_log where target_id = ? or actor_id = ? order by audit_log.id`,
      [userId, userId],
    );
  }

  /**
   * Shows the account as a deleted user in every game it played, the PGN headers included; the
   * games stay whole for the other players. Returns how many seats.
   */
  async anonymiseSeats(userId: string): Promise<number> {
    await this.em.execute(
      `update games g set record = jsonb_set(g.record, '{pgn}', to_jsonb(
          replace(replace(g.record->>'pgn',
            '[White "' || p.name || '"]', '[White "${DELETED_USER_NAME}"]'),
            '[Black "' || p.name || '"]', '[Black "${DELETED_USER_NAME}"]')))
        from game_players p
        where p.game_id = g.id and p.user_id = ? and g.record->>'pgn' is not null`,
      [userId],
    );
    const rows = await this.em.execute<{ seat: number }[]>(
      `update game_players set name = ?, user_id = null where user_id = ? returning seat`,
      [DELETED_USER_NAME, userId],
    );
    return rows.length;
  }

  /** Removes the account row; its sessions, tokens and ratings go with it (foreign keys). */
  async deleteUser(userId: string): Promise<boolean> {
    const rows = await this.em.execute<{ id: string }[]>('delete from users where id = ? returning id', [
      userId,
    ]);
    return rows.length === 1;
  }
}
