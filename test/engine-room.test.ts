import assert from 'node:assert/strict';
import { type Backend, forEachBackend } from './support/backends.ts';
import { newPlayer } from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { client } from './support/server.ts';

forEachBackend('a chess room against the Stockfish bot', (backend: Backend) => {
  let server: TestGameServer;

  before(async function () {
    this.timeout(60_000);
    server = await startGameStack(backend, { CHESS_BOT_DELAY_MS: '10', ENGINE_CPU_SHARE: '1' });
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
});
