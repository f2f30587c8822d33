import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DataDirLockedError } from './platform/data-dir-lock.ts';
import { createLogger, type Logger } from './platform/logger.ts';
import { createPresence } from './platform/presence.ts';
import { registerRoomMetrics } from './platform/room-metrics.ts';
import { onShutdownSignal } from './platform/shutdown.ts';

/** Colyseus logs through a console-like object; this routes its lines into our JSON log. */
function colyseusLogger(log: Logger) {
  const child = log.child({ component: 'colyseus' });
  const line = (args: unknown[]) =>
    args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  return {
    debug: (...args: unknown[]) => child.debug(line(args)),
    info: (...args: unknown[]) => child.info(line(args)),
    warn: (...args: unknown[]) => child.warn(line(args)),
    error: (...args: unknown[]) => child.error(line(args)),
  };
}

/** The composition root: the only place where the control plane and the rooms meet. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`rookery: ${err.message}\n`);
    process.exit(2);
  }
  const log = createLogger(config.log);
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));

  let app: Awaited<ReturnType<typeof buildApp>>;
  try {
    app = await buildApp({ config, log });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      log.fatal(err.message);
      process.stderr.write(`rookery: ${err.message}\n`);
      process.exit(3);
    }
    throw err;
  }
  registerRoomMetrics(app.metrics.registry);

  const httpServer = http.createServer(app.http);
  const { presence, driver } = createPresence(config.redisUrl);
  const gameServer = new Server({
    transport: new WebSocketTransport({ server: httpServer, maxPayload: 16 * 1024 }),
    presence,
    driver,
    publicAddress: config.publicAddress,
    gracefullyShutdown: false,
    greet: false,
    logger: colyseusLogger(log),
  });

  onShutdownSignal(
    async () => {
      app.startDraining();
      await gameServer.gracefullyShutdown(false);
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await app.close();
    },
    config.shutdownTimeoutSeconds,
    log,
  );

  await gameServer.listen(config.port, config.host);
  const { port } = httpServer.address() as AddressInfo;
  log.info(
    {
      port,
      database: config.databaseUrl ? 'postgresql' : `pglite (${config.dataDir})`,
      presence: config.redisUrl ? 'redis' : 'local',
      env: config.env,
    },
    `rookery listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`,
  );
}

main().catch((err) => {
  process.stderr.write(`rookery: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
