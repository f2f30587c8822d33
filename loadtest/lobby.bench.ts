/**
 * `npm run bench:lobby`: what joining the lobby costs as it fills, next to a raw `ws` server that
 * only holds sockets, measured in the same run and the same way.
 *
 * The players run in WORKERS child processes (`lobby-players.ts`), each holding an equal share,
 * so the load generator is not what limits the run: thousands of clients in one process fell
 * behind, missed the transport's pings and were closed.
 *
 * 1. Raw baseline (`ws-holder.ts`): PLAYERS WebSockets connect, JOIN_CONCURRENCY at a time over
 *    the processes; each is in when the server's greeting arrives.
 * 2. Rookery (a fresh server, on PGlite in a temporary folder, or with DATABASE_URL set on a
 *    throwaway database of that PostgreSQL server, dropped at the end): PLAYERS guests are made first
 *    (`POST /api/auth/guest`, not timed: auth is not what is measured), then each joins the lobby
 *    with `LobbyClient.join`, JOIN_CONCURRENCY at a time over the processes. With
 *    `PLAYER_CLIENT=wire`, each joins as the SDK does on the wire and decodes nothing
 *    (`lobby-players.ts`, mode `wire`): the same work for the server, a fraction of the SDK's CPU
 *    for the players, who share the machine's cores with it.
 *
 * For both, in five equal slices of the fill: joins a second, the server's CPU a join and the
 * player processes' CPU a join (with their worst event-loop delay: a process that lags shows
 * here); for Rookery, the bytes each join made the server send to every client already in
 * (counted at the clients' sockets) and the bytes a joiner received; then the resident memory
 * per connection after a full GC (the server and the holder run with `--expose-gc` and collect on
 * SIGUSR2) and the server's CPU over IDLE seconds with nobody acting. Connections closed during
 * the run are reported by close code. Ratios are against the baseline of the same run.
 *
 * Options (environment or `--name=value`): PLAYERS (1000), JOIN_CONCURRENCY (50), WORKERS (one
 * per 1,000 players, at least 2), IDLE (10, s), PLAYER_CLIENT (sdk or wire), CPU_PROF (a folder: the server writes a V8 CPU
 * profile there when it stops). With REDIS_URL the server runs on that Redis (cluster mode) and the
 * Redis server's commands a join and a second idle are printed (its whole count: give the bench a
 * Redis nobody else uses).
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { LobbyPlayersConfig, LobbyPlayersCounted, LobbyPlayersReady } from './lobby-players.ts';
import {
  cpuSpentMs,
  createThrowawayDatabase,
  fmt,
  freePort,
  guardRun,
  type HelperProcess,
  loadAverage,
  lobbyJoinOption,
  markdownTable,
  numberOption,
  processCpuMs,
  processesCpuMs,
  RAISED_RATE_LIMITS,
  redisCommandCounter,
  share,
  startHelper,
  startServer,
  type ThrowawayDatabase,
  waitForHealth,
} from './support.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GC_HOOK = path.join(REPO_ROOT, 'loadtest/gc-on-signal.mjs');
const SLICES = 5;

/** A whole number ≥ 1: `--name=value` or `NAME`. */
const option = (name: string, fallback: number) => Math.floor(numberOption(name, fallback, 1));

const PLAYERS = option('PLAYERS', 1000);
const CONCURRENCY = option('JOIN_CONCURRENCY', 50);
const WORKERS = Math.min(PLAYERS, option('WORKERS', Math.max(2, Math.ceil(PLAYERS / 1000))));
const IDLE_MS = option('IDLE', 10) * 1000;
const CPU_PROF = process.env.CPU_PROF?.trim() || undefined;
/** How the players join the lobby: `rookery` (the SDK) or `wire`. */
const PLAYER_JOIN = lobbyJoinOption('PLAYER_CLIENT');
/** Guests made at once over all the processes (not timed). */
const SETUP_CONCURRENCY = 20;

/** One slice of the fill: joins from `from` to `to` (exclusive). */
interface Slice {
  from: number;
  to: number;
  ms: number;
  cpuMs: number;
  /** CPU of the player processes over the slice. */
  playersCpuMs: number;
  /** CPU of the PostgreSQL backends serving the server over the slice (on PostgreSQL only). */
  dbCpuMs: number | undefined;
  /** The worst event-loop delay of a player process during the slice. */
  loopDelayMaxMs: number;
  /** Bytes received by the clients in before the slice, per join and per such client. */
  toOthers: number;
  /** Bytes received by each joiner of the slice (mean), its first state included. */
  toJoiner: number;
}

