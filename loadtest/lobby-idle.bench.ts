/**
 * `npm run bench:lobby-idle`: what a node costs with PLAYERS guests in the lobby and nobody
 * acting, for one checkout or several side by side (a tree before a change and one after).
 *
 * `npm run bench:lobby-idle -- [label=checkout …]` (default: this checkout, labelled `this`).
 * For each checkout in turn a server is started from it (`server/main.ts`, on PGlite in a
 * temporary folder), its CPU is read over WINDOW seconds with nobody connected (what the node
 * costs by itself), and PLAYERS guests join its lobby from player processes of their own
 * (`lobby-players.ts`, one per 1,000 players, at least two). Once every server is full, the CPU of
 * each is read over the same WINDOWS windows of WINDOW seconds: servers read side by side share
 * whatever else the machine does, so their difference is the change's, even on a busy machine.
 *
 * Printed: each window's share of a core per server with the machine's load average, then per
 * server its mean, its empty reading, and the CPU a connection costs a second ((full − empty) /
 * PLAYERS), from which the cost at another size can be estimated. Options (environment):
 * PLAYERS (3000), WINDOWS (6), WINDOW (20, s), CPU_PROF (a folder: each server writes a V8 CPU
 * profile under `<folder>/<label>` when it stops).
 */
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { LobbyPlayersConfig, LobbyPlayersCounted } from './lobby-players.ts';
import {
  fmt,
  freePort,
  guardRun,
  type HelperProcess,
  loadAverage,
  numberOption,
  processCpuMs,
  RAISED_RATE_LIMITS,
  type ServerProcess,
  startHelper,
  startServer,
  waitForHealth,
} from './support.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A whole number ≥ 1: `--name=value` or `NAME`. */
const option = (name: string, fallback: number) => Math.floor(numberOption(name, fallback, 1));

const PLAYERS = option('PLAYERS', 3000);
const WINDOWS = option('WINDOWS', 6);
const WINDOW_MS = option('WINDOW', 20) * 1000;
const WORKERS = Math.max(2, Math.ceil(PLAYERS / 1000));
const CPU_PROF = process.env.CPU_PROF?.trim() || undefined;

interface Target {
  label: string;
  checkout: string;
}

interface Measured extends Target {
  server: ServerProcess;
  /** Share of a core with nobody connected. */
  empty: number;
  /** CPU ms over the windows with everyone in. */
  fullCpuMs: number;
}

/** `label=checkout` arguments; a bare path is labelled by its folder's name. */
function targets(args: readonly string[]): Target[] {
  if (args.length === 0) return [{ label: 'this', checkout: REPO_ROOT }];
  return args.map((arg) => {
    const at = arg.indexOf('=');
    const checkout = path.resolve(at < 0 ? arg : arg.slice(at + 1));
    return { label: at < 0 ? path.basename(checkout) : arg.slice(0, at), checkout };
  });
}

/** The share of a core `pids` each used over `ms` from now. */
async function shares(pids: readonly number[], ms: number): Promise<number[]> {
  const before = await Promise.all(pids.map(processCpuMs));
  const started = performance.now();
  await sleep(ms);
  const after = await Promise.all(pids.map(processCpuMs));
  const elapsed = performance.now() - started;
  return pids.map((_, i) => ((after[i] ?? 0) - (before[i] ?? 0)) / elapsed);
}

/** Starts a server from `target`'s checkout, reads it empty, and fills its lobby. */
async function fill(
  target: Target,
  helpers: Set<HelperProcess>,
  servers: ServerProcess[],
): Promise<Measured> {
  const port = await freePort();
  const env: Record<string, string> = {
    ...RAISED_RATE_LIMITS,
    ACCESS_TOKEN_TTL: '86400',
  };
  if (CPU_PROF) env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${path.resolve(CPU_PROF, target.label)}`;
  const server = await startServer(target.checkout, port, env);
  servers.push(server);
  await waitForHealth(server, 120_000);
  await sleep(5000);
  const [empty = 0] = await shares([server.pid], WINDOW_MS);
  const workers = Array.from({ length: WORKERS }, (_, worker) => {
    const config: LobbyPlayersConfig = {
      mode: 'rookery',
      url: server.baseUrl,
      players: PLAYERS,
      worker,
      workers: WORKERS,
      lanes: 10,
      setupLanes: 5,
    };
    const helper = startHelper(REPO_ROOT, 'loadtest/lobby-players.ts', [JSON.stringify(config)]);
    helpers.add(helper);
    return helper;
  });
  await Promise.all(workers.map((w) => w.next('ready', 120_000 + PLAYERS * 100)));
  for (const w of workers) w.send({ type: 'join', from: 0, to: PLAYERS });
  await Promise.all(workers.map((w) => w.next('joined', 120_000 + PLAYERS * 100)));
  for (const w of workers) w.send({ type: 'count' });
  const counts = await Promise.all(workers.map((w) => w.next<LobbyPlayersCounted>('counted', 60_000)));
  const closed = counts.reduce((n, c) => n + Object.values(c.closes).reduce((a, b) => a + b, 0), 0);
  console.log(
    `${target.label}: ${fmt(empty * 100, 2)}% of a core empty; ${fmt(PLAYERS)} in, ${closed} closed (load ${loadAverage()})`,
  );
  return { ...target, server, empty, fullCpuMs: 0 };
}

async function main(): Promise<void> {
  const list = targets(process.argv.slice(2));
  console.log(
    `bench:lobby-idle: ${fmt(PLAYERS)} players a server, ${WINDOWS} windows of ${fmt(WINDOW_MS / 1000)} s, ` +
      `${os.cpus().length} cores, load ${loadAverage()}`,
  );
  const helpers = new Set<HelperProcess>();
  const servers: ServerProcess[] = [];
  const stopAll = async () => {
    for (const server of servers) await server.stop(CPU_PROF ? 60_000 : 10_000);
    await Promise.all([...helpers].map((h) => h.stop()));
  };
  const disarm = guardRun('bench:lobby-idle', 60 * 60_000, stopAll);
  try {
    const measured: Measured[] = [];
    for (const target of list) measured.push(await fill(target, helpers, servers));
    await sleep(5000);
    for (let i = 1; i <= WINDOWS; i++) {
      const read = await shares(
        measured.map((m) => m.server.pid),
        WINDOW_MS,
      );
      read.forEach((share, j) => {
        measured[j]!.fullCpuMs += share * WINDOW_MS;
      });
      const row = measured.map((m, j) => `${m.label} ${fmt(read[j]! * 100, 2)}%`).join(', ');
      console.log(`window ${i} (load ${loadAverage()}): ${row}`);
    }
    for (const m of measured) {
      const full = m.fullCpuMs / (WINDOWS * WINDOW_MS);
      const perConnectionUs = ((full - m.empty) * 1e6) / PLAYERS;
      console.log(
        `${m.label}: ${fmt(full * 100, 2)}% of a core with ${fmt(PLAYERS)} in, ${fmt(m.empty * 100, 2)}% empty; ` +
          `${fmt(perConnectionUs, 2)} µs of CPU a connection a second`,
      );
    }
  } finally {
    disarm();
    await stopAll();
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
