/**
 * `npm run bench:auth`: what authentication costs on this machine.
 *
 * 1. Raw argon2id verifies/s in this process, at the server's hashing concurrency (the baseline).
 * 2. Logins/s over HTTP against the real server in a child process, as a ratio of (1).
 * 3. Authenticated `GET /api/me` req/s at saturation, against `GET /health` measured the same way.
 * 4. `GET /api/me` latency at the target rate, offered by an open loop.
 *
 * A measurement, not a test: it prints figures and ratios and never fails on a missed target.
 * The load generator (this process) and the server share the machine's cores, so every HTTP
 * figure is a floor: part of the CPU goes to producing the load.
 *
 * Environment: BENCH_HASH_CONCURRENCY overrides the hash concurrency (also given to the server);
 * DATABASE_URL and REDIS_URL, when set, are passed to the server.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import argon2 from 'argon2';
import { loadConfig } from '../server/config.ts';
import { ARGON2_PARAMS } from '../server/platform/argon2.hasher.ts';
import {
  fmt,
  freePort,
  getOk,
  type LoopResult,
  machineBusyMs,
  markdownTable,
  ms,
  type OpenLoopResult,
  ownCpuMs,
  percentile,
  processCpuMs,
  rateOf,
  requestJson,
  runClosedLoop,
  runOpenLoop,
  type ServerProcess,
  startServer,
  waitForHealth,
} from './support.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

const RAW_MS = 5000;
/** In-flight verifies of the "unbounded" context figure (more than the libuv pool's 4 threads is moot). */
const RAW_UNBOUNDED_CONCURRENCY = 4;
const RAW_UNBOUNDED_MS = 2000;
const USERS = 20;
const LOGIN_MS = 8000;
const HTTP_MS = 8000;
const HTTP_WARMUP_MS = 1000;
const HTTP_WORKERS = 16;
const BOOT_TIMEOUT_MS = 30_000;
/** Kills everything if the run somehow exceeds this (each phase is bounded on its own). */
const WATCHDOG_MS = 150_000;

const TARGET_LOGIN_RATIO = 0.9;
const TARGET_ME_RPS = 1500;
const TARGET_ME_P95_MS = 10;

const PASSWORD = 'bench-password-1234';

/** One timed phase: what the loop saw and the CPU spent meanwhile. */
interface Phase<R extends LoopResult = LoopResult> {
  result: R;
  rate: number;
  /** CPU ms of the server child (undefined without /proc). */
  serverCpuMs: number | undefined;
  /** CPU ms of this process (the load generator). */
  benchCpuMs: number;
  /** CPU ms of every other process of the machine: a large figure means the run was disturbed. */
  otherCpuMs: number | undefined;
}

/** The hash concurrency the server will use: as it reads it, unless BENCH_HASH_CONCURRENCY says. */
function hashConcurrency(): number {
  const override = process.env.BENCH_HASH_CONCURRENCY?.trim();
  const raw = override ? override : process.env.HASH_CONCURRENCY;
  return loadConfig({ HASH_CONCURRENCY: raw }).auth.hashConcurrency;
}

/** `after - before`, unless either reading is missing. */
const delta = (before: number | undefined, after: number | undefined) =>
  before === undefined || after === undefined ? undefined : after - before;

/** Runs a loop and samples the CPU time of the server, of this process and of the machine. */
async function measure<R extends LoopResult>(
  serverPid: number | undefined,
  run: () => Promise<R>,
): Promise<Phase<R>> {
  const serverCpu = async () => (serverPid === undefined ? undefined : processCpuMs(serverPid));
  const machineBefore = await machineBusyMs();
  const serverBefore = await serverCpu();
  const benchBefore = ownCpuMs();
  const result = await run();
  const benchCpuMs = ownCpuMs() - benchBefore;
  const serverCpuMs = delta(serverBefore, await serverCpu());
  const machineCpuMs = delta(machineBefore, await machineBusyMs());
  const otherCpuMs =
    machineCpuMs === undefined ? undefined : Math.max(0, machineCpuMs - benchCpuMs - (serverCpuMs ?? 0));
  return { result, rate: rateOf(result), serverCpuMs, benchCpuMs, otherCpuMs };
}

