import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { matchMaker, type RegisteredHandler, registerRoomDefinitions, Server } from '@colyseus/core';
import type { App } from './app.ts';
import type { Config } from './config.ts';
import { createMatchmakeHttp } from './http/matchmake.ts';
import { coalesceWrites, type SlowReaderLimit } from './platform/coalesced-writes.ts';
import { colyseusMatchmaker } from './platform/colyseus-matchmaker.ts';
import { keepJoinedClientsFast } from './platform/joined-clients.ts';
import type { Logger } from './platform/logger.ts';
import { leastLoaded } from './platform/placement.ts';
import { PortInUseError } from './platform/ports.ts';
import { createPresence } from './platform/presence.ts';
import { FlexibleRateLimiter, limitsInTurn } from './platform/rate-limiter.ts';
import { registerRoomMetrics } from './platform/room-metrics.ts';
import { SpreadPingTransport } from './platform/spread-pings.ts';

/**
 * How often every connection is pinged; one missed twice is closed (a silent drop is noticed
 * within about three intervals). Colyseus pings every connection in one pass: at 3 s (its
 * default) the pass over thousands of players showed in the tail of move round trips, and at
 * 10 s still held the event loop a few hundred milliseconds at 10,000; the pings are spread over
 * the interval (`SpreadPingTransport`).
 */
export const WS_PING_INTERVAL_MS = 10_000;

/** The largest WebSocket message a client may send; larger ones close the connection. */
export const MAX_WS_MESSAGE_BYTES = 16 * 1024;
/**
 * The most a WebSocket may hold, unsent, for a reader that is not taking it, before the connection
 * is cut (`coalesceWrites`): far above any frame the rooms send (a lobby's first state is ~40 KB)
 * and any backlog a reader keeping up has, far below what a node can hold for thousands.
 */
export const WS_MAX_HELD_BYTES = 1024 * 1024;

/** Colyseus logs through a console-like object; this routes its lines into our JSON log. */
function colyseusLogger(log: Logger) {
  const child = log.child({ component: 'colyseus' });
  const line = (args: unknown[]) =>
    args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  return {
    debug: (...args: unknown[]) => child.debug(line(args)),
    info: (...args: unknown[]) => child.info(line(args)),
    warn: (...args: unknown[]) => child.warn(line(args)),
    error: (...args: unknown[]) => child.error(line(args)),
  };
}

const MATCHMAKE_PATH = /^\/matchmake(\/|\?|$)/;

/** The seat reservations of the SDK, served by our own routes (`server/http/matchmake.ts`). */
function matchmakeHttp(app: App, config: Config, log: Logger): http.RequestListener {
  const prefix = `${app.redisKeyPrefix}:rl`;
  return createMatchmakeHttp({
    log,
    metrics: app.metrics,
    // The room checks the token in full (its onAuth, in this same request); the limit only needs its user.
    tokens: app.services.tokenOwners,
    limits: limitsInTurn([
      new FlexibleRateLimiter('matchmake-ip', config.matchmake.ipLimit, app.redis, prefix),
      new FlexibleRateLimiter('matchmake-user', config.matchmake.userLimit, app.redis, prefix),
    ]),
    matchmaker: colyseusMatchmaker(log),
    trustProxy: config.trustProxy,
    trail: app.trail,
    tracing: app.tracing,
  });
}

/**
 * Colyseus answers `/matchmake/*` itself, in front of Express: it reads any body whole before a
 * room sees the request, has no rate limit, and answers in its own error shape. Once it listens,
 * its request listener keeps every other path (with the CORS headers it adds) and `/matchmake/*`
 * goes to `matchmake`, with the same CORS headers.
 */
function takeOverMatchmaking(server: http.Server, matchmake: http.RequestListener): void {
  const others = server.listeners('request') as http.RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!MATCHMAKE_PATH.test(req.url ?? '')) {
      for (const listener of others) listener.call(server, req, res);
      return;
    }
    const cors = {
      ...matchMaker.controller.DEFAULT_CORS_HEADERS,
      ...matchMaker.controller.getCorsHeaders(new Headers(req.headers as Record<string, string>)),
    };
    for (const [name, value] of Object.entries(cors)) res.setHeader(name, value);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    matchmake(req, res);
  });
}

