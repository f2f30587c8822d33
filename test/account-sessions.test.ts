import assert from 'node:assert/strict';
import { apiStack, bearer } from './support/api-suite.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { type client, expectUnchanged, uniqueName } from './support/server.ts';

const PASSWORD = 'correct horse battery';

forEachBackend('sessions of an account', (backend: Backend) => {
  let api: ReturnType<typeof client>;

  apiStack(backend, (stack) => {
    ({ api } = stack);
  });

  const unchanged = (action: () => Promise<unknown>) => expectUnchanged(backend, action);

  /** One account signed in on a laptop and on a phone. */
  const twoDevices = async () => {
    const username = uniqueName();
    const laptop = await api.send(
      'POST',
      '/api/auth/register',
      { username, password: PASSWORD },
      { 'user-agent': 'Laptop/1.0' },
    );
    assert.equal(laptop.status, 201);
    const phone = await api.send(
      'POST',
      '/api/auth/login',
      { username, password: PASSWORD },
      { 'user-agent': 'Phone/2.0' },
    );
    assert.equal(phone.status, 200);
    return { laptop: laptop.body, phone: phone.body };
  };

  it('lists each login with its device, and marks the one asking', async () => {
    const { laptop, phone } = await twoDevices();
    const res = await api.get('/api/me/sessions', laptop.accessToken);
    assert.equal(res.status, 200);
    assert.equal(res.body.sessions.length, 2);
    const byAgent = new Map(res.body.sessions.map((s: { userAgent: string }) => [s.userAgent, s]));
    const mine = byAgent.get('Laptop/1.0') as Record<string, unknown>;
    const other = byAgent.get('Phone/2.0') as Record<string, unknown>;
    assert.equal(mine.current, true);
    assert.equal(other.current, false);
    assert.equal(mine.id, laptop.refreshToken.split('.')[0]);
    assert.equal(other.id, phone.refreshToken.split('.')[0]);
    assert.equal(mine.ip, '127.0.0.1');
    for (const field of ['createdAt', 'lastUsedAt', 'expiresAt'])
      assert.ok(!Number.isNaN(Date.parse(String(mine[field]))));
    // A refresh keeps the session (same id) and moves its last use.
    const refreshed = await api.post('/api/auth/refresh', { refreshToken: phone.refreshToken });
    const again = await api.get('/api/me/sessions', refreshed.body.accessToken);
    assert.equal(again.body.sessions.length, 2);
    assert.equal(again.body.sessions.find((s: { current: boolean }) => s.current).id, other.id);
  });

  it('ends a session from another device: its refresh and access tokens are refused at once', async () => {
    const { laptop, phone } = await twoDevices();
    const phoneSession = phone.refreshToken.split('.')[0];
    const ended = await api.send(
      'DELETE',
      `/api/me/sessions/${phoneSession}`,
      undefined,
      bearer(laptop.accessToken),
    );
    assert.equal(ended.status, 204);
    const me = await api.get('/api/me', phone.accessToken);
    assert.equal(me.status, 401);
    assert.equal(me.body.error.code, 'SESSION_ENDED');
    const refresh = await api.post('/api/auth/refresh', { refreshToken: phone.refreshToken });
    assert.equal(refresh.body.error.code, 'REFRESH_TOKEN_REVOKED');
    assert.equal((await api.get('/api/me', laptop.accessToken)).status, 200);
    const left = await api.get('/api/me/sessions', laptop.accessToken);
    assert.deepEqual(
      left.body.sessions.map((s: { userAgent: string }) => s.userAgent),
      ['Laptop/1.0'],
    );
    const audit = await backend.sql<{ details: { sessionId: string } }>(
      `select details from audit_log where action = 'user.session_ended' and target_id = $1`,
      [laptop.user.id],
    );
    assert.deepEqual(
      audit.map((a) => a.details.sessionId),
      [phoneSession],
    );
  });

  it('ends every other session, and keeps the one asking', async () => {
    const { laptop, phone } = await twoDevices();
    const third = await api.post('/api/auth/login', { username: laptop.user.username, password: PASSWORD });
    const res = await api.send('DELETE', '/api/me/sessions', undefined, bearer(laptop.accessToken));
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { ended: 2 });
    for (const gone of [phone, third.body]) {
      assert.equal((await api.get('/api/me', gone.accessToken)).body.error.code, 'SESSION_ENDED');
    }
    const refreshed = await api.post('/api/auth/refresh', { refreshToken: laptop.refreshToken });
    assert.equal(refreshed.status, 200);
  });

  it("cannot end another account's session, an unknown one, or one already ended", async () => {
    const { laptop, phone } = await twoDevices();
    const stranger = await twoDevices();
    const phoneSession = phone.refreshToken.split('.')[0];
    await unchanged(async () => {
      const theirs = await api.send(
        'DELETE',
        `/api/me/sessions/${phoneSession}`,
        undefined,
        bearer(stranger.laptop.accessToken),
      );
      assert.equal(theirs.status, 404);
      assert.equal(theirs.body.error.code, 'SESSION_NOT_FOUND');
      const unknown = await api.send(
        'DELETE',
        `/api/me/sessions/${crypto.randomUUID()}`,
        undefined,
        bearer(laptop.accessToken),
      );
      assert.equal(unknown.body.error.code, 'SESSION_NOT_FOUND');
    });
    await api.send('DELETE', `/api/me/sessions/${phoneSession}`, undefined, bearer(laptop.accessToken));
    await unchanged(async () => {
      const twice = await api.send(
        'DELETE',
        `/api/me/sessions/${phoneSession}`,
        undefined,
        bearer(laptop.accessToken),
      );
      assert.equal(twice.status, 404);
    });
    assert.equal((await api.get('/api/me', stranger.phone.accessToken)).status, 200);
  });

  const refused: Array<[string, string, string, (t: string) => Record<string, string>, number, string]> = [
    [
      'a session id that is not a UUID',
      'DELETE',
      '/api/me/sessions/not-a-uuid',
      (t) => ({ authorization: `Bearer ${t}` }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an injection as a session id',
      'DELETE',
      "/api/me/sessions/1'%20or%20'1'='1",
      (t) => ({ authorization: `Bearer ${t}` }),
      400,
      'VALIDATION_FAILED',
    ],
    ['no access token', 'GET', '/api/me/sessions', () => ({}), 401, 'UNAUTHENTICATED'],
    [
      'a forged access token',
      'DELETE',
      '/api/me/sessions',
      () => ({ authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' }),
      401,
      'TOKEN_INVALID',
    ],
    [
      'a refresh token in place of an access token',
      'GET',
      '/api/me/sessions',
      (t) => ({ authorization: `Bearer ${t}x` }),
      401,
      'TOKEN_INVALID',
    ],
  ];
  for (const [what, method, path, headers, status, code] of refused) {
    it(`refuses ${what} (${status} ${code}) and changes nothing`, async () => {
      const { laptop } = await twoDevices();
      await unchanged(async () => {
        const res = await api.send(method, path, undefined, headers(laptop.accessToken));
        assert.equal(res.status, status, JSON.stringify(res.body));
        assert.equal(res.body.error.code, code);
      });
    });
  }
});
