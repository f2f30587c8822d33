import assert from 'node:assert/strict';
import { memorySessionStore, RookeryClient, type RookeryError } from '../client-sdk/index.ts';
import { BACKENDS } from './support/backends.ts';
import { startServer, type TestServer, uniqueName } from './support/server.ts';

const PASSWORD = 'correct horse battery';

describe('client SDK: accounts and sessions', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(BACKENDS[0]!);
  });
  after(() => server?.close());

  it('plays as a guest, keeps the account by registering, and logs in again later', async () => {
    const rookery = new RookeryClient({ baseUrl: server.url });
    const guest = await rookery.guest();
    assert.equal(guest.guest, true);
    const username = uniqueName('sdk');
    const registered = await rookery.register({ username, password: PASSWORD });
    assert.equal(registered.id, guest.id);
    assert.equal((await rookery.me()).username, username);
    await rookery.logout();
    assert.equal(await rookery.session(), undefined);
    await assert.rejects(rookery.me(), (err: RookeryError) => err.code === 'UNAUTHENTICATED');
    assert.equal((await rookery.login({ username, password: PASSWORD })).id, guest.id);
  });

  it('refreshes an expired access token by itself, once for many concurrent calls', async () => {
    const rookery = new RookeryClient({ baseUrl: server.url });
    await rookery.register({ username: uniqueName('sdk'), password: PASSWORD });
    const before = await rookery.session();
    server.advance(901);
    // Five calls meet the expired token together; one refresh serves them all. Two refreshes with
    // the same token would be taken for theft and end the session.
    const answers = await Promise.all(Array.from({ length: 5 }, () => rookery.me()));
    assert.ok(answers.every((a) => a.id === before!.user.id));
    const after = await rookery.session();
    assert.notEqual(after!.refreshToken, before!.refreshToken);
    assert.equal((await rookery.updateMe({ country: 'IS' })).country, 'IS');
    assert.equal((await rookery.session())!.user.country, 'IS');
  });

  it('forgets a session the server ended, and says why with a typed error', async () => {
    const store = memorySessionStore();
    const rookery = new RookeryClient({ baseUrl: server.url, store });
    await rookery.register({ username: uniqueName('sdk'), password: PASSWORD });
    const stolen = (await rookery.session())!;
    await rookery.refresh();
    // The stolen, already spent token is replayed elsewhere: the whole family is revoked.
    const thief = new RookeryClient({ baseUrl: server.url, store: memorySessionStore(stolen) });
    await assert.rejects(
      thief.refresh(),
      (err: RookeryError) => err.code === 'REFRESH_TOKEN_REUSED' && err.status === 401,
    );
    await assert.rejects(rookery.refresh(), (err: RookeryError) => err.code === 'REFRESH_TOKEN_REVOKED');
    assert.equal(await store.load(), undefined);
  });

  it('reports validation failures field by field, and an unreachable server as NETWORK', async () => {
    const rookery = new RookeryClient({ baseUrl: server.url });
    await assert.rejects(rookery.register({ username: 'x', password: 'short' }), (err: RookeryError) => {
      assert.equal(err.code, 'VALIDATION_FAILED');
      assert.deepEqual(err.details?.map((d) => d.path).sort(), ['password', 'username']);
      return true;
    });
    const offline = new RookeryClient({ baseUrl: 'http://127.0.0.1:9' });
    await assert.rejects(offline.guest(), (err: RookeryError) => err.code === 'NETWORK');
  });
});
