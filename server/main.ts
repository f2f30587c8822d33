import { pathToFileURL } from 'node:url';
import type { RegisteredGame } from '../rooms/games/registry.ts';
import { buildApp } from './app.ts';
import { accountCleanupOf } from './cluster/account-cleanup.ts';
import { createCluster } from './cluster/cluster.ts';
import { announceNode } from './cluster/round-gate.ts';
import { ConfigError, loadConfig } from './config.ts';
import { type GameServer, startGameServer } from './game-server.ts';
import { asyncContextOnFrames } from './platform/async-context.ts';
import { DataDirLockedError } from './platform/data-dir-lock.ts';
import { createLogger } from './platform/logger.ts';
import { PortInUseError } from './platform/ports.ts';
import { onShutdownSignal } from './platform/shutdown.ts';
import { tracingFromEnv } from './platform/tracing.ts';
import { Trail } from './platform/trail.ts';
import { createRoomTypes, hostedGames } from './rooms.ts';

/** How often a node checks that the cluster's singleton rooms (lobby, queues) still exist. */
const SINGLETON_CHECK_MS = 2000;
/**
 * How often a node looks for unfinished games that no live node holds. With the 2 s a node has
 * to answer, a game is back within about 3 s of its node's death.
 */
const GAME_CHECK_MS = 1000;
/** How often each node looks for parties whose room went with its node. */
const PARTY_CHECK_MS = 1000;
/** How often each node tells match creators the results they have not taken yet. */
const REPORT_CHECK_MS = 5000;

/**
 * The composition root: the only place where the control plane and the rooms meet. `extraGames`
 * are hosted besides the release's (a test's own game).
 */
export async function main(extraGames: readonly RegisteredGame[] = []): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`rookery: ${err.message}\n`);
    process.exit(2);
  }
  const trail = new Trail();
  const log = createLogger({ ...config.log, trail });
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
  // Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set: then the SDK is loaded, and only then.
  const tracing = await tracingFromEnv(process.env);

  let app: Awaited<ReturnType<typeof buildApp>>;
  try {
    app = await buildApp({ config, log, trail, tracing });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      log.fatal(err.message);
      process.stderr.write(`rookery: ${err.message}\n`);
      process.exit(3);
    }
    throw err;
  }
  // This node's part in the cluster (what keeps the rooms alive across nodes), and the room types
  // of this release; each gets its services there, and only there.
  const games = hostedGames(config, extraGames, app.engine);
  const cluster = createCluster(app, config, log, games);
  const rooms = createRoomTypes(app, config, log, cluster, games);
  let game: GameServer | undefined;
  const stopKeeping: Array<() => void> = [];
  onShutdownSignal(
    async () => {
      app.startDraining();
      for (const stop of stopKeeping) stop();
      rooms.announcer.flush();
      await game?.shutdown();
      await app.close();
      await tracing?.shutdown();
    },
    config.shutdownTimeoutSeconds,
    log,
  );
  try {
    game = await startGameServer({ app, config, log, rooms: rooms.definitions });
  } catch (err) {
    if (!(err instanceof PortInUseError)) throw err;
    // Said at once and plainly, and the data folder let go before leaving, so the next start
    // (on another port) does not find it held.
    log.fatal(err.message);
    process.stderr.write(`rookery: ${err.message}\n`);
    await Promise.race([app.close(), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    process.exit(4);
  }
  const port = game.port;
  // Games that were being played when the last process stopped continue where they were.
  // `/ready` fails until the singletons (lobby, queues) exist and the games are back.
  const restoring = cluster.singletons
    .ensureAll()
    .then(() => cluster.games.restoreAll())
    .then(async (games) => {
      // A tournament that cannot be rebuilt now is tried again by the keeper (`RoundGate`).
      await cluster.tournaments
        .restoreAll()
        .catch((err) => log.error({ err }, 'could not rebuild the tournaments at boot'));
      return games;
    });
  app.hostGames(cluster.hosting, restoring);
  const { restored, failed } = await restoring;
  // A singleton, a game or a party whose node died is taken over by a node that is still here.
  stopKeeping.push(
    cluster.singletons.keep(SINGLETON_CHECK_MS),
    cluster.games.keep(GAME_CHECK_MS),
    cluster.parties.keep(PARTY_CHECK_MS),
    cluster.reports.keep(REPORT_CHECK_MS),
    cluster.tournaments.keep(GAME_CHECK_MS),
    accountCleanupOf(app, config, log).keep(),
  );
  await announceNode();
  if (restored.length > 0 || failed.length > 0) {
    log.info(
      { restored: restored.length, failed: failed.length },
      'unfinished games restored from their logs',
    );
  }
  log.info(
    {
      port,
      database: config.databaseUrl ? 'postgresql' : `pglite (${config.dataDir})`,
      presence: config.redisUrl ? 'redis' : 'local',
      env: config.env,
      tracing: tracing ? 'otlp' : 'off',
      asyncContext: asyncContextOnFrames() ? 'frames' : 'promise hooks',
    },
    `rookery listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`,
  );
}

// Run as a program (not imported by another entry point).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    process.stderr.write(`rookery: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
