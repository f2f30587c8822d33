/**
 * `npm run bench:cluster`: what a second node buys, and what a node's death costs a game.
 *
 * Nodes are `server/main.ts` processes on loopback ports, each with its own `PUBLIC_ADDRESS`,
 * sharing one PostgreSQL database (a throwaway one per phase, created on the server of
 * `DATABASE_URL` and dropped at the end) and one Redis key prefix (unique per phase, its keys
 * deleted at the end), as `docker compose up` runs them. Players are guests driven through the
 * SDK (`RookeryClient`, `ChessRooms`, `ChessGameClient`) from this process.
 *
 * 1. **Scaling, 1 node → NODES nodes.** For each cluster size, on a fresh database:
 *    - joins: `JOIN_CONCURRENCY` pairs of players, each pair in a closed loop: one opens a private
 *      game (`challenge`), the other takes the seat (`joinGame`), both see `playing`, then the
 *      game is aborted and left. Each player goes through its own node's base URL, so the pairs
 *      are spread over the nodes. Figures: games seated/s (two room joins each) and the time to
 *      seat both players, over `DURATION` seconds after `WARMUP`;
 *    - moves: `GAMES` concurrent games, each player thinking `THINK_MS` (uniform) before a random
 *      legal move; the round trip is `move()` sent → resolved (the server accepted and recorded
 *      it), p50/p99 over `DURATION` seconds after `WARMUP`; before they start, the CPU the seated
 *      games cost while nobody moves (5 s).
 *    The ratio NODES/1 is the figure: everything (nodes, PostgreSQL, Redis, the players) shares
 *    this machine's cores, so the absolute numbers say little about a real deployment.
 * 2. **Failover**, on NODES nodes (at least 2), `KILLS` times: two players open a game, play a
 *    few moves, and at the moment the last move's `move()` resolves, the node hosting the game
 *    (the port of `game.room.connection.url`) gets SIGKILL. Both players come back through a
 *    surviving node (`ChessRooms.rejoin`); kill → playable is the time until both see the game
 *    `playing` again. Every move acknowledged before the kill must be in the rebuilt game (lost
 *    acknowledged moves: target 0). The game is then resigned and a replacement node started.
 *
 * `SEAT_ONLY=1` runs only the joins on one node and prints what a seated game costs: CPU ms of the
 * node, of PostgreSQL and of the players per game, so a change to seating can be weighed on a
 * shared machine by CPU rather than by wall time. `SEAT_PROCESSES=n` runs its players in n
 * processes of their own (`seat-players.ts`), the pairs shared among them, for a machine whose
 * cores are enough for the node and the players both; by default (0) they run in this process,
 * which on two cores costs them a quarter less CPU a game and seats more (docs/perf.md).
 * `PLAYERS_NICE=n` (0–19) runs the players at that priority, below the node (as players on
 * machines of their own would leave it the cores). `CPU_PROF=<folder>`: each node
 * writes a V8 CPU profile there when it stops.
 *
 * Options from the environment: NODES (2), DURATION s (15), WARMUP s (3), GAMES (200),
 * THINK_MS (`500-2000`), JOIN_CONCURRENCY (16 pairs), KILLS (20), SEAT_ONLY, SEAT_PROCESSES,
 * PLAYERS_NICE, CPU_PROF. DATABASE_URL (or
 * TEST_POSTGRES_URL) names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/
 * postgres); REDIS_URL (or TEST_REDIS_URL) the Redis server (default redis://127.0.0.1:6379).
 * A measurement, not a test: figures are printed, never asserted.
 */
// First: the SDK loaded by the imports below takes its WebSocket from the global then.
import './node-websocket.ts';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Chess } from 'chessops/chess';
import { Redis } from 'ioredis';
import {
  type ChessGameClient,
  ChessRooms,
  type ChessState,
  movesOf,
  type RookeryClient,
} from '../client-sdk/index.ts';
import { generateKeySetJson } from '../server/platform/keys.ts';
import { randomMove } from './random-move.ts';
import { errorText, guest, leaveQuietly, newTally, openGame, seatLoop, seatPairs } from './seat-pairs.ts';
import type { SeatPlayersConfig, SeatPlayersResult } from './seat-players.ts';
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
  processesCpuMs,
  RAISED_RATE_LIMITS,
  redisCommandCounter,
  type ServerProcess,
  startHelper,
  startServer,
  type ThrowawayDatabase,
  thinkOption,
} from './support.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const READY_TIMEOUT_MS = 60_000;
const SETUP_CONCURRENCY = 16;
/** After the games are set up, before the reading with nobody moving. */
const IDLE_SETTLE_MS = 2000;
const IDLE_MS = 5000;
/** How long a player keeps trying to rejoin a game whose node died. */
const REJOIN_TIMEOUT_MS = 30_000;
const TARGET_FAILOVER_P99_MS = 5000;
const TIME_CONTROL = '30+0';
/** A game is over for chessops, or after 75 moves without capture or pawn move (as the server). */
const SEVENTY_FIVE_MOVES = 150;

