import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { replay } from '../rooms/games/chess/game.ts';
import { makePgn } from '../rooms/games/chess/pgn.ts';
import { Database } from '../server/db/database.ts';
import { migrate, type Orm, openOrm } from '../server/db/orm.ts';
import { GameService } from '../server/services/game.service.ts';
import {
  CONFIG,
  FRESH,
  move,
  type Played,
  play,
  type Side,
  type Sql,
  T0,
  writeChessOnly,
} from './support/chess-record-v1.ts';

/**
 * The migration to the generic record, run on a database that the chess-only record wrote: every
 * field of every game survives, the log replays to the same position, the PGN is the same, and
 * migrating down gives back the very same rows.
 */

const BEFORE = 'Migration20261123000000_games';
const DUMP = {
  games: 'select to_jsonb(t) as row from games t order by id',
  events: 'select to_jsonb(t) as row from game_events t order by game_id, seq',
  ratings: 'select to_jsonb(t) as row from ratings t order by user_id, category',
  users: 'select to_jsonb(t) as row from users t order by id',
};

for (const fresh of FRESH) {
  describe(`the migration to the generic record [${fresh.name}]`, function () {
    this.timeout(60_000);
    if (fresh.unavailable) {
      it(`needs ${fresh.name}: ${fresh.unavailable}`);
      return;
    }

    let orm: Orm;
    let close: () => Promise<void>;
    let sql: Sql;
    const dump = async () => {
      const out: Record<string, unknown[]> = {};
      for (const [table, q] of Object.entries(DUMP)) out[table] = (await sql(q)).map((r) => r.row);
      return out;
    };
    const [alice, bob, carol] = [randomUUID(), randomUUID(), randomUUID()];
    const suffix = Math.random().toString(36).slice(2, 8);
    const person = (userId: string, name: string): Side => ({ userId, name, bot: null });
    const A = person(alice, 'alice');
    const B = person(bob, 'Guest-bob');
    const C = person(carol, 'carol');

    const t = (s: number) => T0 + s * 1000;
    const games: Played[] = [
      // Ended, rated: fool's mate.
      {
        ...play(`rated_${suffix}`, A, C, true, [
          { type: 'start', at: t(0) },
          move(t(1), 'white', 'f2f3'),
          move(t(2.5), 'black', 'e7e5'),
          move(t(4), 'white', 'g2g4'),
          move(t(6), 'black', 'd8h4'),
        ]),
        ratings: { white: [1500, -242, true], black: [1500, 242, true] },
      },
      // Ended, casual, with a guest: a draw by agreement after an offer declined.
      {
        ...play(`casual_${suffix}`, B, A, false, [
          { type: 'start', at: t(10) },
          move(t(11), 'white', 'e2e4'),
          move(t(12), 'black', 'e7e5'),
          { type: 'draw:offer', at: t(13), by: 'white' },
          { type: 'draw:decline', at: t(14), by: 'black' },
          move(t(15), 'white', 'g1f3'),
          { type: 'draw:offer', at: t(16), by: 'black' },
          { type: 'draw:accept', at: t(17), by: 'white' },
        ]),
        ratings: { white: [null, null, null], black: [1258, null, null] },
      },
      // Still playing, after the process that held it died and another took it over.
      play(`playing_${suffix}`, C, A, true, [
        { type: 'start', at: t(20) },
        move(t(21), 'white', 'd2d4'),
        move(t(23), 'black', 'd7d5'),
        { type: 'resume', at: t(40), since: t(30) },
        move(t(41), 'white', 'c2c4'),
      ]),
      // Against the bot: resigned.
      {
        ...play(`bot_${suffix}`, A, { userId: null, name: 'Rookery bot (greedy)', bot: 'greedy' }, false, [
          { type: 'start', at: t(50) },
          move(t(51), 'white', 'e2e4'),
          move(t(51.2), 'black', 'd7d5'),
          { type: 'resign', at: t(55), by: 'white' },
        ]),
        ratings: { white: [1742, null, null], black: [null, null, null] },
      },
      // Aborted before a move: no result.
      {
        ...play(`aborted_${suffix}`, C, B, false, [
          { type: 'start', at: t(60) },
          { type: 'abort', at: t(61), by: 'white' },
        ]),
        ratings: { white: [1500, null, null], black: [null, null, null] },
      },
    ];

    let original: Record<string, unknown[]>;
    let service: GameService;

    before(async () => {
      const opened = await fresh.open();
      close = opened.close;
      sql = opened.sql;
      orm = await openOrm(opened.target);
      await orm.migrator.up({ to: BEFORE });
      for (const [id, name, guest] of [
        [alice, 'alice', false],
        [bob, 'Guest-bob', true],
        [carol, 'carol', false],
      ] as const) {
        await sql(`insert into users (id, username, password_hash, guest) values ($1, $2, $3, $4)`, [
          id,
          name,
          guest ? null : 'x',
          guest,
        ]);
      }
      for (const g of games) await writeChessOnly(sql, g);
      await sql(
        `insert into ratings (user_id, category, rating, rd, volatility, games, updated_at)
         values ($1, 'blitz', 1257.7, 396.8, 0.0899, 1, $3::timestamptz), ($2, 'blitz', 1742.3, 396.8, 0.0899, 1, $3::timestamptz)`,
        [alice, carol, new Date(t(6)).toISOString()],
      );
      original = await dump();
      assert.equal(original.games!.length, games.length);
      await migrate(orm);
      service = new GameService(new Database(orm));
    });
    after(async () => {
      await orm?.close();
      await close?.();
    });

    it('keeps who played each game, how and when, and each seat’s rating', async () => {
      for (const g of games) {
        const dto = await service.game(g.id);
        const row = original.games!.find((r) => (r as { id: string }).id === g.id) as Record<string, unknown>;
        assert.deepEqual(
          {
            status: dto.status,
            rated: dto.rated,
            timeControl: dto.timeControl,
            category: dto.category,
            result: dto.result,
            termination: dto.termination,
            white: dto.players.white,
            black: dto.players.black,
            startedAt: Date.parse(dto.startedAt),
            endedAt: dto.endedAt && Date.parse(dto.endedAt),
            fen: dto.fen,
          },
          {
            status: row.status,
            rated: row.rated,
            timeControl: row.time_control,
            category: row.category,
            result: row.result,
            termination: row.termination,
            white: {
              userId: row.white_id,
              name: row.white_name,
              bot: row.white_bot,
              rating: row.white_rating,
              ratingDiff: row.white_rating_diff,
              provisional: row.white_provisional ?? false,
            },
            black: {
              userId: row.black_id,
              name: row.black_name,
              bot: row.black_bot,
              rating: row.black_rating,
              ratingDiff: row.black_rating_diff,
              provisional: row.black_provisional ?? false,
            },
            startedAt: Date.parse(row.started_at as string),
            endedAt: row.ended_at && Date.parse(row.ended_at as string),
            fen: row.final_fen,
          },
          g.id,
        );
      }
      const seats = await sql(
        `select game_id, seat, team, guest, score, place from game_players where game_id = any($1) order by game_id, seat`,
        [games.map((g) => g.id)],
      );
      const of = (id: string) => seats.filter((s) => s.game_id === id);
      assert.deepEqual(
        of(`casual_${suffix}`).map((s: Record<string, unknown>) => [
          s.seat,
          s.team,
          s.guest,
          s.score,
          s.place,
        ]),
        [
          [0, 0, true, 0.5, 1],
          [1, 1, false, 0.5, 1],
        ],
      );
      assert.deepEqual(
        of(`rated_${suffix}`).map((s: Record<string, unknown>) => [s.score, s.place]),
        [
          [0, 2],
          [1, 1],
        ],
      );
      assert.deepEqual(
        of(`aborted_${suffix}`).map((s: Record<string, unknown>) => [s.score, s.place]),
        [
          [null, null],
          [null, null],
        ],
      );
    });

    it('keeps every event, its SAN and both clocks, and the log replays to the same position', async () => {
      const oldEvents = original.events as Array<Record<string, unknown>>;
      for (const g of games) {
        const stored = await service.load(g.id);
        assert.ok(stored);
        assert.deepEqual(stored.events, g.events, g.id);
        assert.deepEqual(
          {
            white: stored.start.white,
            black: stored.start.black,
            initialMs: stored.start.initialMs,
            incrementMs: stored.start.incrementMs,
            startedAt: stored.start.startedAt,
          },
          {
            white: g.white,
            black: g.black,
            initialMs: 180_000,
            incrementMs: 2_000,
            startedAt: g.events[0]!.at,
          },
        );
        const replayed = replay(CONFIG, stored.events);
        assert.deepStrictEqual(replayed, g.game);
        const dto = await service.game(g.id);
        const oldMoves = oldEvents.filter((e) => e.game_id === g.id && e.type === 'move');
        assert.deepEqual(
          dto.moves.map((m) => [m.uci, m.san, m.clock.white, m.clock.black, Date.parse(m.at)]),
          oldMoves.map((e) => {
            const p = e.payload as { uci: string; san: string };
            return [p.uci, p.san, e.clock_white_ms, e.clock_black_ms, Date.parse(e.at as string)];
          }),
        );
      }
      assert.deepEqual(await service.unfinished(), [`playing_${suffix}`]);
      assert.deepEqual(
        (await service.currentGames(carol)).map((c) => [c.id, c.color]),
        [[`playing_${suffix}`, 'white']],
      );
    });

    it('exports the same PGN, which the replayed log writes again', async () => {
      for (const g of games.filter((x) => x.game.status === 'ended')) {
        const row = original.games!.find((r) => (r as { id: string }).id === g.id) as { pgn: string };
        assert.equal(await service.pgn(g.id, { clocks: true }), row.pgn);
        const stored = await service.load(g.id);
        const again = makePgn(
          replay(CONFIG, stored!.events),
          {
            event: `${g.rated ? 'Rated' : 'Casual'} blitz game`,
            site: 'Rookery',
            gameId: g.id,
            white: g.white.name,
            black: g.black.name,
            whiteElo: g.rated ? (g.ratings?.white[0] ?? undefined) : undefined,
            blackElo: g.rated ? (g.ratings?.black[0] ?? undefined) : undefined,
            rated: g.rated,
          },
          { clocks: true },
        );
        assert.equal(again, row.pgn, g.id);
      }
      await assert.rejects(service.pgn(`playing_${suffix}`, { clocks: true }), /still being played/);
    });

    it('lists the games of each player as before, ratings per category kept', async () => {
      const profile = await service.profile('carol');
      assert.deepEqual(profile.ratings.blitz, { rating: 1742, rd: 397, provisional: true, games: 1 });
      const page = await service.gamesOfUser('alice', { limit: 10 });
      assert.deepEqual(
        page.games.map((s) => [s.id, s.moveCount]),
        [
          [`bot_${suffix}`, 2],
          [`playing_${suffix}`, 3],
          [`casual_${suffix}`, 3],
          [`rated_${suffix}`, 4],
        ],
      );
    });

    it('migrates down to the very same rows, and up again', async () => {
      await orm.migrator.down({ to: BEFORE });
      assert.deepEqual(await dump(), original);
      await migrate(orm);
      await sql(
        `insert into game_players (game_id, seat, team, name, started_at) select id, 2, 2, 'third', started_at
        from games where id = $1`,
        [`rated_${suffix}`],
      );
      await assert.rejects(orm.migrator.down({ to: BEFORE }), /older schema cannot keep/);
    });
  });
}
