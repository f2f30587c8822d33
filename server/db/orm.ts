import type { PGlite } from '@electric-sql/pglite';
import { Migrator } from '@mikro-orm/migrations';
import { PgliteDriver } from '@mikro-orm/pglite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { MikroORM, type Options } from '@mikro-orm/sql';
import { migrations } from '../../migrations/index.ts';
import { entities } from './entities/index.ts';

/** Where the record lives: a PostgreSQL server, or PGlite in a folder (or in memory). */
export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolMax?: number }
  | { kind: 'pglite'; dataDir: string }
  /** An already open PGlite instance, owned by the caller (tests share one across a run). */
  | { kind: 'pglite-instance'; pglite: PGlite };

export type Orm = MikroORM;

export interface MigrationLogger {
  info(obj: object, msg: string): void;
}

function ormOptions(target: DatabaseTarget): Options {
  const common: Options = {
    entities,
    extensions: [Migrator],
    migrations: {
      migrationsList: migrations,
      snapshot: false,
      snapshotOnMigrate: false,
      silent: true,
      transactional: true,
      allOrNothing: true,
    },
    // Entities are defined in code; nothing is discovered from the file system at run time.
    discovery: { warnWhenNoEntities: true },
    allowGlobalContext: false,
    debug: false,
  };
  switch (target.kind) {
    case 'postgres':
      return {
        ...common,
        driver: PostgreSqlDriver,
        clientUrl: target.url,
        pool: { max: target.poolMax ?? 10 },
      } as Options;
    case 'pglite':
      return { ...common, driver: PgliteDriver, dbName: target.dataDir } as Options;
    case 'pglite-instance':
      return {
        ...common,
        driver: PgliteDriver,
        dbName: 'rookery',
        driverOptions: { pglite: target.pglite },
      } as Options;
  }
}

/** Opens the ORM on the target. Nothing is migrated here; see {@link migrate}. */
export async function openOrm(target: DatabaseTarget): Promise<Orm> {
  return (await MikroORM.init(ormOptions(target))) as Orm;
}

/**
 * Applies every pending migration, all or nothing, and returns the names it applied.
 * The same migration files run on PGlite and on PostgreSQL.
 */
export async function migrate(orm: Orm, log?: MigrationLogger): Promise<string[]> {
  const migrator = orm.migrator;
  const applied = await migrator.up();
  const names = applied.map((m) => m.name);
  if (names.length > 0) log?.info({ migrations: names }, 'database migrated');
  return names;
}

/** Names of migrations not yet applied. */
export async function pendingMigrations(orm: Orm): Promise<string[]> {
  return (await orm.migrator.getPending()).map((m) => m.name);
}
