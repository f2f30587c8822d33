import type { Repositories } from '../db/database.ts';
import type { User } from '../db/entities/user.entity.ts';
import { type NewUser, UserConflict } from '../db/repositories/user.repository.ts';
import { AppError } from './errors.ts';

/** Inserts an account; a taken username or email becomes USERNAME_TAKEN or EMAIL_TAKEN. */
export async function insertUser(repos: Repositories, data: NewUser): Promise<User> {
  try {
    return await repos.users.insert(data);
  } catch (err) {
    throw conflictError(err);
  }
}

/** Writes changes to loaded accounts, with the same mapping of uniqueness conflicts. */
export async function flushUsers(repos: Repositories): Promise<void> {
  try {
    await repos.users.flush();
  } catch (err) {
    throw conflictError(err);
  }
}

function conflictError(err: unknown): unknown {
  if (!(err instanceof UserConflict)) return err;
  return err.field === 'email'
    ? new AppError('EMAIL_TAKEN', 'this email address is already in use')
    : new AppError('USERNAME_TAKEN', 'this username is already taken');
}
