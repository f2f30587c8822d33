import { ConfigError } from '../config.ts';
import { DataDirLockedError } from '../platform/data-dir-lock.ts';
import { AppError } from '../services/errors.ts';

/** Runs a command-line task: expected failures print one line and exit non-zero, without a stack. */
export async function runCli(task: () => Promise<void>): Promise<void> {
  try {
    await task();
    process.exit(0);
  } catch (err) {
    const expected =
      err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof AppError;
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`rookery: ${expected ? message : `failed: ${message}`}\n`);
    process.exit(expected ? 2 : 1);
  }
}
