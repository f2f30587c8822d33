import assert from 'node:assert/strict';
import { serverKeyOf } from '../rooms/shared/server-key.ts';
import { parseKeySet } from '../server/platform/keys.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { memberOf, newPlayer, sleep } from './support/chess.ts';
import { type Seated, seat } from './support/games/tap.ts';
import { restartableServer, untilReady } from './support/restart.ts';
import { testKeys } from './support/server.ts';
import { waitUntil } from './support/wait.ts';

const GAME = 'highcard';

forEachBackend('a match of any game survives the death of its process', (backend: Backend) => {
  // The server as it runs, with the test game hosted besides the release's.
  const node = restartableServer(backend, 'test/support/games/server.ts');

  it('is rebuilt from its log after kill -9: each seat finds its own card, play goes on, and the result waits for its creator', async function () {
    this.timeout(120_000);
    let server = await node.start();
    const players = await Promise.all([0, 1, 2].map(() => newPlayer(server.url)));
    const tokens = await Promise.all(players.map((p) => p.rookery.accessToken()));
    const members = await Promise.all(players.map(memberOf));
    // Created as a matchmaker creates it: every seat held, and a creator who wants the result.
    const serverKey = serverKeyOf((await parseKeySet(await testKeys())).roomKeys).current;
    const options = { serverKey, held: members.map((m) => ({ members: [m] })), reportTo: 'test-creator' };
    const first = await seat(server.url, tokens[0]!, { game: GAME, options: { ...options, turnMs: 60_000 } });
    const id = first.room.roomId;
    const seated = [
      first,
      ...(await Promise.all(tokens.slice(1).map((t) => seat(server.url, t, { game: GAME, roomId: id })))),
    ];
    await waitUntil(() => seated.every((s) => s.views.some((v) => v.status === 'playing')));
    const cards = seated.map((s) => s.views.at(-1)!.card);
    first.room.send('call');
    await waitUntil(() => seated[1]!.shown().turn === 1);

    assert.equal(await server.stop('SIGKILL'), null, 'the process was killed');
    server = await node.start();
    await untilReady(server.url);

    const back: Seated[] = [];
    for (const token of tokens) back.push(await seat(server.url, token, { game: GAME, roomId: id }));
    await waitUntil(() => back.every((s) => s.views.length > 0));
    assert.deepEqual(
      back.map((s) => s.views.at(-1)!.card),
      cards,
      'each seat has the card it was dealt',
    );
    const resumed = back[0]!.shown();
    assert.deepEqual([resumed.status, resumed.turn, resumed.choices], ['playing', 1, ['call', null, null]]);

    back[1]!.room.send('fold');
    await waitUntil(() => back[2]!.shown().turn === 2);
    back[2]!.room.send('call');
    await waitUntil(() => back.every((s) => s.shown().status === 'ended'));
    assert.equal(back[0]!.shown().termination, 'showdown');
    await sleep(200);
    for (const s of back) await s.room.leave();

    const [events, snapshots, game] = await node.read(async (sql) => [
      await sql<{ seq: number; type: string }>(
        'select seq, type from game_events where game_id = $1 order by seq',
        [id],
      ),
      (
        await sql<{ seq: number }>('select seq from game_snapshots where game_id = $1 order by seq', [id])
      ).map((r) => r.seq),
      (
        await sql<{ report_to: string; reported_at: unknown }>(
          'select report_to, reported_at from games where id = $1',
          [id],
        )
      )[0],
    ]);
    assert.deepEqual(
      events.map((e) => e.type),
      ['start', 'call', 'resume', 'fold', 'call'],
    );
    assert.deepEqual(
      events.map((e) => e.seq),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(snapshots, [2, 4], 'a snapshot every two events: the restore began from the first');
    assert.deepEqual(
      game,
      { report_to: 'test-creator', reported_at: null },
      'the result waits for its creator',
    );
  });
});
