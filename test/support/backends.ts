import { PGlite } from '@electric-sql/pglite';
import { Redis } from 'ioredis';
import pg from 'pg';
import { type DatabaseTarget, migrate, openOrm } from '../../server/db/orm.ts';

/**
 * The real services a suite runs against. PGlite (with in-memory rate limits) always runs;
 * PostgreSQL and Redis run when TEST_POSTGRES_URL and TEST_REDIS_URL name a server (`.ci/run`
 * sets them), and are reported pending otherwise, never silently passed.
 */
export interface Backend {
  name: string;
  /** Why this backend cannot run here, if it cannot. */
  unavailable?: string;
  /** Opens the shared database of the run (once) and returns what an app should connect to. */
  database(): Promise<DatabaseTarget>;
  /** A raw SQL query on that database, for assertions. */
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  redisUrl?: string;
  close(): Promise<void>;
}

/**
 * The run's name (`test/support/run.ts` gives a whole `npm test` one, shared by its parallel
 * workers), with this process's: each process has its own databases and Redis keys.
 */
const run = process.env.ROOKERY_TEST_RUN;
const runId = `${run ?? Math.random().toString(36).slice(2, 8)}_${process.pid}`;

function pgliteBackend(): Backend {
  let instance: Promise<PGlite> | undefined;
  const open = () => {
    instance ??= (async () => {
      const pglite = await PGlite.create();
      const orm = await openOrm({ kind: 'pglite-instance', pglite });
      await migrate(orm);
      await orm.close();
      return pglite;
    })();
    return instance;
  };
  return {
    name: 'PGlite, in-memory rate limits',
    async database() {
      return { kind: 'pglite-instance', pglite: await open() };
    },
    async sql(query, params) {
      return (await (await open()).query(query, params)).rows as never;
    },
    async close() {
      if (instance) await (await instance).close();
    },
  };
}

function postgresBackend(): Backend {
  const adminUrl = process.env.TEST_POSTGRES_URL;
  const redisUrl = process.env.TEST_REDIS_URL;
  const dbName = `rookery_test_${runId}`;
  let pool: pg.Pool | undefined;
  let created: Promise<string> | undefined;
  const url = () => {
    const u = new URL(adminUrl!);
    u.pathname = `/${dbName}`;
    return u.toString();
  };
  const open = () => {
    created ??= (async () => {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create database ${dbName}`);
      await admin.end();
      const orm = await openOrm({ kind: 'postgres', url: url() });
      await migrate(orm);
      await orm.close();
      pool = new pg.Pool({ connectionString: url(), max: 2 });
      return url();
    })();
    return created;
  };
  const missing = [!adminUrl && 'TEST_POSTGRES_URL', !redisUrl && 'TEST_REDIS_URL'].filter(Boolean);
  return {
    name: 'PostgreSQL, Redis rate limits',
    unavailable: missing.length > 0 ? `${missing.join(' and ')} not set` : undefined,
    redisUrl,
    async database() {
      return { kind: 'postgres', url: await open(), poolMax: 4 };
    },
    async sql(query, params) {
      await open();
      return (await pool!.query(query, params)).rows;
    },
    async close() {
      if (!created) return;
      await pool?.end();
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
      if (redisUrl) {
        const redis = new Redis(redisUrl);
        const keys = await redis.keys(`rookery-test-${runId}*`);
        if (keys.length > 0) await redis.del(...keys);
        await redis.quit();
      }
    },
  };
}

export const BACKENDS: Backend[] = [pgliteBackend(), postgresBackend()];

/**
 * A PGlite database of its own, for a suite whose assertions read the whole database (ranks on a
 * board, a list of every tournament) and so must not see what other suites of the process wrote.
 * The suite closes it.
 */
export function ownPglite(): Backend {
  return pgliteBackend();
}

/** A Redis key prefix of its own for each test server of the run. */
let serial = 0;
export function redisPrefix(): string {
  serial += 1;
  return `rookery-test-${runId}-${serial}`;
}

/**
 * Declares `body` once per backend. A backend whose services are not configured shows as a
 * pending suite with the reason in its title.
 */
export function forEachBackend(title: string, body: (backend: Backend) => void): void {
  for (const backend of BACKENDS) {
    if (backend.unavailable) {
      describe(`${title} [${backend.name}]`, () => {
        it(`needs ${backend.name}: ${backend.unavailable}`);
      });
      continue;
    }
    describe(`${title} [${backend.name}]`, () => body(backend));
  }
}

/** Closes this process's backends: drops its PostgreSQL database and its Redis keys. */
export async function closeBackends(): Promise<void> {
  for (const backend of BACKENDS) await backend.close();
}

// A parallel worker's files share its backends, so no file may close them: what the workers leave
// is removed at the run's end (`test/support/run.ts`). A run in one process cleans up after itself.
if (process.env.MOCHA_WORKER_ID === undefined) after(closeBackends);
