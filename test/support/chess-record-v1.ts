import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { applyEvent, type ChessGame, type GameConfig, newGame } from '../../rooms/games/chess/game.ts';
import { endingOf, recordOf } from '../../rooms/games/chess/record.ts';
import type { BotLevel, ChessEvent } from '../../schema/chess.ts';
import type { DatabaseTarget } from '../../server/db/orm.ts';

/**
 * Chess games as the chess-only record (migration 20261123) wrote them, for the tests of the
 * migrations that convert them: played by the real rules, written statement for statement as its
 * repository did, on a database of their own.
 */

export const T0 = Date.UTC(2026, 11, 1, 18, 0, 0);
export const CONFIG: GameConfig = {
  timeControl: { initialMs: 180_000, incrementMs: 2_000, label: '3+2' },
  firstMoveMs: 30_000,
};

export interface Side {
  userId: string | null;
  name: string;
  bot: BotLevel | null;
}

/** A chess game as the chess room played and logged it: the events, and the game they lead to. */
export interface Played {
  id: string;
  white: Side;
  black: Side;
  rated: boolean;
  events: ChessEvent[];
  game: ChessGame;
  /** What the record wrote on the rows of an ended game (ratings before, diffs). */
  ratings?: {
    white: [number | null, number | null, boolean | null];
    black: [number | null, number | null, boolean | null];
  };
}

export function play(id: string, white: Side, black: Side, rated: boolean, events: ChessEvent[]): Played {
  let game = newGame(CONFIG);
  for (const event of events) {
    const next = applyEvent(game, event);
    if (!next.ok) throw new Error(`${id}: ${event.type} refused: ${next.message}`);
    game = next.value;
  }
  return { id, white, black, rated, events, game };
}

export const move = (at: number, by: 'white' | 'black', uci: string): ChessEvent => ({
  type: 'move',
  at,
  by,
  uci,
});

/** The chess-only record's writes, statement for statement, as its repository made them. */
export async function writeChessOnly(sql: Sql, g: Played): Promise<void> {
  await sql(
    `insert into games (id, white_id, black_id, white_name, black_name, white_bot, black_bot, time_control,
       initial_ms, increment_ms, category, rated, status, moves, started_at)
     values ($1, $2, $3, $4, $5, $6, $7, '3+2', 180000, 2000, 'blitz', $8, 'playing', 0, $9)`,
    [
      g.id,
      g.white.userId,
      g.black.userId,
      g.white.name,
      g.black.name,
      g.white.bot,
      g.black.bot,
      g.rated,
      new Date(g.events[0]!.at).toISOString(),
    ],
  );
  let game = newGame(CONFIG);
  for (const [i, event] of g.events.entries()) {
    game = (applyEvent(game, event) as { value: ChessGame }).value;
    const san = event.type === 'move' ? game.moves.at(-1)!.san : undefined;
    await sql(
      `insert into game_events (game_id, seq, type, payload, clock_white_ms, clock_black_ms, at)
       values ($1, $2, $3, $4::jsonb, $5, $6, $7::timestamptz) on conflict (game_id, seq) do nothing`,
      [
        g.id,
        i + 1,
        event.type,
        JSON.stringify(san === undefined ? event : { ...event, san }),
        Math.round(game.clock.white),
        Math.round(game.clock.black),
        new Date(event.at).toISOString(),
      ],
    );
  }
  if (g.game.status !== 'ended') return;
  const ending = endingOf(g.game)!;
  const record = recordOf(g.game, {
    gameId: g.id,
    rated: g.rated,
    pool: 'blitz',
    names: [g.white.name, g.black.name],
    ratings: [g.ratings?.white[0] ?? undefined, g.ratings?.black[0] ?? undefined],
  });
  await sql(
    `update games set status = 'ended', result = $1, termination = $2, ended_at = $3::timestamptz,
       pgn = $4, final_fen = $5,
       moves = (select count(*)::int from game_events e where e.game_id = games.id and e.type = 'move')
     where id = $6 and status = 'playing'`,
    [
      record.result,
      ending.termination,
      new Date(ending.endedAt).toISOString(),
      record.pgn,
      record.final,
      g.id,
    ],
  );
  const [w, b] = [g.ratings?.white ?? [null, null, null], g.ratings?.black ?? [null, null, null]];
  await sql(
    `update games set white_rating = $1, white_rating_diff = $2, white_provisional = $3,
       black_rating = $4, black_rating_diff = $5, black_provisional = $6 where id = $7`,
    [...w, ...b, g.id],
  );
}

export type Sql = (query: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** A fresh database for the run: PGlite in memory, or a database of its own on the server. */
export interface Fresh {
  name: string;
  unavailable?: string;
  open(): Promise<{ target: DatabaseTarget; sql: Sql; close(): Promise<void> }>;
}

export const FRESH: Fresh[] = [
  {
    name: 'PGlite',
    async open() {
      const pglite = await PGlite.create();
      return {
        target: { kind: 'pglite-instance', pglite },
        sql: async (query, params) => (await pglite.query<Record<string, unknown>>(query, params)).rows,
        close: () => pglite.close(),
      };
    },
  },
  {
    name: 'PostgreSQL',
    unavailable: process.env.TEST_POSTGRES_URL ? undefined : 'TEST_POSTGRES_URL not set',
    async open() {
      const adminUrl = process.env.TEST_POSTGRES_URL!;
      const name = `rookery_convert_${process.pid}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.query(`create database ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      // One client, ended before the database is dropped (a pool may still hold an idle one).
      const db = new pg.Client({ connectionString: url.toString() });
      await db.connect();
      return {
        target: { kind: 'postgres', url: url.toString(), poolMax: 2 },
        sql: async (query, params) => (await db.query(query, params)).rows,
        async close() {
          await db.end();
          await admin.query(`drop database if exists ${name} with (force)`);
          await admin.end();
        },
      };
    },
  },
];
