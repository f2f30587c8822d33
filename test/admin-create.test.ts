import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lockDataDir } from '../server/platform/data-dir-lock.ts';
import { runScript, startServerProcess } from './support/process.ts';
import { client } from './support/server.ts';

const PASSWORD = 'correct horse battery';

/** Runs `npm run admin:create -- <args>` as the README shows it, and waits for its end. */
async function adminCreate(env: Record<string, string>, args: string[]) {
  const proc = runScript('server/cli/admin-create.ts', env, args);
  const code = await proc.exited;
  return { code, output: proc.output() };
}

describe('npm run admin:create, the first admin', function () {
  // Each run of the command opens the embedded database in a process of its own: slow on a busy machine.
  this.timeout(300_000);
  let dataDir: string;

  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rookery-admin-'));
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('creates the admin with the password from ADMIN_PASSWORD alone, then says it exists', async () => {
    const created = await adminCreate({ DATA_DIR: dataDir, ADMIN_PASSWORD: PASSWORD }, ['alice']);
    assert.equal(created.code, 0, created.output);
    assert.match(created.output, /^alice: created as an admin$/m);
    const again = await adminCreate({ DATA_DIR: dataDir, ADMIN_PASSWORD: 'another password' }, ['alice']);
    assert.equal(again.code, 0, again.output);
    assert.match(again.output, /^alice: already an admin$/m);
  });

  it('while a server holds the data folder, refuses with what to do, and changes nothing', async () => {
    const lock = await lockDataDir(path.join(dataDir, 'pglite'));
    try {
      const refused = await adminCreate({ DATA_DIR: dataDir, ADMIN_PASSWORD: PASSWORD }, ['bob']);
      assert.equal(refused.code, 2, refused.output);
      assert.match(refused.output, /in use by another Rookery process/);
      assert.match(refused.output, /stop it \(Ctrl-C\)/);
      assert.match(refused.output, /ADMIN_USERNAME=bob ADMIN_PASSWORD=… npm run dev/);
    } finally {
      await lock.release();
    }
  });

  it('the admin it made signs in to the server, and bob, refused before, does not exist', async () => {
    const server = await startServerProcess({ DATA_DIR: dataDir }, 120_000);
    try {
      const api = client(server.url);
      const login = await api.post('/api/auth/login', { username: 'alice', password: PASSWORD });
      assert.equal(login.status, 200, JSON.stringify(login.body));
      assert.deepEqual(login.body.user.roles, ['admin', 'user']);
      const bob = await api.get('/api/users/bob');
      assert.equal(bob.status, 404);
    } finally {
      await server.stop();
    }
  });
});
