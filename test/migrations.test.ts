import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { migrations } from '../migrations/index.ts';
import { migrate, type Orm, openOrm, pendingMigrations } from '../server/db/orm.ts';

const COLUMNS = `select table_name, column_name, data_type, is_nullable, column_default
  from information_schema.columns where table_schema = 'public' and table_name not like 'mikro_orm%'
  order by table_name, column_name`;
const INDEXES = `select indexname, indexdef from pg_indexes where schemaname = 'public' order by indexname`;

/** The schema of a database as rows of text, to compare engines. */
async function describeSchema(orm: Orm): Promise<string[]> {
  const em = orm.em.fork();
  const columns = await em.execute(COLUMNS);
  const indexes = await em.execute(INDEXES);
  return [...columns, ...indexes].map((row) => JSON.stringify(row));
}

describe('migrations', function () {
  this.timeout(60_000);
  const schemas: Record<string, string[]> = {};

  it('apply on PGlite, roll back, and apply again, all or nothing', async () => {
    const pglite = await PGlite.create();
    const orm = await openOrm({ kind: 'pglite-instance', pglite });
    try {
      assert.deepEqual(
        await migrate(orm),
        migrations.map((m) => m.name),
      );
      assert.deepEqual(await migrate(orm), [], 'a second run applied something');
      assert.deepEqual(await pendingMigrations(orm), []);
      schemas.pglite = await describeSchema(orm);
      await orm.migrator.down({ to: 0 });
      const left = await orm.em
        .fork()
        .execute(
          `select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name not like 'mikro_orm%'`,
        );
      assert.equal(left[0]!.n, 0, 'rolling back left tables behind');
      await migrate(orm);
      assert.deepEqual(await describeSchema(orm), schemas.pglite);
    } finally {
      await orm.close();
      await pglite.close();
    }
  });

  it('apply on PostgreSQL and give the very same schema as on PGlite', async function () {
    const adminUrl = process.env.TEST_POSTGRES_URL;
    if (!adminUrl) this.skip();
    const name = `rookery_migr_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(adminUrl!);
    url.pathname = `/${name}`;
    const orm = await openOrm({ kind: 'postgres', url: url.toString() });
    try {
      assert.deepEqual(
        await migrate(orm),
        migrations.map((m) => m.name),
      );
      assert.ok(schemas.pglite, 'the PGlite case did not run first');
      assert.deepEqual(await describeSchema(orm), schemas.pglite);
    } finally {
      await orm.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
