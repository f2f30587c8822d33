import { ConfigError, loadConfig } from '../config.ts';
import { DataDirLockedError, lockDataDir } from '../platform/data-dir-lock.ts';
import { checkPortFree, PortInUseError } from '../platform/ports.ts';

/**
 * Run by `npm run dev` before the watcher starts the server. A watcher keeps waiting for edits
 * after its program has exited, so a port or data folder already taken would leave `npm run dev`
 * alive doing nothing; checked here, it ends at once with the reason and the same exit code the
 * server gives (2 configuration, 3 data folder, 4 port).
 */
async function check(): Promise<number> {
  try {
    const config = loadConfig(process.env);
    await checkPortFree(config.host, config.port);
    if (!config.databaseUrl) await (await lockDataDir(config.dataDir)).release();
    return 0;
  } catch (err) {
    const code =
      err instanceof ConfigError
        ? 2
        : err instanceof DataDirLockedError
          ? 3
          : err instanceof PortInUseError
            ? 4
            : 1;
    process.stderr.write(`rookery: ${err instanceof Error ? err.message : String(err)}\n`);
    return code;
  }
}

process.exit(await check());
