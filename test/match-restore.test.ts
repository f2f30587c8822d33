import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { serverKeyOf } from '../rooms/shared/server-key.ts';
import { parseKeySet } from '../server/platform/keys.ts';
import { type Backend, forEachBackend, redisPrefix } from './support/backends.ts';
import { newPlayer, sleep } from './support/chess.ts';
import { type Seated, seat } from './support/games/tap.ts';
import { freePort, type ServerProcess, startServerProcess } from './support/process.ts';
import { client, testKeys } from './support/server.ts';
import { waitUntil } from './support/wait.ts';

const GAME = 'highcard';
const SCRIPT = 'test/support/games/server.ts';

forEachBackend('a match of any game survives the death of its process', (backend: Backend) => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  let env: Record<string, string>;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rookery-match-restore-'));
    const port = String(await freePort());
    env = { DATA_DIR: dataDir, PORT: port, AUTH_KEYS: await testKeys(), LOG_LEVEL: 'warn' };
    const target = await backend.database();
    if (target.kind === 'postgres') {
      Object.assign(env, {
        DATABASE_URL: target.url,
        REDIS_URL: backend.redisUrl!,
        REDIS_KEY_PREFIX: redisPrefix(),
        PUBLIC_ADDRESS: `127.0.0.1:${port}`,
      });
    }
  });
  after(async () => {
    await server?.stop('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is rebuilt from its log after kill -9: each seat finds its own card, play goes on, and the result waits for its creator', async function () {
    this.timeout(120_000);
    server = await startServerProcess(env, 40_000, SCRIPT);
    const players = await Promise.all([0, 1, 2].map(() => newPlayer(server!.url)));
    const tokens = await Promise.all(players.map((p) => p.rookery.accessToken()));
    const members = await Promise.all(
      players.map(async (p) => ({ userId: (await p.rookery.me()).id, name: p.username, guest: false })),
    );
    // Created as a matchmaker creates it: every seat held, and a creator who wants the result.
    const serverKey = serverKeyOf((await parseKeySet(env.AUTH_KEYS!)).roomKeys).current;
    const options = { serverKey, held: members.map((m) => ({ members: [m] })), reportTo: 'test-creator' };
    const first = await seat(server.url, tokens[0]!, { game: GAME, options: { ...options, turnMs: 60_000 } });
    const id = first.room.roomId;
    const seated = [
      first,
      ...(await Promise.all(tokens.slice(1).map((t) => seat(server!.url, t, { game: GAME, roomId: id })))),
    ];
    await waitUntil(() => seated.every((s) => s.views.some((v) => v.status === 'playing')));
    const cards = seated.map((s) => s.views.at(-1)!.card);
    first.room.send('call');
    await waitUntil(() => seated[1]!.shown().turn === 1);

    assert.equal(await server.stop('SIGKILL'), null, 'the process was killed');
    server = await startServerProcess(env, 40_000, SCRIPT);
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

    const [events, game] = await query(async (sql) => [
      await sql<{ seq: number; type: string }>(
        'select seq, type from game_events where game_id = $1 order by seq',
        [id],
      ),
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
    assert.deepEqual(
      game,
      { report_to: 'test-creator', reported_at: null },
      'the result waits for its creator',
    );
  });

  async function untilReady(url: string): Promise<void> {
    await waitUntil(async () => (await client(url).get('/ready')).status === 200, 30_000, 100);
  }

  type Sql = <T>(query: string, params: unknown[]) => Promise<T[]>;
  /** Reads the record: in PostgreSQL, or in the data folder the process used (once it stopped). */
  async function query<T>(read: (sql: Sql) => Promise<T>): Promise<T> {
    if (env.DATABASE_URL) return read((q, p) => backend.sql(q, p));
    await server?.stop('SIGTERM');
    server = undefined;
    const db = await PGlite.create(path.join(dataDir, 'pglite'));
    try {
      return await read(async (q, p) => (await db.query(q, p)).rows as never);
    } finally {
      await db.close();
    }
  }
});
