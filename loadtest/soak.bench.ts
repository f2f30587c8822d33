/**
 * `npm run bench:soak`: one node holding PLAYERS connected players for DURATION seconds, as the
 * scale target puts it: 10,000 players (8,000 in the lobby, 2,000 in games at a human pace) for
 * 10 minutes, with no errors, no lost move, resident memory flat after warm-up (growth ≤ 5%) and
 * the event-loop delay's p99 reported.
 *
 * 1. One server (`server/main.ts` in a child process; PGlite in a temporary folder, or with
 *    DATABASE_URL a throwaway database on that PostgreSQL server, dropped at the end) with the
 *    rate limits raised as the other benches raise them, and `loop-delay-on-signal.mjs` preloaded;
 *    its RSS after a forced GC is read before anyone joins, and again once everyone is in (the
 *    difference over PLAYERS: the memory a connected player costs), each time also after a
 *    collection that gives V8's free pages back (what the server keeps; see 4).
 * 2. The lobby fills: PLAYERS × (1 − GAME_SHARE) guests, made first, join the lobby
 *    (`LobbyClient.join`) through the lobby bench's player processes (`lobby-players.ts`) and stay
 *    there, receiving what the lobby sends them (the live games list changes as games end and start).
 * 3. PLAYERS × GAME_SHARE players sit down in pairs through the chess bench's player processes
 *    (`chess-players.ts`): private casual games at TIME_CONTROL, random legal moves, each player
 *    thinking THINK_MS before a move; a game lasts PLIES half-moves (drawn for each game), then
 *    the side to move resigns, unless it ended on the board before; a game that ends is left and a
 *    new one opened by the same two players, so games keep ending and starting all through the
 *    run, at a steady rate soon after the start (random games left to end on the board last
 *    hundreds of half-moves, all started together: the first generation's moves piled up in
 *    memory for the first seven minutes, which read as growth).
 * 4. WARMUP seconds of play, then the window of DURATION seconds: every SAMPLE_EVERY seconds the
 *    server collects its garbage (SIGUSR2) and its resident memory is read, with V8's pages in it
 *    and the anonymous memory outside them; at the window's start and end, also after collections
 *    that compact the heap and give V8's free pages back (SIGWINCH; repeated until V8's pages stop
 *    shrinking, as one moves the objects off only so many sparse pages): an ordinary collection
 *    leaves them resident, so the RSS after it is the heap's high-water mark between collections,
 *    and after this one it is what the server keeps. Its event-loop delay is measured over the
 *    window (the forced collections left out), with the pauses of its own garbage collections by
 *    kind (scavenges, mark-compact), and its CPU time read around it.
 * 5. At the end: the moves sent in the window, acknowledged, seen by the opponent, and acknowledged
 *    yet never seen (lost), and their round trips (sent → in the opponent's state), all of them
 *    and without those in flight during one of the bench's forced collections (the probe says
 *    when each began and how long it held the loop; each player process dates its moves on the
 *    wall clock they share); then the log of up to LOG_CHECK games (`GET /api/games/:id`, read from
 *    the database) is checked against every move acknowledged in them, warm-up included (an
 *    acknowledged move missing or out of place there is lost too). Errors by kind (refused moves,
 *    failed joins and games, the server's error log lines) and connections closed, by code; the
 *    server's own count of connected clients (`rookery_ccu`) is read once everyone is in. The lobby
 *    player processes' memory is read before and after each collects its garbage, at the start and
 *    the end of the window (their RSS grows with garbage not yet collected; their JS heap after GC
 *    says what they keep).
 *
 * Nobody is in a matchmaking queue: the lobby and the games hold everyone. The players share the
 * machine's cores with the server: a measurement, not a test; it never fails on a missed target.
 *
 * Options (environment or `--name=value`): PLAYERS (10000), GAME_SHARE (0.2), DURATION (600, s),
 * WARMUP (300, s: the first games, all seated together, last up to 160 half-moves of up to 2 s,
 * and their move lists grow the heap until they end), SAMPLE_EVERY (30, s), KEPT_SERIES (0; 1: every sample of the window is taken after
 * the collection that gives V8's free pages back, so that the series reads what the server keeps
 * all through the window rather than at its two ends), THINK_MS (`500-2000`), PLIES (`40-160`; 0: to the end on
 * the board), TIME_CONTROL (`30+0`),
 * LOBBY_CLIENT (`sdk`: `LobbyClient.join`; `wire`: the join's messages alone, nothing decoded, as
 * `bench:lobby`'s `PLAYER_CLIENT=wire`, so that the idle lobby's load generator leaves the cores to
 * the server and the games), JOIN_CONCURRENCY (50), LOBBY_WORKERS (one per 1,000 lobby players,
 * 4,000 on the wire, at least 1), GAME_WORKERS (one
 * per 250 games), LOG_CHECK (2000 games), DATABASE_URL, REDIS_URL (as `bench:lobby` uses them),
 * PLAYERS_NICE (0: the player processes' priority, `lowerPriority`), SERVER_NICE (0: the server's,
 * `raisePriority`), SERVER_LOG (a file: every line the server writes), MALLOC_ARENA_MAX (passed to
 * the server: glibc's arenas), SERVER_NODE_OPTIONS (Node's options for the server, besides the
 * probe's), CPU_PROF (a folder: the server's CPU profile over the whole run goes to `server.cpuprofile` there,
 * written by `cpu-profile-on-exit.mjs` when the server is told to stop), HEAP_SNAPSHOTS (a folder)
 * and HEAP_SNAPSHOT_EVERY (10): a heap snapshot of the server after every tenth collection
 * (`loop-delay-on-signal.mjs`), the first included, to compare what a long run keeps.
 */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { PlayersConfig, PlayersReady, PlayersResult, PlayersVerified } from './chess-players.ts';
