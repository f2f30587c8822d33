/**
 * `npm run bench:lobby`: what joining the lobby costs as it fills, next to a raw `ws` server that
 * only holds sockets, measured in the same run.
 *
 * 1. Raw baseline (`ws-holder.ts`): PLAYERS WebSockets connect, JOIN_CONCURRENCY at a time; each
 *    is in when the server's greeting arrives.
 * 2. Rookery (a fresh server, PGlite unless DATABASE_URL is set): PLAYERS guests are made first
 *    (`POST /api/auth/guest`, not timed: auth is not what is measured), then each joins the lobby
 *    with `LobbyClient.join`, JOIN_CONCURRENCY at a time.
 *
 * For both, in five equal slices of the fill: joins a second and server CPU a join; for Rookery,
 * the bytes each join made the server send to every client already in (counted at the clients'
 * sockets) and the bytes a joiner received; then the resident memory per connection after a full
 * GC (the server and the holder run with `--expose-gc` and collect on SIGUSR2) and the server's
 * CPU over IDLE seconds with nobody acting. Ratios are against the baseline of the same run.
 *
 * Options (environment or `--name=value`): PLAYERS (1000), JOIN_CONCURRENCY (50), IDLE (10, s),
 * CPU_PROF (a folder: the server writes a V8 CPU profile there when it stops).
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { LobbyClient, RookeryClient } from '../client-sdk/index.ts';
import {
  fmt,
  freePort,
  guardRun,
  markdownTable,
  processCpuMs,
  startHelper,
  startServer,
  waitForHealth,
} from './support.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GC_HOOK = path.join(REPO_ROOT, 'loadtest/gc-on-signal.mjs');
const SLICES = 5;

function option(name: string, fallback: number): number {
  const flag = `--${name.toLowerCase().replaceAll('_', '-')}=`;
  const raw =
    process.argv
      .slice(2)
      .find((a) => a.startsWith(flag))
      ?.slice(flag.length) ?? process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 1) throw new Error(`${name} must be a number ≥ 1, not "${raw}"`);
  return Math.floor(value);
}

const PLAYERS = option('PLAYERS', 1000);
const CONCURRENCY = option('JOIN_CONCURRENCY', 50);
const IDLE_MS = option('IDLE', 10) * 1000;
const CPU_PROF = process.env.CPU_PROF?.trim() || undefined;

/** One slice of the fill: joins from `from` to `to` (exclusive). */
interface Slice {
  from: number;
  to: number;
  ms: number;
  cpuMs: number;
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
}

/** A client of either kind as the bench counts it: the bytes its socket received. */
interface Counted {
  bytes: number;
}

async function rssOf(pid: number): Promise<number> {
  process.kill(pid, 'SIGUSR2');
  await sleep(1500);
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) * 1024;
}

/** Joins everyone in slices through `join`, timing each slice and counting what the others got. */
async function fill(
  pid: number,
  join: (i: number) => Promise<Counted>,
): Promise<{ slices: Slice[]; in: Counted[] }> {
  const joined: Counted[] = [];
  const slices: Slice[] = [];
  const size = Math.ceil(PLAYERS / SLICES);
  for (let from = 0; from < PLAYERS; from += size) {
    const to = Math.min(PLAYERS, from + size);
    const others = joined.slice();
    const othersBefore = others.reduce((sum, c) => sum + c.bytes, 0);
    const cpu0 = (await processCpuMs(pid)) ?? 0;
    const t0 = performance.now();
    let next = from;
    const fresh: Counted[] = [];
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, to - from) }, async () => {
        while (next < to) {
          const client = await join(next++);
          fresh.push(client);
        }
      }),
    );
    const ms = performance.now() - t0;
    // Let the last patches of the slice arrive before counting them.
    await sleep(500);
    const cpuMs = ((await processCpuMs(pid)) ?? 0) - cpu0;
    const othersGot = others.reduce((sum, c) => sum + c.bytes, 0) - othersBefore;
    slices.push({
      from,
      to,
      ms,
      cpuMs,
      toOthers: others.length > 0 ? othersGot / others.length / (to - from) : 0,
      toJoiner: fresh.reduce((sum, c) => sum + c.bytes, 0) / fresh.length,
    });
    joined.push(...fresh);
    console.log(`  ${to} in: ${fmt(((to - from) / ms) * 1000)} joins/s`);
  }
  return { slices, in: joined };
}

async function idleCpu(pid: number): Promise<number> {
  const before = (await processCpuMs(pid)) ?? 0;
  await sleep(IDLE_MS);
  return ((await processCpuMs(pid)) ?? 0) - before;
}

async function rawRun(): Promise<Run> {
  const port = await freePort();
  const holder = startHelper(REPO_ROOT, 'loadtest/ws-holder.ts', [String(port)], {
    NODE_OPTIONS: '--expose-gc',
  });
  try {
    await holder.next('listening', 30_000);
    const rssBefore = await rssOf(holder.pid);
    const sockets: WebSocket[] = [];
    const { slices } = await fill(holder.pid, async () => {
      const counted: Counted = { bytes: 0 };
      const socket = new WebSocket(`ws://127.0.0.1:${port}`);
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.addEventListener('message', (event) => {
          counted.bytes += typeof event.data === 'string' ? Buffer.byteLength(event.data) : 0;
          resolve();
        });
        socket.addEventListener('error', () => reject(new Error('a raw socket failed')));
      });
      return counted;
    });
    const rssAfter = await rssOf(holder.pid);
    const idleCpuMs = await idleCpu(holder.pid);
    for (const socket of sockets) socket.close();
    return { label: 'raw ws', slices, rssBefore, rssAfter, idleCpuMs, idleMs: IDLE_MS };
  } finally {
    await holder.stop();
  }
}

