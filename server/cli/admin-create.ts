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
import { DataDirLockedError } from '../platform/data-dir-lock.ts';
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
  // ADMIN_PASSWORD is this command's input, not the boot bootstrap (which pairs it with
  // ADMIN_USERNAME): the server's configuration is read without the two.
  const { ADMIN_USERNAME: _name, ADMIN_PASSWORD: _password, ...serverEnv } = process.env;
  const config = loadConfig(serverEnv);
  const password = await readPassword();
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    throw new AppError(
      'VALIDATION_FAILED',
      `the password must have ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`,
    );
  }
  const store = await openStore(databaseTargetOf(config)).catch((err: unknown) => {
    throw err instanceof DataDirLockedError ? whileServerRuns(err, username) : err;
  });
  try {
    if (config.migrateOnBoot) await migrate(store.orm);
    const admin = new AdminService({
      db: new Database(store.orm),
      hasher: new Argon2PasswordHasher(1, 1),
      clock: () => new Date(),
    });
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

/**
 * The embedded database is one process's alone: while `npm run dev` holds the data folder, this
 * command cannot open it. The message says the two ways out.
 */
function whileServerRuns(err: DataDirLockedError, username: string): DataDirLockedError {
  return new DataDirLockedError(
    `${err.message}.\nWhile the development server runs, either stop it (Ctrl-C), run this command ` +
      `again and start the server again, or restart the server once with ` +
      `ADMIN_USERNAME=${username} ADMIN_PASSWORD=… npm run dev (it creates or promotes the admin at boot).`,
  );
}
