/**
 * What a whole run of the suite does once: `.mocharc.cjs` requires this file, in the main
 * process and in each parallel worker. The run gets a name its workers inherit, so that each
 * process's databases and Redis keys (`backends.ts`) carry it; at the end, whatever a worker
 * left of them is removed (a worker is stopped without a chance to clean up itself).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { endLeftovers } from './process.ts';

process.env.ROOKERY_TEST_RUN ??= `run${process.pid}${Math.random().toString(36).slice(2, 6)}`;
const run = process.env.ROOKERY_TEST_RUN;

/**
 * The server compiled once for the run (`tsc --noCheck`, about a second and a half): the server
 * processes the suites start with `NODE_ENV=test` run it (`process.ts`), and each boots on some
 * 1.2 s less CPU than from the sources through tsx (`docs/perf.md`, the test suite). It lies as
 * deep in the checkout as `dist/`, under `node_modules/.cache`, so the compiled server finds the
 * packages. `TEST_FROM_SOURCES=1` runs every process from the sources.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const serverBuild = path.join(ROOT, 'node_modules', '.cache', `rookery-${run}`);

export async function mochaGlobalSetup(): Promise<void> {
  if (process.env.TEST_FROM_SOURCES) return;
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  execFileSync(tsc, ['-p', 'tsconfig.build.json', '--noCheck', '--outDir', serverBuild], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  process.env.ROOKERY_TEST_SERVER_BUILD = serverBuild;
}

export async function mochaGlobalTeardown(): Promise<void> {
  fs.rmSync(serverBuild, { recursive: true, force: true });
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

/**
 * `TEST_FILE_TIMES=<file>`: each worker appends a line per test file it ran (start, end, wall
 * seconds, CPU seconds of the worker and the children it reaped, worker pid, file) to that file,
 * so the longest files of a run can be found. In parallel mode a root hook runs around each file;
 * a run in one process gets one line for all its files.
 */
const timesFile = process.env.TEST_FILE_TIMES;
let fileStarted = 0;
let cpuStarted = 0;

/**
 * The CPU seconds of this worker and of the children it has reaped (the servers a file starts,
 * its browser): utime, stime, cutime and cstime of `/proc/self/stat`, in Linux's clock ticks of 1/100 s.
 * Zero where there is no `/proc`.
 */
function cpuSeconds(): number {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields from the third (state) on: utime, stime, cutime and cstime are the 14th to 17th.
    return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / 100;
  } catch {
    return 0;
  }
}

function filesOf(suite: Mocha.Suite): string[] {
  const files = new Set<string>();
  const visit = (s: Mocha.Suite): void => {
    if (s.file) files.add(s.file);
    for (const t of s.tests) if (t.file) files.add(t.file);
    for (const child of s.suites) visit(child);
  };
  visit(suite);
  return [...files].map((f) => path.relative(process.cwd(), f));
}

/**
 * Around each test file (in parallel mode a root hook runs once a file): before it, what an
 * earlier file left running is ended (`endLeftovers`) and the file is named for the processes it
 * starts; with TEST_FILE_TIMES, its line is written after it.
 */
export const mochaHooks = {
  beforeAll(this: Mocha.Context): void {
    const root = this.test?.parent;
    endLeftovers((line) => console.warn(line));
    process.env.MOCHA_FILE = root ? filesOf(root).join(' ') : '?';
    fileStarted = Date.now();
    cpuStarted = cpuSeconds();
  },
  afterAll(): void {
    if (!timesFile) return;
    const ended = Date.now();
    // The file (or, named files run in one process, the files) named as it began.
    const files = process.env.MOCHA_FILE;
    const line = `${new Date(fileStarted).toISOString()} ${new Date(ended).toISOString()} ${((ended - fileStarted) / 1000).toFixed(1)} ${(cpuSeconds() - cpuStarted).toFixed(1)} ${process.pid} ${files}\n`;
    fs.appendFileSync(timesFile, line);
  },
};
