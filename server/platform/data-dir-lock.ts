import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * Takes the data folder for this process alone. PGlite is single-process: a second process on
 * the same folder would silently lose data, so it must be refused before it opens anything.
 *
 * On Linux the lock is a listening socket in the abstract namespace, named after the folder's real
 * path: binding it is atomic, and the kernel frees it the moment the holder dies, however it dies,
 * so there is never a stale lock to clean. Elsewhere a lock file created with O_EXCL holds the
 * owner's pid; a file whose pid is gone is taken over. Either way `<dataDir>/rookery.pid` tells a
 * person which process holds the folder.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  fs.mkdirSync(dataDir, { recursive: true });
  const real = fs.realpathSync(dataDir);
  const pidFile = path.join(real, 'rookery.pid');
  const holder = () => {
    try {
      return fs.readFileSync(pidFile, 'utf8').trim();
    } catch {
      return 'unknown';
    }
  };
  const refuse = () =>
    new DataDirLockedError(
      `the data folder ${real} is in use by another Rookery process (pid ${holder()}); ` +
        'PGlite allows one process per folder: stop the other process, or set DATA_DIR to another folder',
    );

  if (process.platform === 'linux') {
    const name = `\0rookery-data-${createHash('sha256').update(real).digest('hex').slice(0, 32)}`;
    const server = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(err.code === 'EADDRINUSE' ? refuse() : err),
      );
      server.listen(name, () => resolve());
    });
    server.unref();
    fs.writeFileSync(pidFile, `${process.pid}\n`);
    return {
      release: async () => {
        fs.rmSync(pidFile, { force: true });
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }

  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(pidFile, `${process.pid}\n`, { flag: 'wx' });
      return { release: async () => fs.rmSync(pidFile, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(holder());
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) throw refuse();
      fs.rmSync(pidFile, { force: true });
    }
  }
  throw refuse();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
