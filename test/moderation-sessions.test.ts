import assert from 'node:assert/strict';
import { LobbyClient, RookeryError } from '../client-sdk/index.ts';
import { SESSION_CLOSE_CODES, SESSION_CLOSE_MESSAGES } from '../schema/moderation.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { PASSWORD, type Player, startGame } from './support/chess.ts';
import type { TestGameServer } from './support/game.ts';
import { client, startServer, uniqueName } from './support/server.ts';
import { staffStack } from './support/staff.ts';

/** Resolves with the close code and reason of a room connection, whenever it closes. */
function closeOf(room: { onLeave(cb: (code: number, reason?: string) => void): void }) {
  return new Promise<{ code: number; reason: string | undefined; at: number }>((resolve) =>
    room.onLeave((code, reason) => resolve({ code, reason, at: Date.now() })),
  );
}

forEachBackend('bans, kicks and revoked sessions take effect at once', (backend: Backend) => {
  let server: TestGameServer;
  let api: ReturnType<typeof client>;
  let admin: string;
  const adminName = uniqueName('root');

  staffStack(backend, adminName, (stack) => {
    ({ server, api, admin } = stack);
  });

  const act = (player: Player, action: string, body: object = { reason: 'testing' }) =>
    api.post(`/api/admin/users/${player.username}/${action}`, body, admin);

  it('a ban closes the player’s game and lobby with its code, and refuses their tokens everywhere', async () => {
    const game = await startGame(server.url);
    const banned = game.players.white;
    const lobby = await LobbyClient.join(banned.rookery, { chess: banned.chess });
    const token = await banned.rookery.accessToken();
    // A second session of the same account, from a plain HTTP login.
    const second = await api.post('/api/auth/login', { username: banned.username, password: PASSWORD });
    const reconnectionToken = game.white.room.reconnectionToken;
    const gameClosed = closeOf(game.white.room);
    const lobbyClosed = closeOf(lobby.room);

    const sent = Date.now();
    const ban = await act(banned, 'ban', { reason: 'abuse in chat' });
    assert.equal(ban.status, 200, JSON.stringify(ban.body));
    assert.equal(ban.body.banned, true);
    const [inGame, inLobby] = await Promise.all([gameClosed, lobbyClosed]);
    for (const closed of [inGame, inLobby]) {
      assert.equal(closed.code, SESSION_CLOSE_CODES.banned);
      assert.equal(closed.reason, SESSION_CLOSE_MESSAGES.banned);
    }
    console.log(`      closed ${Math.max(inGame.at, inLobby.at) - sent} ms after the ban was sent`);

    const me = await api.get('/api/me', token);
    assert.equal(me.status, 403);
    assert.equal(me.body.error.code, 'ACCOUNT_BANNED');
    const again = await api.post('/api/auth/refresh', { refreshToken: second.body.refreshToken });
    assert.equal(again.body.error.code, 'REFRESH_TOKEN_REVOKED');
    assert.equal((await api.get('/api/me', second.body.accessToken)).body.error.code, 'ACCOUNT_BANNED');
    await assert.rejects(LobbyClient.join(banned.rookery, { chess: banned.chess }), (err: unknown) => {
      return err instanceof RookeryError && ['ACCOUNT_BANNED', 'REFRESH_TOKEN_REVOKED'].includes(err.code);
    });
    // The seat is not held for a reconnection either.
    await assert.rejects(banned.chess.reconnect(reconnectionToken));
    // The opponent stays, and sees the banned player's seat empty.
    assert.equal(game.black.room.connection.isOpen, true);
    await lobby.leave().catch(() => undefined);
  });

  it('a kick closes every room of the user with its code; they may come back at once', async () => {
    const game = await startGame(server.url);
    const kicked = game.players.black;
    const lobby = await LobbyClient.join(kicked.rookery, { chess: kicked.chess });
    const gameClosed = closeOf(game.black.room);
    const lobbyClosed = closeOf(lobby.room);
    assert.equal((await act(kicked, 'kick', { reason: 'cool down' })).status, 200);
    const [inGame, inLobby] = await Promise.all([gameClosed, lobbyClosed]);
    assert.deepEqual([inGame.code, inLobby.code], [SESSION_CLOSE_CODES.kicked, SESSION_CLOSE_CODES.kicked]);
    const back = await LobbyClient.join(kicked.rookery, { chess: kicked.chess });
    assert.equal((await api.get('/api/me', await kicked.rookery.accessToken())).status, 200);
    await back.leave();
    // The white player saw nothing of it.
    assert.equal(game.white.room.connection.isOpen, true);
  });

  it('revoking the sessions refuses the old token; a new sign-in works, and a restart remembers', async () => {
    const game = await startGame(server.url);
    const player = game.players.white;
    const old = await player.rookery.accessToken();
    const closed = closeOf(game.white.room);
    assert.equal((await act(player, 'revoke-sessions', { reason: 'stolen laptop' })).status, 200);
    assert.equal((await closed).code, SESSION_CLOSE_CODES.revoked);
    const refused = await api.get('/api/me', old);
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error.code, 'SESSION_REVOKED');

    const login = await api.post('/api/auth/login', { username: player.username, password: PASSWORD });
    assert.equal(login.status, 200);
    assert.equal((await api.get('/api/me', login.body.accessToken)).status, 200);

    // Another node (or this one after a restart) reads the epoch from the record at boot.
    const other = await startServer(backend);
    try {
      const there = client(other.url);
      assert.equal((await there.get('/api/me', old)).body.error.code, 'SESSION_REVOKED');
      assert.equal((await there.get('/api/me', login.body.accessToken)).status, 200);
    } finally {
      await other.close();
    }
  });

  it('a forced password change: old sessions end; a new sign-in may only read itself and set a password', async () => {
    const game = await startGame(server.url);
    const player = game.players.white;
    const old = await player.rookery.accessToken();
    const closed = closeOf(game.white.room);
    assert.equal((await act(player, 'require-password-change', { reason: 'leaked password' })).status, 200);
    assert.equal((await closed).code, SESSION_CLOSE_CODES.revoked);
    assert.equal((await api.get('/api/me', old)).body.error.code, 'SESSION_REVOKED');

    const login = await api.post('/api/auth/login', { username: player.username, password: PASSWORD });
    assert.equal(login.status, 200);
    const held = login.body.accessToken;
    assert.equal((await api.get('/api/me', held)).status, 200);
    const games = await api.get('/api/me/games/current', held);
    assert.equal(games.status, 403);
    assert.equal(games.body.error.code, 'PASSWORD_CHANGE_REQUIRED');
    const changed = await api.post(
      '/api/me/password',
      { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
      held,
    );
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal((await api.get('/api/me/games/current', changed.body.accessToken)).status, 200);
    const again = await api.post('/api/auth/login', {
      username: player.username,
      password: 'a brand new passphrase',
    });
    assert.equal((await api.get('/api/me/games/current', again.body.accessToken)).status, 200);
  });

  it('a timed ban ends by itself: sign-in refused until then, allowed after', async () => {
    const game = await startGame(server.url);
    const player = game.players.black;
    const ban = await act(player, 'ban', { reason: 'rude', minutes: 10 });
    assert.equal(ban.status, 200);
    assert.ok(ban.body.bannedUntil);
    const login = () => api.post('/api/auth/login', { username: player.username, password: PASSWORD });
    assert.equal((await login()).body.error.code, 'ACCOUNT_BANNED');
    server.advance(11 * 60);
    try {
      assert.equal((await login()).status, 200);
    } finally {
      server.advance(-11 * 60);
    }
  });
});
