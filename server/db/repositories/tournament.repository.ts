import type { SqlEntityManager } from '@mikro-orm/sql';

export interface TournamentRow {
  id: string;
  name: string;
  game: string;
  format: string;
  status: string;
  createdBy: string | null;
}

/** Where a tournament stands in a list: its start (ms; null while it waits for a start by hand) and id. */
export interface ListPosition {
  startsAt: number | null;
  id: string;
}

/** The tournaments and their logs (`tournament_events`), in plain SQL. */
export class TournamentRepository {
  constructor(private readonly em: SqlEntityManager) {}

  async insert(row: {
    id: string;
    name: string;
    game: string;
    format: string;
    /** Null for a tournament started by hand, until it starts. */
    startsAt: number | null;
    createdBy: string;
    /** A private tournament's entry, null for a public one; the hash with `password`. */
    access: 'password' | 'invitation' | null;
    passwordHash: string | null;
  }) {
    await this.em.execute(
      `insert into tournaments (id, name, game, format, starts_at, created_by, access, password_hash)
       values (?, ?, ?, ?, ?::timestamptz, ?, ?, ?)`,
      [
        row.id,
        row.name,
        row.game,
        row.format,
        row.startsAt === null ? null : new Date(row.startsAt).toISOString(),
        row.createdBy,
        row.access,
        row.passwordHash,
      ],
    );
  }

  /** The password hash of a tournament entered with one; null otherwise. */
  async passwordHash(id: string): Promise<string | null> {
    const rows = await this.em.execute<Array<{ hash: string | null }>>(
      'select password_hash as hash from tournaments where id = ?',
      [id],
    );
    return rows[0]?.hash ?? null;
  }

  /** Appends event `seq`; false when that number is taken (another writer got there first). */
  async append(id: string, seq: number, event: object): Promise<boolean> {
    const res = await this.em.execute<{ affectedRows: number }>(
      `insert into tournament_events (tournament_id, seq, event) values (?, ?, ?::jsonb)
       on conflict (tournament_id, seq) do nothing`,
      [id, seq, JSON.stringify(event)],
      'run',
    );
    return res.affectedRows === 1;
  }

  async setStatus(id: string, status: string): Promise<void> {
    await this.em.execute('update tournaments set status = ? where id = ?', [status, id]);
  }

  /** Running from `at`: a tournament started by hand takes that as its start time. */
  async markStarted(id: string, at: number): Promise<void> {
    await this.em.execute(
      `update tournaments set status = 'running', starts_at = coalesce(starts_at, ?::timestamptz)
       where id = ?`,
      [new Date(at).toISOString(), id],
    );
  }

  async events(id: string): Promise<unknown[]> {
    const rows = await this.em.execute<Array<{ event: unknown }>>(
      'select event from tournament_events where tournament_id = ? order by seq',
      [id],
    );
    return rows.map((r) => (typeof r.event === 'string' ? JSON.parse(r.event) : r.event));
  }

  /** The logs of `ids`, each in order. */
  async eventsOf(ids: readonly string[]): Promise<Map<string, unknown[]>> {
    const logs = new Map<string, unknown[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return logs;
    const rows = await this.em.execute<Array<{ id: string; event: unknown }>>(
      `select tournament_id as id, event from tournament_events
       where tournament_id in (${ids.map(() => '?').join(', ')}) order by tournament_id, seq`,
      [...ids],
    );
    for (const r of rows) logs.get(r.id)?.push(typeof r.event === 'string' ? JSON.parse(r.event) : r.event);
    return logs;
  }

  /**
   * Tournaments of `status` (all without one), soonest first for upcoming (those waiting for a
   * start by hand last), newest first otherwise. `viewer` says who asks: a private tournament is
   * listed only for its creator and for players it invited or who entered it (by its log);
   * `everyone` lists them all (staff).
   */
  async list(
    filter: { status?: string | undefined; game?: string | undefined; unfinished?: boolean },
    viewer: { userId: string | null } | 'everyone',
    limit: number,
    after?: ListPosition,
  ): Promise<ListPosition[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) {
      where.push('t.status = ?');
      params.push(filter.status);
    }
    if (filter.unfinished) where.push("t.status <> 'finished'");
    if (filter.game) {
      where.push('t.game = ?');
      params.push(filter.game);
    }
    if (viewer !== 'everyone' && viewer.userId === null) where.push('t.access is null');
    if (viewer !== 'everyone' && viewer.userId !== null) {
      where.push(`(t.access is null or t.created_by::text = ? or exists (
        select 1 from tournament_events e
         where e.tournament_id = t.id and e.event->>'type' in ('joined', 'invited')
           and e.event->>'userId' = ?))`);
      params.push(viewer.userId, viewer.userId);
    }
    // Those waiting for a start by hand (no start time yet) come after those with one.
    const soonest = filter.status === 'upcoming' || !!filter.unfinished;
    if (after) {
      // The rows after `after` in the order below: the keyset (start, id), then the starts by hand.
      if (after.startsAt === null) {
        where.push('(t.starts_at is null and t.id > ?)');
        params.push(after.id);
      } else {
        const at = new Date(after.startsAt).toISOString();
        where.push(
          `(t.starts_at ${soonest ? '>' : '<'} ?::timestamptz or (t.starts_at = ?::timestamptz and t.id > ?) or t.starts_at is null)`,
        );
        params.push(at, at, after.id);
      }
    }
    const rows = await this.em.execute<Array<{ id: string; starts_at: Date | string | null }>>(
      `select t.id, t.starts_at from tournaments t ${where.length ? `where ${where.join(' and ')}` : ''}
       order by t.starts_at ${soonest ? 'asc' : 'desc'} nulls last, t.id limit ?`,
      [...params, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      startsAt: r.starts_at === null ? null : new Date(r.starts_at).getTime(),
    }));
  }

  async unfinished(): Promise<string[]> {
    const rows = await this.em.execute<Array<{ id: string }>>(
      "select id from tournaments where status <> 'finished' order by starts_at",
    );
    return rows.map((r) => r.id);
  }
}
