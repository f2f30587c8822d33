import assert from 'node:assert/strict';
import type { ChessEvent } from '../schema/chess.ts';
import type { GameService } from '../server/services/game.service.ts';
import { apiStack, bearer } from './support/api-suite.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { type client, expectUnchanged, type TestServer, uniqueName } from './support/server.ts';

const PASSWORD = 'correct horse battery';
const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);

interface Account {
  id: string;
  username: string;
  accessToken: string;
  refreshToken: string;
}

forEachBackend('taking your data and leaving', (backend: Backend) => {
  let server: TestServer;
  let api: ReturnType<typeof client>;
  let games: GameService;

  apiStack(backend, (stack) => {
    ({ server, api } = stack);
    games = server.app.services.games;
  });

  const unchanged = (action: () => Promise<unknown>) => expectUnchanged(backend, action);

  const register = async (username = uniqueName('d')): Promise<Account> => {
    const res = await api.post('/api/auth/register', { username, password: PASSWORD });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return { id: res.body.user.id, username, ...res.body };
  };

  /** A rated game between the two, through the record as a room writes it; `end: false` leaves it playing. */
  const playGame = async (white: Account, black: Account, end = true) => {
    const id = uniqueName('G');
    await games.create({
      id,
      white: { userId: white.id, name: white.username, bot: null },
      black: { userId: black.id, name: black.username, bot: null },
      timeControl: '3+2',
      initialMs: 180_000,
      incrementMs: 2_000,
      category: 'blitz',
      rated: true,
      startedAt: T0,
    });
    const move: ChessEvent = { type: 'move', at: T0 + 1000, by: 'white', uci: 'e2e4' };
    await games.append(id, 2, move, { san: 'e4', clock: { white: 180_000, black: 180_000 } });
    if (!end) return id;
    const resign: ChessEvent = { type: 'resign', at: T0 + 2000, by: 'black' } as ChessEvent;
    await games.append(id, 3, resign, { clock: { white: 180_000, black: 180_000 } });
    const pgn = `[Event "Rated blitz game"]\n[White "${white.username}"]\n[Black "${black.username}"]\n[Result "1-0"]\n\n1. e4 1-0\n`;
    await games.finish(id, {
      result: '1-0',
      termination: 'resignation',
      endedAt: T0 + 2000,
      pgn,
      fen: 'rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq - 0 1',
    });
    return id;
  };

  describe('export', () => {
    it('gives the profile, games, ratings, sessions, lists, notifications and audit entries as JSON', async () => {
      const me = await register();
      const opponent = await register();
      const gameId = await playGame(me, opponent);
      const res = await api.get('/api/me/export', me.accessToken);
      assert.equal(res.status, 200);
      assert.match(
        res.headers.get('content-disposition') ?? '',
        new RegExp(`attachment; filename="rookery-${me.username}.json"`),
      );
      const data = res.body;
      for (const category of [
        'profile',
        'games',
        'ratings',
        'sessions',
        'friends',
        'blocked',
        'notifications',
        'audit',
      ]) {
        assert.ok(category in data, `${category} is missing`);
      }
      assert.equal(data.profile.id, me.id);
      assert.equal(data.profile.username, me.username);
      assert.deepEqual(
        data.games.map((g: { gameId: string; seat: number; score: number; others: unknown[] }) => [
          g.gameId,
          g.seat,
          g.score,
          g.others,
        ]),
        [[gameId, 0, 1, [{ seat: 1, name: opponent.username, bot: null }]]],
      );
      assert.deepEqual(
        data.ratings.map((r: { pool: string; games: number }) => [r.pool, r.games]),
        [['blitz', 1]],
      );
      assert.equal(data.sessions.length, 1);
      assert.equal(data.sessions[0].id, me.refreshToken.split('.')[0]);
      assert.ok(
        !JSON.stringify(data).includes(me.refreshToken.split('.')[1]!),
        'the export carries a secret',
      );
      assert.ok(!JSON.stringify(data).includes('argon2'), 'the export carries the password hash');
      assert.deepEqual(
        data.audit.map((a: { action: string }) => a.action),
        ['user.registered'],
      );
    });

    it('refuses without an access token, and changes nothing', async () => {
      await unchanged(async () => {
        const res = await api.get('/api/me/export');
        assert.equal(res.status, 401);
        assert.equal(res.body.error.code, 'UNAUTHENTICATED');
      });
    });
  });

  describe('deletion', () => {
    it("leaves the opponent's game whole with the player shown as deleted, ends the sessions and frees the username", async () => {
      const leaving = await register();
      const opponent = await register();
      const gameId = await playGame(leaving, opponent);
      const phone = await api.post('/api/auth/login', { username: leaving.username, password: PASSWORD });

      const res = await api.send('DELETE', '/api/me', { password: PASSWORD }, bearer(leaving.accessToken));
      assert.equal(res.status, 204, JSON.stringify(res.body));

      const game = await api.get(`/api/games/${gameId}`);
      assert.equal(game.status, 200);
      assert.equal(game.body.status, 'ended');
      assert.equal(game.body.seats[0].name, 'deleted user');
      assert.equal(game.body.seats[0].userId, null);
      assert.equal(game.body.seats[1].name, opponent.username);
      assert.equal(game.body.seats[1].userId, opponent.id);
      const pgn = await api.get(`/api/games/${gameId}/pgn`);
      assert.match(pgn.body, /\[White "deleted user"\]/);
      assert.match(pgn.body, new RegExp(`\\[Black "${opponent.username}"\\]`));
      assert.ok(!pgn.body.includes(leaving.username));
      const history = await api.get(`/api/users/${opponent.username}/games`);
      assert.equal(history.body.games[0].id, gameId);

      for (const session of [leaving, phone.body]) {
        assert.equal((await api.get('/api/me', session.accessToken)).body.error.code, 'SESSION_ENDED');
        assert.equal(
          (await api.post('/api/auth/refresh', { refreshToken: session.refreshToken })).status,
          401,
        );
      }
      assert.equal((await api.get(`/api/users/${leaving.username}`)).status, 404);
      const rows = await backend.sql(
        'select 1 from users where id = $1 union all select 1 from ratings where user_id = $1',
        [leaving.id],
      );
      assert.equal(rows.length, 0);
      const audit = await backend.sql<{ action: string; details: { seats: number; sessionsEnded: number } }>(
        `select action, details from audit_log where target_id = $1 and action = 'user.deleted'`,
        [leaving.id],
      );
      assert.deepEqual(audit[0]?.details, { guest: false, seats: 1, sessionsEnded: 2 });

      const again = await register(leaving.username);
      assert.notEqual(again.id, leaving.id);
    });

    it('deletes a guest without a password', async () => {
      const guest = await api.post('/api/auth/guest');
      const res = await api.send('DELETE', '/api/me', undefined, bearer(guest.body.accessToken));
      assert.equal(res.status, 204, JSON.stringify(res.body));
      assert.equal((await backend.sql('select 1 from users where id = $1', [guest.body.user.id])).length, 0);
    });

    it('refuses a wrong or missing password, a game in progress, and bad input, changing nothing', async () => {
      const account = await register();
      const opponent = await register();
      const cases: Array<[unknown, number, string]> = [
        [{ password: 'not my password' }, 401, 'INVALID_CREDENTIALS'],
        [{}, 401, 'INVALID_CREDENTIALS'],
        [{ password: 42 }, 400, 'VALIDATION_FAILED'],
        [{ password: PASSWORD, force: true }, 400, 'VALIDATION_FAILED'],
        ['[1, 2]', 400, 'VALIDATION_FAILED'],
        ['{"password": ', 400, 'MALFORMED_JSON'],
      ];
      for (const [body, status, code] of cases) {
        await unchanged(async () => {
          const res = await api.send('DELETE', '/api/me', body, bearer(account.accessToken));
          assert.equal(res.status, status, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
          assert.equal(res.body.error.code, code);
        });
      }
      await playGame(account, opponent, false);
      await unchanged(async () => {
        const res = await api.send('DELETE', '/api/me', { password: PASSWORD }, bearer(account.accessToken));
        assert.equal(res.status, 409);
        assert.equal(res.body.error.code, 'ACCOUNT_IN_GAME');
      });
      await unchanged(async () => {
        const res = await api.send('DELETE', '/api/me', { password: PASSWORD }, bearer('forged.token.here'));
        assert.equal(res.status, 401);
        assert.equal(res.body.error.code, 'TOKEN_INVALID');
      });
      assert.equal((await api.get('/api/me', account.accessToken)).status, 200);
    });
  });
});
