import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, openOrm } from '../../server/db/orm.ts';

let template: Promise<string> | undefined;

/**
 * Gives `dataDir` a PGlite database with every migration applied, as the server leaves it after
 * its first boot. Making a PGlite folder from nothing costs several seconds (far more on a busy
 * machine) and a suite that restarts servers does not test it: the folder is made once a process
 * and copied. The first boot itself is the subject of `first-run.test.ts`, which does not use this.
 */
export async function migratedPglite(dataDir: string): Promise<void> {
  template ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rookery-pglite-template-'));
    const target = path.join(dir, 'pglite');
    const orm = await openOrm({ kind: 'pglite', dataDir: target });
    try {
      await migrate(orm);
    } finally {
      await orm.close();
    }
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    return target;
  })();
  fs.cpSync(await template, path.join(dataDir, 'pglite'), { recursive: true });
}
