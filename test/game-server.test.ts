import assert from 'node:assert/strict';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { type Client as ColyseusClient, defineRoom, Room, ServerError } from '@colyseus/core';
import { Client } from '@colyseus/sdk';
import { type App, buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { type GameServer, MAX_WS_MESSAGE_BYTES, startGameServer } from '../server/game-server.ts';
import { createLogger } from '../server/platform/logger.ts';
import type { AccessTokens } from '../server/services/ports.ts';
import { BACKENDS } from './support/backends.ts';
import { client, testKeys, uniqueName } from './support/server.ts';

/**
 * A minimal room, as the real ones will be: the same access tokens as the HTTP API, checked in
 * `static onAuth` and refused with a `ServerError` the client can read.
 */
class EchoRoom extends Room {
  static tokens: AccessTokens;

  static override async onAuth(token: string) {
    try {
      return await EchoRoom.tokens.verify(token);
    } catch {
      throw new ServerError(401, 'TOKEN_INVALID');
    }
  }

  override onCreate() {
    this.onMessage('echo', (client: ColyseusClient, message: unknown) => client.send('echo', message));
  }
}

/** The app and a game server with the echo room, on a free loopback port. */
async function startEchoServer(): Promise<{ app: App; game: GameServer }> {
  const config = loadConfig({
    NODE_ENV: 'test',
    AUTH_KEYS: await testKeys(),
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    MIGRATE_ON_BOOT: 'false',
  });
  const log = createLogger({ level: 'silent', pretty: false });
  const app = await buildApp({ config, log, database: await BACKENDS[0]!.database() });
  EchoRoom.tokens = app.services.tokens;
  const game = await startGameServer({ app, config, log, rooms: { echo: defineRoom(EchoRoom) } });
  return { app, game };
}

describe('rooms on the same port as the API', function () {
  this.timeout(30_000);
  let game: GameServer;
  let close: () => Promise<void>;
  let base: string;

  before(async function () {
    // The first app of a run creates and migrates the in-memory database: slow on a busy machine.
    this.timeout(120_000);
    const started = await startEchoServer();
    game = started.game;
    base = `http://127.0.0.1:${game.port}`;
    close = async () => {
      await game.shutdown();
      await started.app.close();
    };
  });
  after(() => close?.());

  it('lets a signed-in player join with the SDK, talk to the room, and shows it in the metrics', async () => {
    const session = await client(base).post('/api/auth/register', {
      username: uniqueName(),
      password: 'correct horse 1',
    });
    assert.equal(session.status, 201);
    const sdk = new Client(base);
    sdk.auth.token = session.body.accessToken;
    const room = await sdk.joinOrCreate('echo');
    const reply = new Promise((resolve) => room.onMessage('echo', resolve));
    room.send('echo', { hello: 'rookery' });
    assert.deepEqual(await reply, { hello: 'rookery' });

    const metrics = (await client(base).get('/metrics')).body as string;
    assert.match(metrics, /^rookery_rooms\{type="echo"\} 1$/m);
    assert.match(metrics, /^rookery_room_clients\{type="echo"\} 1$/m);
    assert.match(metrics, /^rookery_ccu 1$/m);
    // One client and one room: each carries the whole resident memory, a plausible figure.
    for (const name of [
      'rookery_resident_memory_per_client_bytes',
      'rookery_resident_memory_per_room_bytes',
    ]) {
      const value = Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1]);
      assert.ok(value > 10_000_000 && value < 8_000_000_000, `${name} ${value}`);
    }
    assert.match(metrics, /^nodejs_eventloop_lag_p99_seconds \S+$/m);
    // The open descriptors are the process's own (this one: the server is in it), read off the
    // loop; the gauges that walk every handle at each scrape are not exported.
    if (process.platform === 'linux') {
      const open = Number(/^process_open_fds (\d+)$/m.exec(metrics)?.[1]);
      const now = fs.readdirSync('/proc/self/fd').length - 1;
      assert.ok(open > 0 && Math.abs(open - now) <= 20, `process_open_fds ${open}, ${now} open now`);
    }
    assert.doesNotMatch(metrics, /^nodejs_active_(handles|requests|resources)/m);
    await room.leave();
  });

  it(`closes the connection of a client that sends a message over ${MAX_WS_MESSAGE_BYTES} bytes`, async () => {
    const session = await client(base).post('/api/auth/register', {
      username: uniqueName(),
      password: 'correct horse 1',
    });
    const sdk = new Client(base);
    sdk.auth.token = session.body.accessToken;
    const room = await sdk.joinOrCreate('echo');
    const left = new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));
    room.send('echo', 'x'.repeat(MAX_WS_MESSAGE_BYTES + 1024));
    assert.equal(await left, 1009, 'expected close code 1009 (message too big)');
  });

  it('refuses a room to a client without a valid token, with a readable error', async () => {
    const sdk = new Client(base);
    sdk.auth.token = 'forged.token.value';
    await assert.rejects(sdk.joinOrCreate('echo'), (err: Error & { code?: number }) => {
      assert.equal(err.code, 401);
      assert.match(err.message, /TOKEN_INVALID/);
      return true;
    });
  });
});

