import assert from 'node:assert/strict';
import { type Backend, forEachBackend } from './support/backends.ts';
import {
  client,
  expectUnchanged,
  type Reply,
  startServer,
  type TestServer,
  uniqueName,
} from './support/server.ts';
import { startSmtp, type TestSmtp, tokenIn } from './support/smtp.ts';

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a brand new passphrase';

forEachBackend('email verification and password reset by mail', (backend: Backend) => {
  let smtp: TestSmtp;
  let server: TestServer;
  let api: ReturnType<typeof client>;

  before(async function () {
    // The first suite of a run to open the embedded database pays for its migrations.
    this.timeout(120_000);
    smtp = await startSmtp();
    server = await startServer(backend, { SMTP_URL: smtp.url, PUBLIC_URL: 'https://play.example.org' });
    api = client(server.url);
  });
  after(async () => {
    await server?.close();
    await smtp?.close();
  });

  const unchanged = (action: () => Promise<unknown>) => expectUnchanged(backend, action);
  const address = () => `${uniqueName('m')}@example.org`.toLowerCase();
  /** The next mail to `to`, once everything posted so far has been handed to the SMTP server. */
  const mailTo = async (to: string) => {
    await server.app.services.passwordReset.idle();
    await server.app.mail.idle();
    return smtp.nextMail(to);
  };
  const register = async (email?: string) => {
    const res = await api.post('/api/auth/register', {
      username: uniqueName(),
      password: PASSWORD,
      ...(email ? { email } : {}),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const verified = async (email: string) => {
    const account = await register(email);
    const token = tokenIn(await mailTo(email), '/verify-email');
    assert.equal((await api.post('/api/auth/verify-email', { token })).status, 200);
    return account;
  };

  describe('verification', () => {
    it('mails a link at registration; following it verifies the address, and the other claimant loses it', async () => {
      const email = address();
      const squatter = await register(email);
      const owner = await register(email.toUpperCase());
      // Both claimed the address; each got a link, and the owner follows theirs first.
      const squatterMail = await mailTo(email);
      const ownerMail = await mailTo(email);
      const [first, second] = [squatterMail, ownerMail].map((m) => tokenIn(m, '/verify-email'));
      assert.notEqual(first, second);
      assert.match(ownerMail.text, /https:\/\/play\.example\.org\/verify-email\?token=/);
      assert.match(ownerMail.html, /<a href="https:\/\/play\.example\.org\/verify-email\?token=/);
      const ownerToken = ownerMail.text.includes(owner.user.username) ? second : first;
      const squatterToken = ownerToken === first ? second : first;

      const res = await api.post('/api/auth/verify-email', { token: ownerToken });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body, { email: email.toUpperCase(), emailVerified: true });
      const me = await api.get('/api/me', owner.accessToken);
      assert.equal(me.body.emailVerified, true);
      const other = await api.get('/api/me', squatter.accessToken);
      assert.equal(other.body.email, null);
      assert.equal(other.body.emailVerified, false);
      // The loser's own link is dead.
      await unchanged(async () => {
        const late = await api.post('/api/auth/verify-email', { token: squatterToken });
        assert.equal(late.status, 400);
        assert.equal(late.body.error.code, 'MAIL_TOKEN_INVALID');
      });
      const audit = await backend.sql<{ action: string; target_id: string }>(
        `select action, target_id from audit_log where action in ('user.email_verified', 'user.email_claim_dropped')
          and (target_id = $1 or target_id = $2) order by id`,
        [owner.user.id, squatter.user.id],
      );
      assert.deepEqual(
        audit.map((a) => [a.action, a.target_id]),
        [
          ['user.email_claim_dropped', squatter.user.id],
          ['user.email_verified', owner.user.id],
        ],
      );
    });

    it('refuses a used token with a clear 400 and changes nothing', async () => {
      const email = address();
      await register(email);
      const token = tokenIn(await mailTo(email), '/verify-email');
      assert.equal((await api.post('/api/auth/verify-email', { token })).status, 200);
      await unchanged(async () => {
        const again = await api.post('/api/auth/verify-email', { token });
        assert.equal(again.status, 400);
        assert.equal(again.body.error.code, 'MAIL_TOKEN_INVALID');
        assert.match(again.body.error.message, /not valid or was already used/);
      });
    });

    it('refuses an expired token with a clear 400 and changes nothing', async () => {
      const email = address();
      const account = await register(email);
      const token = tokenIn(await mailTo(email), '/verify-email');
      server.advance(2 * 86_400 + 1);
      try {
        await unchanged(async () => {
          const res = await api.post('/api/auth/verify-email', { token });
          assert.equal(res.status, 400);
          assert.equal(res.body.error.code, 'MAIL_TOKEN_EXPIRED');
        });
      } finally {
        server.advance(-(2 * 86_400 + 1));
      }
      assert.equal((await api.get('/api/me', account.accessToken)).body.emailVerified, false);
    });

    it('resends a new link that replaces the old one, a few times an hour at most', async () => {
      const email = address();
      const account = await register(email);
      const old = tokenIn(await mailTo(email), '/verify-email');
      const resent = await api.post('/api/auth/verify-email/resend', undefined, account.accessToken);
      assert.equal(resent.status, 202);
      const fresh = tokenIn(await mailTo(email), '/verify-email');
      assert.notEqual(fresh, old);
      assert.equal(
        (await api.post('/api/auth/verify-email', { token: old })).body.error.code,
        'MAIL_TOKEN_INVALID',
      );
      await api.post('/api/auth/verify-email/resend', undefined, account.accessToken);
      await api.post('/api/auth/verify-email/resend', undefined, account.accessToken);
      await mailTo(email);
      await mailTo(email);
      await unchanged(async () => {
        const flood = await api.post('/api/auth/verify-email/resend', undefined, account.accessToken);
        assert.equal(flood.status, 429);
        assert.equal(flood.body.error.code, 'RATE_LIMITED');
        assert.ok(Number(flood.headers.get('retry-after')) > 0);
      });
    });

    it('refuses to resend for a verified address or an account without one', async () => {
      const email = address();
      const account = await verified(email);
      const noMail = await register();
      await unchanged(async () => {
        const done = await api.post('/api/auth/verify-email/resend', undefined, account.accessToken);
        assert.equal(done.status, 409);
        assert.equal(done.body.error.code, 'EMAIL_ALREADY_VERIFIED');
        const none = await api.post('/api/auth/verify-email/resend', undefined, noMail.accessToken);
        assert.equal(none.status, 409);
        assert.equal(none.body.error.code, 'EMAIL_NOT_SET');
        const anonymous = await api.post('/api/auth/verify-email/resend');
        assert.equal(anonymous.status, 401);
        assert.equal(anonymous.body.error.code, 'UNAUTHENTICATED');
      });
    });

    it('changes the address after checking the password, as a new claim to verify', async () => {
      const account = await verified(address());
      const next = address();
      await unchanged(async () => {
        const wrong = await api.put(
          '/api/me/email',
          { email: next, password: 'wrong password' },
          account.accessToken,
        );
        assert.equal(wrong.status, 401);
        assert.equal(wrong.body.error.code, 'INVALID_CREDENTIALS');
      });
      const changed = await api.put(
        '/api/me/email',
        { email: next, password: PASSWORD },
        account.accessToken,
      );
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.equal(changed.body.email, next);
      assert.equal(changed.body.emailVerified, false);
      const token = tokenIn(await mailTo(next), '/verify-email');
      assert.equal((await api.post('/api/auth/verify-email', { token })).status, 200);
      assert.equal((await api.get('/api/me', account.accessToken)).body.emailVerified, true);
    });
  });

  describe('password reset', () => {
    it('answers a known and an unknown address identically', async () => {
      const email = address();
      await verified(email);
      const known = await api.post('/api/auth/password-reset/request', { email });
      const unknown = await api.post('/api/auth/password-reset/request', { email: address() });
      assert.equal(known.status, 202);
      assert.equal(unknown.status, known.status);
      assert.deepEqual(unknown.body, known.body);
      const headers = (h: Headers) =>
        [...h.entries()].filter(([k]) => !['date', 'x-request-id', 'etag'].includes(k)).sort();
      assert.deepEqual(headers(unknown.headers), headers(known.headers));
      await mailTo(email);
    });

    it('resets by mail: the new password logs in, every old session is refused, the link works once', async () => {
      const email = address();
      const account = await verified(email);
      const otherDevice = await api.post('/api/auth/login', {
        username: account.user.username,
        password: PASSWORD,
      });
      assert.equal(
        (await api.post('/api/auth/password-reset/request', { email: email.toUpperCase() })).status,
        202,
      );
      const mail = await mailTo(email);
      assert.equal(mail.subject, 'Reset your password');
      const token = tokenIn(mail, '/reset-password');

      const done = await api.post('/api/auth/password-reset/confirm', { token, password: NEW_PASSWORD });
      assert.equal(done.status, 204, JSON.stringify(done.body));

      for (const old of [account, otherDevice.body]) {
        const refresh = await api.post('/api/auth/refresh', { refreshToken: old.refreshToken });
        assert.equal(refresh.status, 401);
        assert.equal(refresh.body.error.code, 'REFRESH_TOKEN_REVOKED');
        const me = await api.get('/api/me', old.accessToken);
        assert.equal(me.status, 401);
        assert.equal(me.body.error.code, 'SESSION_ENDED');
      }
      const oldLogin = await api.post('/api/auth/login', {
        username: account.user.username,
        password: PASSWORD,
      });
      assert.equal(oldLogin.status, 401);
      const login = await api.post('/api/auth/login', {
        username: account.user.username,
        password: NEW_PASSWORD,
      });
      assert.equal(login.status, 200);

      await unchanged(async () => {
        const reused = await api.post('/api/auth/password-reset/confirm', {
          token,
          password: 'yet another one',
        });
        assert.equal(reused.status, 400);
        assert.equal(reused.body.error.code, 'MAIL_TOKEN_INVALID');
      });
      const audit = await backend.sql<{ action: string }>(
        `select action from audit_log where target_id = $1 and action like 'user.password_reset%' order by id`,
        [account.user.id],
      );
      assert.deepEqual(
        audit.map((a) => a.action),
        ['user.password_reset_requested', 'user.password_reset'],
      );
    });

    it('refuses a reset link after 30 minutes and changes nothing', async () => {
      const email = address();
      const account = await verified(email);
      await api.post('/api/auth/password-reset/request', { email });
      const token = tokenIn(await mailTo(email), '/reset-password');
      server.advance(30 * 60 + 1);
      try {
        await unchanged(async () => {
          const res = await api.post('/api/auth/password-reset/confirm', { token, password: NEW_PASSWORD });
          assert.equal(res.status, 400);
          assert.equal(res.body.error.code, 'MAIL_TOKEN_EXPIRED');
        });
      } finally {
        server.advance(-(30 * 60 + 1));
      }
      assert.equal((await api.get('/api/me', account.accessToken)).status, 200);
    });

    it('mails nothing to an unverified address, and at most three links an hour to one address', async () => {
      const unverified = address();
      await register(unverified);
      await mailTo(unverified); // the verification link
      await api.post('/api/auth/password-reset/request', { email: unverified });
      const email = address();
      await verified(email);
      const replies: Reply[] = [];
      for (let i = 0; i < 5; i++) replies.push(await api.post('/api/auth/password-reset/request', { email }));
      assert.ok(replies.every((r) => r.status === 202 && r.body.message === replies[0]!.body.message));
      await server.app.services.passwordReset.idle();
      await server.app.mail.idle();
      const resets = (to: string) =>
        smtp.received.filter((m) => m.to.includes(to) && m.subject === 'Reset your password').length;
      assert.equal(resets(unverified), 0);
      assert.equal(resets(email), 3);
    });
  });

  describe('bad input changes nothing', () => {
    const cases: Array<[string, string, unknown, number, string]> = [
      ['verify: no body', '/api/auth/verify-email', undefined, 400, 'VALIDATION_FAILED'],
      ['verify: a number as token', '/api/auth/verify-email', { token: 12 }, 400, 'VALIDATION_FAILED'],
      [
        'verify: an unknown field',
        '/api/auth/verify-email',
        { token: 'x', admin: true },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'verify: a forged token',
        '/api/auth/verify-email',
        { token: 'A'.repeat(43) },
        400,
        'MAIL_TOKEN_INVALID',
      ],
      [
        'verify: a token of another shape',
        '/api/auth/verify-email',
        { token: "' or 1=1 --" },
        400,
        'MAIL_TOKEN_INVALID',
      ],
      [
        'verify: a huge token',
        '/api/auth/verify-email',
        { token: 'x'.repeat(5000) },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'reset: not an address',
        '/api/auth/password-reset/request',
        { email: 'nobody' },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'reset: an array',
        '/api/auth/password-reset/request',
        [{ email: 'a@b.org' }],
        400,
        'VALIDATION_FAILED',
      ],
      ['reset: null', '/api/auth/password-reset/request', { email: null }, 400, 'VALIDATION_FAILED'],
      [
        'confirm: no password',
        '/api/auth/password-reset/confirm',
        { token: 'A'.repeat(43) },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'confirm: a short password',
        '/api/auth/password-reset/confirm',
        { token: 'A'.repeat(43), password: 'short' },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'confirm: a forged token',
        '/api/auth/password-reset/confirm',
        { token: 'B'.repeat(43), password: NEW_PASSWORD },
        400,
        'MAIL_TOKEN_INVALID',
      ],
      ['verify: malformed JSON', '/api/auth/verify-email', '{"token": ', 400, 'MALFORMED_JSON'],
    ];
    for (const [what, path, body, status, code] of cases) {
      it(`${what} → ${status} ${code}`, async () => {
        await unchanged(async () => {
          const res = await api.post(path, body);
          assert.equal(res.status, status, JSON.stringify(res.body));
          assert.equal(res.body.error.code, code);
          assert.equal(typeof res.body.error.message, 'string');
        });
      });
    }

    it('a flood of forged tokens is cut off by the per-IP limit of /api/auth', async () => {
      await withLimit(async (limited) => {
        await unchanged(async () => {
          const codes = [];
          for (let i = 0; i < 6; i++) {
            codes.push(
              (await limited.post('/api/auth/verify-email', { token: 'C'.repeat(43) })).body.error.code,
            );
          }
          assert.deepEqual(codes.slice(0, 4), Array(4).fill('MAIL_TOKEN_INVALID'));
          assert.deepEqual(codes.slice(4), ['RATE_LIMITED', 'RATE_LIMITED']);
        });
      });
    });

    const withLimit = async (body: (api: ReturnType<typeof client>) => Promise<void>) => {
      const limited = await startServer(backend, { SMTP_URL: smtp.url, AUTH_RATE_IP_POINTS: '4' });
      try {
        await body(client(limited.url));
      } finally {
        await limited.close();
      }
    };
  });
});
