import assert from 'node:assert/strict';
import { LocalPresence, type Presence } from '@colyseus/core';
import { Registry } from 'prom-client';
import { AccountCleanupKeeper } from '../server/cluster/account-cleanup.ts';
import { createAccountMetrics } from '../server/platform/account-metrics.ts';
import { createLogger } from '../server/platform/logger.ts';
import { createPresence } from '../server/platform/presence.ts';
import { type Backend, forEachBackend, redisPrefix } from './support/backends.ts';
import { client, startServer, type TestServer, uniqueName } from './support/server.ts';

const PASSWORD = 'correct horse battery';
const silent = createLogger({ level: 'silent', pretty: false });

forEachBackend('the accounts cleanup', (backend: Backend) => {
  let server: TestServer;
  let api: ReturnType<typeof client>;

  before(async function () {
    // The first suite of a run to open the embedded database pays for its migrations.
    this.timeout(120_000);
    // Sessions of an hour, guests idle for an hour, verification links of five minutes.
    server = await startServer(backend, {
      REFRESH_TOKEN_TTL: '3600',
      GUEST_MAX_AGE: '3600',
      EMAIL_VERIFY_TTL: '300',
    });
    api = client(server.url);
  });
  after(() => server?.close());

  const exists = async (table: string, column: string, value: string) =>
    (await backend.sql(`select 1 from ${table} where ${column} = $1`, [value])).length === 1;

  it('removes expired sessions, expired mail tokens and idle guests that never played, and nothing else', async () => {
    const idleGuest = (await api.post('/api/auth/guest')).body;
    const playedGuest = (await api.post('/api/auth/guest')).body;
    const activeGuest = (await api.post('/api/auth/guest')).body;
    const username = uniqueName('c');
    const member = (
      await api.post('/api/auth/register', { username, password: PASSWORD, email: `${username}@example.org` })
    ).body;
    const other = uniqueName('c');
    const unverified = (
      await api.post('/api/auth/register', {
        username: other,
        password: PASSWORD,
        email: `${other}@example.org`,
      })
    ).body;
    await server.app.services.games.create({
      id: uniqueName('G'),
      white: { userId: playedGuest.user.id, name: playedGuest.user.username, bot: null },
      black: { userId: null, name: 'Bot', bot: 'random' },
      timeControl: '3+2',
      initialMs: 180_000,
      incrementMs: 2_000,
      category: 'blitz',
      rated: false,
      startedAt: Date.now(),
    });
    const sessionOf = (auth: { refreshToken: string }) => auth.refreshToken.split('.')[0]!;

    server.advance(50 * 60);
    const refreshed = await api.post('/api/auth/refresh', { refreshToken: activeGuest.refreshToken });
    assert.equal(refreshed.status, 200);
    server.advance(20 * 60);
    const fresh = await api.post('/api/auth/login', { username, password: PASSWORD });
    await api.post('/api/auth/verify-email/resend', undefined, fresh.body.accessToken);

    const report = await server.app.services.cleanup.runOnce();
    // Other suites' rows of this run may be old enough too: at least ours went.
    assert.ok(report.guests >= 1 && report.sessions >= 1 && report.tokens >= 1, JSON.stringify(report));

    assert.equal(await exists('users', 'id', idleGuest.user.id), false);
    assert.equal(await exists('refresh_token_families', 'id', sessionOf(idleGuest)), false);
    assert.equal(await exists('users', 'id', playedGuest.user.id), true, 'a guest with a game stays');
    assert.equal(await exists('users', 'id', activeGuest.user.id), true, 'a guest in use stays');
    assert.equal(await exists('users', 'id', member.user.id), true, 'a registered account stays');
    assert.equal(
      await exists('refresh_token_families', 'id', sessionOf(member)),
      false,
      'an expired session goes',
    );
    assert.equal(
      await exists('refresh_token_families', 'id', sessionOf(fresh.body)),
      true,
      'a live session stays',
    );
    const tokens = await backend.sql<{ expires_at: Date }>(
      'select expires_at from account_tokens where user_id = $1',
      [member.user.id],
    );
    assert.equal(tokens.length, 1, 'a link still good stays');

    const stale = await backend.sql('select 1 from account_tokens where user_id = $1', [unverified.user.id]);
    assert.equal(stale.length, 0, 'an expired link goes');

    const again = await server.app.services.cleanup.runOnce();
    assert.deepEqual(again, { sessions: 0, tokens: 0, guests: 0, notifications: 0 });
    const audit = await backend.sql<{ details: { count: number } }>(
      `select details from audit_log where action = 'cleanup.guests_removed'`,
    );
    assert.ok(audit.length >= 1);
  });

  it('runs one round per interval across the nodes of a cluster, and counts it', async () => {
    const presences: Presence[] = backend.redisUrl
      ? (() => {
          const prefix = redisPrefix();
          return [
            createPresence(backend.redisUrl, prefix).presence,
            createPresence(backend.redisUrl, prefix).presence,
          ];
        })()
      : (() => {
          const shared = new LocalPresence();
          return [shared, shared];
        })();
    try {
      const registry = new Registry();
      const metrics = createAccountMetrics(registry);
      const nodes = presences.map(
        (presence) =>
          new AccountCleanupKeeper(server.app.services.cleanup, () => presence, 60, metrics, silent),
      );
      const outcomes = await Promise.all([nodes[0]!.tick(), nodes[1]!.tick(), nodes[0]!.tick()]);
      assert.equal(outcomes.filter((o) => o === 'skipped').length, 2, JSON.stringify(outcomes));
      const text = await registry.metrics();
      assert.match(text, /rookery_account_cleanup_runs_total\{outcome="done"\} 1/);
      assert.match(text, /rookery_account_cleanup_runs_total\{outcome="skipped"\} 2/);
      assert.match(text, /rookery_account_cleanup_seconds_count 1/);
    } finally {
      for (const presence of new Set(presences)) presence.shutdown();
    }
  });
});
