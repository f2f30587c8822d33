import argon2 from 'argon2';
import type { PasswordHasher } from '../services/ports.ts';
import { Semaphore } from './semaphore.ts';

/** OWASP's argon2id recommendation: 19 MiB of memory, 2 passes, 1 lane. */
export const ARGON2_PARAMS = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * argon2id on the libuv pool, with a bound on how many hashes run at once so that a burst of
 * logins cannot take every core from the rooms. Excess work waits in a bounded queue; past it the
 * hasher refuses (`QueueFullError`) and the API answers 503.
 */
export class Argon2PasswordHasher implements PasswordHasher {
  private readonly gate: Semaphore;
  /** A real hash of a random password, verified against when the account does not exist, so
   *  that a missing account costs the same time as a wrong password. */
  private readonly decoy: Promise<string>;

  constructor(concurrency: number, queueLimit: number) {
    this.gate = new Semaphore(concurrency, queueLimit);
    this.decoy = argon2.hash(crypto.randomUUID(), ARGON2_PARAMS);
  }

  hash(password: string): Promise<string> {
    return this.gate.run(() => argon2.hash(password, ARGON2_PARAMS));
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.gate.run(() => argon2.verify(hash, password));
  }

  async verifyDecoy(password: string): Promise<void> {
    const decoy = await this.decoy;
    await this.gate.run(() => argon2.verify(decoy, password));
  }

  get load(): { active: number; queued: number } {
    return { active: this.gate.active, queued: this.gate.queued };
  }
}