/** One line: rate, count, latency percentiles, failures. */
function describe(phase: Phase, unit: string): string {
  const { result } = phase;
  const l = result.latencies;
  const parts = [
    `${fmt(phase.rate, 1)} ${unit}/s`,
    `(${fmt(result.ok)} in ${fmt(result.elapsedMs / 1000, 1)} s)`,
    `p50 ${ms(percentile(l, 50))}, p95 ${ms(percentile(l, 95))}, p99 ${ms(percentile(l, 99))}`,
  ];
  if (result.failed > 0) parts.push(`${fmt(result.failed)} FAILED (first: ${result.firstFailure})`);
  return parts.join('  ');
}

/** CPU per successful operation of the server and of this process, and what the rest of the machine used. */
function describeCpu(phase: Phase): string {
  const perOp = (cpuMs: number) => (phase.result.ok === 0 ? 'n/a' : `${fmt(cpuMs / phase.result.ok, 3)} ms`);
  const busy = (cpuMs: number) => `${fmt((cpuMs / phase.result.elapsedMs) * 100)}% of a core`;
  const parts: string[] = [];
  if (phase.serverCpuMs !== undefined) {
    parts.push(`server ${perOp(phase.serverCpuMs)} (${busy(phase.serverCpuMs)})`);
  }
  parts.push(`bench process ${perOp(phase.benchCpuMs)} (${busy(phase.benchCpuMs)})`);
  const other = phase.otherCpuMs === undefined ? '' : `; other processes ${busy(phase.otherCpuMs)}`;
  return `    CPU per op: ${parts.join(', ')}${other}`;
}

/** Phase 1: argon2.verify in this process, at the given concurrency. */
async function rawArgon2(concurrency: number, durationMs: number): Promise<Phase> {
  const hash = await argon2.hash(PASSWORD, ARGON2_PARAMS);
  await argon2.verify(hash, PASSWORD); // warm the native module and the thread pool
  return measure(undefined, () =>
    runClosedLoop(durationMs, concurrency, async () => argon2.verify(hash, PASSWORD)),
  );
}

/** Registers `count` users with distinct names (unique per run, should the database be shared). */
async function registerUsers(baseUrl: string, count: number): Promise<string[]> {
  const run = randomBytes(3).toString('hex');
  const names = Array.from({ length: count }, (_, i) => `b${run}_${i}`);
  await Promise.all(
    names.map(async (username) => {
      const reply = await requestJson(`${baseUrl}/api/auth/register`, {
        method: 'POST',
        body: { username, password: PASSWORD },
      });
      if (reply.status !== 201) {
        throw new Error(`register ${username}: HTTP ${reply.status} ${JSON.stringify(reply.body)}`);
      }
    }),
  );
  return names;
}

/** Phase 2: logins over HTTP, cycling through the users; keeps one access token for phase 3. */
async function logins(
  server: ServerProcess,
  users: string[],
  workers: number,
): Promise<{ phase: Phase; token: string | undefined }> {
  let next = 0;
  let token: string | undefined;
  const login = async () => {
    const username = users[next++ % users.length]!;
    const reply = await requestJson(`${server.baseUrl}/api/auth/login`, {
      method: 'POST',
      body: { username, password: PASSWORD },
    });
    if (reply.status !== 200) return `HTTP ${reply.status} ${JSON.stringify(reply.body)}`;
    token ??= (reply.body as { accessToken?: string }).accessToken;
    return true;
  };
  const phase = await measure(server.pid, () => runClosedLoop(LOGIN_MS, workers, login));
  return { phase, token };
}

/** Phase 3: a warm-up, then a closed-loop GET of `path` with keep-alive connections. */
async function httpGet(server: ServerProcess, path: string, headers: Record<string, string>): Promise<Phase> {
  const url = `${server.baseUrl}${path}`;
  const fn = () => getOk(url, headers);
  await runClosedLoop(HTTP_WARMUP_MS, HTTP_WORKERS, fn);
  return measure(server.pid, () => runClosedLoop(HTTP_MS, HTTP_WORKERS, fn));
}

/**
 * Phase 4: `path` requested at a fixed rate, as users arriving at that rate would: the latency a
 * server gives at a load it claims to carry (a closed loop at saturation only shows queueing).
 */
async function httpGetAtRate(
  server: ServerProcess,
  path: string,
  headers: Record<string, string>,
  ratePerSecond: number,
): Promise<Phase<OpenLoopResult>> {
  const url = `${server.baseUrl}${path}`;
  return measure(server.pid, () => runOpenLoop(HTTP_MS, ratePerSecond, () => getOk(url, headers)));
}

