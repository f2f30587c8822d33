/**
 * What a whole run of the suite does once: `.mocharc.cjs` requires this file, in the main
 * process and in each parallel worker. The run gets a name its workers inherit, so that each
 * process's databases and Redis keys (`backends.ts`) carry it; at the end, whatever a worker
 * left of them is removed (a worker is stopped without a chance to clean up itself).
 */
import { Redis } from 'ioredis';
import pg from 'pg';

process.env.ROOKERY_TEST_RUN ??= `run${process.pid}${Math.random().toString(36).slice(2, 6)}`;
const run = process.env.ROOKERY_TEST_RUN;

export async function mochaGlobalTeardown(): Promise<void> {
  // A run in one process has closed its own backends already (`backends.ts`): these are the
  // workers' leftovers.
  const adminUrl = process.env.TEST_POSTGRES_URL;
  if (adminUrl) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`rookery_test_${run}_%`],
    );
    for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`);
    await admin.end();
  }
  const redisUrl = process.env.TEST_REDIS_URL;
  if (redisUrl) {
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`rookery-test-${run}_*`);
    for (let i = 0; i < keys.length; i += 1_000) await redis.del(...keys.slice(i, i + 1_000));
    await redis.quit();
  }
}
