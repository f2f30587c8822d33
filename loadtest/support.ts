import { type ChildProcess, fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ASYNC_CONTEXT_FRAMES } from '../server/platform/async-context.ts';

// ---------------------------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------------------------

/** The `p`-th percentile (0–100) of values already sorted ascending, by nearest rank. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** What a closed-loop run observed. Latencies are in milliseconds, sorted ascending. */
export interface LoopResult {
  ok: number;
  failed: number;
  elapsedMs: number;
  latencies: Float64Array;
  /** The first failure seen (a status or an error message), to show why things failed. */
  firstFailure: string | undefined;
}

/**
 * Runs `concurrency` workers, each calling `fn` again as soon as its previous call settles, until
 * `durationMs` have passed (calls in flight at the deadline are awaited and counted). `fn` resolves
 * true for a success; false or a rejection counts as a failure.
 */
export async function runClosedLoop(
  durationMs: number,
  concurrency: number,
  fn: () => Promise<boolean | string>,
): Promise<LoopResult> {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  const started = performance.now();
  const deadline = started + durationMs;

  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      let outcome: boolean | string;
      try {
        outcome = await fn();
      } catch (err) {
        outcome = err instanceof Error ? err.message : String(err);
      }
      latencies.push(performance.now() - t0);
      if (outcome === true) {
        ok++;
      } else {
        failed++;
        firstFailure ??= typeof outcome === 'string' ? outcome : 'failed';
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));

  const sorted = Float64Array.from(latencies).sort();
  return { ok, failed, elapsedMs: performance.now() - started, latencies: sorted, firstFailure };
}

/** What an open-loop run observed, on top of a closed loop's figures. */
export interface OpenLoopResult extends LoopResult {
  /** Requests that were due but not sent, because `maxInFlight` were already outstanding. */
  dropped: number;
}

/**
 * Sends `fn` at a fixed rate whatever the answers (an open loop), for `durationMs`, as users
 * arriving at that rate would. Each latency is measured from the moment its request was due,
 * so a server that stalls shows up in the figures instead of slowing the sender down (no
 * coordinated omission). A request due while `maxInFlight` are outstanding counts as dropped.
 */
export async function runOpenLoop(
  durationMs: number,
  ratePerSecond: number,
  fn: () => Promise<boolean | string>,
  maxInFlight = 512,
): Promise<OpenLoopResult> {
  const latencies: number[] = [];
  const pending: Array<Promise<void>> = [];
  let ok = 0;
  let failed = 0;
  let dropped = 0;
  let inFlight = 0;
  let firstFailure: string | undefined;
  const intervalMs = 1000 / ratePerSecond;
  const started = performance.now();
  const total = Math.floor((durationMs / 1000) * ratePerSecond);

  const fire = async (dueAt: number) => {
    inFlight++;
    let outcome: boolean | string;
    try {
      outcome = await fn();
    } catch (err) {
      outcome = err instanceof Error ? err.message : String(err);
    }
    inFlight--;
    latencies.push(performance.now() - dueAt);
    if (outcome === true) ok++;
    else {
      failed++;
      firstFailure ??= typeof outcome === 'string' ? outcome : 'failed';
    }
  };

  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor((performance.now() - started) / intervalMs) + 1);
    for (; sent < due; sent++) {
      if (inFlight >= maxInFlight) dropped++;
      else pending.push(fire(started + sent * intervalMs));
    }
    await sleep(1);
  }
  await Promise.all(pending);
  const sorted = Float64Array.from(latencies).sort();
  return { ok, failed, dropped, elapsedMs: performance.now() - started, latencies: sorted, firstFailure };
}

/** Successes per second of a run. */
export function rateOf(result: LoopResult): number {
  return result.ok / (result.elapsedMs / 1000);
}

// ---------------------------------------------------------------------------------------------
// CPU time
// ---------------------------------------------------------------------------------------------

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ). */
const TICK_MS = 10;

