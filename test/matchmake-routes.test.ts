import assert from 'node:assert/strict';
import http from 'node:http';
import { Client, MatchMakeError } from '@colyseus/sdk';
import { RookeryClient, toJoinError } from '../client-sdk/index.ts';
import { BODY_LIMIT_BYTES } from '../server/http/app.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { client, uniqueName } from './support/server.ts';

const MB = 1024 * 1024;

interface Streamed {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Bytes of the body the client had handed to its socket when the answer came. */
  written: number;
}

/**
 * Sends up to `total` bytes of body as fast as the server takes them (waiting on back-pressure,
 * never on a timer), and stops at the answer. A server that reads the whole body before it answers
 * gets all `total` bytes; one that refuses at once stops taking them after its socket buffers.
 */
function streamBody(url: string, total: number, declareLength: boolean): Promise<Streamed> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json' };
    if (declareLength) headers['content-length'] = total;
    const req = http.request(url, { method: 'POST', headers });
    let written = 0;
    let answered = false;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!answered && written < total) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
    };
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, written }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, written }));
    });
    // Once the server has answered and closed, the rest of the upload fails: expected.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    pump();
  });
}

forEachBackend('the matchmaking routes', (backend: Backend) => {
  let server: TestGameServer;

  before(async function () {
    this.timeout(60_000);
    server = await startGameStack(backend, {
      TRUST_PROXY: 'true',
      MATCHMAKE_RATE_IP_POINTS: '30',
      MATCHMAKE_RATE_IP_WINDOW: '600',
      MATCHMAKE_RATE_USER_POINTS: '4',
      MATCHMAKE_RATE_USER_WINDOW: '600',
    });
  });
  after(() => server?.close());

  /** A client address of its own for each test, so their requests do not share a budget. */
  let addresses = 0;
  const from = () => ({ 'x-forwarded-for': `10.0.${backend.redisUrl ? 1 : 2}.${++addresses}` });

  it('lets a player join a room with the SDK as before', async () => {
    const rookery = new RookeryClient({ baseUrl: server.url });
    await rookery.guest();
    const sdk = new Client(server.url);
    sdk.auth.token = (await rookery.session())!.accessToken;
    const lobby = await sdk.joinById('lobby', {});
    assert.ok(lobby.roomId);
    await lobby.leave();
  });

  it(`refuses a 30 MB body with 413 in the API's shape before reading it (declared length)`, async () => {
    const reply = await streamBody(`${server.url}/matchmake/joinOrCreate/chess`, 30 * MB, true);
    assert.equal(reply.status, 413);
    assert.equal(reply.headers.connection, 'close');
    const body = JSON.parse(reply.body);
    assert.equal(body.error.code, 'PAYLOAD_TOO_LARGE');
    assert.match(body.message, /^PAYLOAD_TOO_LARGE: /);
    assert.ok(reply.written < 30 * MB, `the whole body was taken (${reply.written} bytes)`);
  });

  it('stops reading a chunked body at the limit and answers 413', async () => {
    const reply = await streamBody(`${server.url}/matchmake/joinOrCreate/chess`, 30 * MB, false);
    assert.equal(reply.status, 413);
    assert.equal(JSON.parse(reply.body).error.code, 'PAYLOAD_TOO_LARGE');
    assert.ok(reply.written < 30 * MB, `the whole body was taken (${reply.written} bytes)`);
  });

  it('reads a body within the limit', async () => {
    const filler = 'x'.repeat(BODY_LIMIT_BYTES - 100);
    const reply = await client(server.url).send(
      'POST',
      '/matchmake/joinOrCreate/no_such_type',
      { filler },
      from(),
    );
    assert.equal(reply.status, 404, 'read and passed on to the matchmaker');
    assert.equal(reply.body.error.code, 'NOT_FOUND');
  });

  it('answers malformed requests in the API error shape with their statuses', async () => {
    const api = client(server.url);
    const cases: Array<[string, string | object, Record<string, string>, number, string]> = [
      ['/matchmake/joinOrCreate/chess', '{"rated":', {}, 400, 'MALFORMED_JSON'],
      ['/matchmake/joinOrCreate/chess', '[1,2]', {}, 400, 'VALIDATION_FAILED'],
      [
        '/matchmake/joinOrCreate/chess',
        'rated=true',
        { 'content-type': 'text/plain' },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      ['/matchmake/joinOrCreate/no_such_type', {}, {}, 404, 'NOT_FOUND'],
      ['/matchmake/dropTables/chess', {}, {}, 404, 'NOT_FOUND'],
      ['/matchmake/joinById/NoSuchRoom1', {}, {}, 404, 'ROOM_NOT_FOUND'],
      ['/matchmake/joinOrCreate/chess', {}, {}, 401, 'UNAUTHENTICATED'],
      [
        '/matchmake/joinOrCreate/chess',
        {},
        { authorization: 'Bearer forged.token.value' },
        401,
        'TOKEN_INVALID',
      ],
    ];
    for (const [path, body, headers, status, code] of cases) {
      const reply = await api.send('POST', path, body, { ...headers, ...from() });
      assert.equal(reply.status, status, `${path} ${JSON.stringify(body)}`);
      assert.equal(reply.body.error.code, code, `${path} ${JSON.stringify(body)}`);
      assert.equal(typeof reply.body.error.message, 'string');
      assert.equal(reply.body.message, `${code}: ${reply.body.error.message}`);
      assert.ok(reply.headers.get('x-request-id'));
    }
  });

  it('gives the SDK a readable refusal, which the client SDK reads back as our code', async () => {
    const sdk = new Client(server.url);
    sdk.auth.token = 'forged.token.value';
    const err = await sdk.joinOrCreate('chess').then(
      () => assert.fail('joined with a forged token'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof MatchMakeError);
    assert.equal(err.code, 401);
    assert.match(err.message, /^TOKEN_INVALID: /);
    const ours = toJoinError(err);
    assert.equal(ours.code, 'TOKEN_INVALID');
    assert.equal(ours.status, 401);
  });

  it('limits a flood from one address with 429 RATE_LIMITED and Retry-After, before reading bodies', async () => {
    const api = client(server.url);
    const address = from();
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof api.send>> | undefined;
    for (let i = 0; i < 35; i++) {
      last = await api.send('POST', '/matchmake/joinOrCreate/no_such_type', {}, address);
      statuses.push(last.status);
    }
    assert.deepEqual(statuses.slice(0, 30), Array(30).fill(404));
    assert.deepEqual(statuses.slice(30), Array(5).fill(429));
    assert.equal(last!.body.error.code, 'RATE_LIMITED');
    assert.match(last!.body.message, /^RATE_LIMITED: /);
    assert.ok(Number(last!.headers.get('retry-after')) > 0);
    // Another address is not held back.
    assert.equal((await api.send('POST', '/matchmake/joinOrCreate/no_such_type', {}, from())).status, 404);
    const metrics = (await api.get('/metrics')).body as string;
    assert.match(metrics, /^rookery_rate_limited_total\{limit="matchmake-ip"\} [1-9]/m);
  });

  it('limits a flood from one user across addresses, and the SDK sees 429', async () => {
    const api = client(server.url);
    const session = await api.post('/api/auth/register', {
      username: uniqueName('mm'),
      password: 'correct horse 1',
    });
    const bearer = { authorization: `Bearer ${session.body.accessToken}` };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await api.send('POST', '/matchmake/joinOrCreate/no_such_type', {}, { ...bearer, ...from() })).status,
      );
    }
    assert.deepEqual(statuses, [404, 404, 404, 404]);
    const sdk = new Client(server.url, { headers: from() });
    sdk.auth.token = session.body.accessToken;
    const err = await sdk.joinById('lobby', {}).then(
      () => assert.fail('joined past the limit'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof MatchMakeError);
    assert.equal(err.code, 429);
    assert.equal(toJoinError(err).code, 'RATE_LIMITED');
    // Someone else signed in from the same address still joins.
    const other = new RookeryClient({ baseUrl: server.url });
    await other.guest();
    const sdk2 = new Client(server.url);
    sdk2.auth.token = (await other.session())!.accessToken;
    const lobby = await sdk2.joinById('lobby', {});
    await lobby.leave();
  });

  it('answers a CORS preflight as Colyseus did', async () => {
    const res = await fetch(`${server.url}/matchmake/joinOrCreate/chess`, {
      method: 'OPTIONS',
      headers: { origin: 'https://example.org', 'access-control-request-method': 'POST' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://example.org');
  });
});
