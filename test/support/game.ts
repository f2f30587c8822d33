import type { RegisteredGame } from '../../rooms/games/registry.ts';
import { type Cluster, createCluster } from '../../server/cluster/cluster.ts';
import { type GameServer, startGameServer } from '../../server/game-server.ts';
import { PortInUseError } from '../../server/platform/ports.ts';
import { createRoomTypes, hostedGames, type RoomTypes } from '../../server/rooms.ts';
import type { Backend } from './backends.ts';
import { onFreePort } from './process.ts';
import { type TestObservability, type TestServer, testApp } from './server.ts';

export interface TestGameServer extends TestServer {
  game: GameServer;
  rooms: RoomTypes;
  cluster: Cluster;
}

/**
 * The whole server as `npm run dev` runs it (control plane and every room type, on one port),
 * inside the test process, with `games` registered besides the release's. Colyseus keeps its
 * matchmaker in module state: one at a time.
 */
export async function startGameStack(
  backend: Backend,
  env: Record<string, string> = {},
  games: readonly RegisteredGame[] = [],
  observability: TestObservability = {},
): Promise<TestGameServer> {
  if (!backend.redisUrl || env.PORT !== undefined)
    return startOnPort(backend, env.PORT ?? '0', env, games, observability);
  // With Redis, Colyseus sends clients to the node's public address, so the port is chosen
  // first; another process may take it before the server binds it, and then another is chosen.
  return onFreePort(
    (port) => startOnPort(backend, port, env, games, observability),
    (err) => err instanceof PortInUseError,
  );
}

async function startOnPort(
  backend: Backend,
  port: string,
  env: Record<string, string>,
  games: readonly RegisteredGame[],
  observability: TestObservability,
): Promise<TestGameServer> {
  const address: Record<string, string> = backend.redisUrl
    ? { PORT: port, PUBLIC_ADDRESS: `127.0.0.1:${port}` }
    : {};
  const { app, config, log, advance } = await testApp(backend, { ...address, ...env }, observability);
  const hosted = hostedGames(config, games, app.engine);
  const cluster = createCluster(app, config, log, hosted);
  const rooms = createRoomTypes(app, config, log, cluster, hosted);
  let game: GameServer;
  try {
    game = await startGameServer({ app, config, log, rooms: rooms.definitions });
  } catch (err) {
    await app.close();
    throw err;
  }
  app.hostGames(cluster.hosting);
  await cluster.singletons.ensureAll();
  return {
    url: `http://127.0.0.1:${game.port}`,
    app,
    game,
    rooms,
    cluster,
    advance,
    close: async () => {
      await game.shutdown();
      await app.close();
    },
  };
}
