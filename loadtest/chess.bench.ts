/**
 * `npm run bench:chess`: what a chess move costs on this machine, end to end.
 *
 * N games are played at once between scripted players at a human pace (each player thinks a
 * uniform random time before replying to the opponent's move), against each target in turn:
 *
 * 1. against a plain `ws` relay (`ws-relay.ts`) that forwards each move message from one player
 *    to the other: the same connections, pace and pairing, and nothing else — the baseline;
 *    with PostgreSQL, a second time with the relay appending each move to a table before it
 *    forwards it (the cost of a durable log alone);
 * 2. against the real server (`server/main.ts` in a child process, on PostgreSQL in a throwaway
 *    database when `DATABASE_URL` is set, else on PGlite in a temporary folder), through the real
 *    SDK (`ChessRooms` / `ChessGameClient`): every move validated, appended to the game's log and
 *    delta-synced.
 *
 * Figures: the move round trip (player A sends → player B's synced state shows the move, both
 * players in the same process, one clock) p50/p95/p99, moves/s, and the CPU per move of the
 * process under test (/proc utime + stime over the measured window), with the ratios to (1).
 * Warm-up is excluded. The players run in worker processes (`chess-players.ts`) on the same cores
 * as the server: a measurement, not a test; it never fails on a missed target.
 *
 * Options (argv `--games=1000` or environment `GAMES=1000`): GAMES (200), DURATION s (30),
 * WARMUP s (10), IDLE s (5: the reading with every game seated and nobody moving), THINK_MS
 * (`500-2000`), WORKERS (one per 250 games), TIME_CONTROL (`30+0`), PLAYERS_NICE (0; 19 runs the
 * players on spare CPU only, nearer to players on other machines).
 * BOT_SHARE (0): besides the GAMES human games, GAMES × BOT_SHARE guests play the server's bot at
 * BOT_LEVEL (`stockfish-8`) during the server's phase (`bot-games.ts`), so the figures of the human
 * games show what the engine's load costs them; the engine's figures from /metrics are printed.
 * ENGINE_NICE, when set, is passed to the server (`off` runs the engine at the process's priority).
 * CPU_PROF=<folder> writes a V8 CPU profile of the server there; ALLOC_PROF=<file> writes what the
 * server allocated over the window there (V8's sampling heap profiler, collected objects counted)
 * and prints the bytes a move, in all and by place (a package, a file of ours). DATABASE_URL and
 * REDIS_URL, when set, are used as `bench:auth` uses them (a fresh database is created on that
 * server and dropped); with REDIS_URL the Redis server's commands a move and a second of idle
 * games, and the bytes it sends a second of idle games, are printed (its whole count: give the
 * bench a Redis nobody else uses); with DATABASE_URL, the database's transactions a second of idle
 * games.
 */
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ALLOC_PROFILE_PROBE, describeAllocations } from './alloc-profile.ts';
import { startBotGames } from './bot-load.ts';
import type { PlayersConfig, PlayersReady, PlayersResult } from './chess-players.ts';
import {
  cpuPressureMs,
  cpuSpentMs,
  createThrowawayDatabase,
  fmt,
  freePort,
  guardRun,
  type HelperProcess,
  machineBusyMs,
  markdownTable,
  ms,
  numberOption,
  ownCpuMs,
  percentile,
  processCpuMs,
  processesCpuMs,
  RAISED_RATE_LIMITS,
  redisCommandCounter,
  type ServerProcess,
  serverRuntime,
  startHelper,
  startServer,
  type ThrowawayDatabase,
  textOption,
  thinkOption,
  waitForHealth,
} from './support.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

const GAMES_PER_WORKER = 250;
const SETUP_CONCURRENCY = 16;
const BOOT_TIMEOUT_MS = 60_000;
/** Time for the workers to answer `report` (they wait up to 5 s for moves still in flight). */
const REPORT_TIMEOUT_MS = 20_000;

