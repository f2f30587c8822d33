import assert from 'node:assert/strict';
import { Tournaments } from '../client-sdk/index.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { newPlayer } from './support/chess.ts';
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