/**
 * A closed server still answers every request that arrives on a kept-alive connection, and waits
 * for such connections to end: a client polling it (the SDK retrying a join every two seconds)
 * would keep a draining node answering "shutting down" for ever. Once `drain()` is called, every
 * answer not yet begun closes its connection, those of requests already being served included, so
 * clients come back on a new connection, to whichever node listens. Added after the matchmaking
 * take-over, whose listener answers `/matchmake/*` without calling the listeners before it.
 */
function closedOnDrain(server: http.Server): { drain(): void } {
  let draining = false;
  const unanswered = new Set<http.ServerResponse>();
  server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    if (draining) {
      res.setHeader('Connection', 'close');
      return;
    }
    unanswered.add(res);
    res.once('close', () => unanswered.delete(res));
  });
  return {
    drain() {
      draining = true;
      for (const res of unanswered) if (!res.headersSent) res.setHeader('Connection', 'close');
      unanswered.clear();
    },
  };
}

export interface GameServer {
  /** The port it listens on (useful when asked for port 0). */
  port: number;
  /** Stops taking rooms, closes those it has and the HTTP server (the app stays open). */
  shutdown(): Promise<void>;
}

/**
 * Serves the app's HTTP handler and the Colyseus rooms on one port: `/matchmake/*` goes to the
 * matchmaker, WebSocket upgrades to the rooms, everything else to Express. Colyseus keeps its
 * matchmaker in module state, so there is one game server per process.
 */
export async function startGameServer(options: {
  app: App;
  config: Config;
  log: Logger;
  rooms: Record<string, RegisteredHandler>;
}): Promise<GameServer> {
  const { app, config, log } = options;
  registerRoomMetrics(app.metrics.registry);
  const httpServer = http.createServer(app.http);
  // A WebSocket's frames of one turn (a move's patch and its acknowledgement) leave together, and
  // a reader too slow to keep is cut rather than held in memory.
  const slowReaders: SlowReaderLimit = {
    maxHeldBytes: WS_MAX_HELD_BYTES,
    onCut: (heldBytes) => {
      app.metrics.slowReadersCut.inc();
      log.warn({ heldBytes }, 'a WebSocket reader fell too far behind: its connection is cut');
    },
  };
  httpServer.prependListener('upgrade', (_req, socket) => coalesceWrites(socket, slowReaders));
  const { presence, driver } = createPresence(config.redisUrl, app.redisKeyPrefix);
  // Joined clients keep fast properties (Colyseus deletes one on the join).
  keepJoinedClientsFast();
  const gameServer = new Server({
    transport: new SpreadPingTransport({
      server: httpServer,
      maxPayload: MAX_WS_MESSAGE_BYTES,
      pingInterval: WS_PING_INTERVAL_MS,
    }),
    presence,
    driver,
    publicAddress: config.publicAddress,
    // Rooms go to the node with the fewest connected clients, not the fewest rooms.
    selectProcessIdToCreateRoom: async () =>
      leastLoaded(await matchMaker.stats.fetchAll(), matchMaker.processId),
    gracefullyShutdown: false,
    greet: false,
    logger: colyseusLogger(log),
  });
  registerRoomDefinitions(options.rooms);
  // Colyseus only listens for the server's errors once it is listening: a port already taken
  // would leave its promise pending for ever, and the process alive doing nothing.
  await new Promise<void>((resolve, reject) => {
    const refused = (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(config.host, config.port) : err);
    httpServer.once('error', refused);
    gameServer.listen(config.port, config.host).then(() => {
      httpServer.off('error', refused);
      resolve();
    }, reject);
  });
  takeOverMatchmaking(httpServer, matchmakeHttp(app, config, log));
  const connections = closedOnDrain(httpServer);
  return {
    port: (httpServer.address() as AddressInfo).port,
    shutdown: async () => {
      connections.drain();
      await gameServer.gracefullyShutdown(false);
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeIdleConnections();
      });
    },
  };
}
