/**
 * The load generator of `npm run bench:lobby`: a child process that holds its share of the
 * players and joins them when the bench says, against one of two targets:
 *
 * - `rookery`: the real server. Each player is a guest (`POST /api/auth/guest`, made before any
 *   join is timed) who enters the lobby with `LobbyClient.join`.
 * - `raw`: the plain `ws` holder of `ws-holder.ts`. Each player is a WebSocket (the same global
 *   WebSocket the SDK uses in Node), in when the holder's greeting arrives.
 *
 * The players are numbered across the processes of a run: process `worker` of `workers` holds
 * those whose number modulo `workers` is `worker`, so every slice of the fill is shared evenly.
 *
 * Protocol (IPC, from `loadtest/support.ts` `startHelper`): the configuration comes as JSON in
 * argv[2]; the process makes its guests (rookery) and reports `ready`. Then, per slice of the
 * fill: `join { from, to }` joins its players numbered in [from, to), `lanes` at a time, and
 * answers `joined`; `count` answers `counted` with the bytes its players received since that
 * `join` (those already in before it, and those who joined in it), the event-loop delay of this
 * process over the slice and the closes seen so far; `memory` answers `memory` with this process's
 * memory before and after a full garbage collection (the soak, to tell what its players keep from
 * what they have not collected yet). A failed join is reported as `failed`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { LobbyClient, RookeryClient } from '../client-sdk/index.ts';
import { collectGarbage, roomSocket } from './support.ts';

export interface LobbyPlayersConfig {
  mode: 'rookery' | 'raw';
  /** The server's base URL (`http://…`) or the holder's (`ws://…`). */
  url: string;
  /** Players of the whole run, and this process's place among `workers`. */
  players: number;
  worker: number;
  workers: number;
  /** Joins at once by this process, and guests made at once (rookery). */
  lanes: number;
  setupLanes: number;
}

export interface LobbyPlayersReady {
  type: 'ready';
  players: number;
  /** Making the guests (rookery), ms. */
  setupMs: number;
}

export interface LobbyPlayersJoined {
  type: 'joined';
  joined: number;
}

export interface LobbyPlayersCounted {
  type: 'counted';
  /** Bytes received since the slice's `join` by the players in before it, and how many they are. */
  othersBytes: number;
  others: number;
  /** Bytes received by the players who joined in the slice (their first state included). */
  freshBytes: number;
  fresh: number;
  /** Event-loop delay of this process during the slice, ms. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Connections of this process that closed, by close code, since it started. */
  closes: Record<string, number>;
}

export interface LobbyPlayersMemory {
  type: 'memory';
  before: NodeJS.MemoryUsage;
  after: NodeJS.MemoryUsage;
}

const config = JSON.parse(process.argv[2] ?? '{}') as LobbyPlayersConfig;

/** A player as the bench counts it: the bytes its socket received. */
interface Counted {
  bytes: number;
}

/** The histogram's samples are whole timer intervals: the delay is what exceeds the resolution. */
const LOOP_RESOLUTION_MS = 10;
const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
const loopDelayMs = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);

const closes: Record<string, number> = {};
const guests = new Map<number, RookeryClient>();

function watch(socket: WebSocket): Counted {
  const counted: Counted = { bytes: 0 };
  socket.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as ArrayBuffer | Uint8Array | string;
    counted.bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  });
  socket.addEventListener('close', (event: CloseEvent) => {
    closes[event.code] = (closes[event.code] ?? 0) + 1;
  });
  return counted;
}

/** The numbers of the players this process holds, in order. */
function mine(from: number, to: number): number[] {
  const out: number[] = [];
  const first = from + ((config.worker - (from % config.workers) + config.workers) % config.workers);
  for (let i = first; i < to; i += config.workers) out.push(i);
  return out;
}

async function inLanes<T>(
  lanes: number,
  items: readonly T[],
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, lanes) }, lane));
}

function rawJoin(): Promise<Counted> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(config.url);
    const counted = watch(socket);
    socket.addEventListener('message', () => resolve(counted), { once: true });
    socket.addEventListener('error', () => reject(new Error('a raw socket failed')), { once: true });
  });
}

async function rookeryJoin(i: number): Promise<Counted> {
  const lobby = await LobbyClient.join(guests.get(i)!);
  return watch(roomSocket(lobby.room));
}

async function main(): Promise<void> {
  const started = performance.now();
  const all = mine(0, config.players);
  if (config.mode === 'rookery') {
    await inLanes(config.setupLanes, all, async (i) => {
      const rookery = new RookeryClient({ baseUrl: config.url });
      await rookery.guest();
      guests.set(i, rookery);
    });
  }
  process.send?.({
    type: 'ready',
    players: all.length,
    setupMs: performance.now() - started,
  } satisfies LobbyPlayersReady);

  const joined: Counted[] = [];
  let others: Counted[] = [];
  let othersBefore = 0;
  let fresh: Counted[] = [];
  const join = config.mode === 'rookery' ? rookeryJoin : rawJoin;

  process.on('message', async (message: { type: string; from?: number; to?: number }) => {
    try {
      if (message.type === 'join') {
        others = joined.slice();
        othersBefore = others.reduce((sum, c) => sum + c.bytes, 0);
        fresh = [];
        loopDelay.reset();
        loopDelay.enable();
        await inLanes(config.lanes, mine(message.from ?? 0, message.to ?? 0), async (i) => {
          fresh.push(await join(i));
        });
        joined.push(...fresh);
        process.send?.({ type: 'joined', joined: fresh.length } satisfies LobbyPlayersJoined);
      } else if (message.type === 'memory') {
        const before = process.memoryUsage();
        collectGarbage();
        process.send?.({ type: 'memory', before, after: process.memoryUsage() } satisfies LobbyPlayersMemory);
      } else if (message.type === 'count') {
        loopDelay.disable();
        process.send?.({
          type: 'counted',
          othersBytes: others.reduce((sum, c) => sum + c.bytes, 0) - othersBefore,
          others: others.length,
          freshBytes: fresh.reduce((sum, c) => sum + c.bytes, 0),
          fresh: fresh.length,
          loopDelayP99Ms: loopDelay.count > 0 ? loopDelayMs(loopDelay.percentile(99)) : 0,
          loopDelayMaxMs: loopDelay.count > 0 ? loopDelayMs(loopDelay.max) : 0,
          closes,
        } satisfies LobbyPlayersCounted);
      }
    } catch (err) {
      process.send?.({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  });
}

process.on('SIGTERM', () => process.exit(0));
process.on('disconnect', () => process.exit(0));
main().catch((err: unknown) => {
  process.send?.({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  setTimeout(() => process.exit(1), 100);
});
