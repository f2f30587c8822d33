/**
 * `npm run bench:lobby-memory`: what idle lobby clients keep, and what they throw away, while the
 * lobby's live games list churns. Starts a server (PGlite on a fresh data folder), joins CLIENTS
 * guests to the lobby in this process, and has `chess-players.ts` in a child process play GAMES
 * short private games at a time (PLIES half-moves, then a resignation, then a new game; GAMES=0:
 * none), so the lobby's `games` map gains and loses entries all the time.
 *
 * Every SAMPLE seconds it reads this process's memory, collects its garbage and reads it again
 * (FORCE_GC=0: it collects only after the last sample, and the columns "after GC" are read
 * without collecting before that, as a process left to itself runs),
 * and counts what the clients' state decoders hold: their refs, and the keys their maps remember
 * beyond the entries they hold (what `client-sdk/decoded-maps.ts` drops). It also prints the CPU
 * time and the bytes the clients received in each interval. It stops after DURATION seconds.
 *
 * Options (environment or `--name=value`): CLIENTS (200), GAMES (10), PLIES (2-6), THINK_MS
 * (50-150, a player's time before each move), DURATION
 * (180, s), SAMPLE (20, s), ALLOC_PROFILE (1: over the first interval, V8's sampling heap profiler
 * with collected objects included, and the functions that allocated most printed), HEAP_SNAPSHOTS
 * (a folder: a heap snapshot of this process after the first and the last sample; writing one
 * stops the process long enough for some clients to reconnect).
 */
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { writeHeapSnapshot } from 'node:v8';
import { type Decoder, MapSchema } from '@colyseus/schema';
import { LobbyClient, RookeryClient } from '../client-sdk/index.ts';
import type { PlayersConfig, PlayersReady } from './chess-players.ts';
import {
  collectGarbage,
  fmt,
  freePort,
  markdownTable,
  numberOption,
  ownCpuMs,
  RAISED_RATE_LIMITS,
  rangeOption,
  roomSocket,
  startHelper,
  startServer,
  textOption,
  waitForHealth,
} from './support.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const clients = numberOption('CLIENTS', 200, 1);
const games = numberOption('GAMES', 10, 0);
const plies = rangeOption('PLIES', '2-6', 'half-moves');
const durationS = numberOption('DURATION', 180, 10);
const sampleS = numberOption('SAMPLE', 20, 1);
const think = rangeOption('THINK_MS', '50-150', 'ms')!;
const forceGc = textOption('FORCE_GC') !== '0';
const allocProfile = textOption('ALLOC_PROFILE') === '1';
const snapshots = textOption('HEAP_SNAPSHOTS');

const MB = 1024 * 1024;

interface DecoderOf {
  serializer: { decoder: Decoder };
}

/** A lobby client as measured here: its decoder, and the bytes its socket received. */
interface Measured {
  lobby: LobbyClient;
  bytes: number;
}

async function join(baseUrl: string): Promise<Measured> {
  const rookery = new RookeryClient({ baseUrl });
  await rookery.guest();
  const lobby = await LobbyClient.join(rookery);
  const measured = { lobby, bytes: 0 };
  roomSocket(lobby.room).addEventListener('message', (event: MessageEvent) => {
    measured.bytes += (event.data as ArrayBuffer).byteLength ?? 0;
  });
  return measured;
}

/** What the decoders hold: refs, and map keys remembered beyond the maps' entries. */
function decoded(all: readonly Measured[]): { refs: number; staleKeys: number } {
  let refs = 0;
  let staleKeys = 0;
  for (const { lobby } of all) {
    const root = (lobby.room as unknown as DecoderOf).serializer.decoder.root;
    refs += root.refs.size;
    for (const ref of root.refs.values()) {
      if (ref instanceof MapSchema) staleKeys += Object.keys(ref._collectionIndexes).length - ref.size;
    }
  }
  return { refs, staleKeys };
}

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

