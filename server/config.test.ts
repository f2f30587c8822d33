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
