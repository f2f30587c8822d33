import { PostgreSqlConnection } from '@mikro-orm/postgresql';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { Game, type GameRecordJson } from '../entities/game.entity.ts';
import { GameEvent, type StoredEvent } from '../entities/game-event.entity.ts';
import { GamePlayer } from '../entities/game-player.entity.ts';
import { GameSnapshot } from '../entities/game-snapshot.entity.ts';

export type NewGame = Pick<Game, 'id' | 'game' | 'options' | 'pool' | 'rated' | 'startedAt'> & {
  reportTo: string | null;
};

export type NewGamePlayer = Pick<
  GamePlayer,
  'gameId' | 'seat' | 'team' | 'userId' | 'name' | 'bot' | 'guest' | 'startedAt'
>;

export interface NewGameEvent {
  gameId: string;
  seq: number;
  v: number;
  event: StoredEvent;
  derived: Record<string, unknown> | null;
}

export interface GameEndRow {
  termination: string;
  record: GameRecordJson;
  endedAt: Date;
}

/** What one seat came to: its result, and its rating before and after (null where none). */
export interface PlayerOutcome {
  score: number | null;
  place: number | null;
  ratingBefore: number | null;
  ratingAfter: number | null;
  ratingDiff: number | null;
  provisional: boolean | null;
}

/** What deciding a game's end reads of it (see `endingFacts`). */
export interface EndingFacts {
  game: string;
  pool: string;
  rated: boolean;
  status: string;
  players: Array<{ seat: number; team: number; userId: string | null }>;
}

/** A seat's result as an unrated end writes it: null moves or berserk leave the seat's own. */
export interface UnratedSeat {
  seat: number;
  score: number | null;
  place: number | null;
  moves: number | null;
  berserk: boolean | null;
}

/** Where a page of a player's games starts: strictly older than this game. */
export interface GameKey {
  startedAt: Date;
  id: string;
}

/** What a write did: one statement decides, with no read before it. */
export type AppendOutcome = 'appended' | 'seq_taken' | 'no_game';
export type SnapshotOutcome = 'saved' | 'exists' | 'no_event';

/** The columns of an event's row, and the casts of their parameters (see {@link appendParams}). */
const APPEND_COLUMNS = 'game_id, seq, v, type, event, derived, at';
const APPEND_CASTS = ['', '::int', '::int', '', '::jsonb', '::jsonb', '::timestamptz'];

/**
 * The placeholders of the `row`-th event of a statement: `?` for the entity manager, or `$n`
 * for the driver.
 */
function appendRow(row: number, placeholders: 'orm' | 'driver'): string {
  const values = APPEND_CASTS.map((cast, column) =>
    placeholders === 'orm' ? `?${cast}` : `$${row * APPEND_CASTS.length + column + 1}${cast}`,
  );
  return `(${values.join(', ')})`;
}

/** One event's row, for the entity manager. */
const APPEND_ROW = appendRow(0, 'orm');

const APPEND = `insert into game_events (${APPEND_COLUMNS}) values ${APPEND_ROW}
  on conflict (game_id, seq) do nothing`;

/** An event's values, in the order of {@link APPEND}'s columns. */
function appendParams(event: NewGameEvent): unknown[] {
  return [
    event.gameId,
    event.seq,
    event.v,
    event.event.type,
    JSON.stringify(event.event),
    event.derived === null ? null : JSON.stringify(event.derived),
    new Date(event.event.at).toISOString(),
  ];
}

/** The driver's statements of {@link appendMany}, by number of rows, made once each. */
const DRIVER_APPENDS: string[] = [];

/**
 * An INSERT of `count` events and its `returning`, for a list of {@link appendParams}: with `?`
 * placeholders for the entity manager, or `$n` for the driver.
 */
function appendMany(count: number, placeholders: 'orm' | 'driver'): string {
  const rows: string[] = [];
  for (let row = 0; row < count; row++) rows.push(appendRow(row, placeholders));
  return `insert into game_events (${APPEND_COLUMNS}) values ${rows.join(', ')}
    on conflict (game_id, seq) do nothing returning game_id, seq`;
}

/** A seat's values, in the order of {@link playerParams}. */
const PLAYER_ROW = '(?, ?::int, ?::int, ?::uuid, ?, ?, ?::boolean, ?::timestamptz)';

