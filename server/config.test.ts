import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('runs on embedded defaults with nothing set', () => {
    const config = loadConfig({});
    assert.equal(config.env, 'development');
    assert.equal(config.port, 2567);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.redisUrl, undefined);
    assert.equal(config.migrateOnBoot, true);
    assert.equal(config.auth.accessTokenTtlSeconds, 900);
    assert.ok(config.auth.hashConcurrency >= 1);
    assert.equal(config.log.pretty, true);
  });

  it('reads every value it is given, with its type', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      DATABASE_URL: 'postgres://db/rookery',
      REDIS_URL: 'redis://cache:6379',
      PUBLIC_ADDRESS: 'node1.example.org:8080',
      AUTH_KEYS_FILE: '/run/secrets/keys.json',
      MIGRATE_ON_BOOT: 'false',
      ACCESS_TOKEN_TTL: '300',
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'warn',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.migrateOnBoot, false);
    assert.equal(config.auth.accessTokenTtlSeconds, 300);
    assert.equal(config.trustProxy, true);
    assert.equal(config.log.pretty, false);
    assert.equal(config.publicAddress, 'node1.example.org:8080');
  });

  it('writes mail to the data folder and links to the local server when nothing is set', () => {
    const config = loadConfig({ PORT: '3000' });
    assert.equal(config.mail.smtpUrl, undefined);
    assert.equal(config.mail.publicUrl, 'http://localhost:3000');
    assert.match(config.mail.from, /<no-reply@localhost>$/);
  });

  it('reads the mail settings, with the public URL kept without a trailing slash', () => {
    const config = loadConfig({
      SMTP_URL: 'smtps://user:secret@mail.example.org:465',
      MAIL_FROM: 'Rookery <no-reply@example.org>',
      PUBLIC_URL: 'https://play.example.org/',
      GUEST_MAX_AGE: '86400',
    });
    assert.equal(config.mail.smtpUrl, 'smtps://user:secret@mail.example.org:465');
    assert.equal(config.mail.from, 'Rookery <no-reply@example.org>');
    assert.equal(config.mail.publicUrl, 'https://play.example.org');
    assert.equal(config.accounts.guestMaxAgeSeconds, 86400);
  });

  const refused: Array<[string, Record<string, string>, RegExp]> = [
    [
      'production without a database or keys',
      { NODE_ENV: 'production' },
      /DATABASE_URL is required[\s\S]*AUTH_KEYS/,
    ],
    [
      'a cluster without PostgreSQL',
      { REDIS_URL: 'redis://x', PUBLIC_ADDRESS: 'a' },
      /requires DATABASE_URL/,
    ],
    [
      'a cluster without a public address',
      { REDIS_URL: 'redis://x', DATABASE_URL: 'postgres://y' },
      /requires PUBLIC_ADDRESS/,
    ],
    ['a database URL of another kind', { DATABASE_URL: 'mysql://x' }, /DATABASE_URL: must be a postgres/],
    ['a port out of range', { PORT: '70000' }, /PORT/],
    ['a boolean that is not one', { MIGRATE_ON_BOOT: 'maybe' }, /MIGRATE_ON_BOOT/],
    ['both ways of giving keys', { AUTH_KEYS: '{}', AUTH_KEYS_FILE: 'k.json' }, /not both/],
    ['an admin without a password', { ADMIN_USERNAME: 'root' }, /go together/],
    ['a mail server that is not SMTP', { SMTP_URL: 'http://mail.example.org' }, /SMTP_URL: must be an smtp/],
    ['a mail server URL that is not one', { SMTP_URL: 'smtp//nowhere' }, /SMTP_URL/],
    ['a sender with a line break', { MAIL_FROM: 'a@b.org\r\nBcc: c@d.org' }, /MAIL_FROM/],
    ['a sender that is not an address', { MAIL_FROM: 'Rookery' }, /MAIL_FROM/],
    ['a public URL with a query', { PUBLIC_URL: 'https://play.example.org/?x=1' }, /PUBLIC_URL/],
    ['a public URL of another scheme', { PUBLIC_URL: 'ftp://play.example.org' }, /PUBLIC_URL/],
    [
      'mail in production without a public URL',
      {
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://db/rookery',
        AUTH_KEYS_FILE: 'k.json',
        SMTP_URL: 'smtp://mail.example.org:587',
      },
      /SMTP_URL requires PUBLIC_URL/,
    ],
  ];
  for (const [what, env, message] of refused) {
    it(`refuses ${what}`, () => {
      assert.throws(
        () => loadConfig(env),
        (err: Error) => err instanceof ConfigError && message.test(err.message),
      );
    });
  }
});
