import assert from 'node:assert/strict';
import type { GameAnalysisDto } from '../schema/analysis.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { bothSeeEnd, newPlayer, playMoves, startGame } from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { client } from './support/server.ts';

forEachBackend('a chess room against the Stockfish bot', (backend: Backend) => {
  let server: TestGameServer;

  before(async function () {
    this.timeout(60_000);
    server = await startGameStack(backend, {
      CHESS_BOT_DELAY_MS: '10',
      ENGINE_CPU_SHARE: '1',
      ENGINE_ROOMS_WAIT_LIMIT: '1',
    });
  });
  after(() => server?.close());

  it('answers a draw offer at once, plays engine moves, and shows the pool in /metrics', async function () {
    this.timeout(120_000);
    const player = await newPlayer(server.url);
    const game = await player.chess.vsBot({ level: 'stockfish-2', color: 'white', timeControl: '10+0' });
    await game.until((s) => s.status === 'playing');
    assert.equal(game.state.players.get('black')!.bot, 'stockfish-2');
    // Offered on the player's own turn, before a move: the bot does not wait for its turn to say no.
    await game.offerDraw();
    await game.until((s) => s.drawOffer === 'white');
    await game.until((s) => s.drawOffer === '' && s.status === 'playing');
    for (const uci of ['e2e4', 'd2d4']) {
      const n = game.state.moves.length;
      await game.move(uci).catch(() => game.move('g1f3'));
      await game.until((s) => s.moves.length === n + 2 || s.status === 'ended');
    }
    assert.equal(game.state.moves.length, 4);
    const metrics = (await client(server.url).get('/metrics')).body as string;
    assert.match(metrics, /^rookery_engine_searches_total\{outcome="ok"\} [3-9]/m);
    assert.match(metrics, /^rookery_engine_queue_length 0$/m);
    assert.match(metrics, /^rookery_engine_cpu_seconds_total \d/m);
    assert.doesNotMatch(metrics, /^rookery_engine_fallback_moves_total\{/m);
    await game.resign();
  });

  it('analyses a finished game once: evaluations of every position, and the move that allowed mate a blunder', async function () {
    this.timeout(120_000);
    const api = client(server.url);
    const game = await startGame(server.url);
    await playMoves(game, ['f2f3', 'e7e5', 'g2g4']);
    // Not while it is played.
    const playing = await api.get(`/api/games/${game.id}/analysis`);
    assert.equal(playing.status, 409);
    assert.equal(playing.body.error.code, 'GAME_NOT_FINISHED');
    await game.black.move('d8h4');
    await bothSeeEnd(game);

    const first = await api.get(`/api/games/${game.id}/analysis`);
    assert.equal(first.status, 202);
    assert.deepEqual(first.body.progress.total, 5);
    let analysis: GameAnalysisDto = first.body;
    for (const deadline = Date.now() + 60_000; analysis.status !== 'done' && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const next = await api.get(`/api/games/${game.id}/analysis`);
      assert.ok(next.status === 200 || next.status === 202, JSON.stringify(next.body));
      analysis = next.body;
    }
    assert.equal(analysis.status, 'done');
    assert.equal(analysis.evals.length, 5);
    assert.equal(analysis.marks.length, 4);
    assert.equal(analysis.marks[2], 'blunder', `g4 allows mate: ${JSON.stringify(analysis)}`);
    assert.ok(analysis.evals[3]! <= -9000, 'after g4 black mates in one');
    assert.ok(analysis.evals[4]! <= -9000, 'white is mated');
    // Kept: asked again, the same answer at once.
    assert.deepEqual((await api.get(`/api/games/${game.id}/analysis`)).body, analysis);
  });

  it('refuses an analysis of a game that does not exist, or by a malformed id, in the API error shape', async () => {
    const api = client(server.url);
    const missing = await api.get('/api/games/nosuchgame/analysis');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'GAME_NOT_FOUND');
    const bad = await api.get('/api/games/not%20an%20id/analysis');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'VALIDATION_FAILED');
    const extra = await api.get('/api/games/nosuchgame/analysis?depth=30');
    assert.equal(extra.status, 400);
  });
});
