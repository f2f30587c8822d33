import type { Database } from '../db/database.ts';
import type { Invitee } from '../domain/tournaments/tournament-access.ts';
import { AppError } from './errors.ts';
import type { PasswordHasher } from './ports.ts';

/**
 * The control plane's part of entering a private tournament: whom its creator names, and its
 * password, whose hash only the tournament's row keeps (the log, which anyone's reads replay,
 * never holds it). Everything else about an entry is the tournament room's to decide.
 */

/** The accounts named, in order and once each; USER_NOT_FOUND for a name nobody has. */
export async function accountsNamed(db: Database, usernames: readonly string[]): Promise<Invitee[]> {
  if (usernames.length === 0) return [];
  return db.read(async (repos) => {
    const invitees = new Map<string, Invitee>();
    for (const name of usernames) {
      const user = await repos.users.findByUsername(name);
      if (!user) throw new AppError('USER_NOT_FOUND', `no user "${name}"`);
      invitees.set(user.id, { userId: user.id, name: user.username });
    }
    return [...invitees.values()];
  });
}

/** Refuses with TOURNAMENT_PASSWORD_WRONG unless `password` is the tournament's. */
export async function checkPassword(
  db: Database,
  hasher: PasswordHasher,
  id: string,
  password: string | undefined,
): Promise<void> {
  const hash = await db.read((repos) => repos.tournaments.passwordHash(id));
  const right = password !== undefined && hash !== null && (await hasher.verify(hash, password));
  if (!right) {
    const message =
      password === undefined ? 'this tournament is entered with its password' : 'wrong password';
    throw new AppError('TOURNAMENT_PASSWORD_WRONG', message);
  }
}
