import assert from 'node:assert/strict';
import { movesOf } from '../client-sdk/index.ts';
import { serverKeyOf } from '../rooms/shared/server-key.ts';
import { parseKeySet } from '../server/platform/keys.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { bothSeeEnd, PASSWORD, playMoves, startGame, tournamentGame } from './support/chess.ts';
import { restartableServer, untilReady } from './support/restart.ts';
import { client, testKeys, uniqueName } from './support/server.ts';
import { waitUntil } from './support/wait.ts';

forEachBackend('a chess game survives the death of its process', (backend: Backend) => {
  const node = restartableServer(backend);

  it('is rebuilt from its log after kill -9 and finished by the same players, with the same moves and clocks', async function () {
    this.timeout(120_000);
    let server = await node.start();
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
    server = await node.start();
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

  it("a game whose node died between staff's ending and its record is recorded ended when rebuilt", async function () {
    this.timeout(120_000);
    let server = await node.start();
    const game = await startGame(server.url);
    await playMoves(game, ['e2e4', 'e7e5']);
    await game.black.until((s) => s.moves.length === 2);
    assert.equal(await server.stop('SIGKILL'), null, 'the process was killed');
    // The log took the ending (the match appends it before anything else): the node died there.
    const at = Date.now();
    await node.read((sql) =>
      sql(
        `insert into game_events (game_id, seq, v, type, event, derived, at)
           select $1, max(seq) + 1, 1, 'staff:end', $2::jsonb, null, $3::timestamptz
           from game_events where game_id = $1`,
        [game.id, JSON.stringify({ type: 'staff:end', at, scores: [0, 1] }), new Date(at).toISOString()],
      ),
    );
    server = await node.start();
    await untilReady(server.url);
    // No player comes back: the node's own rounds find the game and rebuild it.
    const ready = Date.now();
    await waitUntil(
      async () => (await client(server.url).get(`/api/games/${game.id}`)).body.status === 'ended',
      30_000,
    );
    console.log(`      recorded ended ${Date.now() - ready} ms after the node was ready`);
    const stored = (await client(server.url).get(`/api/games/${game.id}`)).body;
    assert.deepEqual([stored.result, stored.termination], ['0-1', 'adjudicated']);
    assert.deepEqual(
      (await logOf(game.id)).map((e) => e.type),
      ['start', 'move', 'move', 'staff:end'],
      'nothing was played after the ending',
    );
  });

  /** The game's log as stored: in PostgreSQL, or in the data folder the process used. */
  function logOf(gameId: string): Promise<Array<{ seq: number; type: string }>> {
    return node.read((sql) =>
      sql('select seq, type from game_events where game_id = $1 order by seq', [gameId]),
    );
  }
});

forEachBackend('a game staff paused survives the death of its process paused', (backend: Backend) => {
  const adminName = uniqueName('root');
  const node = restartableServer(backend, 'server/main.ts', {
    ADMIN_USERNAME: adminName,
    ADMIN_PASSWORD: PASSWORD,
  });

  it('is rebuilt paused, its clocks where the pause left them, and staff resume it without charging the pause or the outage', async function () {
    this.timeout(120_000);
    let server = await node.start();
    const staff = async (action: 'pause' | 'resume', gameId: string) => {
      const api = client(server.url);
      const admin = (await api.post('/api/auth/login', { username: adminName, password: PASSWORD })).body
        .accessToken as string;
      return api.post(`/api/admin/games/${gameId}/${action}`, { reason: 'a dispute' }, admin);
    };
    const game = await startGame(server.url, { timeControl: '3+0' });
    await playMoves(game, ['e2e4', 'e7e5']);
    await game.white.until((s) => s.clockRunning === 'white');
    assert.equal((await staff('pause', game.id)).status, 200);
    const stood = await game.black.until((s) => s.pausedAt > 0);
    const whiteAtPause = stood.clockWhite;

    assert.equal(await server.stop('SIGKILL'), null, 'the process was killed');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    server = await node.start();
    await untilReady(server.url);
    const white = await game.players.white.chess.joinGame(game.id);
    const black = await game.players.black.chess.joinGame(game.id);
    const restored = await black.until((s) => s.moves.length === 2 && s.status === 'playing');
    assert.equal(restored.pausedAt, stood.pausedAt, 'still paused, since the same moment');
    assert.deepEqual(
      [restored.clockRunning, restored.clockWhite, restored.clockBlack],
      ['', whiteAtPause, stood.clockBlack],
    );
    await assert.rejects(white.move('g1f3'), (err: { code?: string }) => err.code === 'GAME_PAUSED');

    assert.equal((await staff('resume', game.id)).status, 200);
    const running = await black.until((s) => s.pausedAt === 0 && s.clockRunning === 'white');
    assert.ok(
      whiteAtPause - running.clockWhite < 1_000,
      `neither the pause nor the outage is charged to white (${whiteAtPause} → ${running.clockWhite})`,
    );
    await white.move('g1f3');
    await black.until((s) => s.moves.length === 3);
    await Promise.all([white.leave(), black.leave()]);
    const events = await node.read((sql) =>
      sql<{ type: string }>('select type from game_events where game_id = $1 order by seq', [game.id]),
    );
    assert.deepEqual(
      events.map((e) => e.type),
      ['start', 'move', 'move', 'staff:pause', 'resume', 'move'],
    );
  });
});

forEachBackend('an arena chess game survives the death of its process', (backend: Backend) => {
  const node = restartableServer(backend);

  it('an arena game rebuilt after kill -9 keeps who went berserk: the halved clock and no increment', async function () {
    this.timeout(120_000);
    let server = await node.start();
    // Created as a tournament creates an arena's game: seats held, berserk allowed by the server.
    const serverKey = serverKeyOf((await parseKeySet(await testKeys())).roomKeys).current;
    const game = await tournamentGame(server.url, serverKey, { berserk: true });
    const { white, black, players } = game;
    await white.until((s) => s.status === 'playing' && s.berserkAllowed);
    await white.berserk();
    await playMoves(game, ['e2e4', 'e7e5']);
    await black.until((s) => s.berserkWhite && s.clockWhite === 90_000 && s.clockRunning === 'white');

    assert.equal(await server.stop('SIGKILL'), null, 'the process was killed');
    server = await node.start();
    await untilReady(server.url);
    const back = {
      ...game,
      white: await players.white.chess.joinGame(game.id),
      black: await players.black.chess.joinGame(game.id),
    };
    const state = await back.black.until((s) => s.moves.length === 2 && s.players.get('white')!.connected);
    assert.deepEqual([state.berserkAllowed, state.berserkWhite, state.berserkBlack], [true, true, false]);
    assert.ok(state.clockWhite <= 90_000 && state.clockBlack === 180_000);
    await assert.rejects(back.white.berserk(), { code: 'ALREADY_BERSERK' });
    await playMoves(back, ['g1f3', 'b8c6']);
    const after = await back.white.until((s) => s.moves.length === 4);
    // White gains no increment: its clock after its second move is below its first.
    const whiteSecond = movesOf(after)[2]!;
    assert.ok(whiteSecond.clockMs <= 90_000, `white's clock ${whiteSecond.clockMs}`);
    await back.white.resign();
    await back.black.until((s) => s.status === 'ended');
    await Promise.all([back.white.leave(), back.black.leave()]);
    const events = await node.read((sql) =>
      sql<{ type: string }>('select type from game_events where game_id = $1 order by seq', [game.id]),
    );
    assert.deepEqual(
      events.map((e) => e.type),
      ['start', 'berserk', 'move', 'move', 'resume', 'move', 'move', 'resign'],
    );
  });
});
