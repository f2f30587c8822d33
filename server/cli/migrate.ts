/**
 * `npm run db:migrate`: applies pending migrations to the database the environment names
 * (DATABASE_URL, else the PGlite folder in DATA_DIR) and says which it applied.
 */
import { databaseTargetOf, openStore } from '../app.ts';
import { loadConfig } from '../config.ts';
import { migrate } from '../db/orm.ts';
import { runCli } from './run.ts';

await runCli(async () => {
  const config = loadConfig(process.env);
  const store = await openStore(databaseTargetOf(config));
  try {
    const applied = await migrate(store.orm);
    process.stdout.write(
      applied.length > 0 ? `applied: ${applied.join(', ')}\n` : 'the database is up to date\n',
    );
  } finally {
    await store.close();
  }
});
