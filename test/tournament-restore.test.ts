import assert from 'node:assert/strict';
import { GolfRooms, type GolfTable, Tournaments } from '../client-sdk/index.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { newPlayer } from './support/chess.ts';
import { playTable } from './support/golf-tournaments.ts';
import { restartableServer, untilReady } from './support/restart.ts';
import { waitUntil } from './support/wait.ts';

forEachBackend('a tournament survives the death of its process', (backend: Backend) => {
  const node = restartableServer(backend);

  it('is rebuilt from its log after kill -9, takes the result of the game played on, and finishes', async function () {
    this.timeout(120_000);
    let server = await node.start();
    const players = await Promise.all([0, 1].map(() => newPlayer(server.url)));
    const clients = players.map((p) => new Tournaments(p.rookery));
    const created = await clients[0]!.create({
      name: 'Restarted',
      game: 'chess',
      options: { timeControl: '5+3' },
      format: 'round-robin',
      startsAt: Date.now() + 1_000,
    });
    for (const c of clients) await c.join(created.id);
    const lives = await Promise.all(clients.map((c) => c.follow(created.id)));
    const notices = await Promise.all(lives.map((live) => live.nextGame(20_000)));
    assert.equal(notices[0]!.gameId, notices[1]!.gameId);
    const games = await Promise.all(players.map((p, i) => p.chess.joinGame(notices[i]!.gameId)));
    await Promise.all(games.map((g) => g.until((s) => s.status === 'playing')));

    assert.equal(await server.stop('SIGKILL'), null, 'the process was killed');
    server = await node.start();
    await untilReady(server.url);

    // The tournament is back, in the middle of its round, with the game it had made.
    const during = await clients[0]!.get(created.id);
    assert.equal(during.status, 'running');
    assert.equal(during.rounds[0]!.boards[0]!.gameId, notices[0]!.gameId);
    assert.equal(during.rounds[0]!.boards[0]!.result, null);

    const black = notices.findIndex((n) => n.seat === 1);
    let game: Awaited<ReturnType<(typeof players)[number]['chess']['joinGame']>> | undefined;
    await waitUntil(async () => {
      game = await players[black]!.chess.joinGame(notices[black]!.gameId).catch(() => undefined);
      return game !== undefined;
    }, 20_000);
    await game!.until((s) => s.status === 'playing');
    // Followed before the last result: the finished tournament's room closes soon after it.
    const watching = await clients[0]!.follow(created.id);
    await game!.resign();
    await watching.until((s) => s.status === 'finished', 20_000);
    const t = await clients[0]!.get(created.id);
    assert.deepEqual(t.rounds[0]!.boards[0]!.result, { white: 1, black: 0, forfeit: false });
    assert.deepEqual(
      t.standings.map((row) => row.score),
      [1, 0],
    );
    const results = await node.read((sql) =>
      sql<{ n: number }>(
        "select count(*)::int as n from tournament_events where tournament_id = $1 and event->>'type' = 'result'",
        [created.id],
      ),
    );
    assert.equal(results[0]!.n, 1, 'the result is in the log once');
    for (const live of [...lives, watching]) await live.leave().catch(() => undefined);
  });
});

// A process of its own: the one above is killed after its suite.
forEachBackend('a tournament of golf tables survives the death of its process', (backend: Backend) => {
  const node = restartableServer(backend);

  it('is rebuilt in the middle of a table, takes its placings once, and finishes', async function () {
    this.timeout(180_000);
    let server = await node.start();
    const players = await Promise.all([0, 1, 2].map(() => newPlayer(server.url)));
    const clients = players.map((p) => new Tournaments(p.rookery));
    const golf = players.map((p) => new GolfRooms(p.rookery));
    const created = await clients[0]!.create({
      name: 'Restarted tables',
      game: 'golf',
      options: { holes: 1, turnMs: 60_000 },
      format: 'tables',
      rounds: 1,
      tables: { size: 3 },
      startsAt: Date.now() + 1_000,
    });
    for (const c of clients) await c.join(created.id);
    const lives = await Promise.all(clients.map((c) => c.follow(created.id)));
    const notices = await Promise.all(lives.map((live) => live.nextGame(20_000)));
    assert.equal(new Set(notices.map((n) => n.gameId)).size, 1, 'one table');
    const tables = await Promise.all(golf.map((g, i) => g.joinTable(notices[i]!.gameId)));
    await Promise.all(tables.map((t) => t.until((v) => v.status === 'playing')));

    assert.equal(await server.stop('SIGKILL'), null, 'the process was killed');
    server = await node.start();
    await untilReady(server.url);

    const during = await clients[0]!.get(created.id);
    assert.equal(during.status, 'running');
    assert.equal(during.rounds[0]!.boards[0]!.gameId, notices[0]!.gameId);
    assert.equal(during.rounds[0]!.boards[0]!.table?.placings, null);

    // Each player comes back to the table, rebuilt from its log, and plays it out.
    const back = await Promise.all(
      golf.map(async (g, i) => {
        let table: GolfTable | undefined;
        await waitUntil(async () => {
          table = await g.joinTable(notices[i]!.gameId).catch(() => undefined);
          return table !== undefined;
        }, 20_000);
        return table!;
      }),
    );
    // Followed before the last result: the finished tournament's room closes soon after it.
    const watching = await clients[0]!.follow(created.id);
    const ended = await Promise.all(back.map((t, i) => playTable(t, 11 * i)));
    assert.ok(ended.every((v) => v?.status === 'ended'));
    await watching.until((s) => s.status === 'finished', 30_000);
    const t = await clients[0]!.get(created.id);
    const placings = t.rounds[0]!.boards[0]!.table!.placings!;
    assert.equal(placings.length, 3);
    assert.equal(
      placings.reduce((sum, p) => sum + p.points, 0),
      3,
    );
    // The placings are the table's: the best total first.
    const final = ended[0]!;
    for (const p of placings) {
      const seat = t.rounds[0]!.boards[0]!.table!.seats.indexOf(p.userId);
      assert.equal(p.place, final.results.find((r) => r.seat === seat)!.placing);
    }
    const results = await node.read((sql) =>
      sql<{ n: number }>(
        "select count(*)::int as n from tournament_events where tournament_id = $1 and event->>'type' = 'result'",
        [created.id],
      ),
    );
    assert.equal(results[0]!.n, 1, 'the result is in the log once');
    for (const live of [...lives, watching]) await live.leave().catch(() => undefined);
  });
});
