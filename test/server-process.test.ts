import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { redisPrefix } from './support/backends.ts';
import { runScript, type ServerProcess, startServerProcess } from './support/process.ts';
import { client } from './support/server.ts';
import { waitUntil } from './support/wait.ts';

const PASSWORD = 'correct horse battery';

describe('the server process on embedded defaults', function () {
  this.timeout(120_000);
  let dataDir: string;
  let server: ServerProcess | undefined;

  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rookery-data-'));
  });
  after(async () => {
    await server?.stop('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('boots on PGlite with no configuration, migrates, and serves the API and the operational endpoints', async () => {
    server = await startServerProcess({ DATA_DIR: dataDir });
    const api = client(server.url);
    assert.equal((await api.get('/ready')).body.checks.database, 'ok');
    const reg = await api.post('/api/auth/register', { username: 'persisted', password: PASSWORD });
    assert.equal(reg.status, 201);
    const metrics = await api.get('/metrics');
    assert.match(metrics.body, /^rookery_ccu 0$/m);
    assert.match(metrics.body, /# TYPE rookery_rooms gauge/);
    assert.match(
      metrics.body,
      /http_request_duration_seconds_count\{method="POST",route="\/api\/auth\/register",status="201"\} 1/,
    );
    assert.ok(fs.existsSync(path.join(dataDir, 'auth-keys.json')), 'development keys were not kept');
    assert.equal((fs.statSync(path.join(dataDir, 'auth-keys.json')).mode & 0o777).toString(8), '600');
  });

  it('logs JSON lines with request ids, and never a password or a token', async () => {
    const requestLine = () =>
      server!
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l))
        .find((l) => l.route === '/api/auth/register');
    // The line is written once the response has gone, and reaches this process through a pipe:
    // on a busy machine it may arrive after the response did.
    await waitUntil(() => requestLine() !== undefined).catch(() => undefined);
    const request = requestLine();
    assert.ok(request, 'no request line');
    assert.match(request.reqId, /^[0-9a-f-]{36}$/);
    assert.equal(request.status, 201);
    assert.doesNotMatch(server!.output(), new RegExp(PASSWORD));
    assert.doesNotMatch(server!.output(), /eyJ[A-Za-z0-9_-]{20,}/);
  });

  it('refuses a second process on the same data folder, at once and with a clear message', async () => {
    const second = runScript('server/main.ts', {
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_FORMAT: 'json',
    });
    const code = await second.exited;
    assert.equal(code, 3);
    assert.match(second.output(), /in use by another Rookery process \(pid \d+\)/);
    // The first one is unharmed.
    assert.equal((await client(server!.url).get('/health')).status, 200);
  });

  it('stops on SIGTERM, and the next start finds the accounts and the signing keys it had', async () => {
    const login = await client(server!.url).post('/api/auth/login', {
      username: 'persisted',
      password: PASSWORD,
    });
    assert.equal(login.status, 200);
    assert.equal(await server!.stop('SIGTERM'), 0);
    server = await startServerProcess({ DATA_DIR: dataDir });
    const api = client(server.url);
    assert.equal(
      (await api.get('/api/me', login.body.accessToken)).status,
      200,
      'an access token did not survive',
    );
    assert.equal(
      (await api.post('/api/auth/refresh', { refreshToken: login.body.refreshToken })).status,
      200,
    );
  });

  it('takes over the folder after its holder was killed outright', async () => {
    assert.notEqual(await server!.stop('SIGKILL'), 0);
    server = await startServerProcess({ DATA_DIR: dataDir });
    assert.equal(
      (await client(server.url).post('/api/auth/login', { username: 'persisted', password: PASSWORD }))
        .status,
      200,
    );
  });
});

describe('the server process refuses a configuration it cannot honour', function () {
  this.timeout(30_000);
  const refusals: Array<[string, Record<string, string>, RegExp]> = [
    [
      'production without signing keys or DATABASE_URL',
      { NODE_ENV: 'production' },
      /DATABASE_URL is required in production[\s\S]*AUTH_KEYS/,
    ],
    [
      'a cluster on PGlite',
      { REDIS_URL: 'redis://127.0.0.1:6379', PUBLIC_ADDRESS: 'node1:2567' },
      /REDIS_URL \(cluster mode\) requires DATABASE_URL/,
    ],
    [
      'a cluster node without a public address',
      { REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: 'postgres://localhost/x' },
      /requires PUBLIC_ADDRESS/,
    ],
    ['a port that is not a number', { PORT: 'eighty' }, /PORT/],
    ['malformed signing keys', { AUTH_KEYS: '{"keys":[{"kty":"RSA"}]}' }, /expected a private Ed25519 JWK/],
  ];
  for (const [what, env, message] of refusals) {
    it(`refuses ${what}`, async () => {
      const proc = runScript('server/main.ts', {
        DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'rookery-cfg-')),
        ...env,
      });
      const code = await proc.exited;
      assert.notEqual(code, 0);
      assert.match(proc.output(), message);
      assert.doesNotMatch(proc.output(), /\n\s+at /, 'a stack trace was printed');
    });
  }
});

describe('the server process in cluster mode (PostgreSQL + Redis)', function () {
  this.timeout(60_000);
  const adminUrl = process.env.TEST_POSTGRES_URL;
  const redisUrl = process.env.TEST_REDIS_URL;
  if (!adminUrl || !redisUrl) {
    it('needs TEST_POSTGRES_URL and TEST_REDIS_URL');
    return;
  }
  const dbName = `rookery_proc_${process.pid}`;
  let server: ServerProcess | undefined;

  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  before(() => admin(`create database ${dbName}`));
  after(async () => {
    await server?.stop('SIGKILL');
    await admin(`drop database if exists ${dbName} with (force)`);
  });

  it('runs on PostgreSQL with Redis presence, and reports both on /ready', async () => {
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}`;
    server = await startServerProcess({
      DATABASE_URL: url.toString(),
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: redisPrefix(),
      PUBLIC_ADDRESS: '127.0.0.1',
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'rookery-cluster-')),
    });
    const api = client(server.url);
    // Ready once the singleton rooms exist and the games are back (a moment after /health).
    let ready = await api.get('/ready');
    for (const deadline = Date.now() + 20_000; ready.status !== 200 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ready = await api.get('/ready');
    }
    assert.deepEqual(ready.body, { status: 'ready', checks: { database: 'ok', redis: 'ok', games: 'ok' } });
    assert.equal(
      (await api.post('/api/auth/register', { username: 'clustered', password: PASSWORD })).status,
      201,
    );
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    const { rows } = await c.query(`select username from users where username = 'clustered'`);
    await c.end();
    assert.equal(rows.length, 1);
    assert.equal(await server.stop('SIGTERM'), 0);
    server = undefined;
  });
});
