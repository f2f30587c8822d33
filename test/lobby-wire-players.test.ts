import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  LobbyPlayersConfig,
  LobbyPlayersCounted,
  LobbyPlayersJoined,
} from '../loadtest/lobby-players.ts';
import { type HelperProcess, startHelper } from '../loadtest/support.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { enterLobby, leaveAll } from './support/lobby.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The load generator's players that join the lobby on the wire (`bench:lobby PLAYER_CLIENT=wire`,
 * `bench:soak LOBBY_CLIENT=wire`) speak the protocol by hand: a change of the matchmaking route,
 * the seat reservation or Colyseus's join handshake would leave them measuring nothing.
 */
forEachBackend('the lobby players of the benches, on the wire', (backend: Backend) => {
  let server: TestGameServer;
  let players: HelperProcess | undefined;

  before(async function () {
    this.timeout(60_000);
    server = await startGameStack(backend);
  });
  afterEach(async () => {
    await players?.stop();
    players = undefined;
  });
  after(() => server?.close());

  it('are in the lobby as guests, each counted online, and sent its first state', async function () {
    this.timeout(60_000);
    const watcher = await enterLobby(server.url);
    const base = watcher.lobby.state.onlineCount;
    const config: LobbyPlayersConfig = {
      mode: 'wire',
      url: server.url,
      players: 3,
      worker: 0,
      workers: 1,
      lanes: 2,
      setupLanes: 2,
    };
    players = startHelper(REPO_ROOT, 'loadtest/lobby-players.ts', [JSON.stringify(config)]);
    await players.next('ready', 30_000);

    players.send({ type: 'join', from: 0, to: 3 });
    const joined = await players.next<LobbyPlayersJoined>('joined', 30_000);
    assert.equal(joined.joined, 3);
    const seen = await watcher.lobby.until((s) => s.onlineCount === base + 3, 10_000);
    assert.equal(seen.onlineCount, base + 3);

    players.send({ type: 'count' });
    const counted = await players.next<LobbyPlayersCounted>('counted', 10_000);
    assert.equal(counted.fresh, 3);
    // The handshake and a first state that lists the watcher, at the least.
    assert.ok(
      counted.freshBytes / counted.fresh > 200,
      `each joiner received ${counted.freshBytes / 3} bytes`,
    );
    assert.deepEqual(counted.closes, {});

    // Their connections are the lobby's: when the process goes, so do they.
    await players.stop();
    players = undefined;
    await watcher.lobby.until((s) => s.onlineCount === base, 10_000);
    await leaveAll(watcher);
  });
});
