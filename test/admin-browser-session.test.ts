import assert from 'node:assert/strict';
import { matchMaker } from '@colyseus/core';
import { type Backend, forEachBackend } from './support/backends.ts';
import { ensureWebBuild } from './support/browser.ts';
import { PASSWORD, startGame } from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { client, uniqueName } from './support/server.ts';

forEachBackend(
  'the browser admin session, the console pages and the Colyseus monitor',
  (backend: Backend) => {
    let server: TestGameServer;
    let api: ReturnType<typeof client>;
    let admin: string;
    const adminName = uniqueName('root');

    before(async function () {
      this.timeout(180_000);
      ensureWebBuild();
      server = await startGameStack(backend, { ADMIN_USERNAME: adminName, ADMIN_PASSWORD: PASSWORD });
      api = client(server.url);
      admin = (await api.post('/api/auth/login', { username: adminName, password: PASSWORD })).body
        .accessToken;
    });
    after(() => server?.close());

    const page = (path: string, token?: string) =>
      fetch(`${server.url}${path}`, token ? { headers: { cookie: `rookery_staff=${token}` } } : {});

    it('opens the session as an HttpOnly, SameSite=Strict cookie scoped to /admin, from a staff sign-in only', async () => {
      const res = await fetch(`${server.url}/api/admin/session`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}` },
      });
      assert.equal(res.status, 204);
      const cookie = res.headers.get('set-cookie') ?? '';
      assert.match(cookie, /^rookery_staff=/);
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Strict/);
      assert.match(cookie, /Path=\/admin/);
      // Plain http here: Secure only over https (or in production).
      assert.doesNotMatch(cookie, /Secure/);

      const player = await api.post('/api/auth/guest');
      const refused = await fetch(`${server.url}/api/admin/session`, {
        method: 'POST',
        headers: { authorization: `Bearer ${player.body.accessToken}` },
      });
      assert.equal(refused.status, 403);
      assert.equal((await fetch(`${server.url}/api/admin/session`, { method: 'POST' })).status, 401);
    });

    it('answers the console pages 401 anonymous, 403 to a player, 200 to staff', async () => {
      const player = (await api.post('/api/auth/guest')).body.accessToken;
      for (const path of [
        '/admin',
        '/admin/users',
        '/admin/users/alice',
        '/admin/games',
        '/admin/system',
        '/admin/audit',
      ]) {
        assert.equal((await page(path)).status, 401, path);
        assert.equal((await page(path, player)).status, 403, path);
        const ok = await page(path, admin);
        assert.equal(ok.status, 200, path);
        assert.match(await ok.text(), /<div id="app"|<body/);
      }
    });

    it('serves the monitor to admins only, and refuses its room calls, leaving the room alone', async () => {
      const game = await startGame(server.url);
      const player = await game.players.white.rookery.accessToken();
      assert.equal((await page('/admin/monitor/')).status, 401);
      assert.equal((await page('/admin/monitor/', player)).status, 403);
      const modName = uniqueName('mod');
      await api.post('/api/auth/register', { username: modName, password: PASSWORD });
      await api.post(`/api/admin/users/${modName}/roles`, { roles: ['moderator'], reason: 'staff' }, admin);
      const moderator = (await api.post('/api/auth/login', { username: modName, password: PASSWORD })).body
        .accessToken;
      assert.equal((await page('/admin/monitor/', moderator)).status, 403);

      const index = await page('/admin/monitor/', admin);
      assert.equal(index.status, 200);
      assert.match(index.headers.get('content-type') ?? '', /html/);
      const rooms = await page('/admin/monitor/api', admin);
      assert.equal(rooms.status, 200);
      const listed = JSON.stringify(await rooms.json());
      assert.ok(listed.includes(game.id), 'the monitor lists the game');

      const call = await page(
        `/admin/monitor/api/room/call?roomId=${game.id}&method=disconnect&args=%5B%5D`,
        admin,
      );
      assert.equal(call.status, 403);
      assert.equal(((await call.json()) as { error: { code: string } }).error.code, 'FORBIDDEN');
      assert.ok(matchMaker.getLocalRoomById(game.id), 'the room is still there');
      assert.equal(game.white.room.connection.isOpen, true);
    });

    it('a revoked staff session loses the monitor and the console at once', async () => {
      const other = uniqueName('adm');
      await api.post('/api/auth/register', { username: other, password: PASSWORD });
      await api.post(`/api/admin/users/${other}/roles`, { roles: ['admin'], reason: 'staff' }, admin);
      const token = (await api.post('/api/auth/login', { username: other, password: PASSWORD })).body
        .accessToken;
      assert.equal((await page('/admin/monitor/', token)).status, 200);
      await api.post(`/api/admin/users/${other}/revoke-sessions`, { reason: 'left the team' }, admin);
      assert.equal((await page('/admin/monitor/', token)).status, 401);
      assert.equal((await page('/admin/users', token)).status, 401);
    });
  },
);