interface Run {
  label: string;
  slices: Slice[];
  /** Resident memory after a full GC, bytes: before anyone joined and with everyone in. */
  rssBefore: number;
  rssAfter: number;
  idleCpuMs: number;
  idleMs: number;
  /** Connections closed before the end of the run, by close code. */
  closes: Record<string, number>;
}

async function rssOf(pid: number): Promise<number> {
  process.kill(pid, 'SIGUSR2');
  await sleep(1500);
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) * 1024;
}

/** Starts the player processes against `url` and waits until each has its players ready. */
async function startPlayers(
  mode: LobbyPlayersConfig['mode'],
  url: string,
  helpers: Set<HelperProcess>,
): Promise<HelperProcess[]> {
  const workers = Array.from({ length: WORKERS }, (_, worker) => {
    const config: LobbyPlayersConfig = {
      mode,
      url,
      players: PLAYERS,
      worker,
      workers: WORKERS,
      lanes: Math.max(1, share(CONCURRENCY, worker, WORKERS)),
      setupLanes: Math.max(1, share(SETUP_CONCURRENCY, worker, WORKERS)),
    };
    const helper = startHelper(REPO_ROOT, 'loadtest/lobby-players.ts', [JSON.stringify(config)]);
    helpers.add(helper);
    return helper;
  });
  const t0 = performance.now();
  await Promise.all(workers.map((w) => w.next<LobbyPlayersReady>('ready', 120_000 + PLAYERS * 100)));
  if (mode !== 'raw') {
    console.log(
      `  ${fmt(PLAYERS)} guests made in ${fmt((performance.now() - t0) / 1000, 1)} s over ${WORKERS} processes (not timed below)`,
    );
  }
  return workers;
}

/**
 * Joins everyone in slices through the player processes, timing each slice and counting bytes
 * (and, on PostgreSQL, the CPU of the database's backends).
 */
async function fill(
  pid: number,
  workers: HelperProcess[],
  db?: ThrowawayDatabase,
): Promise<{ slices: Slice[]; closes: Record<string, number> }> {
  const slices: Slice[] = [];
  const size = Math.ceil(PLAYERS / SLICES);
  const pids = workers.map((w) => w.pid);
  let closes: Record<string, number> = {};
  for (let from = 0; from < PLAYERS; from += size) {
    const to = Math.min(PLAYERS, from + size);
    const cpu0 = (await processCpuMs(pid)) ?? 0;
    const db0 = db ? await processesCpuMs(await db.backendPids()) : undefined;
    const players0 = await processesCpuMs(pids);
    const t0 = performance.now();
    for (const w of workers) w.send({ type: 'join', from, to });
    await Promise.all(workers.map((w) => w.next('joined', 600_000)));
    const ms = performance.now() - t0;
    // Let the last patches of the slice arrive before counting them.
    await sleep(500);
    const cpuMs = ((await processCpuMs(pid)) ?? 0) - cpu0;
    const dbCpuMs = db && db0 ? cpuSpentMs(db0, await processesCpuMs(await db.backendPids())) : undefined;
    const playersCpuMs = cpuSpentMs(players0, await processesCpuMs(pids));
    for (const w of workers) w.send({ type: 'count' });
    const counts = await Promise.all(workers.map((w) => w.next<LobbyPlayersCounted>('counted', 60_000)));
    const sum = (pick: (c: LobbyPlayersCounted) => number) => counts.reduce((n, c) => n + pick(c), 0);
    const others = sum((c) => c.others);
    const fresh = sum((c) => c.fresh);
    closes = {};
    for (const c of counts)
      for (const [code, n] of Object.entries(c.closes)) closes[code] = (closes[code] ?? 0) + n;
    slices.push({
      from,
      to,
      ms,
      cpuMs,
      dbCpuMs,
      playersCpuMs,
      loopDelayMaxMs: Math.max(...counts.map((c) => c.loopDelayMaxMs)),
      toOthers: others > 0 ? sum((c) => c.othersBytes) / others / (to - from) : 0,
      toJoiner: fresh > 0 ? sum((c) => c.freshBytes) / fresh : 0,
    });
    const closed = Object.entries(closes).map(([code, n]) => `${n} closed with ${code}`);
    console.log(
      `  ${to} in: ${fmt(((to - from) / ms) * 1000)} joins/s${closed.length ? ` (${closed.join(', ')})` : ''}`,
    );
  }
  return { slices, closes };
}

