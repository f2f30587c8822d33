/**
 * The load generator of `npm run bench:lobby`: a child process that holds its share of the
 * players and joins them when the bench says, against one of two targets:
 *
 * - `rookery`: the real server. Each player is a guest (`POST /api/auth/guest`, made before any
 *   join is timed) who enters the lobby with `LobbyClient.join`.
 * - `wire`: the real server and the same guests, each entering the lobby as the SDK does on the
 *   wire but no more: the matchmaking request (`POST /matchmake/joinById/lobby`, with the access
 *   token; Node's `http` with a keep-alive agent), the WebSocket to the seat it gives, the
 *   acknowledgement of the server's `JOIN_ROOM`; in once the first state arrives. The socket is
 *   the `ws` package's, which the server uses too, and nothing it is sent is decoded. The server
 *   does for it all it does for an SDK client; the player process spends a fraction of the SDK's
 *   CPU a join, so the two cores are left to the server.
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
// First: the SDK loaded by the imports below takes its WebSocket from the global then.
import './node-websocket.ts';
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WebSocket as WsSocket } from 'ws';
import { LobbyClient, RookeryClient } from '../client-sdk/index.ts';
import { LOBBY_ROOM_ID } from '../schema/lobby.ts';
import { collectGarbage, roomSocket } from './support.ts';

export interface LobbyPlayersConfig {
  mode: 'rookery' | 'wire' | 'raw';
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
const countClose = (code: number) => {
  closes[code] = (closes[code] ?? 0) + 1;
};
const guests = new Map<number, RookeryClient>();

function watch(socket: WebSocket): Counted {
  const counted: Counted = { bytes: 0 };
  socket.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as ArrayBuffer | Uint8Array | string;
    counted.bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  });
  socket.addEventListener('close', (event: CloseEvent) => countClose(event.code));
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

/** Colyseus's protocol codes the wire player meets (`@colyseus/shared-types`). */
const JOIN_ROOM = 10;
const ERROR = 11;
const ROOM_STATE = 14;
const JOIN_ACK = new Uint8Array([JOIN_ROOM]);

const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(1, config.lanes) });

/** A seat the matchmaker gives: where the WebSocket goes. */
interface SeatReservation {
  roomId: string;
  processId: string;
  sessionId: string;
  publicAddress?: string;
}

function reserveSeat(token: string): Promise<SeatReservation> {
  const url = new URL(`/matchmake/joinById/${LOBBY_ROOM_ID}`, config.url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode !== 200) {
            reject(new Error(`matchmaking answered ${response.statusCode}: ${body.slice(0, 200)}`));
            return;
          }
          resolve(JSON.parse(body) as SeatReservation);
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end('{}');
  });
}

async function wireJoin(i: number): Promise<Counted> {
  const token = await guests.get(i)!.accessToken();
  const seat = await reserveSeat(token);
  const host = seat.publicAddress ?? new URL(config.url).host;
  const query = new URLSearchParams({ sessionId: seat.sessionId, _authToken: token });
  const socket = new WsSocket(`ws://${host}/${seat.processId}/${seat.roomId}?${query}`);
  const counted: Counted = { bytes: 0 };
  socket.on('close', countClose);
  return new Promise((resolve, reject) => {
    let joined = false;
    socket.on('message', (data: Buffer) => {
      counted.bytes += data.byteLength;
      if (joined) return;
      const code = data[0];
      if (code === JOIN_ROOM) socket.send(JOIN_ACK);
      else if (code === ROOM_STATE) {
        joined = true;
        resolve(counted);
      } else if (code === ERROR) reject(new Error('the room refused the join'));
    });
    socket.once('error', () => reject(new Error('a lobby socket failed')));
  });
}

async function main(): Promise<void> {
  const started = performance.now();
  const all = mine(0, config.players);
  if (config.mode !== 'raw') {
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
  const join = { rookery: rookeryJoin, wire: wireJoin, raw: rawJoin }[config.mode];

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