function playerParams(p: NewGamePlayer): unknown[] {
  return [
    p.gameId,
    p.seat,
    p.team,
    p.userId ?? null,
    p.name,
    p.bot ?? null,
    p.guest,
    p.startedAt.toISOString(),
  ];
}

/** Events of type `move`: counted from the log while a game is played, stored once it has ended. */
const MOVE_COUNT = `case when g.status = 'playing'
    then (select count(*)::int from game_events e where e.game_id = g.id and e.type = 'move')
    else g.moves end`;

/**
 * A player's games, newest first, from the keyset on, along their seats' index; a game in which
 * the same account holds two seats is listed once (by its first seat). The PGN is left out.
 */
const PAGE_OF_USER = `select g.id, g.game, g.options, g.pool, g.rated, g.status, g.termination,
    g.record - 'pgn' as record, ${MOVE_COUNT} as moves, g.report_to, g.reported_at, g.started_at, g.ended_at,
    g.created_at
  from (select p.game_id from game_players p
      where p.user_id = ? and (p.started_at, p.game_id) < (?::timestamptz, ?)
        and not exists (select 1 from game_players q where q.game_id = p.game_id and q.user_id = p.user_id and q.seat < p.seat)
      order by p.started_at desc, p.game_id desc limit ?) mine
  join games g on g.id = mine.game_id
  order by g.started_at desc, g.id desc`;

/** Later than any game: the first page starts before it. */
const NEWEST = new Date('9999-12-31T00:00:00Z');

function pgCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The record of matches: games, their seats, their append-only logs and snapshots. */
export class GameRepository {
  constructor(private readonly em: SqlEntityManager) {}

  /** Inserts the game unless its id is taken; says whether it did. */
  async insertGame(game: NewGame): Promise<boolean> {
    const res = await this.em
      .createQueryBuilder(Game)
      .insert({ ...game, status: 'playing', moves: 0 })
      .onConflict('id')
      .ignore()
      .execute<{ affectedRows: number }>('run');
    return res.affectedRows === 1;
  }

  /** Every seat of a new game, in one statement (a game's start is on the path of every join). */
  async insertPlayers(players: NewGamePlayer[]): Promise<void> {
    if (players.length === 0) return;
    await this.em.execute(
      `insert into game_players (game_id, seat, team, user_id, name, bot, guest, started_at)
         values ${players.map(() => PLAYER_ROW).join(', ')}`,
      players.flatMap(playerParams),
      'run',
    );
  }

  /**
   * A new game, its seats and its first event in one statement (so all or nothing, without a
   * transaction's extra round trips: a game's start is on the path of every seating). Inserts
   * nothing when the id is taken, and says whether it inserted.
   */
  async insertStart(game: NewGame, players: NewGamePlayer[], first: NewGameEvent): Promise<boolean> {
    const seats =
      players.length === 0
        ? ''
        : `, seats as (insert into game_players (game_id, seat, team, user_id, name, bot, guest, started_at)
             select v.* from (values ${players.map(() => PLAYER_ROW).join(', ')}) as v
             where exists (select 1 from created))`;
    const rows = await this.em.execute<{ inserted: number }[]>(
      `with created as (
         insert into games (id, game, options, pool, rated, started_at, report_to, status, moves)
           values (?, ?, ?::jsonb, ?, ?, ?::timestamptz, ?, 'playing', 0)
           on conflict (id) do nothing
           returning id)${seats},
       first as (insert into game_events (${APPEND_COLUMNS})
         select v.* from (values ${APPEND_ROW}) as v
         where exists (select 1 from created))
       select count(*)::int as inserted from created`,
      [
        game.id,
        game.game,
        JSON.stringify(game.options),
        game.pool,
        game.rated,
        game.startedAt.toISOString(),
        game.reportTo,
        ...players.flatMap(playerParams),
        ...appendParams(first),
      ],
    );
    return Number(rows[0]?.inserted ?? 0) === 1;
  }

  findById(id: string): Promise<Game | null> {
    return this.em.findOne(Game, { id });
  }

  /** A game with its seats, in seating order. */
  async findWithPlayers(id: string): Promise<{ game: Game; players: GamePlayer[] } | null> {
    const game = await this.findById(id);
    return game ? { game, players: await this.playersOf([id]) } : null;
  }

  /** The seats of these games, in seating order. */
  playersOf(gameIds: string[]): Promise<GamePlayer[]> {
    if (gameIds.length === 0) return Promise.resolve([]);
    return this.em.find(
      GamePlayer,
      { gameId: { $in: gameIds } },
      { orderBy: { gameId: 'asc', seat: 'asc' } },
    );
  }