/** User + system CPU time of a process in ms, from /proc; undefined where /proc is missing. */
export async function processCpuMs(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields from after its closing parenthesis,
    // where field 3 (state) is index 0, so utime (field 14) is index 11 and stime (15) is 12.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

/**
 * CPU time all processes of the machine spent busy, in ms, summed over cores, from the first line
 * of /proc/stat (every field but idle and iowait); undefined where /proc is missing.
 */
export async function machineBusyMs(): Promise<number | undefined> {
  try {
    const stat = await readFile('/proc/stat', 'utf8');
    const ticks = stat.slice(0, stat.indexOf('\n')).trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
    return (user + nice + system + irq + softirq + steal) * TICK_MS;
  } catch {
    return undefined;
  }
}

/**
 * How long, in ms, at least one runnable task of the machine waited for a core (the `some` total
 * of /proc/pressure/cpu); undefined where the kernel does not report pressure.
 */
export async function cpuPressureMs(): Promise<number | undefined> {
  try {
    const text = await readFile('/proc/pressure/cpu', 'utf8');
    const total = /^some .*total=(\d+)/m.exec(text)?.[1];
    return total === undefined ? undefined : Number(total) / 1000;
  } catch {
    return undefined;
  }
}

/** User + system CPU time of this process in ms. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

// ---------------------------------------------------------------------------------------------
// The server under test, as a child process
// ---------------------------------------------------------------------------------------------

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it, then we let it go). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  baseUrl: string;
  dataDir: string;
  /** The last lines the server printed, to show when something goes wrong. */
  tail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; then removes the data folder. */
  stop(graceMs?: number): Promise<void>;
}

const TAIL_LINES = 40;

/** The last TAIL_LINES non-empty lines a child process printed (stdout and stderr), kept live. */
function keepTail(child: ChildProcess): string[] {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > TAIL_LINES) lines.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return lines;
}

/**
 * How the benches run the server. `compiled` (the default): built by `tsc -p tsconfig.build.json`
 * (once a bench, into the checkout's `dist/`, as `npm run build` does) and run as `npm start` runs
 * it, `node dist/server/main.js`: what a production node runs. `tsx` (SERVER_RUNTIME=tsx): from the
 * sources through tsx, as `npm run dev` and the tests run it. The two differ in more than start-up:
 * tsx compiles with esbuild's `keepNames`, which names every function it creates with an
 * `Object.defineProperty` call, so each closure made at run time (a socket's, a message's) costs
 * more CPU and carries a property store of its own.
 */
export type ServerRuntime = 'compiled' | 'tsx';

export function serverRuntime(): ServerRuntime {
  const runtime = process.env.SERVER_RUNTIME ?? 'compiled';
  if (runtime !== 'compiled' && runtime !== 'tsx')
    throw new Error(`SERVER_RUNTIME must be compiled or tsx, not ${JSON.stringify(runtime)}`);
  return runtime;
}

const builds = new Map<string, Promise<void>>();

/** `tsc -p tsconfig.build.json` in `repoRoot`, once a process; rejects with tsc's output. */
function buildServer(repoRoot: string): Promise<void> {
  let built = builds.get(repoRoot);
  if (!built) {
    built = new Promise<void>((resolve, reject) => {
      const tsc = spawn(path.join(repoRoot, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const output: Buffer[] = [];
      tsc.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
      tsc.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
      tsc.once('error', reject);
      tsc.once('exit', (code) =>
        code === 0
          ? resolve()
          : reject(new Error(`building the server failed (tsc exit ${code}):\n${Buffer.concat(output)}`)),
      );
    });
    builds.set(repoRoot, built);
  }
  return built;
}

/**
 * Starts the server of `repoRoot` (see {@link ServerRuntime}) on a fresh data folder, listening on
 * 127.0.0.1:`port`, with the extra environment given.
 */
export async function startServer(
  repoRoot: string,
  port: number,
  extraEnv: Record<string, string>,
): Promise<ServerProcess> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rookery-bench-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    // SERVER_NODE_OPTIONS: Node's options for the server alone (`--perf-basic-prof` for `perf`).
    ...(process.env.SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.SERVER_NODE_OPTIONS } : {}),
    ...extraEnv,
  };
  const runtime = serverRuntime();
  if (runtime === 'compiled') await buildServer(repoRoot);
  const args = [
    ASYNC_CONTEXT_FRAMES,
    ...(runtime === 'compiled' ? ['dist/server/main.js'] : ['--import', 'tsx', 'server/main.ts']),
  ];
  const child = spawn(path.join(repoRoot, 'node_modules/.bin/node'), args, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('could not start the server process');

  const lines = keepTail(child);

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (graceMs = 10_000) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const inTime = await Promise.race([exited.then(() => true), sleep(graceMs, false)]);
      if (!inTime) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  return {
    child,
    pid: child.pid,
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    tail: () => lines.join('\n'),
    stop,
  };
}

