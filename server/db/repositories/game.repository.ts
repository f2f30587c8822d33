import type { SqlEntityManager } from '@mikro-orm/sql';
import type { GameResult, Termination } from '../../../schema/chess.ts';
import { Game } from '../entities/game.entity.ts';
import { GameEvent, type StoredEventPayload } from '../entities/game-event.entity.ts';

export type NewGame = Pick<
  Game,
  | 'id'
  | 'whiteId'
  | 'blackId'
  | 'whiteName'
  | 'blackName'
  | 'whiteBot'
  | 'blackBot'
  | 'timeControl'
  | 'initialMs'
  | 'incrementMs'
  | 'category'
  | 'rated'
  | 'startedAt'
>;

export interface NewGameEvent {
  gameId: string;
  seq: number;
  payload: StoredEventPayload;
  clockWhiteMs: number;
  clockBlackMs: number;
}

export interface GameEndRow {
  result: GameResult;
  termination: Termination;
  endedAt: Date;
  pgn: string;
  finalFen: string;
}

export interface RatingOutcome {
  whiteRating: number | null;
  blackRating: number | null;
  whiteRatingDiff: number | null;
  blackRatingDiff: number | null;
  whiteProvisional: boolean | null;
  blackProvisional: boolean | null;
}

/** Where a page of a player's games starts: strictly older than this game. */
export interface GameKey {
  startedAt: Date;
  id: string;
}

/** What an append did: one statement decides, with no read before it. */
export type AppendOutcome = 'appended' | 'seq_taken' | 'no_game';

const APPEND = `insert into game_events (game_id, seq, type, payload, clock_white_ms, clock_black_ms, at)
  values (?, ?, ?, ?::jsonb, ?, ?, ?::timestamptz)
  on conflict (game_id, seq) do nothing`;

/** Half-moves of a game: counted from the log while it is played, stored once it has ended. */
const MOVE_COUNT = `case when g.status = 'playing'
    then (select count(*)::int from game_events e where e.game_id = g.id and e.type = 'move')
    else g.moves end`;

/** One side's games, newest first, from the keyset on; each branch walks its own index. */
const side = (column: 'white_id' | 'black_id', other: string) => `(select g.*
    from games g where g.${column} = ? ${other} and (g.started_at, g.id) < (?::timestamptz, ?)
    order by g.started_at desc, g.id desc limit ?)`;
const PAGE_OF_USER = `select g.id, g.white_id, g.black_id, g.white_name, g.black_name, g.white_bot, g.black_bot,
    g.time_control, g.initial_ms, g.increment_ms, g.category, g.rated, g.status, g.result, g.termination,
    g.white_rating, g.black_rating, g.white_rating_diff, g.black_rating_diff, g.white_provisional,
    g.black_provisional, null as pgn, g.final_fen, ${MOVE_COUNT} as moves, g.started_at, g.ended_at, g.created_at
  from (${side('white_id', '')} union all ${side('black_id', 'and g.white_id is distinct from g.black_id')}) g
  order by g.started_at desc, g.id desc limit ?`;

/** Later than any game: the first page starts before it. */
const NEWEST = new Date('9999-12-31T00:00:00Z');

function pgCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

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

  findById(id: string): Promise<Game | null> {
    return this.em.findOne(Game, { id });
  }

  /**
   * Appends one event: a single INSERT, nothing read before it. A number already taken changes
   * nothing and answers `seq_taken`; a game that does not exist answers `no_game`.
   */
  async appendEvent(event: NewGameEvent): Promise<AppendOutcome> {
    try {
      const res = await this.em.execute<{ affectedRows: number }>(
        APPEND,
        [
          event.gameId,
          event.seq,
          event.payload.type,
          JSON.stringify(event.payload),
          event.clockWhiteMs,
          event.clockBlackMs,
          new Date(event.payload.at).toISOString(),
        ],
        'run',
      );
      return res.affectedRows === 1 ? 'appended' : 'seq_taken';
    } catch (err) {
      if (pgCode(err) === '23503') return 'no_game';
      throw err;
    }
  }

  /** The log of a game, in order. */
  events(gameId: string): Promise<GameEvent[]> {
    return this.em.find(GameEvent, { gameId }, { orderBy: { seq: 'asc' } });
  }

  /**
   * Ends a game that is still being played: one atomic UPDATE, so of two concurrent calls exactly
   * one gets the row back; the other (and any later call) gets null.
   */
  async end(gameId: string, end: GameEndRow): Promise<Game | null> {
    const rows = await this.em.execute(
      `update games set status = 'ended', result = ?, termination = ?, ended_at = ?::timestamptz,
         pgn = ?, final_fen = ?,
         moves = (select count(*)::int from game_events e where e.game_id = games.id and e.type = 'move')
       where id = ? and status = 'playing'
       returning *`,
      [end.result, end.termination, end.endedAt.toISOString(), end.pgn, end.finalFen, gameId],
    );
    return rows[0] ? this.em.map(Game, rows[0]) : null;
  }

  /** Records the players' ratings before the game and what it changed. */
  async setRatingOutcome(gameId: string, outcome: RatingOutcome): Promise<void> {
    await this.em.nativeUpdate(Game, { id: gameId }, outcome);
  }

  /** Ids of the games being played, oldest first. */
  async unfinishedIds(): Promise<string[]> {
    const rows = await this.em.find(
      Game,
      { status: 'playing' },
      { fields: ['id'], orderBy: { startedAt: 'asc', id: 'asc' } },
    );
    return rows.map((g) => g.id);
  }

  /** The games a user is playing now, newest first. */
  playingOf(userId: string): Promise<Game[]> {
    return this.em.find(
      Game,
      { status: 'playing', $or: [{ whiteId: userId }, { blackId: userId }] },
      { orderBy: { startedAt: 'desc', id: 'desc' } },
    );
  }

  /**
   * Up to `limit` of a user's games (either colour), newest first by (start, id), strictly after
   * `before`. The PGN is left out; `moves` is the live count for games still being played.
   */
  async pageOfUser(userId: string, before: GameKey | null, limit: number): Promise<Game[]> {
    const at = (before?.startedAt ?? NEWEST).toISOString();
    const id = before?.id ?? '';
    const rows = await this.em.execute(PAGE_OF_USER, [userId, at, id, limit, userId, at, id, limit, limit]);
    return rows.map((row: Record<string, unknown>) => this.em.map(Game, row));
  }
}
