import assert from 'node:assert/strict';
import { type Backend, forEachBackend } from './support/backends.ts';
import { client, fingerprint, startServer, type TestServer, uniqueName } from './support/server.ts';

const PASSWORD = 'correct horse battery';

forEachBackend('moderation, roles and the audit log', (backend: Backend) => {
  let server: TestServer;
  let api: ReturnType<typeof client>;
  const adminName = uniqueName('root');
  let admin: { accessToken: string; user: { id: string } };

  before(async function () {
    this.timeout(120_000);
    // The environment bootstrap creates the first admin.
    server = await startServer(backend, { ADMIN_USERNAME: adminName, ADMIN_PASSWORD: PASSWORD });
    api = client(server.url);
    const login = await api.post('/api/auth/login', { username: adminName, password: PASSWORD });
    assert.equal(login.status, 200);
    assert.deepEqual(login.body.user.roles, ['admin', 'user']);
    admin = login.body;
  });
  after(() => server?.close());

  const register = async () => {
    const username = uniqueName();
    const res = await api.post('/api/auth/register', { username, password: PASSWORD });
    assert.equal(res.status, 201);
    return { username, ...res.body };
  };

  it('bootstraps the admin only once, however often the server starts', async () => {
    const again = await startServer(backend, {
      ADMIN_USERNAME: adminName,
      ADMIN_PASSWORD: 'another password',
    });
    await again.close();
    const rows = await backend.sql<{ action: string }>(
      `select action from audit_log where target_id = $1 and action = 'user.admin_bootstrapped'`,
      [admin.user.id],
    );
    assert.equal(rows.length, 1);
    // The password of an existing admin is not replaced by the environment.
    assert.equal(
      (await api.post('/api/auth/login', { username: adminName, password: PASSWORD })).status,
      200,
    );
  });

  it('bans a player: no login, no refresh, every session ended; unban restores login', async () => {
    const player = await register();
    const ban = await api.post(
      `/api/admin/users/${player.username}/ban`,
      { reason: 'engine use' },
      admin.accessToken,
    );
    assert.equal(ban.status, 200, JSON.stringify(ban.body));
    assert.equal(ban.body.banReason, 'engine use');

    const login = await api.post('/api/auth/login', { username: player.username, password: PASSWORD });
    assert.equal(login.status, 403);
    assert.equal(login.body.error.code, 'ACCOUNT_BANNED');
    const refresh = await api.post('/api/auth/refresh', { refreshToken: player.refreshToken });
    assert.equal(refresh.status, 401);
    assert.equal(refresh.body.error.code, 'REFRESH_TOKEN_REVOKED');
    assert.equal((await api.get('/api/me', player.accessToken)).body.error.code, 'ACCOUNT_BANNED');

    assert.equal(
      (
        await api.post(
          `/api/admin/users/${player.username}/unban`,
          { reason: 'appeal granted' },
          admin.accessToken,
        )
      ).status,
      200,
    );
    assert.equal(
      (await api.post('/api/auth/login', { username: player.username, password: PASSWORD })).status,
      200,
    );

    const audit = await api.get(`/api/admin/audit?target=${player.username}`, admin.accessToken);
    assert.deepEqual(
      audit.body.entries.map((e: { action: string }) => e.action),
      ['user.login', 'user.unbanned', 'user.banned', 'user.registered'],
    );
    assert.equal(audit.body.entries[2].actorId, admin.user.id);
  });

  it('changes roles (admins only) and records before and after', async () => {
    const player = await register();
    const promoted = await api.put(
      `/api/admin/users/${player.username}/roles`,
      { roles: ['moderator'] },
      admin.accessToken,
    );
    assert.equal(promoted.status, 200);
    assert.deepEqual(promoted.body.roles, ['moderator', 'user']);
    const [entry] = (
      await api.get(`/api/admin/audit?target=${player.username}&action=user.roles_changed`, admin.accessToken)
    ).body.entries;
    assert.deepEqual(entry.details, { from: ['user'], to: ['moderator', 'user'] });

    // The new role arrives with the next access token.
    const mod = await api.post('/api/auth/login', { username: player.username, password: PASSWORD });
    const victim = await register();
    assert.equal(
      (await api.post(`/api/admin/users/${victim.username}/ban`, { reason: 'spam' }, mod.body.accessToken))
        .status,
      200,
    );
    // A moderator can neither change roles, nor read the audit log, nor ban an admin.
    await assertRefusedUnchanged(() =>
      api.put(`/api/admin/users/${victim.username}/roles`, { roles: ['admin'] }, mod.body.accessToken),
    );
    await assertRefusedUnchanged(() => api.get('/api/admin/audit', mod.body.accessToken));
    await assertRefusedUnchanged(() =>
      api.post(`/api/admin/users/${adminName}/ban`, { reason: 'coup' }, mod.body.accessToken),
    );
  });

  it('refuses players on every admin route, and an admin removing its own admin role', async () => {
    const player = await register();
    await assertRefusedUnchanged(() =>
      api.post(`/api/admin/users/${adminName}/ban`, { reason: 'x' }, player.accessToken),
    );
    await assertRefusedUnchanged(() => api.get(`/api/admin/users/${adminName}`, player.accessToken));
    await assertRefusedUnchanged(() =>
      api.put(`/api/admin/users/${adminName}/roles`, { roles: [] }, admin.accessToken),
    );
    const bad = await api.put(
      `/api/admin/users/${player.username}/roles`,
      { roles: ['king'] },
      admin.accessToken,
    );
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'VALIDATION_FAILED');
    const missing = await api.post('/api/admin/users/nobody_at_all/ban', { reason: 'x' }, admin.accessToken);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'USER_NOT_FOUND');
  });

  it('keeps the audit log append-only in the database itself', async () => {
    for (const statement of [
      'update audit_log set action = $1',
      'delete from audit_log where action = $1',
      'truncate audit_log',
    ]) {
      const before = await fingerprint(backend);
      await assert.rejects(
        backend.sql(statement, statement.includes('$1') ? ['user.login'] : []),
        /append-only/,
        statement,
      );
      assert.equal(await fingerprint(backend), before);
    }
  });

  async function assertRefusedUnchanged(
    request: () => Promise<{ status: number; body: { error: { code: string } } }>,
  ) {
    const before = await fingerprint(backend);
    const res = await request();
    assert.equal(res.status, 403, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'FORBIDDEN');
    assert.equal(await fingerprint(backend), before);
  }
});