/** Polls `GET /health` until it answers 200; throws if the server exits or `timeoutMs` passes. */
export async function waitForHealth(server: ServerProcess, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`the server exited during boot:\n${server.tail()}`);
    }
    try {
      const res = await fetch(`${server.baseUrl}/health`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - started;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`the server did not answer /health within ${timeoutMs} ms:\n${server.tail()}`);
}

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

/** No single request may take longer than this; a slower one counts as a failure. */
const REQUEST_TIMEOUT_MS = 5000;

export interface JsonReply {
  status: number;
  body: unknown;
}

/** Sends one request (JSON body when given) and reads the whole JSON answer. */
export async function requestJson(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonReply> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Leave a non-JSON answer as text.
  }
  return { status: res.status, body };
}

/**
 * Sends one GET and drains the answer without parsing it (the load generator should spend as
 * little CPU as it can); true on 200, else a short reason.
 */
export async function getOk(url: string, headers: Record<string, string> = {}): Promise<true | string> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  await res.arrayBuffer();
  return res.status === 200 ? true : `HTTP ${res.status}`;
}

// ---------------------------------------------------------------------------------------------
// Servers and clients under measurement
// ---------------------------------------------------------------------------------------------

/**
 * The rate limits a bench's server runs with: every player is a guest made through `/api/auth`
 * and joins through the matchmaker from one address, far beyond the default budgets.
 */
export const RAISED_RATE_LIMITS = {
  AUTH_RATE_IP_POINTS: '1000000',
  MATCHMAKE_RATE_IP_POINTS: '1000000',
  MATCHMAKE_RATE_USER_POINTS: '1000000',
} as const;

/** A full garbage collection, in a process not started with `--expose-gc` (a context made after the flag has `gc`). */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * The server's `/metrics`, read once: for a metric's name, its samples summed over their labels
 * (one sample for a metric without labels); undefined when it has none.
 */