/** The environment the server gets on top of the defaults of `startServer`. */
function serverEnv(concurrency: number, port: number): Record<string, string> {
  const env: Record<string, string> = {
    HASH_CONCURRENCY: String(concurrency),
    // The configuration caps both at 1,000,000 points: far above what 8 s of logins can consume.
    AUTH_RATE_IP_POINTS: '1000000',
    AUTH_RATE_ACCOUNT_POINTS: '1000000',
  };
  if (process.env.DATABASE_URL) env.DATABASE_URL = process.env.DATABASE_URL;
  if (process.env.REDIS_URL) {
    env.REDIS_URL = process.env.REDIS_URL;
    // Cluster mode refuses to boot without an address for this node.
    env.PUBLIC_ADDRESS = `127.0.0.1:${port}`;
  }
  return env;
}

const ratio = (value: number, base: number) => (base > 0 ? `${fmt(value / base, 2)}×` : 'n/a');
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

async function main(): Promise<void> {
  const cores = os.availableParallelism();
  const concurrency = hashConcurrency();
  const loginWorkers = 2 * concurrency;
  console.log(
    `# bench:auth — ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${cores} cores, Node ${process.version}`,
  );
  console.log(
    `argon2id m=${ARGON2_PARAMS.memoryCost} KiB t=${ARGON2_PARAMS.timeCost} p=${ARGON2_PARAMS.parallelism}; ` +
      `hash concurrency ${concurrency}` +
      (process.env.BENCH_HASH_CONCURRENCY ? ' (BENCH_HASH_CONCURRENCY)' : ''),
  );
  console.log(
    `note: the load generator (this process) and the server share the same ${cores} cores; ` +
      'HTTP figures include that contention.\n',
  );

  // Last resorts: a run that overstays, or Ctrl-C, still takes the server and its data down.
  let server: ServerProcess | undefined;
  const watchdog = setTimeout(() => {
    console.error(`bench:auth: still running after ${WATCHDOG_MS / 1000} s; giving up`);
    server?.child.kill('SIGKILL');
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();
  process.once('SIGINT', () => {
    void (server ? server.stop() : Promise.resolve()).finally(() => process.exit(130));
  });

  // 1. Raw argon2 before the server exists, so nothing else competes for the cores.
  const raw = await rawArgon2(concurrency, RAW_MS);
  console.log(`[argon2 raw, ${concurrency} in flight] ${describe(raw, 'verifies')}`);
  console.log(describeCpu(raw));
  const rawWide = await rawArgon2(RAW_UNBOUNDED_CONCURRENCY, RAW_UNBOUNDED_MS);
  console.log(
    `[argon2 raw, ${RAW_UNBOUNDED_CONCURRENCY} in flight, context only] ${describe(rawWide, 'verifies')}`,
  );
  console.log(describeCpu(rawWide));

  const port = await freePort();
  server = await startServer(REPO_ROOT, port, serverEnv(concurrency, port));
  try {
    const bootMs = await waitForHealth(server, BOOT_TIMEOUT_MS);
    console.log(`\nserver pid ${server.pid} at ${server.baseUrl}, healthy after ${fmt(bootMs / 1000, 1)} s`);

    // 2. Logins.
    const users = await registerUsers(server.baseUrl, USERS);
    console.log(`registered ${users.length} users`);
    const { phase: login, token } = await logins(server, users, loginWorkers);
    console.log(`[POST /api/auth/login, ${loginWorkers} workers] ${describe(login, 'logins')}`);
    console.log(describeCpu(login));
    console.log(`    logins/s ÷ raw verifies/s = ${ratio(login.rate, raw.rate)}`);
    if (!token) throw new Error('no login succeeded: no access token for /api/me');

    // 3. /health as the baseline, then /api/me.
    const health = await httpGet(server, '/health', {});
    console.log(`[GET /health, ${HTTP_WORKERS} workers] ${describe(health, 'req')}`);
    console.log(describeCpu(health));
    const me = await httpGet(server, '/api/me', { authorization: `Bearer ${token}` });
    console.log(`[GET /api/me, ${HTTP_WORKERS} workers] ${describe(me, 'req')}`);
    console.log(describeCpu(me));
    console.log(`    /api/me req/s ÷ /health req/s = ${ratio(me.rate, health.rate)}`);
    const meAtRate = await httpGetAtRate(
      server,
      '/api/me',
      { authorization: `Bearer ${token}` },
      TARGET_ME_RPS,
    );
    console.log(
      `[GET /api/me, ${fmt(TARGET_ME_RPS)} req/s offered] ${describe(meAtRate, 'req')}` +
        (meAtRate.result.dropped > 0 ? `  ${fmt(meAtRate.result.dropped)} dropped (too many in flight)` : ''),
    );
    console.log(describeCpu(meAtRate));

    printTable({ concurrency, loginWorkers, raw, rawWide, login, health, me, meAtRate });
  } finally {
    await server.stop();
    clearTimeout(watchdog);
  }
}

/** The summary, as markdown to paste into docs/perf.md. */
function printTable(p: {
  concurrency: number;
  loginWorkers: number;
  raw: Phase;
  rawWide: Phase;
  login: Phase;
  health: Phase;
  me: Phase;
  meAtRate: Phase<OpenLoopResult>;
}): void {
  const atRate = p.meAtRate.result;
  const meP95 = percentile(atRate.latencies, 95);
  const carried = p.meAtRate.rate >= 0.98 * TARGET_ME_RPS && atRate.failed === 0 && atRate.dropped === 0;
  const cpuPerReq = (phase: Phase) =>
    phase.serverCpuMs === undefined ? 'n/a' : `${fmt(phase.serverCpuMs / phase.result.ok, 3)} ms`;
  const rows = [
    [`argon2 verify, raw (${p.concurrency} in flight)`, `${fmt(p.raw.rate, 1)}/s`, '—', 'baseline'],
    [
      `argon2 verify, raw (${RAW_UNBOUNDED_CONCURRENCY} in flight, context)`,
      `${fmt(p.rawWide.rate, 1)}/s`,
      '—',
      `${ratio(p.rawWide.rate, p.raw.rate)} raw`,
    ],
    [
      `login over HTTP (${p.loginWorkers} workers)`,
      `${fmt(p.login.rate, 1)}/s, p50 ${ms(percentile(p.login.result.latencies, 50))}, ` +
        `p95 ${ms(percentile(p.login.result.latencies, 95))}`,
      `≥ ${TARGET_LOGIN_RATIO}× raw (${verdict(p.login.rate >= TARGET_LOGIN_RATIO * p.raw.rate)})`,
      `${ratio(p.login.rate, p.raw.rate)} raw`,
    ],
    [`GET /health (${HTTP_WORKERS} workers)`, `${fmt(p.health.rate)} req/s`, '—', 'baseline'],
    [
      `GET /api/me (${HTTP_WORKERS} workers)`,
      `${fmt(p.me.rate)} req/s`,
      `≥ ${fmt(TARGET_ME_RPS)} req/s (${verdict(p.me.rate >= TARGET_ME_RPS)})`,
      `${ratio(p.me.rate, p.health.rate)} /health`,
    ],
    [
      `GET /api/me latency at ${fmt(TARGET_ME_RPS)} req/s offered`,
      `${fmt(p.meAtRate.rate)} req/s carried; p50 ${ms(percentile(atRate.latencies, 50))}, p95 ${ms(meP95)}, ` +
        `p99 ${ms(percentile(atRate.latencies, 99))}`,
      `p95 ≤ ${TARGET_ME_P95_MS} ms (${verdict(carried && meP95 <= TARGET_ME_P95_MS)})`,
      '—',
    ],
    [
      'server CPU per request, /api/me',
      cpuPerReq(p.me),
      '—',
      p.me.serverCpuMs === undefined || p.health.serverCpuMs === undefined
        ? 'n/a'
        : `${ratio(p.me.serverCpuMs / p.me.result.ok, p.health.serverCpuMs / p.health.result.ok)} /health`,
    ],
  ];
  console.log(`\n${markdownTable(['Phase', 'Figure', 'Target', 'Ratio'], rows)}`);
  const others = [p.raw, p.rawWide, p.login, p.health, p.me, p.meAtRate].map((phase) =>
    phase.otherCpuMs === undefined ? 0 : phase.otherCpuMs / phase.result.elapsedMs,
  );
  console.log(
    `\n${os.availableParallelism()} cores shared by the load generator and the server; ` +
      `server CPU per /health request: ${cpuPerReq(p.health)}; ` +
      `other processes used up to ${fmt(Math.max(...others) * 100)}% of a core during a phase ` +
      '(much above 0 means the figures are depressed by unrelated work).',
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench:auth failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