  /**
   * Appends one event: a single INSERT, nothing read before it. A number already taken changes
   * nothing and answers `seq_taken`; a game that does not exist answers `no_game`.
   */
  async appendEvent(event: NewGameEvent): Promise<AppendOutcome> {
    try {
      const res = await this.em.execute<{ affectedRows: number }>(APPEND, appendParams(event), 'run');
      return res.affectedRows === 1 ? 'appended' : 'seq_taken';
    } catch (err) {
      if (pgCode(err) === '23503') return 'no_game';
      throw err;
    }
  }

  /**
   * Appends several events (of any games) in one INSERT, answering each one's outcome in order, as
   * {@link appendEvent} would have: a number already taken (in the table, or earlier in the same
   * list) changes nothing and answers `seq_taken`. An event of a game that does not exist fails the
   * whole statement; the events are then written one by one, so only that one answers `no_game`.
   */
  async appendEvents(events: readonly NewGameEvent[]): Promise<AppendOutcome[]> {
    if (events.length === 0) return [];
    let written: { game_id: string; seq: number }[];
    try {
      const params: unknown[] = [];
      for (const event of events) params.push(...appendParams(event));
      written = await this.appendRows(events.length, params);
    } catch (err) {
      if (pgCode(err) !== '23503') throw err;
      if (events.length === 1) return ['no_game'];
      const outcomes: AppendOutcome[] = [];
      for (const event of events) outcomes.push(await this.appendEvent(event));
      return outcomes;
    }
    const inserted = new Set(written.map((r) => `${r.game_id}:${Number(r.seq)}`));
    return events.map((event) => {
      const key = `${event.gameId}:${event.seq}`;
      // Of two equal numbers in one list the first is written; the second finds it taken.
      return inserted.delete(key) ? 'appended' : 'seq_taken';
    });
  }

  /**
   * The statement of {@link appendEvents}. On PostgreSQL outside a transaction it goes straight to
   * the driver's pool with its parameters bound: this is every move's write, and the ORM's way
   * (the parameters spliced into the text, escaped character by character, the statement logged)
   * cost more than the rest of the append's JavaScript. Inside a transaction, and on PGlite (one
   * connection, which the ORM keeps to one piece of work at a time), it goes through the entity
   * manager.
   */
  private async appendRows(count: number, params: unknown[]): Promise<{ game_id: string; seq: number }[]> {
    const connection = this.em.getConnection();
    if (connection instanceof PostgreSqlConnection && !this.em.isInTransaction()) {
      const pool = await connection.getNativeClient();
      // Named, so that each connection parses and plans the insert of `count` rows once: 17% less
      // of PostgreSQL's CPU a move (docs/perf.md). A pooler must keep it to its connection.
      DRIVER_APPENDS[count] ??= appendMany(count, 'driver');
      const query = { name: `rookery-append-${count}`, text: DRIVER_APPENDS[count], values: params };
      return (await pool.query<{ game_id: string; seq: number }>(query)).rows;
    }
    return this.em.execute<{ game_id: string; seq: number }[]>(appendMany(count, 'orm'), params);
  }

  /** The log of a game, in order, after event `afterSeq` (0: all of it). */
  events(gameId: string, afterSeq = 0): Promise<GameEvent[]> {
    return this.em.find(GameEvent, { gameId, seq: { $gt: afterSeq } }, { orderBy: { seq: 'asc' } });
  }

  /** Keeps a snapshot unless one exists at that number; there must be an event at that number. */
  async insertSnapshot(snapshot: {
    gameId: string;
    seq: number;
    v: number;
    state: unknown;
  }): Promise<SnapshotOutcome> {
    try {
      const res = await this.em.execute<{ affectedRows: number }>(
        `insert into game_snapshots (game_id, seq, v, state) values (?, ?, ?, ?::jsonb)
           on conflict (game_id, seq) do nothing`,
        [snapshot.gameId, snapshot.seq, snapshot.v, JSON.stringify(snapshot.state)],
        'run',
      );
      return res.affectedRows === 1 ? 'saved' : 'exists';
    } catch (err) {
      if (pgCode(err) === '23503') return 'no_event';
      throw err;
    }
  }

  latestSnapshot(gameId: string): Promise<GameSnapshot | null> {
    return this.em.findOne(GameSnapshot, { gameId }, { orderBy: { seq: 'desc' } });
  }