import type {
  LobbyPlayersConfig,
  LobbyPlayersCounted,
  LobbyPlayersMemory,
  LobbyPlayersReady,
} from './lobby-players.ts';
import {
  cpuPressureMs,
  cpuSpentMs,
  createThrowawayDatabase,
  fmt,
  freePort,
  guardRun,
  type HelperProcess,
  loadAverage,
  lobbyJoinOption,
  machineBusyMs,
  markdownTable,
  ms,
  numberOption,
  percentile,
  processCpuMs,
  processesCpuMs,
  RAISED_RATE_LIMITS,
  rangeOption,
  readMetrics,
  type ServerProcess,
  serverRuntime,
  share,
  startHelper,
  startServer,
  type ThrowawayDatabase,
  textOption,
  thinkOption,
  waitForHealth,
} from './support.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROBE = path.join(REPO_ROOT, 'loadtest/loop-delay-on-signal.mjs');
const PROFILE_PROBE = path.join(REPO_ROOT, 'loadtest/cpu-profile-on-exit.mjs');

const TARGET_RSS_GROWTH = 0.05;
const SETUP_CONCURRENCY = 20;
const GAME_SETUP_CONCURRENCY = 16;
const GAMES_PER_WORKER = 250;
const LOBBY_PER_WORKER = 1000;
/** Lobby players a process on the wire: they decode nothing, so a process holds more of them. */
const WIRE_LOBBY_PER_WORKER = 4000;
/** Slices the lobby fills in (a progress line each). */
const SLICES = 5;

function readOptions() {
  const players = Math.floor(numberOption('PLAYERS', 10_000, 2));
  const gameShare = numberOption('GAME_SHARE', 0.2, 0, 1);
  const games = Math.floor((players * gameShare) / 2);
  const lobby = players - 2 * games;
  const { thinkMinMs, thinkMaxMs } = thinkOption();
  const plies = rangeOption('PLIES', '40-160', 'half-moves');
  const lobbyJoin = lobbyJoinOption('LOBBY_CLIENT');
  const lobbyPerWorker = lobbyJoin === 'wire' ? WIRE_LOBBY_PER_WORKER : LOBBY_PER_WORKER;
  return {
    players,
    gameShare,
    games,
    lobby,
    plies,
    durationMs: numberOption('DURATION', 600, 1) * 1000,
    warmupMs: numberOption('WARMUP', 300, 0) * 1000,
    sampleEveryMs: numberOption('SAMPLE_EVERY', 30, 2) * 1000,
    keptSeries: numberOption('KEPT_SERIES', 0, 0) > 0,
    thinkMinMs,
    thinkMaxMs,
    timeControl: textOption('TIME_CONTROL') ?? '30+0',
    joinConcurrency: Math.floor(numberOption('JOIN_CONCURRENCY', 50, 1)),
    lobbyJoin,
    lobbyWorkers: Math.min(
      Math.max(1, lobby),
      Math.floor(numberOption('LOBBY_WORKERS', Math.max(1, Math.ceil(lobby / lobbyPerWorker)), 1)),
    ),
    gameWorkers: Math.min(
      Math.max(1, games),
      Math.floor(numberOption('GAME_WORKERS', Math.max(1, Math.ceil(games / GAMES_PER_WORKER)), 1)),
    ),
    logCheck: Math.floor(numberOption('LOG_CHECK', 2000, 0)),
    cpuProfDir: textOption('CPU_PROF'),
    heapSnapshots: textOption('HEAP_SNAPSHOTS'),
    heapSnapshotEvery: Math.floor(numberOption('HEAP_SNAPSHOT_EVERY', 10, 1)),
    playersNice: Math.floor(numberOption('PLAYERS_NICE', 0, 0, 19)),
    serverNice: Math.floor(numberOption('SERVER_NICE', 0, -20, 0)),
    serverLog: textOption('SERVER_LOG'),
  };
}

type Options = ReturnType<typeof readOptions>;

const add = (into: Record<string, number>, from: Record<string, number>) => {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
  return into;
};
const listed = (counts: Record<string, number>) => {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  return entries.length === 0 ? 'none' : entries.map(([k, n]) => `${fmt(n)} ${k}`).join(', ');
};
const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** One reading of the window: the server's memory after a forced GC, its loop delay since the last. */
interface WindowSample {
  /** Seconds since the window started. */
  at: number;
  rss: number;
  heap: number;
  buffers: number;
  /** V8's pages in physical memory, all spaces. */
  v8: number;
  /** …by space. */
  spaces: Record<string, number>;
  /** The anonymous memory outside V8's pages (see {@link outsideV8}). */
  outside: number;
  loop: LoopDelay;
  load: string;
}