/** After the set-up, before the idle reading (connections and joins settle). */
const SETTLE_MS = 2000;
/** The idle reading: every game seated, nobody moving (IDLE seconds, 5 by default). */
const IDLE_MS = Math.max(1, Number(process.env.IDLE ?? 5) || 5) * 1000;

/** The scale targets at 1,000 games: the round trip's p99, within twice the relay that appends
 *  each move to PostgreSQL (the durable baseline: PostgreSQL runs only), and the server's CPU a
 *  move within three times the raw relay's. */
const TARGET_P99_MS = 20;
const TARGET_P99_RATIO = 2;
const TARGET_CPU_RATIO = 3;

interface Options {
  games: number;
  durationMs: number;
  warmupMs: number;
  thinkMinMs: number;
  thinkMaxMs: number;
  workers: number;
  timeControl: string;
  /** Scheduling priority of the player processes (0 = as the server; 19 = only spare CPU). */
  playersNice: number;
  cpuProfDir: string | undefined;
  /** A file for the server's allocations over the window (ALLOC_PROF). */
  allocProfile: string | undefined;
  /** Bot games played beside the human games, as a share of GAMES. */
  botShare: number;
  botLevel: string;
}

function readOptions(): Options {
  const games = Math.floor(numberOption('GAMES', 200, 1));
  const { thinkMinMs, thinkMaxMs } = thinkOption();
  return {
    games,
    durationMs: numberOption('DURATION', 30, 1) * 1000,
    warmupMs: numberOption('WARMUP', 10, 0) * 1000,
    thinkMinMs,
    thinkMaxMs,
    workers: Math.min(games, Math.floor(numberOption('WORKERS', Math.ceil(games / GAMES_PER_WORKER), 1))),
    timeControl: textOption('TIME_CONTROL') ?? '30+0',
    playersNice: Math.min(19, Math.floor(numberOption('PLAYERS_NICE', 0, 0))),
    cpuProfDir: textOption('CPU_PROF'),
    allocProfile: textOption('ALLOC_PROF'),
    botShare: numberOption('BOT_SHARE', 0, 0),
    botLevel: textOption('BOT_LEVEL') ?? 'stockfish-8',
  };
}

/** One target played for a window: what the players saw and the CPU spent meanwhile. */
interface Phase {
  label: string;
  setupMs: number;
  windowMs: number;
  /** Round trips of the window, ms, sorted ascending. */
  latencies: Float64Array;
  lost: number;
  refused: number;
  firstFailure: string | undefined;
  ended: Record<string, number>;
  /** The relay's or the server's process. */
  targetCpuMs: number | undefined;
  /** The PostgreSQL backends of the server's database (PostgreSQL runs only). */
  dbCpuMs: number | undefined;
  /** Transactions in the server's database during the window (PostgreSQL runs only; approximate). */
  dbTransactions: number | undefined;
  /** Commands the Redis server ran during the window, and a second with nobody moving (Redis runs only). */
  redisCommands: number | undefined;
  redisIdlePerSecond: number | undefined;
  /** The bytes Redis sent a second with nobody moving (Redis runs only). */
  redisIdleBytesPerSecond: number | undefined;
  /** PostgreSQL's transactions a second in the bench's database with nobody moving. */
  dbIdleTransactionsPerSecond: number | undefined;
  /** The player processes. */
  playersCpuMs: number;
  benchCpuMs: number;
  /** Every other process of the machine: much above 0 means the run was disturbed. */
  otherCpuMs: number | undefined;
  /** Time during which some runnable task waited for a core (/proc/pressure/cpu). */
  cpuWaitMs: number | undefined;
  /** The target's CPU (share of a core) with every game seated and nobody moving. */
  idleShare: number | undefined;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

type RedisCounter = Awaited<ReturnType<typeof redisCommandCounter>>;

const movesPerSecond = (phase: Phase) => phase.latencies.length / (phase.windowMs / 1000);

/** Splits `total` into `parts` nearly equal whole numbers. */
const split = (total: number, parts: number) =>
  Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));