  /**
   * Ends a game that is still being played: one atomic UPDATE, so of two concurrent calls exactly
   * one gets the row back; the other (and any later call) gets null.
   */
  async end(gameId: string, end: GameEndRow): Promise<Game | null> {
    const rows = await this.em.execute(
      `update games set status = 'ended', termination = ?, record = ?::jsonb, ended_at = ?::timestamptz,
         moves = (select count(*)::int from game_events e where e.game_id = games.id and e.type = 'move')
       where id = ? and status = 'playing'
       returning *`,
      [end.termination, JSON.stringify(end.record), end.endedAt.toISOString(), gameId],
    );
    return rows[0] ? this.em.map(Game, rows[0]) : null;
  }

  /**
   * What deciding a game's end needs, in one read: the game's name, pool, whether it is rated,
   * its status, and its seats (seat, team, account) in seating order; null for no such game.
   */
  async endingFacts(gameId: string): Promise<EndingFacts | null> {
    const rows = await this.em.execute<
      Array<{ game: string; pool: string; rated: boolean; status: string; players: unknown }>
    >(
      `select g.game, g.pool, g.rated, g.status,
         coalesce((select json_agg(json_build_object('seat', p.seat, 'team', p.team, 'userId', p.user_id) order by p.seat)
           from game_players p where p.game_id = g.id), '[]'::json) as players
       from games g where g.id = ?`,
      [gameId],
    );
    const row = rows[0];
    if (!row) return null;
    const players = (
      typeof row.players === 'string' ? JSON.parse(row.players) : row.players
    ) as EndingFacts['players'];
    return { game: row.game, pool: row.pool, rated: row.rated, status: row.status, players };
  }

  /**
   * Ends a game that is still being played and moves no rating (casual, with a bot or a guest,
   * without a result), in one statement, so all of it or nothing, writing what the finish
   * transaction would: the row as {@link end} ends it; each seat given in `results` its score,
   * placing and, where given, its moves and berserk (the others' left as they are), every other
   * seat no score or placing; the seats in `forfeited` marked; each account's seat its rating in
   * the game's pool at the time, for display (`shown`: rounded as `Math.round` does, provisional
   * from `provisionalRd` on; an account without a rating row shows `initial`). True for the one
   * call that ended it; a game already ended or not there changes nothing and answers false.
   */
  async endUnrated(
    gameId: string,
    end: GameEndRow,
    results: ReadonlyArray<UnratedSeat>,
    forfeited: readonly number[],
    shown: { initial: { rating: number; provisional: boolean }; provisionalRd: number },
  ): Promise<boolean> {
    // A seat no game has stands in for an empty list (a VALUES list has at least one row).
    const given =
      results.length > 0 ? results : [{ seat: -1, score: null, place: null, moves: null, berserk: null }];
    const of = (column: string) => `(select v.${column} from given v where v.seat = p.seat)`;
    const rows = await this.em.execute<{ ended: number }[]>(
      `with ended as (
         update games set status = 'ended', termination = ?, record = ?::jsonb, ended_at = ?::timestamptz,
           moves = (select count(*)::int from game_events e where e.game_id = games.id and e.type = 'move')
         where id = ? and status = 'playing'
         returning id, pool),
       given (seat, score, place, moves, berserk) as (
         values ${given.map(() => '(?::int, ?::double precision, ?::int, ?::int, ?::boolean)').join(', ')}),
       seats as (
         update game_players as p set score = ${of('score')}, place = ${of('place')},
           rating_after = null, rating_diff = null,
           moves = coalesce(${of('moves')}, p.moves), berserk = coalesce(${of('berserk')}, p.berserk),
           forfeited = p.forfeited or p.seat = any(?::int[]),
           rating_before = case when p.user_id is null then null else coalesce(
             (select floor(r.rating + 0.5)::int from ratings r where r.user_id = p.user_id and r.pool = ended.pool),
             ?::int) end,
           provisional = case when p.user_id is null then null else coalesce(
             (select r.rd >= ?::double precision from ratings r where r.user_id = p.user_id and r.pool = ended.pool),
             ?::boolean) end
         from ended
         where p.game_id = ended.id)
       select count(*)::int as ended from ended`,
      [
        end.termination,
        JSON.stringify(end.record),
        end.endedAt.toISOString(),
        gameId,
        ...given.flatMap((r) => [r.seat, r.score, r.place, r.moves, r.berserk]),
        `{${forfeited.join(',')}}`,
        shown.initial.rating,
        shown.provisionalRd,
        shown.initial.provisional,
      ],
    );
    return Number(rows[0]?.ended ?? 0) === 1;
  }

