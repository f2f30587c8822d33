import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type Backend, forEachBackend, redisPrefix } from './support/backends.ts';
import { bothSeeEnd, playMoves, sleep, startGame } from './support/chess.ts';
import { freePort, type ServerProcess, startServerProcess } from './support/process.ts';
import { client, testKeys } from './support/server.ts';

forEachBackend('a chess game survives the death of its process', (backend: Backend) => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  let env: Record<string, string>;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rookery-restore-'));
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

  it('is rebuilt from its log after kill -9 and finished by the same players, with the same moves and clocks', async function () {
    this.timeout(120_000);
    server = await startServerProcess(env);
    const game = await startGame(server.url, { timeControl: '5+0' });
    await playMoves(game, ['e2e4', 'e7e5', 'd1h5']);
    const before = await game.black.until((s) => s.moves.length === 3 && s.clockRunning === 'black');
    const seen = {
      fen: before.fen,
      white: before.clockWhite,
      black: before.clockBlack,
      moves: before.moves.length,
    };

    assert.equal(await server.stop('SIGKILL'), null, 'the process was killed');
    server = await startServerProcess(env);
    await untilReady(server.url);

    // Each player finds the game again through the API and joins it by id.
    const lookup = await client(server.url).get(
      '/api/me/games/current',
      await game.players.white.rookery.accessToken(),
    );
    assert.equal(lookup.status, 200);
    assert.deepEqual(
      lookup.body.games.map((g: { id: string }) => g.id),
      [game.id],
    );
    const white = await game.players.white.chess.joinGame(game.id);
    const black = await game.players.black.chess.joinGame(game.id);
    const state = await black.until((s) => s.moves.length === 3 && s.players.get('white')!.connected);
    assert.equal(state.fen, seen.fen);
    assert.equal(state.status, 'playing');
    assert.equal(state.turn, 'black');
    assert.equal(state.clockWhite, seen.white, "white's clock is as it was");
    assert.ok(
      state.clockBlack <= seen.black && seen.black - state.clockBlack < 2_000,
      `black is not charged for the outage (${seen.black} → ${state.clockBlack})`,
    );

    const resumed = { ...game, white, black };
    await playMoves(resumed, ['b8c6', 'f1c4', 'g8f6', 'h5f7'], 'black');
    const end = await bothSeeEnd(resumed);
    assert.deepEqual([end.result, end.termination], ['1-0', 'checkmate']);
    assert.equal(end.moves.length, 7);

    const pgn = await client(server.url).get(`/api/games/${game.id}/pgn`);
    assert.equal(
      (pgn.body as string).split('\n\n')[1]!.trim(),
      '1. e4 e5 2. Qh5 Nc6 3. Bc4 Nf6 4. Qxf7# 1-0',
    );
    await Promise.all([white.leave(), black.leave()]);
    const events = await logOf(game.id);
    assert.deepEqual(
      events.map((e) => e.seq),
      events.map((_, i) => i + 1),
      'the log has no gaps',
    );
    assert.deepEqual(
      events.map((e) => e.type),
      ['start', 'move', 'move', 'move', 'resume', 'move', 'move', 'move', 'move'],
    );
  });

  /** Waits for `/ready`: the node answers it once its unfinished games are back in rooms. */
  async function untilReady(url: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ready = await client(url).get('/ready');
      if (ready.status === 200) return;
      assert.ok(Date.now() < deadline, `not ready: ${JSON.stringify(ready.body)}`);
      await sleep(100);
    }
  }

  /** The game's log as stored: in PostgreSQL, or in the data folder the process used. */
  async function logOf(gameId: string): Promise<Array<{ seq: number; type: string }>> {
    const query = 'select seq, type from game_events where game_id = $1 order by seq';
    if (env.DATABASE_URL) return backend.sql(query, [gameId]);
    await server?.stop('SIGTERM');
    server = undefined;
    const db = await PGlite.create(path.join(dataDir, 'pglite'));
    try {
      return (await db.query<{ seq: number; type: string }>(query, [gameId])).rows;
    } finally {
      await db.close();
    }
  }
});