interface Options {
  nodes: number;
  durationMs: number;
  warmupMs: number;
  games: number;
  thinkMinMs: number;
  thinkMaxMs: number;
  joinConcurrency: number;
  kills: number;
  seatOnly: boolean;
  /** With `seatOnly`: the player processes the pairs are spread over (0: the pairs play in this process). */
  seatProcesses: number;
  /** With `seatOnly`: the players' priority (`nice`, 0–19), below the node's, PostgreSQL's and Redis's. */
  playersNice: number;
  cpuProfDir: string | undefined;
  databaseUrl: string;
  redisUrl: string;
}

function readOptions(): Options {
  const { thinkMinMs, thinkMaxMs } = thinkOption();
  return {
    nodes: Math.floor(numberOption('NODES', 2, 2)),
    durationMs: numberOption('DURATION', 15, 1) * 1000,
    warmupMs: numberOption('WARMUP', 3, 0) * 1000,
    games: Math.floor(numberOption('GAMES', 200, 1)),
    thinkMinMs,
    thinkMaxMs,
    joinConcurrency: Math.floor(numberOption('JOIN_CONCURRENCY', 16, 1)),
    kills: Math.floor(numberOption('KILLS', 20, 0)),
    seatOnly: process.env.SEAT_ONLY === '1',
    seatProcesses: Math.floor(numberOption('SEAT_PROCESSES', 0, 0)),
    playersNice: Math.floor(numberOption('PLAYERS_NICE', 0, 0, 19)),
    cpuProfDir: process.env.CPU_PROF?.trim() || undefined,
    databaseUrl: process.env.DATABASE_URL || process.env.TEST_POSTGRES_URL || DEFAULT_DATABASE_URL,
    redisUrl: process.env.REDIS_URL || process.env.TEST_REDIS_URL || DEFAULT_REDIS_URL,
  };
}

// ---------------------------------------------------------------------------------------------
// Nodes
// ---------------------------------------------------------------------------------------------

/** Every node process started by this run, so any way out (failure, Ctrl-C, exit) ends them. */
const started = new Set<ServerProcess>();

process.on('exit', () => {
  for (const server of started) {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  }
});

const isRunning = (server: ServerProcess) =>
  server.child.exitCode === null && server.child.signalCode === null;

interface ClusterNode {
  server: ServerProcess;
  port: number;
  baseUrl: string;
  /** Time from spawn to `/ready` answering 200, ms. */
  bootMs: number;
}