function windowSample(at: number, read: ServerMemory): WindowSample {
  const { heapUsed: heap, arrayBuffers: buffers, interval: loop, v8 } = read.loop;
  return {
    at,
    rss: read.rss,
    heap,
    buffers,
    v8: v8.physical,
    spaces: v8.spaces,
    outside: outsideV8(read),
    loop,
    load: loadAverage(),
  };
}

const mibText = (bytes: number) => fmt(bytes / 2 ** 20, 1);
const memoryText = (s: WindowSample) =>
  `${fmt(s.at).padStart(5)} s  RSS ${mibText(s.rss)} MiB, V8's pages ${mibText(s.v8)} MiB (JS heap used ` +
  `${mibText(s.heap)}), anonymous outside V8 ${mibText(s.outside)} MiB (buffers ${mibText(s.buffers)})`;

interface LoopDelay {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** A line of `loop-delay-on-signal.mjs`. */
interface ProbeLine {
  interval: LoopDelay;
  window: LoopDelay;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  v8: { physical: number; spaces: Record<string, number> };
  /** The forced collection itself: when it began (ms since the epoch) and how long it held the loop. */
  collection?: { startedAt: number; ms: number; rounds?: number };
  /** The server's own collections since the window started, by kind, the forced ones left out. */
  gc?: Record<string, GcPauses>;
}

/** Pauses of one kind of collection: their count, p99 and max (ms), and their sum (ms). */
interface GcPauses extends LoopDelay {
  totalMs: number;
}

const GC_NAMES: Record<string, string> = {
  minor: 'scavenges',
  major: 'mark-compact',
  incremental: 'incremental marking steps',
  weakcb: 'weak callbacks',
};

/** The server's own collections over the window, each kind with its pauses and share of the window. */
function gcText(gc: Record<string, GcPauses> | undefined, windowMs: number): string {
  const kinds = Object.entries(gc ?? {}).filter(([, p]) => p.count > 0);
  if (kinds.length === 0) return 'none seen';
  return kinds
    .map(
      ([kind, p]) =>
        `${GC_NAMES[kind] ?? kind} ${fmt(p.count)}: p99 ${ms(p.p99)}, max ${ms(p.max)}, ` +
        `${fmt(p.totalMs / 1000, 1)} s in all (${fmt((p.totalMs / windowMs) * 100, 1)}% of the window)`,
    )
    .join('; ');
}

/**
 * The round trips, sorted, of the moves that no forced collection of the bench's held up: a move
 * in flight while the server collected its garbage for a sample waited for that collection, which
 * a server left to itself does not make.
 */
function outsideCollections(results: readonly PlayersResult[], probes: readonly ProbeLine[]): Float64Array {
  const held = probes.flatMap((p) => (p.collection ? [p.collection] : []));
  const kept: number[] = [];
  for (const r of results) {
    for (const [i, latency] of r.latencies.entries()) {
      const sent = r.sentAtEpoch[i]!;
      if (!held.some((c) => sent < c.startedAt + c.ms && sent + latency > c.startedAt)) kept.push(latency);
    }
  }
  return Float64Array.from(kept).sort();
}

/** The server's memory after a forced collection: `/proc`'s view and the probe's line. */
interface ServerMemory {
  rss: number;
  /** The anonymous part of the RSS (the rest is mapped files: code, libraries). */
  anon: number;
  loop: ProbeLine;
}

/** The anonymous memory outside V8's pages: the allocator's, buffers, native objects, V8's page pool. */
const outsideV8 = (m: ServerMemory) => m.anon - m.loop.v8.physical;

/** What a connected player adds from `empty` to `filled`: the RSS, V8's pages and the memory outside them. */
function perPlayerText(empty: ServerMemory, filled: ServerMemory, players: number): string {
  const kib = (bytes: number) => fmt(bytes / players / 1024, 1);
  return (
    `${kib(filled.rss - empty.rss)} KiB a connected player over the empty server: ` +
    `${kib(filled.loop.v8.physical - empty.loop.v8.physical)} in V8's pages, ` +
    `${kib(outsideV8(filled) - outsideV8(empty))} anonymous outside them`
  );
}

/** The server's stderr: the probe's `loop-delay` lines, and its error log lines by message. */
function watchServer(server: ServerProcess, logFile: string | undefined) {
  const log = logFile ? createWriteStream(logFile) : undefined;
  server.child.once('exit', () => log?.end());
  const probes: ProbeLine[] = [];
  const errors: Record<string, number> = {};
  let rest = '';
  const waiters = new Set<() => void>();
  const onLine = (line: string) => {
    log?.write(`${line}\n`);
    if (line.startsWith('loop-delay ')) {
      probes.push(JSON.parse(line.slice('loop-delay '.length)));
      for (const w of [...waiters]) w();
      return;
    }
    // pino's JSON lines at LOG_LEVEL=warn: count errors (level ≥ 50) by message.
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string };
      if ((entry.level ?? 0) >= 50) {
        const kind = `server log: ${entry.msg ?? 'error'}`;
        errors[kind] = (errors[kind] ?? 0) + 1;
      }
    } catch {
      // Not a log line.
    }
  };
  const feed = (chunk: Buffer) => {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) onLine(line.trim());
  };
  server.child.stderr?.on('data', feed);
  server.child.stdout?.on('data', feed);
  return {
    errors,
    probes,
    /**
     * Collects the server's garbage, then reads its RSS and the probe's line. `reduce`: the
     * collection that gives V8's free pages back (`loop-delay-on-signal.mjs`, SIGWINCH), for what
     * the process keeps rather than the high-water mark of its heap between collections.
     */
    async sample(reduce = false): Promise<ServerMemory> {
      const seen = probes.length;
      const arrived = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the server printed no loop-delay line within 60 s:\n${server.tail()}`));
        }, 60_000);
        const check = () => {
          if (probes.length > seen) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        waiters.add(check);
      });
      process.kill(server.pid, reduce ? 'SIGWINCH' : 'SIGUSR2');
      await arrived;
      // Pages freed by the collection may be given back a little later: wait before reading the RSS.
      await sleep(1500);
      const status = await readFile(`/proc/${server.pid}/status`, 'utf8');
      const kib = (field: string) =>
        Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN) * 1024;
      return { rss: kib('VmRSS'), anon: kib('RssAnon'), loop: probes[seen]! };
    },
    resetWindow: () => process.kill(server.pid, 'SIGHUP'),
  };
}

async function fillLobby(
  opts: Options,
  url: string,
  helpers: Set<HelperProcess>,
): Promise<{ workers: HelperProcess[]; ms: number }> {
  const workers = Array.from({ length: opts.lobbyWorkers }, (_, worker) => {
    const config: LobbyPlayersConfig = {
      mode: opts.lobbyJoin,
      url,
      players: opts.lobby,
      worker,
      workers: opts.lobbyWorkers,
      lanes: Math.max(1, share(opts.joinConcurrency, worker, opts.lobbyWorkers)),
      setupLanes: Math.max(1, share(SETUP_CONCURRENCY, worker, opts.lobbyWorkers)),
    };
    const helper = startHelper(REPO_ROOT, 'loadtest/lobby-players.ts', [JSON.stringify(config)]);
    helpers.add(helper);
    lowerPriority(helper, opts.playersNice);
    return helper;
  });
  const t0 = performance.now();
  await Promise.all(workers.map((w) => w.next<LobbyPlayersReady>('ready', 120_000 + opts.lobby * 100)));
  console.log(`  ${fmt(opts.lobby)} guests made in ${fmt((performance.now() - t0) / 1000, 1)} s`);
  const size = Math.ceil(opts.lobby / SLICES);
  for (let from = 0; from < opts.lobby; from += size) {
    const to = Math.min(opts.lobby, from + size);
    const s0 = performance.now();
    for (const w of workers) w.send({ type: 'join', from, to });
    await Promise.all(workers.map((w) => w.next('joined', 600_000)));
    console.log(
      `  ${fmt(to)} in the lobby (${fmt(((to - from) / (performance.now() - s0)) * 1000)} joins/s; load ${loadAverage()})`,
    );
  }
  return { workers, ms: performance.now() - t0 };
}

/**
 * Prints the lobby player processes' memory, before and after each collects its garbage (the sum
 * over them): their RSS grows through a run while what they keep does not.
 */
async function lobbyMemory(workers: HelperProcess[], when: string): Promise<void> {
  for (const w of workers) w.send({ type: 'memory' });
  const all = await Promise.all(workers.map((w) => w.next<LobbyPlayersMemory>('memory', 60_000)));
  const mib = (pick: (m: LobbyPlayersMemory) => number) =>
    fmt(all.reduce((sum, m) => sum + pick(m), 0) / 2 ** 20);
  console.log(
    `  lobby player processes ${when}: RSS ${mib((m) => m.before.rss)} MiB, JS heap ${mib((m) => m.before.heapUsed)} MiB; ` +
      `after GC RSS ${mib((m) => m.after.rss)} MiB, JS heap ${mib((m) => m.after.heapUsed)} MiB (${all.length} processes)`,
  );
}

async function lobbyCloses(workers: HelperProcess[]): Promise<Record<string, number>> {
  for (const w of workers) w.send({ type: 'count' });
  const counts = await Promise.all(workers.map((w) => w.next<LobbyPlayersCounted>('counted', 60_000)));
  const closes: Record<string, number> = {};
  for (const c of counts)
    add(closes, Object.fromEntries(Object.entries(c.closes).map(([k, n]) => [`lobby close ${k}`, n])));
  return closes;
}

async function seatGames(
  opts: Options,
  url: string,
  helpers: Set<HelperProcess>,
): Promise<{ workers: HelperProcess[]; ms: number }> {
  const workers = Array.from({ length: opts.gameWorkers }, (_, worker) => {
    const config: PlayersConfig = {
      mode: 'rookery',
      url,
      games: share(opts.games, worker, opts.gameWorkers),
      worker,
      thinkMinMs: opts.thinkMinMs,
      thinkMaxMs: opts.thinkMaxMs,
      timeControl: opts.timeControl,
      setupConcurrency: GAME_SETUP_CONCURRENCY,
      keepLog: true,
      plies: opts.plies,
    };
    const helper = startHelper(REPO_ROOT, 'loadtest/chess-players.ts', [JSON.stringify(config)]);
    helpers.add(helper);
    lowerPriority(helper, opts.playersNice);
    return helper;
  });
  const t0 = performance.now();
  // Two guests, a challenge and a join a game: about 2 games a second on a loaded 2-core machine.
  await Promise.all(workers.map((w) => w.next<PlayersReady>('ready', 120_000 + opts.games * 1000)));
  return { workers, ms: performance.now() - t0 };
}

/**
 * Runs a player process at `nice` (PLAYERS_NICE), below the server. Not by default: at 10,000 on
 * two cores the lobby's player processes, niced, fell so far behind that they stopped answering
 * the transport's pings and the server closed 7,999 of their 8,000 connections within the
 * 10-minute window; at equal priority the server's loop delays include the machine's queue for a
 * core instead.
 */
function lowerPriority(helper: HelperProcess, nice: number): void {
  if (nice > 0) os.setPriority(helper.pid, nice);
}

/**
 * Runs the server at `nice` (SERVER_NICE, below 0: needs the privilege to raise a priority), so
 * that it takes a core when it needs one before the player processes on the same cores do: what
 * it would have with its clients on other machines. Not by default.
 */
function raisePriority(server: ServerProcess, nice: number): void {
  if (nice < 0) os.setPriority(server.pid, nice);
}

function serverEnv(opts: Options, port: number, databaseUrl: string | undefined): Record<string, string> {
  const env: Record<string, string> = {
    ...RAISED_RATE_LIMITS,
    // No token may expire during the run.
    ACCESS_TOKEN_TTL: '86400',
    // Games are set up before any is played: no first-move deadline may fall meanwhile.
    CHESS_FIRST_MOVE_TIMEOUT: '3600',
    CHESS_DEFAULT_TIME_CONTROL: opts.timeControl,
    // SERVER_NODE_OPTIONS: Node's options for the server besides the probe's (`--max-semi-space-size=…`).
    NODE_OPTIONS: `--expose-gc --import=${PROBE} ${process.env.SERVER_NODE_OPTIONS ?? ''}`.trim(),
  };
  if (opts.heapSnapshots) {
    env.HEAP_SNAPSHOTS = path.resolve(opts.heapSnapshots);
    env.HEAP_SNAPSHOT_EVERY = String(opts.heapSnapshotEvery);
  }
  if (opts.cpuProfDir) {
    env.NODE_OPTIONS += ` --import=${PROFILE_PROBE}`;
    env.CPU_PROFILE = path.resolve(opts.cpuProfDir, 'server.cpuprofile');
  }
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  if (process.env.REDIS_URL) {
    env.REDIS_URL = process.env.REDIS_URL;
    env.PUBLIC_ADDRESS = `127.0.0.1:${port}`;
  }
  // glibc's allocator, for the memory the process keeps outside the JS heap (socket buffers,
  // frames): how many arenas it may keep (`MALLOC_ARENA_MAX`), to compare the RSS it holds.
  if (process.env.MALLOC_ARENA_MAX) env.MALLOC_ARENA_MAX = process.env.MALLOC_ARENA_MAX;
  return env;
}

async function main(): Promise<void> {
  const opts = readOptions();
  const database = process.env.DATABASE_URL
    ? 'PostgreSQL (a throwaway database)'
    : 'PGlite (a temporary folder)';
  console.log(
    `# bench:soak — ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, Node ${process.version}, load ${loadAverage()}`,
  );
  console.log(
    `${fmt(opts.players)} players: ${fmt(opts.lobby)} in the lobby (${opts.lobbyJoin === 'wire' ? 'on the wire, ' : ''}${processes(opts.lobby > 0 ? opts.lobbyWorkers : 0)}), ` +
      `${fmt(2 * opts.games)} in ${fmt(opts.games)} games (${processes(opts.games > 0 ? opts.gameWorkers : 0)}; think ` +
      `${fmt(opts.thinkMinMs)}–${fmt(opts.thinkMaxMs)} ms, ${opts.timeControl}, ` +
      `${opts.plies ? `${fmt(opts.plies.min)}–${fmt(opts.plies.max)} half-moves then a resignation` : 'to the end on the board'}, ` +
      `a new game when one ends); ` +
      `warm-up ${fmt(opts.warmupMs / 1000)} s, window ${fmt(opts.durationMs / 1000)} s, RSS after GC every ` +
      `${fmt(opts.sampleEveryMs / 1000)} s${opts.keptSeries ? " (each after collections that give V8's free pages back)" : ''}; player processes at nice ${opts.playersNice}, the server at ${opts.serverNice}; server ${serverRuntime()}, database: ${database}` +
      (process.env.REDIS_URL ? ', Redis presence' : ''),
  );

  const helpers = new Set<HelperProcess>();
  let server: ServerProcess | undefined;
  let db: ThrowawayDatabase | undefined;
  const cleanUp = async () => {
    // The server goes first: thousands of clients leaving one by one is not what is measured.
    await server?.stop().catch(() => undefined);
    server = undefined;
    await Promise.allSettled([...helpers].map((h) => h.stop(2000)));
    helpers.clear();
    await db?.drop().catch(() => undefined);
    db = undefined;
  };
  const budgetMs = 600_000 + opts.players * 300 + opts.warmupMs + 2 * opts.durationMs;
  const disarm = guardRun('bench:soak', budgetMs, cleanUp);
  const started = performance.now();

  try {
    db = process.env.DATABASE_URL
      ? await createThrowawayDatabase(process.env.DATABASE_URL, 'rookery_bench_soak')
      : undefined;
    const port = await freePort();
    server = await startServer(REPO_ROOT, port, serverEnv(opts, port, db?.url));
    raisePriority(server, opts.serverNice);
    const probe = watchServer(server, opts.serverLog);
    const bootMs = await waitForHealth(server, 120_000);
    console.log(`server pid ${server.pid} at ${server.baseUrl}, healthy after ${fmt(bootMs / 1000, 1)} s`);

    const empty = await probe.sample();
    const emptyKept = await probe.sample(true);
    console.log(
      `RSS after GC with nobody in: ${mibText(empty.rss)} MiB; kept (after collections that compact the heap and give ` +
        `V8's free pages back): ${mibText(emptyKept.rss)} MiB`,
    );
    console.log(`filling the lobby (${opts.joinConcurrency} joining at once):`);
    const lobby = opts.lobby > 0 ? await fillLobby(opts, server.baseUrl, helpers) : { workers: [], ms: 0 };
    const games = opts.games > 0 ? await seatGames(opts, server.baseUrl, helpers) : { workers: [], ms: 0 };
    const fillMs = performance.now() - started;
    console.log(
      `  ${fmt(opts.games)} games seated in ${fmt(games.ms / 1000, 1)} s; everyone in after ` +
        `${fmt(fillMs / 1000, 1)} s (load ${loadAverage()})`,
    );
    // Every game seated and none started yet: the server's count is exact here (later, a pair
    // between two games is briefly in no room).
    const ccuFilled = await serverMetric(server.baseUrl, 'rookery_ccu');
    const filled = await probe.sample();
    const filledKept = await probe.sample(true);
    console.log(
      `  RSS after GC with everyone in: ${mibText(filled.rss)} MiB (${perPlayerText(empty, filled, opts.players)}); ` +
        `kept ${mibText(filledKept.rss)} MiB (${perPlayerText(emptyKept, filledKept, opts.players)})`,
    );

    for (const w of games.workers)
      w.send({ type: 'go', warmupMs: opts.warmupMs, durationMs: opts.durationMs });
    const go = performance.now();
    console.log(`warm-up: ${fmt(opts.warmupMs / 1000)} s of play`);
    await sleep(opts.warmupMs);

    // The window.
    const samples: WindowSample[] = [];
    const first = await probe.sample(opts.keptSeries);
    const firstKept = opts.keptSeries ? first : await probe.sample(true);
    if (opts.lobby > 0) await lobbyMemory(lobby.workers, 'at the start of the window');
    probe.resetWindow();
    const windowStart = performance.now();
    const playerPids = [...lobby.workers, ...games.workers].map((w) => w.pid);
    const cpu0 = (await processCpuMs(server.pid)) ?? 0;
    const players0 = await processesCpuMs(playerPids);
    samples.push(windowSample(0, first));
    const pressure0 = await cpuPressureMs();
    const machine0 = await machineBusyMs();
    console.log(`window: ${fmt(opts.durationMs / 1000)} s`);
    console.log(`  ${memoryText(samples[0]!)}  (load ${samples[0]!.load})`);
    let loopWindow: LoopDelay = { count: 0, p50: 0, p99: 0, max: 0 };
    let gcWindow: Record<string, GcPauses> | undefined;
    const windowEnd = go + opts.warmupMs + opts.durationMs;
    for (;;) {
      const left = windowEnd - performance.now();
      await sleep(Math.max(0, Math.min(opts.sampleEveryMs, left)));
      const s = await probe.sample(opts.keptSeries);
      const at = (performance.now() - windowStart) / 1000;
      loopWindow = s.loop.window;
      gcWindow = s.loop.gc;
      const sample = windowSample(at, s);
      samples.push(sample);
      console.log(
        `  ${memoryText(sample)}  loop delay since the last sample p99 ` +
          `${ms(sample.loop.p99)}, max ${ms(sample.loop.max)}  (load ${sample.load})`,
      );
      if (left <= opts.sampleEveryMs) break;
    }
    const windowMs = performance.now() - windowStart;
    const cpuMs = ((await processCpuMs(server.pid)) ?? 0) - cpu0;
    const playersCpuMs = cpuSpentMs(players0, await processesCpuMs(playerPids));
    const pressure1 = await cpuPressureMs();
    const machine1 = await machineBusyMs();
    // After the window's CPU is read: this collection takes the server a while.
    const lastKept = await probe.sample(true);
    const waitShare =
      pressure0 === undefined || pressure1 === undefined ? undefined : (pressure1 - pressure0) / windowMs;
    const machineCores =
      machine0 === undefined || machine1 === undefined ? undefined : (machine1 - machine0) / windowMs;

    const ccu = await serverMetric(server.baseUrl, 'rookery_ccu');
    // The connections the server cut because their reader fell too far behind (`SlowReaderLimit`).
    const slowCut = await serverMetric(server.baseUrl, 'rookery_ws_slow_readers_cut_total');
    if (opts.lobby > 0) await lobbyMemory(lobby.workers, 'at the end of the window');
    for (const w of games.workers) w.send({ type: 'report' });
    const results = await Promise.all(games.workers.map((w) => w.next<PlayersResult>('result', 30_000)));
    const closes = opts.lobby > 0 ? await lobbyCloses(lobby.workers) : {};
    for (const r of results)
      add(closes, Object.fromEntries(Object.entries(r.closes).map(([k, n]) => [`game ${k}`, n])));
    const errors: Record<string, number> = {};
    for (const r of results) add(errors, r.errors);
    add(errors, probe.errors);
    const sum = (pick: (r: PlayersResult) => number) => results.reduce((n, r) => n + pick(r), 0);
    const latencies = Float64Array.from(results.flatMap((r) => Array.from(r.latencies))).sort();
    const unheld = outsideCollections(results, probe.probes);
    const roundTrips = (sorted: Float64Array) =>
      `p50 ${ms(percentile(sorted, 50))}, p99 ${ms(percentile(sorted, 99))}`;
    const unheldText =
      `${roundTrips(unheld)} without the ${fmt(latencies.length - unheld.length)} moves ` +
      `(${fmt(((latencies.length - unheld.length) / Math.max(1, latencies.length)) * 100, 2)}%) in flight during ` +
      `the bench's forced collections`;
    const ended: Record<string, number> = {};
    for (const r of results) add(ended, r.ended);

    console.log(`checking the games' logs (up to ${fmt(opts.logCheck)} games):`);
    const perWorker = Math.ceil(opts.logCheck / Math.max(1, games.workers.length));
    for (const w of games.workers) w.send({ type: 'verify', max: perWorker });
    const verified = await Promise.all(
      games.workers.map((w) => w.next<PlayersVerified>('verified', 120_000 + perWorker * 200)),
    );
    const logGames = verified.reduce((n, v) => n + v.games, 0);
    const logMoves = verified.reduce((n, v) => n + v.moves, 0);
    const logMissing = verified.reduce((n, v) => n + v.missing, 0);
    const unreadable: Record<string, number> = {};
    for (const v of verified) add(unreadable, v.unreadable);
    const firstMissing = verified.find((v) => v.firstMissing)?.firstMissing;
    const endLoad = loadAverage();
    await cleanUp();
    const totalMs = performance.now() - started;

    // ---- the report ----
    const sent = sum((r) => r.sent);
    const acked = sum((r) => r.acked);
    const ackedUnseen = sum((r) => r.ackedUnseen);
    const unseen = sum((r) => r.lost);
    const lost = ackedUnseen + logMissing;
    const base = samples[0]!.rss;
    const last = samples.at(-1)!.rss;
    const growth = (last - base) / base;
    const peak = Math.max(...samples.map((s) => s.rss));
    const lowest = Math.min(...samples.map((s) => s.rss));
    const keptGrowth = (lastKept.rss - firstKept.rss) / firstKept.rss;
    const errorCount = total(errors) + total(unreadable);
    const closeCount = total(closes);
    const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
    const count = (n: number | undefined) => (n === undefined ? 'n/a' : fmt(n));

    console.log(`\nRSS after GC over the window (load average at the end ${endLoad}):`);
    console.log(
      markdownTable(
        [
          's',
          'RSS MiB',
          'vs first',
          "V8's pages MiB",
          'JS heap used MiB',
          'anonymous outside V8 MiB',
          'ArrayBuffers MiB',
          'loop delay p99 / max ms (since the previous sample)',
          'load average',
        ],
        samples.map((s) => [
          fmt(s.at),
          fmt(s.rss / 2 ** 20, 1),
          `${growthText((s.rss - base) / base)}`,
          mibText(s.v8),
          mibText(s.heap),
          mibText(s.outside),
          mibText(s.buffers),
          s.at === 0 ? '— (warm-up)' : `${fmt(s.loop.p99, 1)} / ${fmt(s.loop.max, 1)}`,
          s.load,
        ]),
      ),
    );
    const lastSample = samples.at(-1)!;
    console.log(
      `V8's pages by space, first and last sample (MiB): ${Object.keys(lastSample.spaces)
        .map((k) => `${k} ${mibText(samples[0]!.spaces[k] ?? 0)} → ${mibText(lastSample.spaces[k] ?? 0)}`)
        .join(', ')}`,
    );
    const keptSpaces = (read: ServerMemory) => read.loop.v8.spaces;
    console.log(
      `…of what the server keeps, the window's start and end (compacted in ${firstKept.loop.collection?.rounds ?? '?'} ` +
        `and ${lastKept.loop.collection?.rounds ?? '?'} collections; MiB): ${Object.keys(keptSpaces(lastKept))
          .map(
            (k) =>
              `${k} ${mibText(keptSpaces(firstKept)[k] ?? 0)} → ${mibText(keptSpaces(lastKept)[k] ?? 0)}`,
          )
          .join(', ')}`,
    );
    console.log(
      `\nmoves in the window: ${fmt(sent)} sent, ${fmt(acked)} acknowledged, ${fmt(latencies.length)} seen by the ` +
        `opponent (${fmt((latencies.length / windowMs) * 1000, 1)}/s); a game's last move, its end seen before it: ` +
        `${fmt(sum((r) => r.unseenAtEnd))} (checked in the logs); sent and not seen at the end: ${fmt(unseen)} ` +
        `(of them acknowledged: ${fmt(ackedUnseen)}); games ended and replaced: ${listed(ended)}`,
    );
    console.log(
      `move round trip (sent → in the opponent's state): ${roundTrips(latencies)}, max ` +
        `${ms(latencies.at(-1) ?? Number.NaN)}; ${unheldText}, max ${ms(unheld.at(-1) ?? Number.NaN)}`,
    );
    console.log(
      `games' logs: ${fmt(logGames)} games read, ${fmt(logMoves)} acknowledged moves checked, ${fmt(logMissing)} ` +
        `missing${firstMissing ? ` (first: ${firstMissing})` : ''}; unreadable: ${listed(unreadable)}`,
    );
    const firstFailure = results.find((r) => r.firstFailure)?.firstFailure;
    console.log(
      `errors by kind: ${listed(errors)}${firstFailure ? ` (a player's first: ${firstFailure})` : ''}`,
    );
    const firstOfKind: Record<string, string> = {};
    for (const r of results)
      for (const [kind, message] of Object.entries(r.firstOfKind)) firstOfKind[kind] ??= message;
    for (const [kind, message] of Object.entries(firstOfKind))
      if (message !== kind) console.log(`  the first ${kind}: ${message}`);
    console.log(
      `connections closed or dropped: ${listed(closes)}; of all connections, the server cut ` +
        `${slowCut === undefined ? 'an unknown number' : fmt(slowCut)} as slow readers`,
    );
    console.log(
      `server CPU over the window: ${fmt((cpuMs / windowMs) * 100, 1)}% of a core` +
        (latencies.length > 0
          ? ` (${fmt((cpuMs / latencies.length) * 1000)} µs a move, idle lobby included)`
          : '') +
        `; player processes ${fmt((playersCpuMs / windowMs) * 100, 1)}% of a core; the whole machine ` +
        `${machineCores === undefined ? 'n/a' : fmt(machineCores, 2)} cores busy, some task waiting for a core ` +
        `${waitShare === undefined ? 'n/a' : `${fmt(waitShare * 100)}%`} of the time`,
    );
    console.log(
      `fill ${fmt(fillMs / 1000)} s (boot included), warm-up ${fmt(opts.warmupMs / 1000)} s, window ` +
        `${fmt(windowMs / 1000)} s; ${fmt(totalMs / 1000)} s end to end`,
    );
    console.log(`\n## Targets (${fmt(opts.players)} players, ${fmt(windowMs / 1000)} s window)`);
    console.log(
      markdownTable(
        ['target', 'measured', 'verdict'],
        [
          [
            `${fmt(opts.players)} connected (${fmt(opts.lobby)} lobby, ${fmt(2 * opts.games)} in games)`,
            `all in after ${fmt(fillMs / 1000)} s; the server's count then ${count(ccuFilled)}, at the end ${count(ccu)}; ` +
              `${fmt(closeCount)} closed or dropped`,
            verdict(closeCount === 0 && ccuFilled === opts.players),
          ],
          [
            'no errors',
            `${fmt(errorCount)} (${listed({ ...errors, ...unreadable })})`,
            verdict(errorCount === 0),
          ],
          [
            'no lost move',
            `${fmt(ackedUnseen)} acknowledged and never seen, ${fmt(logMissing)} missing from ${fmt(logGames)} logs`,
            verdict(lost === 0 && logGames > 0),
          ],
          [
            "RSS growth after warm-up ≤ 5%: what the server keeps (its RSS after collections that compact the heap and give V8's free pages back)",
            `${mibText(firstKept.rss)} → ${mibText(lastKept.rss)} MiB (${growthText(keptGrowth)}; JS heap used ` +
              `${mibText(firstKept.loop.heapUsed)} → ${mibText(lastKept.loop.heapUsed)} MiB, V8's pages ` +
              `${mibText(firstKept.loop.v8.physical)} → ${mibText(lastKept.loop.v8.physical)} MiB)`,
            verdict(keptGrowth <= TARGET_RSS_GROWTH),
          ],
          [
            // Not judged: V8 keeps the pages it frees resident for its next allocations, so this
            // reading follows its heap sizing; and the window's first collection that gives them
            // back (for the row above) lowers every reading after it.
            "RSS after ordinary collections (the heap's high-water mark between collections)",
            `first ${mibText(base)}, last ${mibText(last)} MiB (${growthText(growth)}); lowest ${mibText(lowest)}, ` +
              `peak ${mibText(peak)} MiB`,
            '—',
          ],
          [
            'event-loop delay p99 reported',
            `p50 ${ms(loopWindow.p50)}, p99 ${ms(loopWindow.p99)}, max ${ms(loopWindow.max)} (${fmt(loopWindow.count)} samples)`,
            'reported',
          ],
          [
            "the server's own garbage collections' pauses (the bench's forced ones left out)",
            gcText(gcWindow, windowMs),
            '—',
          ],
          ['move round trip', `${roundTrips(latencies)}; ${unheldText}`, '—'],
          ['server CPU', `${fmt((cpuMs / windowMs) * 100, 1)}% of a core`, '—'],
        ],
      ),
    );
  } catch (err) {
    if (server) console.error(`the server's last lines:\n${server.tail()}`);
    throw err;
  } finally {
    await cleanUp();
    disarm();
  }
}

/** A metric of the server's `/metrics` (`rookery_ccu`: the connected room clients); undefined if unread. */
async function serverMetric(baseUrl: string, name: string): Promise<number | undefined> {
  try {
    return (await readMetrics(baseUrl))(name);
  } catch {
    return undefined;
  }
}

function processes(n: number): string {
  return `${n} player process${n === 1 ? '' : 'es'}`;
}

function growthText(growth: number): string {
  return `${growth >= 0 ? '+' : ''}${fmt(growth * 100, 1)}%`;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench:soak failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