/** An answer read whole, with the socket it came on. */
interface Answer {
  status: number;
  connection: string | undefined;
  body: { error?: { code: string } };
  socket: net.Socket;
}

function answerOf(request: http.ClientRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request.once('error', reject);
    request.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('error', reject);
      res.once('end', () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          resolve({
            status: res.statusCode ?? 0,
            connection: res.headers.connection,
            body,
            socket: res.socket,
          });
        } catch (err) {
          reject(err);
        }
      });
    });
  });
}

/** A seat request as the SDK sends it, on `agent`; its body is for the caller to send. */
function seatRequest(agent: http.Agent, port: number, headers: Record<string, string> = {}) {
  return http.request({
    agent,
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/matchmake/joinOrCreate/echo',
    headers: { 'content-type': 'application/json', 'content-length': '2', ...headers },
  });
}

/** Resolves once the port refuses new connections: the server has stopped listening. */
async function untilRefused(port: number): Promise<void> {
  for (;;) {
    const socket = net.connect(port, '127.0.0.1');
    const outcome = await new Promise<string | undefined>((resolve) => {
      socket.once('connect', () => resolve('accepted'));
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code));
    });
    socket.destroy();
    if (outcome === 'ECONNREFUSED') return;
    if (outcome !== 'accepted') throw new Error(`unexpected outcome of a connection: ${outcome}`);
    await delay(10);
  }
}

describe('a node that drains while a kept-alive connection is busy', function () {
  this.timeout(30_000);
  let app: App;
  let game: GameServer;
  let agent: http.Agent | undefined;
  let drained: Promise<void> | undefined;
  let polling = false;

  before(async function () {
    this.timeout(120_000);
    ({ app, game } = await startEchoServer());
  });
  after(async () => {
    polling = false;
    // Whatever the test left open on the client's side goes, so that the server's close ends.
    agent?.destroy();
    await (drained ?? game.shutdown());
    await app.close();
  });

  it('closes that connection with its answer, and its close ends while a client keeps retrying', async () => {
    const { port } = game;
    // One connection at most, kept alive between requests: what a client retrying a join reuses.
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    // A seat request whose body is held back: the server has it (its 100 Continue says so) and
    // cannot answer yet, so its connection is busy, not idle, when the node drains.
    const held = seatRequest(agent, port, { expect: '100-continue' });
    const heldAnswer = answerOf(held);
    held.flushHeaders();
    await once(held, 'continue');
    drained = game.shutdown();
    await untilRefused(port);

    // A client retrying every 250 ms on the same agent: its first retry waits for the held
    // request's connection, and would be answered on it if that connection stayed open.
    polling = true;
    const retries: string[] = [];
    const retrying = (async () => {
      while (polling) {
        const retry = seatRequest(agent as http.Agent, port);
        const outcome = answerOf(retry).then(
          (answer) => `answered ${answer.status} ${answer.body.error?.code}`,
          (err: NodeJS.ErrnoException) => err.code ?? String(err),
        );
        retry.end('{}');
        retries.push(await outcome);
        await delay(250);
      }
    })();
    held.end('{}');

    const answer = await heldAnswer;
    assert.equal(answer.status, 503);
    assert.equal(answer.body.error?.code, 'NOT_READY');
    assert.equal(answer.connection, 'close', 'the answer of a draining node closes its connection');
    // The server's close ends although the client keeps retrying: no connection holds it open.
    await drained;
    polling = false;
    await retrying;
    assert.ok(answer.socket.destroyed, 'the connection of the answer is closed');
    assert.ok(retries.length >= 1);
    assert.deepEqual(
      retries.filter((outcome) => outcome !== 'ECONNREFUSED'),
      [],
      'every retry after the drain finds the port closed, none is answered by the draining node',
    );
    // The port is free: a new node can listen on it.
    const next = net.createServer();
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => next.close(() => resolve()));
  });
});