/** Polls `GET /ready` (what a load balancer asks) until it answers 200. */
async function waitReady(server: ServerProcess, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (!isRunning(server)) throw new Error(`a node exited during boot:\n${server.tail()}`);
    try {
      const res = await fetch(`${server.baseUrl}/ready`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`a node was not ready within ${timeoutMs} ms:\n${server.tail()}`);
}

/** The nodes of one deployment: one database, one Redis prefix, one key set. */
class Cluster {
  readonly nodes: ClusterNode[] = [];
  private migrated = false;

  private constructor(
    readonly db: ThrowawayDatabase,
    readonly redisPrefix: string,
    private readonly env: Record<string, string>,
  ) {}

  static async create(opts: Options, label: string): Promise<Cluster> {
    const db = await createThrowawayDatabase(opts.databaseUrl, 'rookery_bench_cluster');
    const redisPrefix = `rookery-bench-cluster-${db.name.slice(-8)}`;
    const env: Record<string, string> = {
      DATABASE_URL: db.url,
      REDIS_URL: opts.redisUrl,
      REDIS_KEY_PREFIX: redisPrefix,
      // Every node must verify the tokens every other node signs.
      AUTH_KEYS: await generateKeySetJson(),
      ...RAISED_RATE_LIMITS,
      ACCESS_TOKEN_TTL: '86400',
      // Games are set up before any is played: no first-move deadline may fall meanwhile.
      CHESS_FIRST_MOVE_TIMEOUT: '3600',
      CHESS_DEFAULT_TIME_CONTROL: TIME_CONTROL,
    };
    if (opts.cpuProfDir) env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${path.resolve(opts.cpuProfDir)}`;
    console.log(`[${label}] database ${db.name}, Redis prefix ${redisPrefix}`);
    return new Cluster(db, redisPrefix, env);
  }

  alive(): ClusterNode[] {
    return this.nodes.filter((n) => isRunning(n.server));
  }

  /** Starts one node and waits until it is ready. The first one applies the migrations. */
  async add(): Promise<ClusterNode> {
    const port = await freePort();
    const t0 = performance.now();
    const server = await startServer(REPO_ROOT, port, {
      ...this.env,
      PUBLIC_ADDRESS: `127.0.0.1:${port}`,
      // The migrator takes no lock: only the first node of a fresh database migrates.
      MIGRATE_ON_BOOT: this.migrated ? 'false' : 'true',
    });
    started.add(server);
    const node: ClusterNode = { server, port, baseUrl: server.baseUrl, bootMs: 0 };
    this.nodes.push(node);
    await waitReady(server, READY_TIMEOUT_MS);
    node.bootMs = performance.now() - t0;
    this.migrated = true;
    return node;
  }

  async grow(count: number): Promise<void> {
    while (this.alive().length < count) await this.add();
  }

  /** SIGKILL, then (once it is gone) its data folder removed. */
  async kill(node: ClusterNode): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (!isRunning(node.server)) resolve();
      else node.server.child.once('exit', () => resolve());
    });
    node.server.child.kill('SIGKILL');
    await exited;
    await node.server.stop();
    started.delete(node.server);
    this.nodes.splice(this.nodes.indexOf(node), 1);
  }

  /** Stops every node, drops the database and deletes the prefix's Redis keys. */
  async close(redisUrl: string): Promise<void> {
    await Promise.allSettled(
      this.nodes.map(async (n) => {
        // A node writes its CPU profile as it exits, which takes a while.
        await n.server.stop(this.env.NODE_OPTIONS ? 60_000 : 5000);
        started.delete(n.server);
      }),
    );
    this.nodes.length = 0;
    await this.db
      .drop()
      .catch((err: unknown) => console.error(`could not drop ${this.db.name}: ${String(err)}`));
    await deleteRedisKeys(redisUrl, `${this.redisPrefix}:*`).catch((err: unknown) =>
      console.error(`could not delete the Redis keys ${this.redisPrefix}:*: ${String(err)}`),
    );
  }
}

async function deleteRedisKeys(redisUrl: string, pattern: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------
// Players
// ---------------------------------------------------------------------------------------------

type Color = 'white' | 'black';

const gameOver = (pos: Chess) => pos.isEnd() || pos.halfmoves >= SEVENTY_FIVE_MOVES;

// ---------------------------------------------------------------------------------------------
// CPU over a window
// ---------------------------------------------------------------------------------------------

interface CpuWindow {
  windowMs: number;
  nodesMs: number;
  postgresMs: number;
  benchMs: number;
  /** Everything else on the machine (Redis among it). */
  otherMs: number | undefined;
  /** Time during which some runnable task waited for a core. */
  waitMs: number | undefined;
}

/** Starts the readings; the returned function ends them. */
/** CPU over a window; the players are this process and, if given, the player processes `playerPids`. */
async function cpuWindow(cluster: Cluster, playerPids: number[] = []): Promise<() => Promise<CpuWindow>> {
  const nodePids = cluster.alive().map((n) => n.server.pid);
  const helpers = await processesCpuMs(playerPids);
  const machine = await machineBusyMs();
  const pressure = await cpuPressureMs();
  const nodes = await processesCpuMs(nodePids);
  const pg = await processesCpuMs(await cluster.db.backendPids());
  const bench = ownCpuMs();
  const t0 = performance.now();
  return async () => {
    const windowMs = performance.now() - t0;
    const benchMs = ownCpuMs() - bench + cpuSpentMs(helpers, await processesCpuMs(playerPids));
    const nodesMs = cpuSpentMs(nodes, await processesCpuMs(nodePids));
    const postgresMs = cpuSpentMs(pg, await processesCpuMs(await cluster.db.backendPids()));
    const machineAfter = await machineBusyMs();
    const pressureAfter = await cpuPressureMs();
    const otherMs =
      machine === undefined || machineAfter === undefined
        ? undefined
        : Math.max(0, machineAfter - machine - benchMs - nodesMs - postgresMs);
    const waitMs =
      pressure === undefined || pressureAfter === undefined ? undefined : pressureAfter - pressure;
    return { windowMs, nodesMs, postgresMs, benchMs, otherMs, waitMs };
  };
}

const share = (cpuMs: number | undefined, windowMs: number) =>
  cpuMs === undefined ? 'n/a' : `${fmt((cpuMs / windowMs) * 100)}%`;

function describeCpu(cpu: CpuWindow): string {
  const wait =
    cpu.waitMs === undefined ? '' : `; some task waited for a core ${share(cpu.waitMs, cpu.windowMs)}`;
  return (
    `CPU (share of one core): nodes ${share(cpu.nodesMs, cpu.windowMs)}, PostgreSQL ${share(cpu.postgresMs, cpu.windowMs)}, ` +
    `players ${share(cpu.benchMs, cpu.windowMs)}, Redis and the rest ${share(cpu.otherMs, cpu.windowMs)}${wait}`
  );
}

// ---------------------------------------------------------------------------------------------
// 1. Scaling: joins
// ---------------------------------------------------------------------------------------------

interface JoinsResult {
  seated: number;
  failed: number;
  firstFailure: string | undefined;
  windowMs: number;
  /** Challenge → both players see `playing`, ms, sorted. */
  seatMs: Float64Array;
  cpu: CpuWindow;
  /** Transactions of the database over the window (with `SEAT_ONLY`). */
  transactions?: number | undefined;
  /** Commands the Redis server ran over the window, whoever sent them (with `SEAT_ONLY`). */
  redisCommands?: number | undefined;
}

async function measureJoins(cluster: Cluster, opts: Options, label: string): Promise<JoinsResult> {
  const urls = cluster.alive().map((n) => n.baseUrl);
  const players = opts.seatOnly && opts.seatProcesses > 0 ? await seatProcesses(urls, opts) : undefined;
  const pairs = players ? [] : await seatPairs(urls, opts.joinConcurrency);
  // The players yield the cores to the node (they would run on machines of their own): this
  // process (the nodes were started before, at their own priority) or the player processes.
  if (opts.seatOnly && opts.playersNice > 0)
    for (const pid of players?.map((p) => p.pid) ?? [process.pid]) os.setPriority(pid, opts.playersNice);
  const tally = newTally();
  const loops = pairs.map((pair) => seatLoop(pair, tally, TIME_CONTROL));
  for (const helper of players ?? []) helper.send({ type: 'go' });
  const redis = opts.seatOnly ? await redisCommandCounter(opts.redisUrl) : undefined;
  await sleep(opts.warmupMs);
  const xactBefore = opts.seatOnly ? await cluster.db.transactions() : undefined;
  const redisBefore = await redis?.count();
  const end = await cpuWindow(
    cluster,
    players?.map((p) => p.pid),
  );
  const t0 = performance.now();
  tally.counting = true;
  for (const helper of players ?? []) helper.send({ type: 'count' });
  await sleep(opts.durationMs);
  tally.counting = false;
  for (const helper of players ?? []) helper.send({ type: 'report' });
  const windowMs = performance.now() - t0;
  const cpu = await end();
  const redisCommands = redisBefore === undefined ? undefined : (await redis!.count()) - redisBefore;
  await redis?.close();
  // The backends report at most once a second, late at both ends of the window alike.
  const transactions = xactBefore === undefined ? undefined : (await cluster.db.transactions()) - xactBefore;
  for (const helper of players ?? []) {
    const seen = await helper.next<SeatPlayersResult>('result', 30_000);
    tally.seated += seen.seated;
    tally.failed += seen.failed;
    tally.firstFailure ??= seen.firstFailure;
    tally.seatMs.push(...seen.seatMs);
  }
  tally.stop = true;
  await Promise.all(loops);
  await Promise.all(
    (players ?? []).map(async (helper) => {
      helper.send({ type: 'stop' });
      await helper.next('stopped', 30_000).catch(() => undefined);
      await helper.stop();
    }),
  );
  const { seated, failed, firstFailure } = tally;
  const result: JoinsResult = {
    seated,
    failed,
    firstFailure,
    windowMs,
    seatMs: Float64Array.from(tally.seatMs).sort(),
    cpu,
    transactions,
    redisCommands,
  };
  const where = players ? `, players in ${players.length} processes` : '';
  console.log(
    `[${label}] joins: ${fmt(seated / (windowMs / 1000), 1)} games seated/s (${fmt(seated)} in ${fmt(windowMs / 1000, 1)} s, ` +
      `${opts.joinConcurrency} pairs${where}), seat p50 ${ms(percentile(result.seatMs, 50))}, p99 ${ms(percentile(result.seatMs, 99))}` +
      (failed > 0 ? `, ${fmt(failed)} FAILED (first: ${firstFailure})` : ''),
  );
  console.log(`    ${describeCpu(cpu)}`);
  return result;
}

/** `SEAT_PROCESSES` player processes sharing the pairs, each ready to go. */
async function seatProcesses(urls: string[], opts: Options): Promise<HelperProcess[]> {
  const count = Math.min(opts.seatProcesses, opts.joinConcurrency);
  const helpers = Array.from({ length: count }, (_, i) => {
    const pairs = Math.floor(opts.joinConcurrency / count) + (i < opts.joinConcurrency % count ? 1 : 0);
    const config: SeatPlayersConfig = { urls, pairs, first: i, timeControl: TIME_CONTROL };
    return startHelper(REPO_ROOT, 'loadtest/seat-players.ts', [JSON.stringify(config)]);
  });
  try {
    await Promise.all(helpers.map((helper) => helper.next('ready', 60_000)));
  } catch (err) {
    await Promise.all(helpers.map((helper) => helper.stop()));
    throw err;
  }
  return helpers;
}

// ---------------------------------------------------------------------------------------------
// 1. Scaling: moves
// ---------------------------------------------------------------------------------------------

interface MovesResult {
  games: number;
  windowMs: number;
  /** `move()` sent → resolved, ms, sorted. */
  roundTripMs: Float64Array;
  refused: number;
  firstFailure: string | undefined;
  /** Games that ended during the run and were replaced. */
  replaced: number;
  cpu: CpuWindow;
  /** Every game seated, nobody moving. */
  idle: CpuWindow;
}

/** One game after another between the same two players, until `stopped()`. */
class Table {
  private pos = Chess.default();
  private games: Record<Color, ChessGameClient> | undefined;

  constructor(
    private readonly rooms: Record<Color, ChessRooms>,
    private readonly think: () => number,
  ) {}

  async open(): Promise<void> {
    this.pos = Chess.default();
    this.games = await openGame(this.rooms.white, this.rooms.black, TIME_CONTROL);
  }

  async close(): Promise<void> {
    const games = this.games;
    this.games = undefined;
    await Promise.all([leaveQuietly(games?.white), leaveQuietly(games?.black)]);
  }

  /** Plays until `stopped()`; `record` gets each move's round trip and when it was sent. */
  async play(
    stopped: () => boolean,
    record: (sentAt: number, ms: number) => void,
    onRefused: (err: unknown) => void,
    onReplaced: () => void,
  ): Promise<void> {
    while (!stopped()) {
      await sleep(this.think());
      if (stopped()) break;
      const games = this.games;
      const chosen = randomMove(this.pos);
      if (!games || !chosen || gameOver(this.pos)) {
        await this.replace(stopped, onReplaced);
        continue;
      }
      const color: Color = this.pos.turn;
      const sentAt = performance.now();
      try {
        await games[color].move(chosen.uci);
        record(sentAt, performance.now() - sentAt);
        this.pos.play(chosen.move);
      } catch (err) {
        // A game the server ended by itself (fivefold repetition, …) refuses the next move.
        if (games[color].state.status !== 'ended') onRefused(err);
        await this.replace(stopped, onReplaced);
      }
    }
  }

  private async replace(stopped: () => boolean, onReplaced: () => void): Promise<void> {
    await this.close();
    onReplaced();
    while (!stopped()) {
      try {
        await this.open();
        return;
      } catch {
        await sleep(1000);
      }
    }
  }
}

async function measureMoves(cluster: Cluster, opts: Options, label: string): Promise<MovesResult> {
  const urls = cluster.alive().map((n) => n.baseUrl);
  const think = () => opts.thinkMinMs + Math.random() * (opts.thinkMaxMs - opts.thinkMinMs);
  const tables: Table[] = [];
  const setupStarted = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < opts.games) {
      const i = next++;
      const whiteUrl = urls[i % urls.length]!;
      const blackUrl = urls[(i + 1) % urls.length]!;
      const [white, black] = await Promise.all([guest(whiteUrl), guest(blackUrl)]);
      const table = new Table(
        { white: new ChessRooms(white, whiteUrl), black: new ChessRooms(black, blackUrl) },
        think,
      );
      await table.open();
      tables.push(table);
    }
  };
  try {
    await Promise.all(Array.from({ length: SETUP_CONCURRENCY }, lane));
    console.log(
      `[${label}] moves: ${fmt(opts.games)} games set up in ${fmt((performance.now() - setupStarted) / 1000, 1)} s`,
    );

    // What the seated games cost while nobody moves (timers, keep-alive pings, the nodes' checks
    // of the unfinished games): the floor under the figures of the window.
    await sleep(IDLE_SETTLE_MS);
    const endIdle = await cpuWindow(cluster);
    await sleep(IDLE_MS);
    const idle = await endIdle();
    console.log(`    with nobody moving: ${describeCpu(idle)}`);

    let stop = false;
    let windowStart = Number.POSITIVE_INFINITY;
    let windowEnd = Number.POSITIVE_INFINITY;
    const roundTrips: number[] = [];
    let refused = 0;
    let replaced = 0;
    let firstFailure: string | undefined;
    const players = tables.map((t) =>
      t.play(
        () => stop,
        (sentAt, rtt) => {
          if (sentAt >= windowStart && sentAt < windowEnd) roundTrips.push(rtt);
        },
        (err) => {
          refused += 1;
          firstFailure ??= errorText(err);
        },
        () => {
          replaced += 1;
        },
      ),
    );
    await sleep(opts.warmupMs);
    const end = await cpuWindow(cluster);
    windowStart = performance.now();
    windowEnd = windowStart + opts.durationMs;
    await sleep(opts.durationMs);
    const windowMs = performance.now() - windowStart;
    const cpu = await end();
    stop = true;
    await Promise.all(players);
    const result: MovesResult = {
      games: opts.games,
      windowMs,
      roundTripMs: Float64Array.from(roundTrips).sort(),
      refused,
      firstFailure,
      replaced,
      cpu,
      idle,
    };
    const l = result.roundTripMs;
    console.log(
      `[${label}] moves: ${fmt(l.length / (windowMs / 1000), 1)} moves/s (${fmt(l.length)} in ${fmt(windowMs / 1000, 1)} s), ` +
        `round trip p50 ${ms(percentile(l, 50))}, p99 ${ms(percentile(l, 99))}, max ${ms(l.at(-1) ?? Number.NaN)}` +
        (refused > 0 ? `, ${fmt(refused)} REFUSED (first: ${firstFailure})` : '') +
        (replaced > 0 ? `, ${fmt(replaced)} games ended and replaced` : ''),
    );
    console.log(`    ${describeCpu(cpu)}`);
    return result;
  } finally {
    await Promise.all(tables.map((t) => t.close()));
  }
}

interface ScalingResult {
  nodes: number;
  joins: JoinsResult;
  moves: MovesResult;
  bootMs: number[];
}

async function scaling(opts: Options, nodes: number, clusters: Set<Cluster>): Promise<ScalingResult> {
  const label = `${nodes} node${nodes === 1 ? '' : 's'}`;
  const cluster = await Cluster.create(opts, label);
  clusters.add(cluster);
  try {
    await cluster.grow(nodes);
    console.log(
      `[${label}] ready: ${cluster.nodes.map((n) => `:${n.port} (pid ${n.server.pid}, ${fmt(n.bootMs / 1000, 1)} s)`).join(', ')}`,
    );
    const joins = await measureJoins(cluster, opts, label);
    const moves = await measureMoves(cluster, opts, label);
    return { nodes, joins, moves, bootMs: cluster.nodes.map((n) => n.bootMs) };
  } finally {
    clusters.delete(cluster);
    await cluster.close(opts.redisUrl);
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Failover
// ---------------------------------------------------------------------------------------------

interface KillRound {
  /** Kill → both players see the game `playing` again, ms; undefined when they did not. */
  playableMs: number | undefined;
  acked: number;
  /** Acknowledged moves missing from (or different in) the rebuilt game. */
  lost: number;
  /** Moves in the rebuilt game beyond the acknowledged ones (none should be). */
  extra: number;
  failure: string | undefined;
  replacementBootMs: number;
}

const portOf = (game: ChessGameClient) => Number(new URL(game.room.connection.url ?? 'ws://x:0').port);

async function killRound(cluster: Cluster, round: number): Promise<KillRound> {
  const alive = cluster.alive();
  const whiteUrl = alive[round % alive.length]!.baseUrl;
  const blackUrl = alive[(round + 1) % alive.length]!.baseUrl;
  const [whitePlayer, blackPlayer] = await Promise.all([guest(whiteUrl), guest(blackUrl)]);
  const players: Record<Color, RookeryClient> = { white: whitePlayer, black: blackPlayer };
  const games = await openGame(
    new ChessRooms(whitePlayer, whiteUrl),
    new ChessRooms(blackPlayer, blackUrl),
    TIME_CONTROL,
  );
  const gameId = games.white.gameId;
  const back: Partial<Record<Color, ChessGameClient>> = {};
  try {
    // A few moves, each acknowledged (`move()` resolved) before the next is sent.
    const pos = Chess.default();
    const acked: string[] = [];
    const plies = 4 + (round % 6);
    for (let i = 0; i < plies && !gameOver(pos); i++) {
      const chosen = randomMove(pos)!;
      await games[pos.turn].move(chosen.uci);
      acked.push(chosen.uci);
      pos.play(chosen.move);
    }
    const host = alive.find((n) => n.port === portOf(games.white));
    if (!host) throw new Error(`the game's node (port ${portOf(games.white)}) is not one of the cluster's`);
    const survivors = alive.filter((n) => n !== host);
    // The old rooms are gone with their node: no reconnection to it.
    games.white.room.reconnection.enabled = false;
    games.black.room.reconnection.enabled = false;

    const killedAt = performance.now();
    host.server.child.kill('SIGKILL');
    const comeBack = async (color: Color, via: ClusterNode): Promise<ChessState> => {
      const rooms = new ChessRooms(players[color], via.baseUrl);
      const game = await rooms.rejoin(gameId, { timeoutMs: REJOIN_TIMEOUT_MS });
      back[color] = game;
      const remaining = Math.max(1000, REJOIN_TIMEOUT_MS - (performance.now() - killedAt));
      return game.until((s) => s.status === 'playing', remaining);
    };
    let failure: string | undefined;
    let playableMs: number | undefined;
    let state: ChessState | undefined;
    try {
      const [seenByWhite, seenByBlack] = await Promise.all([
        comeBack('white', survivors[0]!),
        comeBack('black', survivors[1 % survivors.length]!),
      ]);
      playableMs = performance.now() - killedAt;
      state = seenByBlack.moves.length < seenByWhite.moves.length ? seenByBlack : seenByWhite;
    } catch (err) {
      failure = errorText(err);
    }
    await cluster.kill(host);

    const moves = state ? movesOf(state).map((m) => m.uci) : [];
    const lost = state ? acked.filter((uci, i) => moves[i] !== uci).length : 0;
    const extra = state ? Math.max(0, moves.length - acked.length) : 0;

    // The game is done with; a replacement keeps the cluster at its size.
    await back.white?.resign().catch(() => undefined);
    await Promise.all([leaveQuietly(back.white), leaveQuietly(back.black)]);
    const replacement = await cluster.add();
    return { playableMs, acked: acked.length, lost, extra, failure, replacementBootMs: replacement.bootMs };
  } finally {
    await Promise.all([
      leaveQuietly(games.white),
      leaveQuietly(games.black),
      leaveQuietly(back.white),
      leaveQuietly(back.black),
    ]);
  }
}

interface FailoverResult {
  nodes: number;
  rounds: KillRound[];
}

async function failover(opts: Options, clusters: Set<Cluster>): Promise<FailoverResult> {
  const label = `failover, ${opts.nodes} nodes`;
  const cluster = await Cluster.create(opts, label);
  clusters.add(cluster);
  const rounds: KillRound[] = [];
  try {
    await cluster.grow(opts.nodes);
    console.log(`[${label}] ready: ${cluster.nodes.map((n) => `:${n.port}`).join(', ')}`);
    for (let round = 0; round < opts.kills; round++) {
      let result: KillRound;
      try {
        result = await killRound(cluster, round);
      } catch (err) {
        result = {
          playableMs: undefined,
          acked: 0,
          lost: 0,
          extra: 0,
          failure: errorText(err),
          replacementBootMs: Number.NaN,
        };
        await cluster.grow(opts.nodes);
      }
      rounds.push(result);
      console.log(
        `[${label}] kill ${round + 1}/${opts.kills}: ` +
          (result.playableMs === undefined
            ? `NOT PLAYABLE (${result.failure})`
            : `playable after ${ms(result.playableMs)}, ${result.acked} acknowledged moves, ${result.lost} lost` +
              (result.extra > 0 ? `, ${result.extra} unexpected extra` : '')) +
          `; replacement ready in ${fmt(result.replacementBootMs / 1000, 1)} s`,
      );
    }
    return { nodes: opts.nodes, rounds };
  } finally {
    clusters.delete(cluster);
    await cluster.close(opts.redisUrl);
  }
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

const ratio = (value: number, base: number) =>
  base > 0 && Number.isFinite(value) ? `${fmt(value / base, 2)}×` : 'n/a';
const seatedPerSecond = (r: JoinsResult) => r.seated / (r.windowMs / 1000);
const movesPerSecond = (r: MovesResult) => r.roundTripMs.length / (r.windowMs / 1000);

function printScaling(opts: Options, one: ScalingResult, many: ScalingResult): void {
  const n = many.nodes;
  const row = (name: string, a: number, b: number, format: (v: number) => string) => [
    name,
    format(a),
    format(b),
    ratio(b, a),
  ];
  const rate = (v: number) => fmt(v, 1);
  const cpuCell = (cpu: CpuWindow) =>
    `${share(cpu.nodesMs, cpu.windowMs)} / ${share(cpu.postgresMs, cpu.windowMs)} / ${share(cpu.benchMs, cpu.windowMs)}`;
  const rows = [
    row('games seated/s (2 room joins each)', seatedPerSecond(one.joins), seatedPerSecond(many.joins), rate),
    row('seat time p50', percentile(one.joins.seatMs, 50), percentile(many.joins.seatMs, 50), ms),
    row('seat time p99', percentile(one.joins.seatMs, 99), percentile(many.joins.seatMs, 99), ms),
    ['joins: CPU nodes / PostgreSQL / players', cpuCell(one.joins.cpu), cpuCell(many.joins.cpu), '—'],
    row('moves/s', movesPerSecond(one.moves), movesPerSecond(many.moves), rate),
    row(
      'move round trip p50',
      percentile(one.moves.roundTripMs, 50),
      percentile(many.moves.roundTripMs, 50),
      ms,
    ),
    row(
      'move round trip p99',
      percentile(one.moves.roundTripMs, 99),
      percentile(many.moves.roundTripMs, 99),
      ms,
    ),
    ['moves: CPU nodes / PostgreSQL / players', cpuCell(one.moves.cpu), cpuCell(many.moves.cpu), '—'],
    [
      'games seated, nobody moving: CPU nodes / PostgreSQL / players',
      cpuCell(one.moves.idle),
      cpuCell(many.moves.idle),
      '—',
    ],
  ];
  console.log(
    `\n## Scaling 1 → ${n} nodes (${opts.joinConcurrency} pairs joining; ${fmt(opts.games)} games, think ` +
      `${fmt(opts.thinkMinMs)}–${fmt(opts.thinkMaxMs)} ms; windows of ${fmt(opts.durationMs / 1000)} s)`,
  );
  console.log(`${markdownTable(['', '1 node', `${n} nodes`, `${n}/1`], rows)}`);
  console.log(
    `CPU is in shares of one core. All of it runs on the ${os.availableParallelism()} cores of this machine: the nodes, ` +
      'PostgreSQL, Redis and the players. The ratio is the figure, not the absolute numbers.',
  );
  const failures = [one, many].flatMap((r) => [r.joins.failed, r.moves.refused]).reduce((a, b) => a + b, 0);
  if (failures > 0) console.log(`${fmt(failures)} joins failed or moves refused in all (see above).`);
}

function printFailover(result: FailoverResult): void {
  const done = result.rounds.filter((r) => r.playableMs !== undefined);
  const times = Float64Array.from(done.map((r) => r.playableMs!)).sort();
  const lost = result.rounds.reduce((n, r) => n + r.lost, 0);
  const extra = result.rounds.reduce((n, r) => n + r.extra, 0);
  const acked = result.rounds.reduce((n, r) => n + r.acked, 0);
  const notPlayable = result.rounds.length - done.length;
  const p99 = percentile(times, 99);
  const p99Met = notPlayable === 0 && times.length > 0 && p99 <= TARGET_FAILOVER_P99_MS;
  const boots = Float64Array.from(
    result.rounds.map((r) => r.replacementBootMs).filter(Number.isFinite),
  ).sort();
  console.log(`\n## Failover: kill -9 of the node hosting a game, ${result.nodes} nodes`);
  const rows = [
    [
      'kill → both players see it playing again',
      `${fmt(result.rounds.length)} kills: p50 ${ms(percentile(times, 50))}, p99 ${ms(p99)}, max ${ms(times.at(-1) ?? Number.NaN)}` +
        (notPlayable > 0 ? `; ${notPlayable} NOT PLAYABLE` : ''),
      `p99 ≤ ${fmt(TARGET_FAILOVER_P99_MS / 1000)} s (${p99Met ? 'met' : 'MISSED'})`,
    ],
    [
      'lost acknowledged moves',
      `${fmt(lost)} of ${fmt(acked)}${extra > 0 ? ` (${fmt(extra)} unexpected extra)` : ''}`,
      `0 (${lost === 0 && notPlayable === 0 ? 'met' : 'MISSED'})`,
    ],
    [
      'replacement node ready after',
      `p50 ${ms(percentile(boots, 50))}, max ${ms(boots.at(-1) ?? Number.NaN)}`,
      '—',
    ],
  ];
  console.log(markdownTable(['', 'figure', 'target'], rows));
  console.log(
    `With ${fmt(result.rounds.length)} kills, p99 is the ${result.rounds.length <= 100 ? 'slowest' : '99th percentile'} ` +
      `round. Same shared cores as above; the time includes the SDK's rejoin backoff (250 ms doubling to 2 s).`,
  );
}

/** `SEAT_ONLY=1`: the joins on one node, and what a seated game costs in CPU. */
async function seating(opts: Options, clusters: Set<Cluster>): Promise<void> {
  const label = 'seating, 1 node';
  const cluster = await Cluster.create(opts, label);
  clusters.add(cluster);
  try {
    await cluster.grow(1);
    const joins = await measureJoins(cluster, opts, label);
    const { cpu, seated } = joins;
    const perGame = (cpuMs: number | undefined) =>
      cpuMs === undefined || seated === 0 ? 'n/a' : `${fmt(cpuMs / seated, 2)} ms`;
    const perCount = (n: number | undefined) =>
      n === undefined || seated === 0 ? 'n/a' : fmt(n / seated, 1);
    console.log(
      `\n## Seating on one node (${opts.joinConcurrency} pairs, ${fmt(opts.durationMs / 1000)} s after ${fmt(opts.warmupMs / 1000)} s${opts.playersNice > 0 ? `, players at nice ${opts.playersNice}` : ''})`,
    );
    const rows = [
      ['games seated/s (2 room joins each)', fmt(seatedPerSecond(joins), 1)],
      ['seat time p50 / p99', `${ms(percentile(joins.seatMs, 50))} / ${ms(percentile(joins.seatMs, 99))}`],
      ['node CPU a game', perGame(cpu.nodesMs)],
      ['PostgreSQL CPU a game', perGame(cpu.postgresMs)],
      [
        opts.seatProcesses > 0
          ? `players CPU a game (this process and ${opts.seatProcesses} player processes)`
          : 'players CPU a game (this process)',
        perGame(cpu.benchMs),
      ],
      ['Redis and the rest of the machine a game', perGame(cpu.otherMs)],
      ['PostgreSQL transactions a game (each statement outside one counts)', perCount(joins.transactions)],
      [
        'Redis commands a game (the whole Redis server: alone only on a Redis of its own)',
        perCount(joins.redisCommands),
      ],
      [
        'busy: node / PostgreSQL / players (share of one core)',
        `${share(cpu.nodesMs, cpu.windowMs)} / ${share(cpu.postgresMs, cpu.windowMs)} / ${share(cpu.benchMs, cpu.windowMs)}`,
      ],
      ['some task waited for a core', share(cpu.waitMs, cpu.windowMs)],
      ['load average at the end', (await readFile('/proc/loadavg', 'utf8').catch(() => 'n/a')).trim()],
    ];
    console.log(markdownTable(['', 'figure'], rows));
    if (joins.failed > 0) console.log(`${fmt(joins.failed)} joins failed (first: ${joins.firstFailure}).`);
  } finally {
    clusters.delete(cluster);
    await cluster.close(opts.redisUrl);
  }
}

async function main(): Promise<void> {
  const opts = readOptions();
  const cores = os.availableParallelism();
  console.log(
    `# bench:cluster — ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${cores} cores, Node ${process.version}`,
  );
  console.log(
    `nodes: server/main.ts processes on PostgreSQL (a throwaway database per phase) and Redis presence; ` +
      `players: SDK clients in this process. All share the ${cores} cores.\n`,
  );

  const clusters = new Set<Cluster>();
  const cleanUp = async () => {
    await Promise.allSettled([...clusters].map((c) => c.close(opts.redisUrl)));
    clusters.clear();
  };
  const phaseMs = 60_000 + 2 * (opts.warmupMs + opts.durationMs) + opts.games * 200;
  const watchdogMs = 2 * phaseMs + 30_000 * (opts.kills + 2) + 5 * 60_000;
  const disarm = guardRun('bench:cluster', watchdogMs, cleanUp);

  try {
    if (opts.seatOnly) {
      await seating(opts, clusters);
      return;
    }
    const one = await scaling(opts, 1, clusters);
    console.log('');
    const many = await scaling(opts, opts.nodes, clusters);
    console.log('');
    const killed = await failover(opts, clusters);
    printScaling(opts, one, many);
    printFailover(killed);
  } finally {
    await cleanUp();
    disarm();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench:cluster failed: ${errorText(err)}`);
    process.exit(1);
  },
);