async function idleCpu(pid: number): Promise<number> {
  const before = (await processCpuMs(pid)) ?? 0;
  await sleep(IDLE_MS);
  return ((await processCpuMs(pid)) ?? 0) - before;
}

async function stopAll(helpers: Set<HelperProcess>): Promise<void> {
  await Promise.all([...helpers].map((h) => h.stop()));
  helpers.clear();
}

async function rawRun(helpers: Set<HelperProcess>): Promise<Run> {
  const port = await freePort();
  const holder = startHelper(REPO_ROOT, 'loadtest/ws-holder.ts', [String(port)], {
    NODE_OPTIONS: '--expose-gc',
  });
  helpers.add(holder);
  try {
    await holder.next('listening', 30_000);
    const workers = await startPlayers('raw', `ws://127.0.0.1:${port}`, helpers);
    const rssBefore = await rssOf(holder.pid);
    const { slices, closes } = await fill(holder.pid, workers);
    const rssAfter = await rssOf(holder.pid);
    const idleCpuMs = await idleCpu(holder.pid);
    return { label: 'raw ws', slices, rssBefore, rssAfter, idleCpuMs, idleMs: IDLE_MS, closes };
  } finally {
    await stopAll(helpers);
  }
}

async function rookeryRun(helpers: Set<HelperProcess>): Promise<Run & { overflowWarnings: number }> {
  const port = await freePort();
  const nodeOptions = [`--expose-gc`, `--import=${GC_HOOK}`];
  if (CPU_PROF) nodeOptions.push('--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF)}`);
  const env: Record<string, string> = {
    ...RAISED_RATE_LIMITS,
    ACCESS_TOKEN_TTL: '86400',
    NODE_OPTIONS: nodeOptions.join(' '),
  };
  // On PostgreSQL, a database of its own, dropped at the end.
  const db = process.env.DATABASE_URL
    ? await createThrowawayDatabase(process.env.DATABASE_URL, 'rookery_bench_lobby')
    : undefined;
  if (db) env.DATABASE_URL = db.url;
  if (process.env.REDIS_URL) {
    env.REDIS_URL = process.env.REDIS_URL;
    env.PUBLIC_ADDRESS = `127.0.0.1:${port}`;
  }
  const redis = process.env.REDIS_URL ? await redisCommandCounter(process.env.REDIS_URL) : undefined;
  const server = await startServer(REPO_ROOT, port, env);
  let overflowWarnings = 0;
  server.child.stderr?.on('data', (chunk: Buffer) => {
    overflowWarnings += chunk.toString('utf8').split(/buffer overflow/i).length - 1;
  });
  try {
    await waitForHealth(server, 120_000);
    const workers = await startPlayers(PLAYER_JOIN, server.baseUrl, helpers);
    await sleep(1000);
    const rssBefore = await rssOf(server.pid);
    const redisBefore = await redis?.count();
    const { slices, closes } = await fill(server.pid, workers, db);
    const redisFilled = await redis?.count();
    await sleep(1000);
    const rssAfter = await rssOf(server.pid);
    const redisIdleBefore = await redis?.count();
    const idleStarted = performance.now();
    const idleCpuMs = await idleCpu(server.pid);
    const redisIdleAfter = await redis?.count();
    if (redisBefore !== undefined && redisFilled !== undefined && redisIdleBefore !== undefined) {
      const idleSeconds = (performance.now() - idleStarted) / 1000;
      console.log(
        `  Redis: ≈${fmt((redisFilled - redisBefore) / PLAYERS, 2)} commands a join, ` +
          `${fmt(((redisIdleAfter ?? redisIdleBefore) - redisIdleBefore) / idleSeconds, 1)} a second with ${fmt(PLAYERS)} idle in the lobby`,
      );
    }
    return {
      label: 'Rookery lobby',
      slices,
      rssBefore,
      rssAfter,
      idleCpuMs,
      idleMs: IDLE_MS,
      closes,
      overflowWarnings,
    };
  } catch (err) {
    console.error(err, `\nthe server's last lines:\n${server.tail()}`);
    throw err;
  } finally {
    // The server goes first: thousands of clients leaving one by one is not what is measured.
    await server.stop(CPU_PROF ? 60_000 : 10_000);
    await stopAll(helpers);
    await db?.drop();
    await redis?.close();
  }
}

function sliceRows(run: Run, base: Run): string[][] {
  return run.slices.map((s, i) => {
    const joins = s.to - s.from;
    const rate = (joins / s.ms) * 1000;
    const b = base.slices[i]!;
    const baseRate = ((b.to - b.from) / b.ms) * 1000;
    return [
      `${s.from}–${s.to}`,
      fmt(rate),
      fmt(baseRate),
      `${fmt(rate / baseRate, 2)}×`,
      fmt(s.cpuMs / joins, 2),
      fmt(b.cpuMs / (b.to - b.from), 2),
      `${fmt(s.playersCpuMs / joins, 2)} / ${fmt(b.playersCpuMs / (b.to - b.from), 2)}`,
      `${fmt(s.loopDelayMaxMs)} / ${fmt(b.loopDelayMaxMs)}`,
      fmt(s.toOthers, 1),
      fmt(s.toJoiner),
      ...(s.dbCpuMs === undefined ? [] : [fmt(s.dbCpuMs / joins, 2)]),
    ];
  });
}

function closesOf(run: Run): string {
  const closed = Object.entries(run.closes).map(([code, n]) => `${n} with ${code}`);
  return closed.length > 0 ? closed.join(', ') : 'none';
}

async function main(): Promise<void> {
  console.log(
    `bench:lobby: ${PLAYERS} players (${PLAYER_JOIN === 'wire' ? 'joining on the wire' : 'SDK clients'}), ` +
      `${CONCURRENCY} joining at once, ${WORKERS} player processes, ` +
      `${os.cpus().length} cores, load ${loadAverage()}`,
  );
  const helpers = new Set<HelperProcess>();
  const disarm = guardRun('bench:lobby', 60 * 60_000, () => stopAll(helpers));
  console.log('raw ws holder:');
  const raw = await rawRun(helpers);
  console.log(`Rookery lobby (load ${loadAverage()}):`);
  const rookery = await rookeryRun(helpers);
  disarm();

  console.log(`\nJoins by fill (load average at the end ${loadAverage()}):`);
  console.log(
    markdownTable(
      [
        'fill',
        'joins/s',
        'raw joins/s',
        'ratio',
        'server CPU ms/join',
        'raw CPU ms/join',
        'players CPU ms/join (Rookery / raw)',
        'players max loop delay ms (Rookery / raw)',
        'B to each other client/join',
        'B to joiner',
        ...(rookery.slices[0]?.dbCpuMs === undefined ? [] : ['database CPU ms/join']),
      ],
      sliceRows(rookery, raw),
    ),
  );
  const perPlayer = (run: Run) => (run.rssAfter - run.rssBefore) / PLAYERS;
  const idle = (run: Run) => (run.idleCpuMs / run.idleMs) * 100;
  console.log(
    `\nRSS per connection after GC: ${fmt(perPlayer(rookery) / 1024, 1)} KB against ${fmt(perPlayer(raw) / 1024, 1)} KB raw ` +
      `(${fmt(perPlayer(rookery) / perPlayer(raw), 2)}×; target ≤ 1.6×)`,
  );
  console.log(
    `Idle CPU with ${PLAYERS} in: ${fmt(idle(rookery), 1)}% of a core against ${fmt(idle(raw), 1)}% raw (target ≤ 10%)`,
  );
  console.log(`Connections closed during the run: Rookery ${closesOf(rookery)}; raw ${closesOf(raw)}`);
  const last = rookery.slices.at(-1)!;
  const lastRaw = raw.slices.at(-1)!;
  const cpuPerJoin = (s: Slice) => s.cpuMs / (s.to - s.from);
  console.log(
    `Joins/s in the last slice: ${fmt(((last.to - last.from) / last.ms) * 1000)} (target ≥ 500 at 10,000); ` +
      `schema buffer-overflow warnings: ${rookery.overflowWarnings}`,
  );
  // The server is one thread: a core kept busy by joins alone takes 1000 / (CPU ms a join) a
  // second. The clients share the machine's cores with it, so this is what the server would take
  // were the load generator and the machine's other work elsewhere.
  console.log(
    `Joins one core of the server could take at the last slice's CPU a join: ${fmt(1000 / cpuPerJoin(last))}/s ` +
      `(raw ${fmt(1000 / cpuPerJoin(lastRaw))}/s)`,
  );
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