export async function readMetrics(baseUrl: string): Promise<(name: string) => number | undefined> {
  const res = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
  const samples = (await res.text()).split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  return (name) => {
    const own = samples.filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`));
    return own.length === 0 ? undefined : own.reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
  };
}

/** The WebSocket under a room of the SDK, where the room's bytes arrive. */
export function roomSocket(room: unknown): WebSocket {
  return (room as { connection: { transport: { ws: WebSocket } } }).connection.transport.ws;
}

// ---------------------------------------------------------------------------------------------
// Options and shares
// ---------------------------------------------------------------------------------------------

/** `--name=value` on the command line (`THINK_MS` is `--think-ms`), else `NAME` in the environment. */
export function textOption(name: string): string | undefined {
  const flag = `--${name.toLowerCase().replaceAll('_', '-')}=`;
  const arg = process.argv.slice(2).find((a) => a.startsWith(flag));
  const value = arg ? arg.slice(flag.length) : process.env[name];
  return value?.trim() ? value.trim() : undefined;
}

/**
 * How a bench's lobby players join, from the option `name`: `sdk` (`LobbyClient.join`, the
 * default) or `wire` (the join's messages alone, nothing decoded): the mode of `lobby-players.ts`.
 */
export function lobbyJoinOption(name: string): 'rookery' | 'wire' {
  const given = textOption(name) ?? 'sdk';
  if (given === 'sdk') return 'rookery';
  if (given === 'wire') return 'wire';
  throw new Error(`${name} is sdk (LobbyClient.join) or wire (the join's messages alone), not ${given}`);
}

/** {@link textOption} as a number from `min` to `max`; `fallback` when not given. */
export function numberOption(
  name: string,
  fallback: number,
  min: number,
  max = Number.POSITIVE_INFINITY,
): number {
  const raw = textOption(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new Error(`${name} must be a number ${range}, not "${raw}"`);
  }
  return value;
}

/** `THINK_MS` (`500-2000`, or one number): a player's thinking time before a move, in ms. */
export function thinkOption(): { thinkMinMs: number; thinkMaxMs: number } {
  const { min, max } = rangeOption('THINK_MS', '500-2000', 'ms')!;
  return { thinkMinMs: min, thinkMaxMs: max };
}

/** A range of whole numbers, `MIN-MAX` or one number: `--name=value` or `NAME`; undefined for `0`. */
export function rangeOption(
  name: string,
  fallback: string,
  unit: string,
): { min: number; max: number } | undefined {
  const text = textOption(name) ?? fallback;
  if (text === '0') return undefined;
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) throw new Error(`${name} must look like ${fallback} (${unit}), not "${text}"`);
  const min = Number(match[1]);
  const max = Number(match[2] ?? match[1]);
  if (max < min) throw new Error(`${name}: the upper bound is below the lower one`);
  return { min, max };
}

/** Share of `total` for process `i` of `n`, the first ones taking the remainder. */
export function share(total: number, i: number, n: number): number {
  return Math.floor(total / n) + (i < total % n ? 1 : 0);
}

/** The machine's load averages (1, 5, 15 min), for a figure's context. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => fmt(l, 2))
    .join(' ');
}

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

/** A number with thousands separators and `digits` decimals. */
export function fmt(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A latency in ms, with two decimals below 10 ms and one above. */
export function ms(value: number): string {
  return `${fmt(value, value < 10 ? 2 : 1)} ms`;
}

/** A markdown table from a header row and body rows. */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Helper scripts of a bench (load generators, baselines), as child processes with IPC
// ---------------------------------------------------------------------------------------------

/** A message between a bench and one of its helper processes: a plain object with a `type`. */
export interface HelperMessage {
  type: string;
  [key: string]: unknown;
}

export interface HelperProcess {
  child: ChildProcess;
  pid: number;
  send(message: HelperMessage): void;
  /**
   * The next message of `type` (one that already arrived counts), or a rejection when the helper
   * exits, reports `{ type: 'failed', message }`, or `timeoutMs` passes.
   */
  next<T extends { type: string }>(type: string, timeoutMs: number): Promise<T>;
  /** The last lines the helper printed. */
  tail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * With `PLAYERS_CPU_PROF` (a folder) set, each helper process writes a V8 CPU profile there when
 * it exits: where the player processes' CPU a join or a move goes (the baseline's holder or relay
 * writes one too).
 */
function helperProfile(): string[] {
  const folder = process.env.PLAYERS_CPU_PROF?.trim();
  return folder ? ['--cpu-prof', `--cpu-prof-dir=${folder}`] : [];
}

/**
 * Starts `script` (a TypeScript file of the repository) with the repository's Node and tsx, an IPC
 * channel that carries typed arrays (`serialization: 'advanced'`), and the extra environment given.
 */
export function startHelper(
  repoRoot: string,
  script: string,
  args: string[] = [],
  extraEnv: Record<string, string> = {},
): HelperProcess {
  const child = fork(path.join(repoRoot, script), args, {
    cwd: repoRoot,
    execPath: path.join(repoRoot, 'node_modules/.bin/node'),
    execArgv: ['--import', 'tsx', ...helperProfile()],
    env: { PATH: process.env.PATH ?? '', ...extraEnv },
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${script}`);

  const lines = keepTail(child);

  const inbox: HelperMessage[] = [];
  const waiters = new Set<() => void>();
  let exited = false;
  const wake = () => {
    for (const waiter of [...waiters]) waiter();
  };
  child.on('message', (message: HelperMessage) => {
    inbox.push(message);
    wake();
  });
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      wake();
      resolve();
    }),
  );

  const next = <T extends { type: string }>(type: string, timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const failed = inbox.find((m) => m.type === 'failed');
        const index = inbox.findIndex((m) => m.type === type);
        if (failed || index >= 0 || exited) {
          waiters.delete(check);
          clearTimeout(timer);
        }
        if (failed) reject(new Error(`${script}: ${String(failed.message)}\n${lines.join('\n')}`));
        else if (index >= 0) resolve(inbox.splice(index, 1)[0] as T);
        else if (exited) reject(new Error(`${script} exited before "${type}":\n${lines.join('\n')}`));
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${script}: no "${type}" within ${timeoutMs} ms:\n${lines.join('\n')}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  const stop = async (graceMs = 5000) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const inTime = await Promise.race([exit.then(() => true), sleep(graceMs, false)]);
      if (!inTime) {
        child.kill('SIGKILL');
        await exit;
      }
    }
  };

  return {
    child,
    pid: child.pid,
    send: (message) => {
      if (child.connected) child.send(message);
    },
    next,
    tail: () => lines.join('\n'),
    stop,
  };
}

/** User + system CPU time of several processes in ms, summed (processes already gone count 0). */
export async function processesCpuMs(pids: readonly number[]): Promise<Map<number, number>> {
  const readings = await Promise.all(pids.map(async (pid) => [pid, await processCpuMs(pid)] as const));
  const out = new Map<number, number>();
  for (const [pid, cpu] of readings) if (cpu !== undefined) out.set(pid, cpu);
  return out;
}

/**
 * CPU spent between two readings of `processesCpuMs`: a process present in both counts its
 * difference; one that started meanwhile counts all its time; one that ended meanwhile is lost.
 */
export function cpuSpentMs(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0);
  return total;
}

// ---------------------------------------------------------------------------------------------
// A throwaway PostgreSQL database
// ---------------------------------------------------------------------------------------------

export interface ThrowawayDatabase {
  name: string;
  /** `serverUrl` with the new database's name. */
  url: string;
  /** Process ids of the PostgreSQL backends currently connected to the database. */
  backendPids(): Promise<number[]>;
  /**
   * Transactions committed or rolled back in the database so far, from `pg_stat_database` (its
   * backends report at most once a second, so a difference over a window is approximate).
   */
  transactions(): Promise<number>;
  /** Drops the database (closing its connections) and the administrative connection. */
  drop(): Promise<void>;
}

/**
 * Creates an empty database named `<prefix>_<random>` on the server of `serverUrl` (connecting
 * there as given), so a bench neither needs nor touches an existing database.
 */
export async function createThrowawayDatabase(serverUrl: string, prefix: string): Promise<ThrowawayDatabase> {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  try {
    await admin.query(`create database "${name}"`);
  } catch (err) {
    await admin.end();
    throw err;
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    backendPids: async () =>
      (
        await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [name])
      ).rows.map((row) => row.pid),
    transactions: async () => {
      // A snapshot per transaction would repeat the first reading: read the live counters.
      await admin.query('select pg_stat_clear_snapshot()');
      const { rows } = await admin.query<{ n: string }>(
        'select (xact_commit + xact_rollback)::text as n from pg_stat_database where datname = $1',
        [name],
      );
      return Number(rows[0]?.n ?? 0);
    },
    drop: async () => {
      try {
        await admin.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/**
 * The last resorts of a bench: a run that overstays `watchdogMs`, or Ctrl-C, still runs
 * `cleanUp` (stop the nodes, drop the databases) before the process exits. Returns the function
 * that disarms the watchdog once the run has ended by itself.
 */
export function guardRun(name: string, watchdogMs: number, cleanUp: () => Promise<unknown>): () => void {
  const watchdog = setTimeout(() => {
    console.error(`${name}: still running after ${fmt(watchdogMs / 1000)} s; giving up`);
    void cleanUp().finally(() => process.exit(1));
  }, watchdogMs);
  watchdog.unref();
  process.once('SIGINT', () => {
    void cleanUp().finally(() => process.exit(130));
  });
  return () => clearTimeout(watchdog);
}

// ---------------------------------------------------------------------------------------------
// Redis commands
// ---------------------------------------------------------------------------------------------

/**
 * A reader of the commands a Redis server has run so far (`INFO commandstats`, every command's
 * calls summed, the readings' own `INFO` left out). Meaningful only on a Redis nobody else uses
 * while the bench runs: the figures are the server's, not one client's.
 */
export async function redisCommandCounter(
  url: string,
): Promise<{ count(): Promise<number>; bytesSent(): Promise<number>; close(): Promise<void> }> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  return {
    /** The bytes the Redis server has sent its clients (replies and published messages). */
    bytesSent: async () =>
      Number(/^total_net_output_bytes:(\d+)/m.exec(await redis.info('stats'))?.[1] ?? Number.NaN),
    count: async () => {
      const info = await redis.info('commandstats');
      let total = 0;
      for (const line of info.split('\n')) {
        const m = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
        if (m && m[1] !== 'info') total += Number(m[2]);
      }
      return total;
    },
    close: async () => {
      redis.disconnect();
    },
  };
}
