import assert from 'node:assert/strict';
import { GolfRooms, type TournamentDto, Tournaments } from '../client-sdk/index.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { newPlayer, type Player } from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { playTables } from './support/golf-tournaments.ts';

const GOLF = { holes: 1, initialFlips: 2, turnMs: 20_000 };

/** Signed-up players, each with their tournaments, their golf tables and their user id. */
async function golfers(url: string, n: number) {
  const players = await Promise.all(Array.from({ length: n }, () => newPlayer(url)));
  return Promise.all(
    players.map(async (p: Player) => ({
      ...p,
      id: (await p.rookery.me()).id,
      tournaments: new Tournaments(p.rookery),
      golf: new GolfRooms(p.rookery),
    })),
  );
}

/** The standing order the rules give after `rounds`: points, then tables won, then seeding. */
function expectedOrder(t: TournamentDto, rounds: number): string[] {
  const seeds = t.rounds[0]!.boards.flatMap((b) => b.table!.seats);
  const totals = new Map(seeds.map((id, seed) => [id, { points: 0, won: 0, seed }]));
  for (const r of t.rounds.slice(0, rounds))
    for (const b of r.boards)
      for (const p of b.table!.placings!) {
        const total = totals.get(p.userId)!;
        total.points += p.points;
        if (p.place === 1 && !p.absent) total.won += 1;
      }
  return [...totals.entries()]
    .sort(([, a], [, b]) => b.points - a.points || b.won - a.won || a.seed - b.seed)
    .map(([id]) => id);
}

forEachBackend('a tournament of golf tables', (backend: Backend) => {
  let server: TestGameServer;

  before(async function () {
    this.timeout(60_000);
    server = await startGameStack(backend, { TOURNAMENT_SEAT_DEADLINE: '20', TOURNAMENT_ROUND_GAP: '0' });
  });
  after(() => server?.close());

  it('plays six players at tables of three over two rounds: placings scored, reseated by standing, each result taken once', async function () {
    this.timeout(240_000);
    const players = await golfers(server.url, 6);
    const created = await players[0]!.tournaments.create({
      name: 'Golf at tables',
      game: 'golf',
      options: GOLF,
      format: 'tables',
      rounds: 2,
      tables: { size: 3 },
      startsAt: Date.now() + 1_500,
    });
    assert.equal(created.format, 'tables');
    assert.deepEqual(created.tables, { size: 3, points: [2, 1, 0] });
    for (const p of players) await p.tournaments.join(created.id);
    const lives = await Promise.all(players.map((p) => p.tournaments.follow(created.id)));
    await lives[0]!.until((s) => s.players === 6);

    const played = await Promise.all(players.map((p, i) => playTables(p.golf, lives[i]!, 100 * i)));
    for (const tables of played) assert.deepEqual(tables.map((n) => n.round).sort(), [1, 2]);
    // Each notice named the two others at the table.
    for (const n of played.flat()) assert.equal(n.opponents?.length, 2);

    const t = await players[0]!.tournaments.get(created.id);
    assert.equal(t.status, 'finished');
    assert.equal(t.rounds.length, 2);
    for (const r of t.rounds) {
      assert.equal(r.boards.length, 2);
      const seated = r.boards.flatMap((b) => b.table!.seats);
      assert.equal(new Set(seated).size, 6, `everyone seated once in round ${r.round}`);
      for (const b of r.boards) {
        const placings = b.table!.placings!;
        assert.equal(b.result?.forfeit, false);
        assert.deepEqual(
          placings.map((p) => p.userId),
          b.table!.seats,
        );
        // The places of a table of three, and its points by the default scale, shared on ties.
        assert.ok(placings.some((p) => p.place === 1));
        assert.equal(
          placings.reduce((sum, p) => sum + p.points, 0),
          3,
        );
      }
    }
    // Round 2 seats the players by their standing after round 1, leaders together.
    const after1 = expectedOrder(t, 1);
    assert.deepEqual(
      t.rounds[1]!.boards.map((b) => b.table!.seats),
      [after1.slice(0, 3), after1.slice(3)],
    );
    // The standings: points over both rounds, then tables won.
    const points = (id: string) =>
      t.rounds.flatMap((r) => r.boards.flatMap((b) => b.table!.placings!)).filter((p) => p.userId === id);
    for (const row of t.standings) {
      assert.equal(
        row.score,
        points(row.userId).reduce((s, p) => s + p.points, 0),
      );
      assert.equal(row.tieBreaks.wins, points(row.userId).filter((p) => p.place === 1).length);
    }
    assert.deepEqual(
      t.standings.map((r) => r.userId),
      expectedOrder(t, 2),
    );
    // Each table's result is in the log once, and every report was taken.
    const gameIds = t.rounds.flatMap((r) => r.boards.map((b) => b.gameId));
    const results = await backend.sql<{ game: string }>(
      "select event->>'gameId' as game from tournament_events where tournament_id = $1 and event->>'type' = 'result'",
      [created.id],
    );
    assert.deepEqual(results.map((r) => r.game).sort(), [...gameIds].sort());
    const untaken = await backend.sql(
      'select id from games where id = any($1::text[]) and reported_at is null',
      [gameIds],
    );
    assert.equal(untaken.length, 0);
    // The live state shows the last round's tables and the final standings.
    await lives[0]!.until((s) => s.status === 'finished' && s.boards.every((b) => b.result !== ''));
    assert.deepEqual(
      lives[0]!.state.boards.map((b) => [...b.seats]),
      t.rounds[1]!.boards.map((b) => b.table!.seats),
    );
    assert.deepEqual(
      lives[0]!.state.standings.map((s) => s.userId),
      t.standings.map((s) => s.userId),
    );
    for (const live of lives) await live.leave().catch(() => undefined);
  });

  it('refuses golf in a two-seat format, chess at tables, and a table outside the game’s seats', async () => {
    const [p] = await golfers(server.url, 1);
    const base = { name: 'Wrong', startsAt: Date.now() + 60_000 };
    const refused = async (input: Parameters<Tournaments['create']>[0], pattern: RegExp) => {
      const err = await p!.tournaments.create(input).then(
        () => assert.fail('created'),
        (e: { code: string; message: string }) => e,
      );
      assert.equal(err.code, 'VALIDATION_FAILED');
      assert.match(err.message, pattern);
    };
    await refused({ ...base, game: 'golf', format: 'swiss', rounds: 3 }, /golf is played at tables/);
    await refused(
      {
        ...base,
        game: 'chess',
        options: { timeControl: '3+2' },
        format: 'tables',
        rounds: 2,
        tables: { size: 3 },
      },
      /chess is a game of two sides/,
    );
    await refused(
      { ...base, game: 'golf', format: 'tables', rounds: 2, tables: { size: 7 } },
      /seats 2 to 6/,
    );
    await refused({ ...base, game: 'golf', format: 'tables', tables: { size: 3 } }, /number of rounds/);
    await refused(
      { ...base, game: 'golf', format: 'tables', rounds: 2, tables: { size: 3, points: [1, 2, 0] } },
      /never gives more/,
    );
  });
});

