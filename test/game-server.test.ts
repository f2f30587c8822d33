import assert from 'node:assert/strict';
import { type Client as ColyseusClient, defineRoom, Room, ServerError } from '@colyseus/core';
import { Client } from '@colyseus/sdk';
import { buildApp } from '../server/app.ts';
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

describe('rooms on the same port as the API', function () {
  this.timeout(30_000);
  let game: GameServer;
  let close: () => Promise<void>;
  let base: string;

  before(async () => {
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
    game = await startGameServer({ app, config, log, rooms: { echo: defineRoom(EchoRoom) } });
    base = `http://127.0.0.1:${game.port}`;
    close = async () => {
      await game.shutdown();
      await app.close();
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