/** Counts the bytes that reach the lobby connection's socket, across the SDK's internals. */
function countBytes(lobby: LobbyClient): Counted {
  const counted: Counted = { bytes: 0 };
  const ws = (lobby.room as unknown as { connection: { transport: { ws: WebSocket } } }).connection.transport
    .ws;
  ws.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as ArrayBuffer | Uint8Array | string;
    counted.bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  });
  return counted;
}

async function rookeryRun(): Promise<Run & { overflowWarnings: number }> {
  const port = await freePort();
  const nodeOptions = [`--expose-gc`, `--import=${GC_HOOK}`];
  if (CPU_PROF) nodeOptions.push('--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF)}`);
  const env: Record<string, string> = {
    AUTH_RATE_IP_POINTS: '1000000',
    MATCHMAKE_RATE_IP_POINTS: '1000000',
    MATCHMAKE_RATE_USER_POINTS: '1000000',
    ACCESS_TOKEN_TTL: '86400',
    NODE_OPTIONS: nodeOptions.join(' '),
  };
  if (process.env.DATABASE_URL) env.DATABASE_URL = process.env.DATABASE_URL;
  const server = await startServer(REPO_ROOT, port, env);
  let overflowWarnings = 0;
  server.child.stderr?.on('data', (chunk: Buffer) => {
    overflowWarnings += chunk.toString('utf8').split(/buffer overflow/i).length - 1;
  });
  const lobbies: LobbyClient[] = [];
  // The server goes first: thousands of clients leaving one by one is not what is measured.
  const stopAll = async () => {
    await server.stop(CPU_PROF ? 60_000 : 10_000);
    for (const lobby of lobbies) lobby.room.connection.close();
  };
  try {
    await waitForHealth(server, 120_000);
    const guests: RookeryClient[] = [];
    const t0 = performance.now();
    let made = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (made < PLAYERS) {
          made++;
          const rookery = new RookeryClient({ baseUrl: server.baseUrl });
          await rookery.guest();
          guests.push(rookery);
        }
      }),
    );
    console.log(`  ${PLAYERS} guests made in ${fmt((performance.now() - t0) / 1000, 1)} s (not timed below)`);
    await sleep(1000);
    const rssBefore = await rssOf(server.pid);
    const { slices } = await fill(server.pid, async (i) => {
      const lobby = await LobbyClient.join(guests[i]!);
      lobbies.push(lobby);
      return countBytes(lobby);
    });
    await sleep(1000);
    const rssAfter = await rssOf(server.pid);
    const idleCpuMs = await idleCpu(server.pid);
    return {
      label: 'Rookery lobby',
      slices,
      rssBefore,
      rssAfter,
      idleCpuMs,
      idleMs: IDLE_MS,
      overflowWarnings,
    };
  } catch (err) {
    console.error(err, `\nthe server's last lines:\n${server.tail()}`);
    throw err;
  } finally {
    await stopAll();
  }
}

function sliceRows(run: Run, base: Run): string[][] {
  return run.slices.map((s, i) => {
    const rate = ((s.to - s.from) / s.ms) * 1000;
    const baseSlice = base.slices[i]!;
    const baseRate = ((baseSlice.to - baseSlice.from) / baseSlice.ms) * 1000;
    return [
      `${s.from}–${s.to}`,
      fmt(rate),
      fmt(baseRate),
      `${fmt(rate / baseRate, 2)}×`,
      fmt(s.cpuMs / (s.to - s.from), 2),
      fmt(baseSlice.cpuMs / (baseSlice.to - baseSlice.from), 2),
      fmt(s.toOthers, 1),
      fmt(s.toJoiner),
    ];
  });
}

async function main(): Promise<void> {
  const load = os.loadavg().map((l) => fmt(l, 2));
  console.log(
    `bench:lobby: ${PLAYERS} players, ${CONCURRENCY} joining at once, ${os.cpus().length} cores, load ${load.join(' ')}`,
  );
  const disarm = guardRun('bench:lobby', 60 * 60_000, async () => undefined);
  console.log('raw ws holder:');
  const raw = await rawRun();
  console.log('Rookery lobby:');
  const rookery = await rookeryRun();
  disarm();

  console.log(
    `\nJoins by fill (load average at the end ${os
      .loadavg()
      .map((l) => fmt(l, 2))
      .join(' ')}):`,
  );
  console.log(
    markdownTable(
      [
        'fill',
        'joins/s',
        'raw joins/s',
        'ratio',
        'server CPU ms/join',
        'raw CPU ms/join',
        'B to each other client/join',
        'B to joiner',
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
  const last = rookery.slices.at(-1)!;
  console.log(
    `Joins/s in the last slice: ${fmt(((last.to - last.from) / last.ms) * 1000)} (target ≥ 500 at 10,000); ` +
      `schema buffer-overflow warnings: ${rookery.overflowWarnings}`,
  );
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
