import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  freePort,
  runCommand,
  runScript,
  type ServerProcess,
  startServerProcess,
} from './support/process.ts';
import { client } from './support/server.ts';

/** Holds a port on 127.0.0.1 the way another program would. */
async function holdPort(): Promise<{ port: number; release(): Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    release: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('a first run on a port that is already taken', function () {
  this.timeout(120_000);
  let dataDir: string;
  let held: Awaited<ReturnType<typeof holdPort>>;
  const started: ServerProcess[] = [];

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rookery-busy-'));
    held = await holdPort();
  });
  afterEach(async () => {
    for (const proc of started.splice(0)) await proc.stop('SIGKILL');
    await held.release();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('ends the server with a message naming the port, and lets go of the data folder', async () => {
    const proc = runScript('server/main.ts', {
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(held.port),
      LOG_FORMAT: 'json',
    });
    started.push(proc);
    assert.equal(await proc.exited, 4);
    assert.match(proc.output(), new RegExp(`port ${held.port} on 127\\.0\\.0\\.1 is already in use`));
    assert.doesNotMatch(proc.output(), /\n\s+at /, 'a stack trace was printed');
    // The folder is free: a server on another port opens it.
    const next = await startServerProcess({ DATA_DIR: dataDir });
    started.push(next);
    assert.equal((await client(next.url).get('/health')).status, 200);
  });

  it('ends `npm run dev` with a non-zero code and the port named, instead of a watcher waiting', async () => {
    const proc = runCommand(
      'npm',
      ['run', 'dev'],
      { DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(held.port), LOG_FORMAT: 'json' },
      true,
    );
    started.push(proc);
    const code = await Promise.race([
      proc.exited,
      new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 60_000)),
    ]);
    assert.notEqual(code, 'still running', `npm run dev did not end:\n${proc.output()}`);
    assert.notEqual(code, 0);
    assert.match(proc.output(), new RegExp(`port ${held.port} on 127\\.0\\.0\\.1 is already in use`));
  });
});

describe('the development server listens on this machine only, unless HOST opens it', function () {
  this.timeout(120_000);
  let server: ServerProcess | undefined;
  let dataDir: string;
  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rookery-host-'));
  });
  after(async () => {
    await server?.stop('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('binds 127.0.0.1 with no HOST set, Vite’s reload socket included', async () => {
    const port = await freePort();
    // No HOST: the default is under test (the helper would set one).
    const proc = runScript('server/main.ts', {
      DATA_DIR: dataDir,
      PORT: String(port),
      LOG_FORMAT: 'json',
      NODE_ENV: 'development',
    });
    server = proc;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      if (proc.child.exitCode !== null) assert.fail(`the server exited:\n${proc.output()}`);
      if (
        await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const sockets = listeningSockets(proc.child.pid!);
    assert.ok(
      sockets.some((s) => s.port === port),
      `the server's port is not among ${JSON.stringify(sockets)}`,
    );
    assert.ok(sockets.length >= 2, `Vite's reload socket is not listening: ${JSON.stringify(sockets)}`);
    for (const s of sockets)
      assert.equal(s.address, '127.0.0.1', `${s.address}:${s.port} is open beyond this machine`);
  });
});

/** The TCP sockets a process listens on, read from /proc (Linux). */
function listeningSockets(pid: number): Array<{ address: string; port: number }> {
  const inodes = new Set<string>();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const found: Array<{ address: string; port: number }> = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // state 0A is LISTEN; column 9 is the inode
      if (cols.length < 10 || cols[3] !== '0A' || !inodes.has(cols[9]!)) continue;
      const [hex, portHex] = cols[1]!.split(':') as [string, string];
      found.push({ address: decodeAddress(hex), port: Number.parseInt(portHex, 16) });
    }
  }
  return found;
}

function decodeAddress(hex: string): string {
  if (hex.length === 8) {
    return [3, 2, 1, 0].map((i) => Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');
  }
  return /^0+$/.test(hex) ? '::' : hex;
}
