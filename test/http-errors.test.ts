import assert from 'node:assert/strict';
import { BODY_LIMIT_BYTES } from '../server/http/app.ts';
import { BACKENDS } from './support/backends.ts';
import { client, fingerprint, startServer, type TestServer, withServer } from './support/server.ts';

/** The edge of the HTTP API: every failure has the one error shape and the right status. */
describe('HTTP errors', () => {
  const backend = BACKENDS[0]!;
  let server: TestServer;
  let api: ReturnType<typeof client>;

  before(async () => {
    server = await startServer(backend);
    api = client(server.url);
  });
  after(() => server?.close());

  const assertErrorShape = (body: unknown, code: string) => {
    const error = (body as { error: { code: string; message: string } }).error;
    assert.equal(error.code, code);
    assert.equal(typeof error.message, 'string');
    assert.ok(error.message.length > 0);
    assert.doesNotMatch(JSON.stringify(body), /\bat .+\.ts:\d+|node_modules|Error:/, 'a stack trace leaked');
  };

  it('answers malformed JSON with 400 MALFORMED_JSON and changes nothing', async () => {
    const before = await fingerprint(backend);
    const res = await api.send('POST', '/api/auth/register', '{"username": "bob", "password": ', {
      'content-type': 'application/json',
    });
    assert.equal(res.status, 400);
    assertErrorShape(res.body, 'MALFORMED_JSON');
    assert.equal(await fingerprint(backend), before);
  });

  it(`answers a body over ${BODY_LIMIT_BYTES} bytes with 413 PAYLOAD_TOO_LARGE`, async () => {
    const res = await api.post('/api/auth/register', {
      username: 'bob',
      password: 'x'.repeat(BODY_LIMIT_BYTES),
    });
    assert.equal(res.status, 413);
    assertErrorShape(res.body, 'PAYLOAD_TOO_LARGE');
  });

  it('answers a non-JSON body with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await api.send('POST', '/api/auth/login', 'username=bob&password=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    assert.equal(res.status, 415);
    assertErrorShape(res.body, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a missing body with 400 VALIDATION_FAILED', async () => {
    const res = await api.post('/api/auth/login');
    assert.equal(res.status, 400);
    assertErrorShape(res.body, 'VALIDATION_FAILED');
  });

  it('answers an unknown route with 404 NOT_FOUND in the same shape', async () => {
    for (const [method, path] of [
      ['GET', '/api/nothing-here'],
      // DELETE /api/me deletes the account now; PUT is no route of it.
      ['PUT', '/api/me'],
      ['GET', '/definitely/not/here'],
    ] as const) {
      const res = await api.send(method, path);
      assert.equal(res.status, 404, `${method} ${path}`);
      assertErrorShape(res.body, 'NOT_FOUND');
    }
  });

  it('gives every response a request id, and keeps a sane one the caller sent', async () => {
    const generated = await api.get('/health');
    assert.match(generated.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    const kept = await api.send('GET', '/health', undefined, { 'x-request-id': 'trace-123' });
    assert.equal(kept.headers.get('x-request-id'), 'trace-123');
    const replaced = await api.send('GET', '/health', undefined, { 'x-request-id': 'bad id with spaces' });
    assert.notEqual(replaced.headers.get('x-request-id'), 'bad id with spaces');
  });

  it('serves health, readiness and Prometheus metrics', async () => {
    assert.deepEqual((await api.get('/health')).body, { status: 'ok' });
    const ready = await api.get('/ready');
    assert.equal(ready.status, 200);
    assert.equal(ready.body.checks.database, 'ok');
    const metrics = await api.get('/metrics');
    assert.equal(metrics.status, 200);
    assert.match(metrics.body, /process_cpu_seconds_total/);
    assert.match(metrics.body, /http_request_duration_seconds_bucket\{[^}]*route="\/health"/);
  });

  it('reports draining on /ready so a load balancer stops sending traffic', async () => {
    await withServer(backend, {}, async (drainingApi, draining) => {
      draining.app.startDraining();
      const ready = await drainingApi.get('/ready');
      assert.equal(ready.status, 503);
      assert.equal(ready.body.status, 'draining');
    });
  });
});
