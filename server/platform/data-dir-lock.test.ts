import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.ts';

describe('data folder lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rookery-lock-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lets one holder at a time take a folder, names the holder, and frees it on release', async () => {
    const lock = await lockDataDir(dir);
    assert.equal(fs.readFileSync(path.join(dir, 'rookery.pid'), 'utf8').trim(), String(process.pid));
    await assert.rejects(lockDataDir(dir), DataDirLockedError);
    // The same folder under another name is the same folder.
    const alias = `${dir}-alias`;
    fs.symlinkSync(dir, alias);
    try {
      await assert.rejects(lockDataDir(alias), /in use by another Rookery process/);
    } finally {
      fs.rmSync(alias);
    }
    await lock.release();
    const again = await lockDataDir(dir);
    await again.release();
  });

  it('locks folders independently', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'rookery-lock-'));
    const a = await lockDataDir(dir);
    const b = await lockDataDir(other);
    await a.release();
    await b.release();
    fs.rmSync(other, { recursive: true, force: true });
  });
});
