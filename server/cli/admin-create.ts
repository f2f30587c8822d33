/**
 * `npm run admin:create -- <username>`: creates the account as an admin, or promotes an existing
 * account. The password of a new account is read from ADMIN_PASSWORD, else from standard input
 * (one line), so it never appears in the shell history or the process list.
 */
import { databaseTargetOf, openStore } from '../app.ts';
import { loadConfig } from '../config.ts';
import { Database } from '../db/database.ts';
import { migrate } from '../db/orm.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from '../domain/accounts.ts';
import { Argon2PasswordHasher } from '../platform/argon2.hasher.ts';
import { AdminService } from '../services/admin.service.ts';
import { AppError } from '../services/errors.ts';
import { runCli } from './run.ts';

async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('password (one line): ');
  let input = '';
  for await (const chunk of process.stdin) {
    input += chunk;
    if (input.includes('\n')) break;
  }
  return input.split('\n')[0]!.replace(/\r$/, '');
}

await runCli(async () => {
  const username = process.argv[2];
  if (!username) throw new AppError('VALIDATION_FAILED', 'usage: npm run admin:create -- <username>');
  const config = loadConfig(process.env);
  const password = await readPassword();
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    throw new AppError(
      'VALIDATION_FAILED',
      `the password must have ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`,
    );
  }
  const store = await openStore(databaseTargetOf(config));
  try {
    if (config.migrateOnBoot) await migrate(store.orm);
    const admin = new AdminService(new Database(store.orm), new Argon2PasswordHasher(1, 1), () => new Date());
    const outcome = await admin.ensureAdmin(username, password);
    const what = outcome.created
      ? 'created as an admin'
      : outcome.promoted
        ? 'promoted to admin'
        : 'already an admin';
    process.stdout.write(`${username}: ${what}\n`);
  } finally {
    await store.close();
  }
});