forEachBackend('a golf table a player did not come to', (backend: Backend) => {
  let server: TestGameServer;

  before(async function () {
    this.timeout(60_000);
    server = await startGameStack(backend, { TOURNAMENT_SEAT_DEADLINE: '2', TOURNAMENT_ROUND_GAP: '0' });
  });
  after(() => server?.close());

  it('places the absent player last and seats the others again, who play it out', async function () {
    this.timeout(120_000);
    const players = await golfers(server.url, 3);
    const created = await players[0]!.tournaments.create({
      name: 'One stays away',
      game: 'golf',
      options: GOLF,
      format: 'tables',
      rounds: 1,
      tables: { size: 3, points: [5, 2, 0] },
      startsAt: Date.now() + 1_000,
    });
    for (const p of players) await p.tournaments.join(created.id);
    const [, ...present] = players;
    const lives = await Promise.all(present.map((p) => p.tournaments.follow(created.id)));
    const played = await Promise.all(present.map((p, i) => playTables(p.golf, lives[i]!, 7 * i)));
    for (const tables of played)
      assert.equal(tables.length, 1, 'one table played, after the first was cancelled');
    const t = await players[0]!.tournaments.get(created.id);
    assert.equal(t.status, 'finished');
    const board = t.rounds[0]!.boards[0]!;
    const absent = board.table!.placings!.find((p) => p.userId === players[0]!.id)!;
    assert.deepEqual(absent, { userId: players[0]!.id, place: 3, points: 0, absent: true });
    const others = board.table!.placings!.filter((p) => !p.absent);
    assert.equal(others.length, 2);
    assert.ok(others.every((p) => p.place <= 2));
    assert.equal(
      others.reduce((s, p) => s + p.points, 0),
      7,
      'the two who played share the points of the first two places',
    );
    assert.equal(t.standings.at(-1)!.userId, players[0]!.id);
    const reseated = await backend.sql(
      "select seq from tournament_events where tournament_id = $1 and event->>'type' = 'table-reseated'",
      [created.id],
    );
    assert.equal(reseated.length, 1);
    for (const live of lives) await live.leave().catch(() => undefined);
  });
});
