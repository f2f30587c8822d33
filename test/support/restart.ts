import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type Backend, redisPrefix } from './backends.ts';
import { migratedPglite } from './pglite-template.ts';
import { EXIT_PORT_IN_USE, freePort, onFreePort, type ServerProcess, startServerProcess } from './process.ts';
import { client, testKeys } from './server.ts';
import { waitUntil } from './wait.ts';

export type Sql = <T>(query: string, params: unknown[]) => Promise<T[]>;

/** A server process a test kills and starts again, on one record. */
export interface RestartableServer {
  /** Starts the process (again); it answers `/health` when this resolves. */
  start(): Promise<ServerProcess>;
  /**
   * Reads the record the process wrote: in PostgreSQL at once, or in its data folder once the
   * process stopped (PGlite is one process's).
   */
  read<T>(read: (sql: Sql) => Promise<T>): Promise<T>;
}

/**
 * A server process (`script`, by default `server/main.ts`) on a data folder of its own (PGlite),
 * or on the backend's PostgreSQL and Redis (a one-node cluster), with `settings` added to its
 * environment. Registers the suite's hooks: the environment is made before its tests, and the
 * process killed and the folder removed after.
 */
export function restartableServer(
  backend: Backend,
  script = 'server/main.ts',
  settings: Record<string, string> = {},
): RestartableServer {
  let env: Record<string, string>;
  let dataDir: string;
  let current: ServerProcess | undefined;
  before(async function () {
    // The first suite of a process makes the PGlite template here: seconds, far more when busy.
    this.timeout(120_000);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rookery-restore-'));
    const port = String(await freePort());
    // NODE_ENV test: no process of these suites serves the web app, and in development each would
    // start Vite with its file watchers at every boot.
    env = {
      NODE_ENV: 'test',
      ...settings,
      DATA_DIR: dataDir,
      PORT: port,
      AUTH_KEYS: await testKeys(),
      LOG_LEVEL: 'warn',
    };
    const target = await backend.database();
    if (target.kind !== 'postgres') await migratedPglite(dataDir);
    else {
      Object.assign(env, {
        DATABASE_URL: target.url,
        REDIS_URL: backend.redisUrl!,
        REDIS_KEY_PREFIX: redisPrefix(),
        PUBLIC_ADDRESS: `127.0.0.1:${port}`,
      });
    }
  });
  after(async () => {
    await current?.stop('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    async start() {
      // One process at a time: one a test left running would otherwise join the new one's cluster
      // (on PostgreSQL and Redis) and rebuild the games the test means the new one to find.
      await current?.stop('SIGKILL');
      // On its port of before, or on another if that one was taken meanwhile.
      try {
        current = await startServerProcess(env, 40_000, script);
      } catch (err) {
        if ((err as { exitCode?: number }).exitCode !== EXIT_PORT_IN_USE) throw err;
        current = await onFreePort((port) => {
          env.PORT = port;
          if (env.PUBLIC_ADDRESS) env.PUBLIC_ADDRESS = `127.0.0.1:${port}`;
          return startServerProcess(env, 40_000, script);
        });
      }
      return current;
    },
    async read(read) {
      if (env.DATABASE_URL) return read((q, p) => backend.sql(q, p));
      await current?.stop('SIGTERM');
      current = undefined;
      const db = await PGlite.create(path.join(dataDir, 'pglite'));
      try {
        return await read(async (q, p) => (await db.query(q, p)).rows as never);
      } finally {
        await db.close();
      }
    },
  };
}

/** Waits for `/ready`: the node answers it once its unfinished games are back in rooms. */
export async function untilReady(url: string): Promise<void> {
  await waitUntil(async () => (await client(url).get('/ready')).status === 200, 30_000, 100);
}