/**
 * Starts the player processes against `url`, sets every game up, lets them play for the warm-up
 * and the window, and reads the CPU of `targetPid` (and of the database's backends) around the
 * window.
 */
async function play(
  opts: Options,
  label: string,
  mode: PlayersConfig['mode'],
  url: string,
  targetPid: number,
  helpers: Set<HelperProcess>,
  db?: ThrowawayDatabase,
  redis?: RedisCounter,
  /** Called as the window starts and as it ends. */
  windowEdge?: () => void,
): Promise<Phase> {
  const shares = split(opts.games, opts.workers);
  const workers = shares.map((games, worker) => {
    const config: PlayersConfig = {
      mode,
      url,
      games,
      worker,
      thinkMinMs: opts.thinkMinMs,
      thinkMaxMs: opts.thinkMaxMs,
      timeControl: opts.timeControl,
      setupConcurrency: SETUP_CONCURRENCY,
    };
    const helper = startHelper(REPO_ROOT, 'loadtest/chess-players.ts', [JSON.stringify(config)]);
    helpers.add(helper);
    if (opts.playersNice !== 0) os.setPriority(helper.pid, opts.playersNice);
    return helper;
  });
  try {
    const setupTimeoutMs = 60_000 + opts.games * 200;
    const ready = await Promise.all(workers.map((w) => w.next<PlayersReady>('ready', setupTimeoutMs)));
    const setupMs = Math.max(...ready.map((r) => r.setupMs));
    console.log(
      `[${label}] ${fmt(opts.games)} games set up in ${fmt(setupMs / 1000, 1)} s over ` +
        `${workers.length} player process${workers.length === 1 ? '' : 'es'}; ${fmt(IDLE_MS / 1000)} s with nobody ` +
        `moving, then ${fmt(opts.warmupMs / 1000)} s of warm-up`,
    );

    // What the seated games cost while nobody moves (timers, keep-alive pings): the floor under
    // the per-move figure.
    await sleep(SETTLE_MS);
    const idleBefore = await processCpuMs(targetPid);
    const idleRedisBefore = await redis?.count();
    const idleBytesBefore = await redis?.bytesSent();
    const idleXactBefore = db ? await db.transactions() : undefined;
    const idleStarted = performance.now();
    await sleep(IDLE_MS);
    const idleAfter = await processCpuMs(targetPid);
    const idleRedisAfter = await redis?.count();
    const idleBytesAfter = await redis?.bytesSent();
    const idleXactAfter = db ? await db.transactions() : undefined;
    const idleSeconds = (performance.now() - idleStarted) / 1000;
    const perIdleSecond = (before: number | undefined, after: number | undefined) =>
      before === undefined || after === undefined ? undefined : (after - before) / idleSeconds;
    const redisIdlePerSecond = perIdleSecond(idleRedisBefore, idleRedisAfter);
    const redisIdleBytesPerSecond = perIdleSecond(idleBytesBefore, idleBytesAfter);
    const dbIdleTransactionsPerSecond = perIdleSecond(idleXactBefore, idleXactAfter);
    const idleShare =
      idleBefore === undefined || idleAfter === undefined
        ? undefined
        : (idleAfter - idleBefore) / (performance.now() - idleStarted);

    for (const w of workers) w.send({ type: 'go', warmupMs: opts.warmupMs, durationMs: opts.durationMs });
    await sleep(opts.warmupMs);

    const workerPids = workers.map((w) => w.pid);
    const machineBefore = await machineBusyMs();
    const pressureBefore = await cpuPressureMs();
    const targetBefore = await processCpuMs(targetPid);
    const dbBefore = db ? await processesCpuMs(await db.backendPids()) : undefined;
    const xactBefore = db ? await db.transactions() : undefined;
    const redisBefore = await redis?.count();
    const playersBefore = await processesCpuMs(workerPids);
    const benchBefore = ownCpuMs();
    windowEdge?.();
    const started = performance.now();
    await sleep(opts.durationMs);
    const windowMs = performance.now() - started;
    windowEdge?.();
    const benchCpuMs = ownCpuMs() - benchBefore;
    const playersCpuMs = cpuSpentMs(playersBefore, await processesCpuMs(workerPids));
    const dbCpuMs =
      db && dbBefore ? cpuSpentMs(dbBefore, await processesCpuMs(await db.backendPids())) : undefined;
    const dbTransactions =
      db && xactBefore !== undefined ? (await db.transactions()) - xactBefore : undefined;
    const redisAfter = await redis?.count();
    const redisCommands =
      redisBefore === undefined || redisAfter === undefined ? undefined : redisAfter - redisBefore;
    const targetAfter = await processCpuMs(targetPid);
    const targetCpuMs =
      targetBefore === undefined || targetAfter === undefined ? undefined : targetAfter - targetBefore;
    const machineAfter = await machineBusyMs();
    const pressureAfter = await cpuPressureMs();
    const cpuWaitMs =
      pressureBefore === undefined || pressureAfter === undefined
        ? undefined
        : pressureAfter - pressureBefore;
    const machineCpuMs =
      machineBefore === undefined || machineAfter === undefined ? undefined : machineAfter - machineBefore;
    const otherCpuMs =
      machineCpuMs === undefined
        ? undefined
        : Math.max(0, machineCpuMs - benchCpuMs - playersCpuMs - (targetCpuMs ?? 0) - (dbCpuMs ?? 0));

    for (const w of workers) w.send({ type: 'report' });
    const results = await Promise.all(workers.map((w) => w.next<PlayersResult>('result', REPORT_TIMEOUT_MS)));
    const all = new Float64Array(results.reduce((n, r) => n + r.latencies.length, 0));
    let at = 0;
    for (const r of results) {
      all.set(r.latencies, at);
      at += r.latencies.length;
    }
    const ended: Record<string, number> = {};
    for (const r of results) {
      for (const [termination, count] of Object.entries(r.ended))
        ended[termination] = (ended[termination] ?? 0) + count;
    }
    return {
      label,
      setupMs,
      windowMs,
      latencies: all.sort(),
      lost: results.reduce((n, r) => n + r.lost, 0),
      refused: results.reduce((n, r) => n + r.refused, 0),
      firstFailure: results.find((r) => r.firstFailure !== undefined)?.firstFailure,
      ended,
      targetCpuMs,
      dbCpuMs,
      dbTransactions,
      redisCommands,
      redisIdlePerSecond,
      redisIdleBytesPerSecond,
      dbIdleTransactionsPerSecond,
      playersCpuMs,
      benchCpuMs,
      otherCpuMs,
      cpuWaitMs,
      idleShare,
      loopDelayP99Ms: Math.max(...results.map((r) => r.loopDelayP99Ms)),
      loopDelayMaxMs: Math.max(...results.map((r) => r.loopDelayMaxMs)),
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    for (const w of workers) helpers.delete(w);
  }
}

/** One line: moves/s, count, round-trip percentiles, failures, ended games. */
function describe(phase: Phase): string {
  const l = phase.latencies;
  const parts = [
    `${fmt(movesPerSecond(phase), 1)} moves/s`,
    `(${fmt(l.length)} in ${fmt(phase.windowMs / 1000, 1)} s)`,
    `round trip p50 ${ms(percentile(l, 50))}, p95 ${ms(percentile(l, 95))}, p99 ${ms(percentile(l, 99))}, ` +
      `max ${ms(l.at(-1) ?? Number.NaN)}`,
  ];
  if (phase.lost > 0) parts.push(`${fmt(phase.lost)} LOST (sent, never seen)`);
  if (phase.refused > 0) parts.push(`${fmt(phase.refused)} REFUSED`);
  if (phase.firstFailure) parts.push(`first failure: ${phase.firstFailure}`);
  const ended = Object.entries(phase.ended);
  if (ended.length > 0)
    parts.push(`games ended and replaced: ${ended.map(([t, n]) => `${n} ${t}`).join(', ')}`);
  return parts.join('  ');
}

const perMove = (phase: Phase, cpuMs: number) =>
  phase.latencies.length === 0 ? 'n/a' : `${fmt((cpuMs / phase.latencies.length) * 1000)} µs`;
const busy = (phase: Phase, cpuMs: number) => `${fmt((cpuMs / phase.windowMs) * 100)}% of a core`;

/** CPU per move of the process under test, its database, the players, and the rest. */
function describeCpu(phase: Phase, target: string): string {
  const parts: string[] = [];
  if (phase.targetCpuMs !== undefined) {
    const idle = phase.idleShare === undefined ? '' : `, ${fmt(phase.idleShare * 100)}% with nobody moving`;
    parts.push(`${target} ${perMove(phase, phase.targetCpuMs)} (${busy(phase, phase.targetCpuMs)}${idle})`);
  }
  if (phase.dbCpuMs !== undefined) {
    const perMoveXact =
      phase.dbTransactions === undefined || phase.latencies.length === 0
        ? ''
        : `, ≈${fmt(phase.dbTransactions / phase.latencies.length, 2)} transactions a move`;
    parts.push(
      `PostgreSQL backends ${perMove(phase, phase.dbCpuMs)} (${busy(phase, phase.dbCpuMs)}${perMoveXact})`,
    );
  }
  parts.push(
    `players ${perMove(phase, phase.playersCpuMs)} (${busy(phase, phase.playersCpuMs)}; ` +
      `event-loop delay p99 ${ms(phase.loopDelayP99Ms)}, max ${ms(phase.loopDelayMaxMs)})`,
  );
  const other = phase.otherCpuMs === undefined ? '' : `; other processes ${busy(phase, phase.otherCpuMs)}`;
  const wait =
    phase.cpuWaitMs === undefined
      ? ''
      : `\n    some task waited for a core ${fmt((phase.cpuWaitMs / phase.windowMs) * 100)}% of the window`;
  return `    CPU per move: ${parts.join(', ')}${other}${wait}`;
}

/** The environment the server gets on top of the defaults of `startServer`. */
function serverEnv(opts: Options, port: number, databaseUrl: string | undefined): Record<string, string> {
  const env: Record<string, string> = {
    ...RAISED_RATE_LIMITS,
    ACCESS_TOKEN_TTL: '86400',
    // Games are set up before any is played: no first-move deadline may fall meanwhile.
    CHESS_FIRST_MOVE_TIMEOUT: '3600',
    CHESS_RECONNECT_GRACE: '5',
    CHESS_DEFAULT_TIME_CONTROL: opts.timeControl,
  };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  // The engine's priority, to compare bots' cost to human games with it and without it.
  if (process.env.ENGINE_NICE) env.ENGINE_NICE = process.env.ENGINE_NICE;
  if (process.env.REDIS_URL) {
    env.REDIS_URL = process.env.REDIS_URL;
    // Cluster mode refuses to boot without an address for this node.
    env.PUBLIC_ADDRESS = `127.0.0.1:${port}`;
  }
  const nodeOptions: string[] = [];
  if (opts.cpuProfDir) nodeOptions.push(`--cpu-prof --cpu-prof-dir=${path.resolve(opts.cpuProfDir)}`);
  if (opts.allocProfile) {
    nodeOptions.push(`--import=${ALLOC_PROFILE_PROBE}`);
    env.ALLOC_PROFILE = path.resolve(opts.allocProfile);
  }
  if (nodeOptions.length > 0) env.NODE_OPTIONS = nodeOptions.join(' ');
  return env;
}

const ratio = (value: number, base: number) => (base > 0 ? `${fmt(value / base, 2)}×` : 'n/a');
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

async function main(): Promise<void> {
  const opts = readOptions();
  const cores = os.availableParallelism();
  const database = process.env.DATABASE_URL
    ? 'PostgreSQL (a throwaway database)'
    : 'PGlite (a temporary folder)';
  console.log(
    `# bench:chess — ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${cores} cores, Node ${process.version}`,
  );
  console.log(
    `${fmt(opts.games)} concurrent games (${fmt(2 * opts.games)} players), think ${fmt(opts.thinkMinMs)}–` +
      `${fmt(opts.thinkMaxMs)} ms uniform, time control ${opts.timeControl}; warm-up ${fmt(opts.warmupMs / 1000)} s, ` +
      `window ${fmt(opts.durationMs / 1000)} s; server ${serverRuntime()}, database: ${database}` +
      (process.env.REDIS_URL ? ', Redis presence' : ''),
  );
  console.log(
    `players spread over ${opts.workers} process${opts.workers === 1 ? '' : 'es'} (both players of a game in the ` +
      `same one)${opts.playersNice === 0 ? '' : ` at nice ${opts.playersNice}`}; they share the ${cores} cores ` +
      'with the process under test, so figures include that contention.\n',
  );

  // Everything started here, so a failure, an overstay or Ctrl-C takes it all down.
  const helpers = new Set<HelperProcess>();
  let server: ServerProcess | undefined;
  let db: ThrowawayDatabase | undefined;
  const cleanUp = async () => {
    await Promise.allSettled([...helpers].map((h) => h.stop(2000)));
    await server?.stop().catch(() => undefined);
    server = undefined;
    await db?.drop().catch(() => undefined);
    db = undefined;
  };
  const phaseBudgetMs = 60_000 + opts.games * 200 + opts.warmupMs + opts.durationMs + REPORT_TIMEOUT_MS;
  const watchdogMs = 3 * phaseBudgetMs + BOOT_TIMEOUT_MS + 60_000;
  const disarm = guardRun('bench:chess', watchdogMs, cleanUp);

  try {
    /** One relay phase: the plain relay, or (with a database URL) the relay that appends first. */
    const relayPhase = async (label: string, databaseUrl?: string) => {
      const relayPort = await freePort();
      const args = databaseUrl ? [String(relayPort), databaseUrl] : [String(relayPort)];
      const relay = startHelper(REPO_ROOT, 'loadtest/ws-relay.ts', args);
      helpers.add(relay);
      try {
        await relay.next('listening', 30_000);
        const phase = await play(opts, label, 'relay', `ws://127.0.0.1:${relayPort}`, relay.pid, helpers, db);
        console.log(`[${label}] ${describe(phase)}`);
        console.log(describeCpu(phase, 'relay'));
        return phase;
      } finally {
        await relay.stop();
        helpers.delete(relay);
      }
    };

    // 1. The plain relay, before the server or the database exists: nothing else competes.
    const base = await relayPhase(`ws relay, ${fmt(opts.games)} games`);

    // 2. With PostgreSQL: the relay again, appending each move before forwarding it.
    let durable: Phase | undefined;
    if (process.env.DATABASE_URL) {
      db = await createThrowawayDatabase(process.env.DATABASE_URL, 'rookery_bench_chess');
      console.log(`\ncreated database ${db.name}`);
      durable = await relayPhase(`ws relay + PostgreSQL append, ${fmt(opts.games)} games`, db.url);
    }

    // 3. The server.
    if (opts.cpuProfDir) await mkdir(opts.cpuProfDir, { recursive: true });
    if (opts.allocProfile) await rm(opts.allocProfile, { force: true });
    const port = await freePort();
    server = await startServer(REPO_ROOT, port, serverEnv(opts, port, db?.url));
    const bootMs = await waitForHealth(server, BOOT_TIMEOUT_MS);
    console.log(`\nserver pid ${server.pid} at ${server.baseUrl}, healthy after ${fmt(bootMs / 1000, 1)} s`);
    const bots = await startBotGames(REPO_ROOT, opts, server.baseUrl, helpers);
    const roomLabel =
      `Rookery chess room, ${fmt(opts.games)} games` +
      (bots ? ` + ${fmt(bots.games)} against ${opts.botLevel}` : '');
    const redis = process.env.REDIS_URL ? await redisCommandCounter(process.env.REDIS_URL) : undefined;
    const room = await play(
      opts,
      roomLabel,
      'rookery',
      server.baseUrl,
      server.pid,
      helpers,
      db,
      redis,
      // The server's sampling heap profiler starts at the window's start, and stops and writes at its end.
      opts.allocProfile ? () => process.kill(server!.pid, 'SIGUSR2') : undefined,
    ).finally(() => redis?.close());
    console.log(`[${roomLabel}] ${describe(room)}`);
    console.log(describeCpu(room, 'server'));
    if (opts.allocProfile) console.log(await describeAllocations(opts.allocProfile, room.latencies.length));
    if (room.redisCommands !== undefined && room.latencies.length > 0)
      console.log(
        `    Redis: ≈${fmt(room.redisCommands / room.latencies.length, 2)} commands a move over the window, ` +
          `${fmt(room.redisIdlePerSecond ?? 0, 1)} a second with every game seated and nobody moving, ` +
          `sending ${fmt((room.redisIdleBytesPerSecond ?? 0) / 1024, 1)} KiB a second ` +
          `(the server's whole count: use a Redis of the bench's own)`,
      );
    if (room.dbIdleTransactionsPerSecond !== undefined)
      console.log(
        `    PostgreSQL: ${fmt(room.dbIdleTransactionsPerSecond, 1)} transactions a second with every game seated and nobody moving`,
      );
    if (bots) console.log(await bots.report(room.windowMs));
    await server.stop();
    server = undefined;
    if (opts.cpuProfDir) console.log(`server CPU profile written to ${opts.cpuProfDir}`);

    printTable(opts, base, durable, room);
  } finally {
    await cleanUp();
    disarm();
  }
}

/** The summary, as markdown to paste into docs/perf.md, and one line with the ratios. */
function printTable(opts: Options, relay: Phase, durable: Phase | undefined, room: Phase): void {
  const p = (phase: Phase, q: number) => percentile(phase.latencies, q);
  const figure = (phase: Phase) =>
    `${fmt(movesPerSecond(phase), 1)} moves/s; p50 ${ms(p(phase, 50))}, p95 ${ms(p(phase, 95))}, ` +
    `p99 ${ms(p(phase, 99))}`;
  const clean = room.lost === 0 && room.refused === 0;
  const roomP99 = p(room, 99);
  const relayP99 = p(relay, 99);
  const p99Met = clean && roomP99 <= TARGET_P99_MS;
  const durableP99 = durable ? p(durable, 99) : Number.NaN;
  const ratioMet = clean && roomP99 <= TARGET_P99_RATIO * durableP99;
  const ratioTarget = durable
    ? `≤ ${TARGET_P99_RATIO}× relay + append (${verdict(ratioMet)})`
    : `≤ ${TARGET_P99_RATIO}× relay + append (n/a: PostgreSQL runs only)`;
  const cpu = (phase: Phase, cpuMs: number | undefined) =>
    cpuMs === undefined ? 'n/a' : `${perMove(phase, cpuMs)} (${busy(phase, cpuMs)})`;
  const perMoveMs = (phase: Phase, cpuMs: number | undefined) =>
    cpuMs === undefined || phase.latencies.length === 0 ? Number.NaN : cpuMs / phase.latencies.length;
  const relayCpu = perMoveMs(relay, relay.targetCpuMs);
  const serverCpu = perMoveMs(room, room.targetCpuMs);
  const rows = [[`raw ws relay (${fmt(2 * opts.games)} sockets)`, figure(relay), '—', 'baseline']];
  if (durable) {
    rows.push([
      'ws relay + PostgreSQL append',
      figure(durable),
      '—',
      `p99 ${ratio(p(durable, 99), relayP99)} relay`,
    ]);
  }
  rows.push(
    [
      `Rookery chess room (${fmt(2 * opts.games)} SDK clients)`,
      figure(room),
      `p99 ≤ ${TARGET_P99_MS} ms (${verdict(p99Met)}); ${ratioTarget}`,
      `p99 ${ratio(roomP99, relayP99)} relay` +
        (durable ? `, ${ratio(roomP99, p(durable, 99))} relay + append` : ''),
    ],
    ['CPU per move: relay process', cpu(relay, relay.targetCpuMs), '—', 'baseline'],
  );
  if (durable) {
    rows.push(
      [
        'CPU per move: relay + append process',
        cpu(durable, durable.targetCpuMs),
        '—',
        ratio(perMoveMs(durable, durable.targetCpuMs), relayCpu),
      ],
      ['CPU per move: PostgreSQL backends (relay + append)', cpu(durable, durable.dbCpuMs), '—', '—'],
    );
  }
  const cpuMet = serverCpu <= TARGET_CPU_RATIO * relayCpu;
  rows.push([
    'CPU per move: server process',
    cpu(room, room.targetCpuMs),
    `≤ ${TARGET_CPU_RATIO}× relay (${verdict(cpuMet)})`,
    ratio(serverCpu, relayCpu),
  ]);
  if (room.dbCpuMs !== undefined) {
    const both = (phase: Phase) => perMoveMs(phase, phase.targetCpuMs) + perMoveMs(phase, phase.dbCpuMs);
    rows.push([
      'CPU per move: PostgreSQL backends (Rookery)',
      cpu(room, room.dbCpuMs),
      '—',
      durable ? `server + PostgreSQL ${ratio(both(room), both(durable))} relay + append + PostgreSQL` : '—',
    ]);
  }
  console.log(`\n${markdownTable(['Phase', 'Figure', 'Target', 'Ratio'], rows)}`);

  const phases = durable ? [relay, durable, room] : [relay, room];
  const other = Math.max(
    ...phases.map((ph) => (ph.otherCpuMs === undefined ? 0 : ph.otherCpuMs / ph.windowMs)),
  );
  console.log(
    `\nplayers used ${phases.map((ph) => `${fmt((ph.playersCpuMs / ph.windowMs) * 100)}%`).join(', ')} of a core ` +
      `(${durable ? 'relay, relay + append, Rookery' : 'relay, Rookery'}) ` +
      `over ${opts.workers} process${opts.workers === 1 ? '' : 'es'}; other processes used up to ` +
      `${fmt(other * 100)}% of a core (much above 0 means the figures are depressed by unrelated work).`,
  );
  const database = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
  console.log(
    `summary: ${fmt(opts.games)} games, ${os.availableParallelism()} cores, ${database}: ` +
      `move round trip p99 ${ms(roomP99)} vs relay ${ms(relayP99)} = ${ratio(roomP99, relayP99)}` +
      (durable ? ` (relay + append ${ms(p(durable, 99))}: ${ratio(roomP99, p(durable, 99))})` : '') +
      ` (≤ ${TARGET_P99_MS} ms: ${verdict(p99Met)}; ${ratioTarget}); ` +
      `server CPU per move ${perMove(room, room.targetCpuMs ?? Number.NaN)} vs relay ` +
      `${perMove(relay, relay.targetCpuMs ?? Number.NaN)} = ${ratio(serverCpu, relayCpu)} (≤ ${TARGET_CPU_RATIO}×: ${verdict(cpuMet)})` +
      (room.dbCpuMs === undefined ? '' : ` (+ PostgreSQL ${perMove(room, room.dbCpuMs)})`) +
      `; ${fmt(movesPerSecond(room), 1)} vs ${fmt(movesPerSecond(relay), 1)} moves/s`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench:chess failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