  /** Records the result and rating of every seat given, in one statement. */
  async setPlayerOutcomes(gameId: string, outcomes: Array<{ seat: number } & PlayerOutcome>): Promise<void> {
    if (outcomes.length === 0) return;
    const values = outcomes
      .map(() => '(?::int, ?::double precision, ?::int, ?::int, ?::int, ?::int, ?::boolean)')
      .join(', ');
    const params = outcomes.flatMap((o) => [
      o.seat,
      o.score,
      o.place,
      o.ratingBefore,
      o.ratingAfter,
      o.ratingDiff,
      o.provisional,
    ]);
    await this.em.execute(
      `update game_players as p set score = v.score, place = v.place, rating_before = v.rating_before,
         rating_after = v.rating_after, rating_diff = v.rating_diff, provisional = v.provisional
       from (values ${values}) as v (seat, score, place, rating_before, rating_after, rating_diff, provisional)
       where p.game_id = ? and p.seat = v.seat`,
      [...params, gameId],
      'run',
    );
  }

  /** Records what an arena game's seats did besides their result: moves made, berserk. */
  async setSeatPlay(gameId: string, seats: ReadonlyArray<{ seat: number; moves: number; berserk: boolean }>) {
    if (seats.length === 0) return;
    const values = seats.map(() => '(?::int, ?::int, ?::boolean)').join(', ');
    await this.em.execute(
      `update game_players as p set moves = v.moves, berserk = v.berserk
       from (values ${values}) as v (seat, moves, berserk)
       where p.game_id = ? and p.seat = v.seat`,
      [...seats.flatMap((s) => [s.seat, s.moves, s.berserk]), gameId],
      'run',
    );
  }

  /** Marks the seats that lost a game with no result by not playing it. */
  async setForfeited(gameId: string, seats: readonly number[]): Promise<void> {
    if (seats.length === 0) return;
    await this.em.execute(
      'update game_players set forfeited = true where game_id = ? and seat = any(?::int[])',
      [gameId, `{${seats.join(',')}}`],
      'run',
    );
  }

  /**
   * The ids of the games being played, oldest first. Read every second by each node's failover
   * check, so as plain rows: a thousand games made a thousand entities a second to throw away.
   */
  async unfinishedIds(): Promise<string[]> {
    const rows = await this.em.execute<{ id: string }[]>(
      `select id from games where status = 'playing' order by started_at asc, id asc`,
    );
    return rows.map((g) => g.id);
  }

  /** The games a user is playing now, newest first. */
  async playingOf(userId: string): Promise<Game[]> {
    const rows = await this.em.execute(
      `select g.* from games g
         where g.status = 'playing' and exists (select 1 from game_players p where p.game_id = g.id and p.user_id = ?)
         order by g.started_at desc, g.id desc`,
      [userId],
    );
    return rows.map((row: Record<string, unknown>) => this.em.map(Game, row));
  }

  /**
   * Up to `limit` of a user's games (any seat), newest first by (start, id), strictly after
   * `before`. The PGN is left out; `moves` is the live count for games still being played.
   */
  async pageOfUser(userId: string, before: GameKey | null, limit: number): Promise<Game[]> {
    const at = (before?.startedAt ?? NEWEST).toISOString();
    const rows = await this.em.execute(PAGE_OF_USER, [userId, at, before?.id ?? '', limit]);
    return rows.map((row: Record<string, unknown>) => this.em.map(Game, row));
  }

  /** Ended games whose result has not been taken by whoever created them, oldest first. */
  pendingReports(limit: number): Promise<Game[]> {
    return this.em.find(
      Game,
      { status: 'ended', reportTo: { $ne: null }, reportedAt: null },
      { orderBy: { endedAt: 'asc', id: 'asc' }, limit },
    );
  }

  /** Marks the result as taken: true for the one call that did it. */
  async markReported(gameId: string): Promise<boolean> {
    const res = await this.em.execute<{ affectedRows: number }>(
      `update games set reported_at = now()
         where id = ? and status = 'ended' and report_to is not null and reported_at is null`,
      [gameId],
      'run',
    );
    return res.affectedRows === 1;
  }
}
