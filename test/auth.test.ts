import assert from 'node:assert/strict';
import * as jose from 'jose';
import { generateKeySetJson } from '../server/platform/keys.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import {
  client,
  expectUnchanged,
  startServer,
  type TestServer,
  uniqueName,
  withServer,
} from './support/server.ts';

const PASSWORD = 'correct horse battery';

forEachBackend('accounts and sessions', (backend: Backend) => {
  let server: TestServer;
  let api: ReturnType<typeof client>;

  before(async () => {
    server = await startServer(backend);
    api = client(server.url);
  });
  after(() => server?.close());

  const register = async (username = uniqueName(), password = PASSWORD, extra: object = {}) => {
    const res = await api.post('/api/auth/register', { username, password, ...extra });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };

  const unchanged = (action: () => Promise<unknown>) => expectUnchanged(backend, action);

  describe('register → login → me → refresh → reuse', () => {
    it('walks the whole session life cycle, and a replayed refresh token ends the family', async () => {
      const username = uniqueName('Alice');
      const registered = await register(username, PASSWORD, { email: `${username}@example.org` });
      assert.equal(registered.user.username, username);
      assert.equal(registered.user.guest, false);
      assert.deepEqual(registered.user.roles, ['user']);
      assert.equal(registered.expiresIn, 900);
      assert.equal('passwordHash' in registered.user, false);

      const login = await api.post('/api/auth/login', {
        username: username.toUpperCase(),
        password: PASSWORD,
      });
      assert.equal(login.status, 200);
      assert.equal(login.body.user.id, registered.user.id);
      // Tokens must not be kept by any cache on the way.
      assert.equal(login.headers.get('cache-control'), 'no-store');
      assert.equal(login.headers.get('x-content-type-options'), 'nosniff');

      const me = await api.get('/api/me', login.body.accessToken);
      assert.equal(me.status, 200);
      assert.equal(me.body.username, username);
      assert.equal(me.body.email, `${username}@example.org`);

      const first = login.body.refreshToken;
      const rotated = await api.post('/api/auth/refresh', { refreshToken: first });
      assert.equal(rotated.status, 200);
      assert.notEqual(rotated.body.refreshToken, first);
      assert.equal((await api.get('/api/me', rotated.body.accessToken)).status, 200);

      // The spent token comes back: theft is assumed, the family dies, including the new token.
      const replay = await api.post('/api/auth/refresh', { refreshToken: first });
      assert.equal(replay.status, 401);
      assert.equal(replay.body.error.code, 'REFRESH_TOKEN_REUSED');
      const afterTheft = await api.post('/api/auth/refresh', { refreshToken: rotated.body.refreshToken });
      assert.equal(afterTheft.status, 401);
      assert.equal(afterTheft.body.error.code, 'REFRESH_TOKEN_REVOKED');

      const [family] = await backend.sql<{ revoke_reason: string }>(
        'select revoke_reason from refresh_token_families where id = $1',
        [first.split('.')[0]],
      );
      assert.equal(family?.revoke_reason, 'reuse');
      const audit = await backend.sql<{ action: string }>(
        'select action from audit_log where target_id = $1 order by id',
        [registered.user.id],
      );
      assert.deepEqual(
        audit.map((a) => a.action),
        ['user.registered', 'user.login', 'auth.refresh_reused'],
      );

      // Another login (another family) is untouched by the theft of the first.
      assert.equal(
        (await api.post('/api/auth/refresh', { refreshToken: registered.refreshToken })).status,
        200,
      );
    });

    it('lets only one of two simultaneous refreshes with the same token win', async () => {
      const { refreshToken } = await register();
      const replies = await Promise.all([
        api.post('/api/auth/refresh', { refreshToken }),
        api.post('/api/auth/refresh', { refreshToken }),
      ]);
      const statuses = replies.map((r) => r.status).sort();
      assert.ok(statuses[1] === 401, `both refreshes succeeded: ${statuses}`);
      assert.ok(replies.some((r) => r.body?.error?.code === 'REFRESH_TOKEN_REUSED'));
    });

    it('ends a session at logout, idempotently', async () => {
      const { refreshToken } = await register();
      assert.equal((await api.post('/api/auth/logout', { refreshToken })).status, 204);
      assert.equal((await api.post('/api/auth/logout', { refreshToken })).status, 204);
      const res = await api.post('/api/auth/refresh', { refreshToken });
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'REFRESH_TOKEN_REVOKED');
    });

    it('refuses an expired refresh token and an expired access token', async () => {
      const session = await register();
      await withServer(backend, {}, async (other, clock) => {
        clock.advance(901);
        const me = await other.get('/api/me', session.accessToken);
        assert.equal(me.status, 401);
        assert.equal(me.body.error.code, 'TOKEN_EXPIRED');
        assert.match(me.headers.get('www-authenticate') ?? '', /invalid_token/);
        clock.advance(31 * 86_400);
        const refresh = await other.post('/api/auth/refresh', { refreshToken: session.refreshToken });
        assert.equal(refresh.status, 401);
        assert.equal(refresh.body.error.code, 'REFRESH_TOKEN_EXPIRED');
      });
    });
  });

  describe('profile', () => {
    it('changes display name and country, and clears them with null', async () => {
      const { accessToken } = await register();
      const set = await api.patch('/api/me', { displayName: '  Magnus C.  ', country: 'NO' }, accessToken);
      assert.equal(set.status, 200, JSON.stringify(set.body));
      assert.equal(set.body.displayName, 'Magnus C.');
      assert.equal(set.body.country, 'NO');
      const cleared = await api.patch('/api/me', { country: null }, accessToken);
      assert.equal(cleared.body.country, null);
      assert.equal(cleared.body.displayName, 'Magnus C.');
    });

    it('refuses unknown countries, unknown fields and empty patches without changing anything', async () => {
      const { accessToken } = await register();
      for (const body of [
        { country: 'XX' },
        { country: 'fr' },
        { roles: ['admin'] },
        {},
        { displayName: 'a\u0007b' },
      ]) {
        await unchanged(async () => {
          const res = await api.patch('/api/me', body, accessToken);
          assert.equal(res.status, 400, JSON.stringify(body));
          assert.equal(res.body.error.code, 'VALIDATION_FAILED');
        });
      }
    });

    it('changes the password, ending every other session and starting a fresh one', async () => {
      const username = uniqueName();
      const first = await register(username);
      const second = (await api.post('/api/auth/login', { username, password: PASSWORD })).body;
      const changed = await api.post(
        '/api/me/password',
        { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
        first.accessToken,
      );
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      for (const old of [first.refreshToken, second.refreshToken]) {
        assert.equal(
          (await api.post('/api/auth/refresh', { refreshToken: old })).body.error.code,
          'REFRESH_TOKEN_REVOKED',
        );
      }
      assert.equal(
        (await api.post('/api/auth/refresh', { refreshToken: changed.body.refreshToken })).status,
        200,
      );
      assert.equal((await api.post('/api/auth/login', { username, password: PASSWORD })).status, 401);
      assert.equal(
        (await api.post('/api/auth/login', { username, password: 'a brand new passphrase' })).status,
        200,
      );
    });

    it('refuses a wrong current password, a weak new one and a guest, changing nothing', async () => {
      const { accessToken } = await register();
      const guest = (await api.post('/api/auth/guest')).body;
      const cases: Array<[string, object, number, string]> = [
        [
          accessToken,
          { currentPassword: 'not it at all', newPassword: 'whatever long' },
          401,
          'INVALID_CREDENTIALS',
        ],
        [accessToken, { currentPassword: PASSWORD, newPassword: 'short' }, 400, 'VALIDATION_FAILED'],
        [accessToken, { currentPassword: PASSWORD }, 400, 'VALIDATION_FAILED'],
        [guest.accessToken, { currentPassword: 'x', newPassword: 'whatever long' }, 403, 'FORBIDDEN'],
      ];
      for (const [token, body, status, code] of cases) {
        await unchanged(async () => {
          const res = await api.post('/api/me/password', body, token);
          assert.equal(res.status, status, JSON.stringify(body));
          assert.equal(res.body.error.code, code);
        });
      }
    });

    it('needs a token', async () => {
      const res = await api.get('/api/me');
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'UNAUTHENTICATED');
    });
  });

  describe('guests', () => {
    it('plays as a guest, then registers and keeps the same account', async () => {
      const guest = await api.post('/api/auth/guest');
      assert.equal(guest.status, 201);
      assert.equal(guest.body.user.guest, true);
      assert.match(guest.body.user.username, /^Guest-[a-z2-9]{8}$/);
      assert.equal(
        (await api.post('/api/auth/login', { username: guest.body.user.username, password: 'x' })).status,
        401,
      );

      const username = uniqueName('Upgraded');
      const upgraded = await api.post(
        '/api/auth/register',
        { username, password: PASSWORD },
        guest.body.accessToken,
      );
      assert.equal(upgraded.status, 200, JSON.stringify(upgraded.body));
      assert.equal(upgraded.body.user.id, guest.body.user.id);
      assert.equal(upgraded.body.user.guest, false);
      assert.equal(upgraded.body.user.username, username);

      // The guest's own session ended with the upgrade.
      const old = await api.post('/api/auth/refresh', { refreshToken: guest.body.refreshToken });
      assert.equal(old.body.error.code, 'REFRESH_TOKEN_REVOKED');
      const login = await api.post('/api/auth/login', { username, password: PASSWORD });
      assert.equal(login.body.user.id, guest.body.user.id);

      // A registered account cannot be "upgraded" again with its own token.
      await unchanged(async () => {
        const again = await api.post(
          '/api/auth/register',
          { username: uniqueName(), password: PASSWORD },
          login.body.accessToken,
        );
        assert.equal(again.status, 409);
        assert.equal(again.body.error.code, 'ALREADY_REGISTERED');
      });
    });
  });

  describe('bad input changes nothing', () => {
    it('refuses a taken username whatever its case', async () => {
      const username = uniqueName('Taken');
      await register(username);
      await unchanged(async () => {
        const res = await api.post('/api/auth/register', {
          username: username.toLowerCase(),
          password: PASSWORD,
        });
        assert.equal(res.status, 409);
        assert.equal(res.body.error.code, 'USERNAME_TAKEN');
      });
    });

    it('lets a second account claim an unverified address: a claim blocks nobody', async () => {
      const email = `${uniqueName()}@Example.org`;
      const first = await register(uniqueName(), PASSWORD, { email });
      const second = await register(uniqueName(), PASSWORD, { email: email.toLowerCase() });
      assert.equal(first.user.emailVerified, false);
      assert.equal(second.user.email, email.toLowerCase());
      assert.equal(second.user.emailVerified, false);
    });

    const invalid: Array<[string, unknown, string]> = [
      ['a missing password', { username: 'validname' }, 'password'],
      ['a missing username', { password: PASSWORD }, 'username'],
      ['a too-long username', { username: 'a'.repeat(21), password: PASSWORD }, 'username'],
      ['a too-short password', { username: 'validname', password: 'short' }, 'password'],
      ['a number as username', { username: 12345, password: PASSWORD }, 'username'],
      ['an unknown field', { username: 'validname', password: PASSWORD, roles: ['admin'] }, ''],
      ['a bad email', { username: 'validname', password: PASSWORD, email: 'not-an-email' }, 'email'],
      ['an array body', [{ username: 'validname', password: PASSWORD }], ''],
    ];
    for (const [what, body, path] of invalid) {
      it(`refuses ${what} with VALIDATION_FAILED`, async () => {
        await unchanged(async () => {
          const res = await api.post('/api/auth/register', body);
          assert.equal(res.status, 400);
          assert.equal(res.body.error.code, 'VALIDATION_FAILED');
          assert.ok(
            res.body.error.details.some((d: { path: string }) => d.path === path),
            JSON.stringify(res.body),
          );
        });
      });
    }

    it('refuses reserved names', async () => {
      await unchanged(async () => {
        const res = await api.post('/api/auth/register', { username: 'Admin', password: PASSWORD });
        assert.equal(res.status, 409);
        assert.equal(res.body.error.code, 'USERNAME_RESERVED');
      });
    });

    it('answers a wrong password and an unknown user alike, so accounts cannot be enumerated', async () => {
      const username = uniqueName();
      await register(username);
      await unchanged(async () => {
        const wrong = await api.post('/api/auth/login', { username, password: 'not the password' });
        const unknown = await api.post('/api/auth/login', {
          username: uniqueName('ghost'),
          password: 'not the password',
        });
        assert.equal(wrong.status, 401);
        assert.deepEqual(wrong.body, unknown.body);
        assert.equal(wrong.body.error.code, 'INVALID_CREDENTIALS');
      });
    });

    it('refuses malformed and forged refresh tokens', async () => {
      const { refreshToken } = await register();
      const [family] = refreshToken.split('.');
      for (const token of [
        'garbage',
        `${family}.${'A'.repeat(43)}`,
        `${crypto.randomUUID()}.${'B'.repeat(43)}`,
      ]) {
        const res = await api.post('/api/auth/refresh', { refreshToken: token });
        assert.equal(res.status, 401, token);
        assert.ok(['REFRESH_TOKEN_INVALID', 'REFRESH_TOKEN_REUSED'].includes(res.body.error.code));
      }
    });
  });

  describe('access tokens', () => {
    const decode = (token: string) => {
      const [h, p, s] = token.split('.');
      return {
        header: JSON.parse(Buffer.from(h!, 'base64url').toString()),
        payload: JSON.parse(Buffer.from(p!, 'base64url').toString()),
        s: s!,
      };
    };

    it('publishes the verification keys, and tokens name their key', async () => {
      const { accessToken } = await register();
      const jwks = await api.get('/.well-known/jwks.json');
      assert.equal(jwks.status, 200);
      const { header } = decode(accessToken);
      assert.equal(header.alg, 'EdDSA');
      assert.ok(
        jwks.body.keys.some((k: { kid: string; d?: string }) => k.kid === header.kid && k.d === undefined),
      );
      const verified = await jose.jwtVerify(accessToken, jose.createLocalJWKSet(jwks.body));
      assert.equal(typeof verified.payload.sub, 'string');
    });

    it('refuses a token whose claims were altered (a self-made admin)', async () => {
      const { accessToken } = await register();
      const { header, payload, s } = decode(accessToken);
      const forged = [header, { ...payload, roles: ['user', 'admin'] }]
        .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
        .concat(s)
        .join('.');
      const res = await api.get('/api/admin/audit', forged);
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'TOKEN_INVALID');
    });

    it('refuses a token signed with another key under the same kid', async () => {
      const { accessToken } = await register();
      const { header, payload } = decode(accessToken);
      const other = JSON.parse(await generateKeySetJson()).keys[0];
      const key = await jose.importJWK(other, 'EdDSA');
      const forged = await new jose.SignJWT(payload).setProtectedHeader(header).sign(key);
      const res = await api.get('/api/me', forged);
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'TOKEN_INVALID');
    });

    it('refuses unsigned and HMAC tokens', async () => {
      const { accessToken } = await register();
      const { payload } = decode(accessToken);
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;
      const hmac = await new jose.SignJWT(payload)
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .sign(new TextEncoder().encode('a guessed secret of enough length!!'));
      for (const token of [none, hmac, 'not.a.jwt', 'x']) {
        const res = await api.get('/api/me', token);
        assert.equal(res.status, 401, token);
        assert.equal(res.body.error.code, 'TOKEN_INVALID');
      }
      const malformedHeader = await api.send('GET', '/api/me', undefined, { authorization: 'Basic abc' });
      assert.equal(malformedHeader.body.error.code, 'TOKEN_INVALID');
    });
  });

  describe('brute force', () => {
    it('locks an account after repeated failed logins, even for the right password, with Retry-After', async () => {
      await withServer(
        backend,
        {
          AUTH_RATE_ACCOUNT_POINTS: '3',
          AUTH_RATE_ACCOUNT_WINDOW: '600',
        },
        async (other) => {
          const username = uniqueName();
          assert.equal(
            (await other.post('/api/auth/register', { username, password: PASSWORD })).status,
            201,
          );
          await unchanged(async () => {
            for (let i = 0; i < 3; i++) {
              assert.equal(
                (await other.post('/api/auth/login', { username, password: `wrong${i}` })).status,
                401,
              );
            }
            const locked = await other.post('/api/auth/login', { username, password: PASSWORD });
            assert.equal(locked.status, 429);
            assert.equal(locked.body.error.code, 'RATE_LIMITED');
            const retry = Number(locked.headers.get('retry-after'));
            assert.ok(retry > 0 && retry <= 600, `Retry-After ${retry}`);
          });
        },
      );
    });

    it('limits requests per IP address across the auth routes', async () => {
      await withServer(backend, { AUTH_RATE_IP_POINTS: '4', AUTH_RATE_IP_WINDOW: '60' }, async (other) => {
        const statuses: number[] = [];
        for (let i = 0; i < 6; i++) {
          statuses.push(
            (await other.post('/api/auth/login', { username: 'nobody_here', password: 'x' })).status,
          );
        }
        assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429]);
        const guest = await other.post('/api/auth/guest');
        assert.equal(guest.status, 429);
        assert.ok(Number(guest.headers.get('retry-after')) >= 1);
      });
    });

    it('sheds password hashing beyond its queue with 503 SERVER_BUSY instead of queueing without bound', async () => {
      await withServer(backend, { HASH_CONCURRENCY: '1', HASH_QUEUE_LIMIT: '1' }, async (other) => {
        const replies = await Promise.all(
          Array.from({ length: 6 }, () =>
            other.post('/api/auth/register', { username: uniqueName(), password: PASSWORD }),
          ),
        );
        const busy = replies.filter((r) => r.status === 503);
        assert.ok(busy.length > 0, 'no request was shed');
        assert.ok(replies.some((r) => r.status === 201));
        assert.equal(busy[0]!.body.error.code, 'SERVER_BUSY');
        assert.equal(busy[0]!.headers.get('retry-after'), '1');
      });
    });
  });
});