/** The functions that allocated most in a sampling heap profile, MB each. */
function topAllocators(head: SamplingNode, count: number): string[][] {
  const bytes = new Map<string, number>();
  const walk = (node: SamplingNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    bytes.set(where, (bytes.get(where) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child);
  };
  walk(head);
  return [...bytes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([where, size]) => [fmt(size / MB, 1), where]);
}

async function main(): Promise<void> {
  const port = await freePort();
  const server = await startServer(REPO_ROOT, port, { ...RAISED_RATE_LIMITS });
  let players: ReturnType<typeof startHelper> | undefined;
  try {
    await waitForHealth(server, 60_000);
    const all: Measured[] = [];
    for (let i = 0; i < clients; i += 20) {
      const batch = Math.min(20, clients - i);
      all.push(...(await Promise.all(Array.from({ length: batch }, () => join(server.baseUrl)))));
    }
    const churn =
      games > 0 ? `${games} games at a time, ${plies?.min}–${plies?.max} half-moves each` : 'no games';
    console.log(`${clients} lobby clients in; ${churn}`);

    if (games > 0) {
      const config: PlayersConfig = {
        mode: 'rookery',
        url: server.baseUrl,
        games,
        worker: 0,
        thinkMinMs: think.min,
        thinkMaxMs: think.max,
        timeControl: '30+0',
        setupConcurrency: games,
        plies,
      };
      players = startHelper(REPO_ROOT, 'loadtest/chess-players.ts', [JSON.stringify(config)]);
      await players.next<PlayersReady>('ready', 120_000);
      players.send({ type: 'go', warmupMs: 0, durationMs: durationS * 1000 });
    }

    const first = all[0]!.lobby;
    let patches = 0;
    first.onChange(() => {
      patches += 1;
    });
    const profiler = new Session();
    if (allocProfile) {
      profiler.connect();
      await profiler.post('HeapProfiler.startSampling', {
        samplingInterval: 16_384,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      } as { samplingInterval: number });
    }

    const rows: string[][] = [];
    const started = performance.now();
    let sample = 0;
    let cpuMs = ownCpuMs();
    let bytes = all.reduce((sum, m) => sum + m.bytes, 0);
    for (;;) {
      await sleep(sampleS * 1000);
      const cpuNow = ownCpuMs();
      const bytesNow = all.reduce((sum, m) => sum + m.bytes, 0);
      const seconds = (performance.now() - started) / 1000;
      const last = seconds + sampleS > durationS;
      const before = process.memoryUsage();
      if (forceGc || last) collectGarbage();
      const after = process.memoryUsage();
      const { refs, staleKeys } = decoded(all);
      rows.push([
        fmt(seconds),
        fmt(before.heapUsed / MB, 1),
        fmt(before.rss / MB),
        fmt(after.heapUsed / MB, 1),
        fmt(after.heapTotal / MB, 1),
        fmt(after.arrayBuffers / MB, 1),
        fmt(after.rss / MB),
        fmt(refs / clients, 1),
        fmt(staleKeys / clients, 1),
        fmt(first.state.games.size),
        fmt(patches),
        fmt((bytesNow - bytes) / clients / 1024, 1),
        fmt(((cpuNow - cpuMs) / (sampleS * 1000)) * 100),
      ]);
      cpuMs = cpuNow;
      bytes = bytesNow;
      console.log(rows.at(-1)!.join('  '));
      sample += 1;
      if (allocProfile && sample === 1) {
        const { profile } = await profiler.post('HeapProfiler.stopSampling');
        profiler.disconnect();
        const top = topAllocators(profile.head as SamplingNode, 15);
        console.log(
          `\nallocated in the first ${fmt(sampleS)} s, by function:\n${markdownTable(['MB', 'where'], top)}\n`,
        );
      }
      if (snapshots && (sample === 1 || last)) {
        const file = writeHeapSnapshot(path.join(snapshots, `lobby-clients-${sample}.heapsnapshot`));
        console.log(`heap snapshot: ${file}`);
      }
      if (last) break;
    }
    const header = [
      's',
      'heap MB before GC',
      'RSS MB before GC',
      'heap MB after GC',
      'heap MB held after GC',
      'array buffers MB',
      'RSS MB after GC',
      'refs a client',
      'stale map keys a client',
      'games listed',
      'patches (one client)',
      'KiB received a client',
      'CPU %',
    ];
    console.log(`\n${markdownTable(header, rows)}`);
    await Promise.allSettled(all.map((m) => m.lobby.leave()));
  } finally {
    await players?.stop();
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
