import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ALLOC_PROFILE_PROBE, allocationsByPlace, placeOf } from '../loadtest/alloc-profile.ts';
import { BACKENDS } from './support/backends.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const ENTRY = path.join(ROOT, 'loadtest', 'loadtest.ts');

/** Fast queues, as in the SDK's examples: a 1v1 casual queue and a casual queue of teams of two. */
const QUEUE_PROFILES = JSON.stringify({
  defaults: {
    game: 'chess',
    teams: 2,
    teamSize: 1,
    regions: ['eu'],
    widening: { initialBand: 400, growthPerSecond: 100, maxBand: 400, relaxRegionAfterSeconds: 1 },
    minQuality: 0,
    tickMs: 100,
    seatTimeoutSeconds: 10,
  },
  profiles: [
    { id: 'blitz-casual', label: 'Blitz 3+2 casual', timeControl: '3+2', rated: false },
    { id: 'blitz-rated', label: 'Blitz 3+2 rated', timeControl: '3+2', rated: true },
    { id: 'duo-casual', label: 'Consultation 5+3', timeControl: '5+3', rated: false, teamSize: 2 },
  ],
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run loadtest -- <args>` as a user runs it, without a terminal. */
function loadtest(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', ENTRY, ...args],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CI: '1' },
        timeout: 90_000,
      },
      (_err, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

interface ReportRow {
  ok: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

/** The step table of a printed report, by step name. */
function stepTable(stdout: string): Map<string, ReportRow> {
  const lines = stdout.split('\n');
  const header = lines.findIndex((l) => /^step\s+ok\s+errors\s+p50 ms\s+p95 ms\s+p99 ms\s+max ms$/.test(l));
  assert.ok(header >= 0, `a step table with p50/p95/p99 columns in:\n${stdout}`);
  const rows = new Map<string, ReportRow>();
  for (const line of lines.slice(header + 1)) {
    const m = /^(.+?)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$/.exec(line);
    if (!m) break;
    rows.set(m[1]!, {
      ok: Number(m[2]),
      errors: Number(m[3]),
      p50: Number(m[4]),
      p95: Number(m[5]),
      p99: Number(m[6]),
    });
  }
  return rows;
}

const FAST = ['--think', '0-20', '--moves', '4', '--duration', '60'];

/** Each scenario, its command-line options, and the steps every one of its runs must go through. */
const CASES: Array<{ scenario: string; args: string[]; steps: string[] }> = [
  {
    scenario: 'quick-play',
    args: ['--clients', '4', '--rounds', '2'],
    steps: ['sign in (guest)', 'queue join', 'queue → match', 'seat', 'abort', 'game end seen'],
  },
  {
    scenario: 'lobby',
    args: ['--clients', '3', '--accounts'],
    steps: ['register', 'log in', 'lobby join', 'seek post', 'seek cancel', 'lobby leave'],
  },
  {
    scenario: 'party',
    args: ['--clients', '4', '--party-size', '2', '--queue', 'duo-casual'],
    steps: [
      'party create',
      'party join',
      'ready',
      'party queue',
      'party queue → match',
      'abort',
      'result',
      'party leave',
    ],
  },
  {
    scenario: 'spectate',
    args: ['--clients', '3', '--games', '1'],
    steps: [
      'player: game create',
      'spectate join',
      'move',
      'move seen by spectator',
      'watch to the end',
      'spectate leave',
    ],
  },
  {
    scenario: 'journey',
    args: ['--clients', '2', '--rounds', '2', '--accounts'],
    steps: [
      'log in',
      'lobby join',
      'queue → match',
      'seat',
      'move',
      'finish (resign)',
      'lobby leave',
      'log out',
    ],
  },
];

describe('npm run loadtest (the @colyseus/loadtest scenarios)', () => {
  let server: TestGameServer;
  before(async function () {
    this.timeout(60_000);
    server = await startGameStack(BACKENDS[0]!, { QUEUE_PROFILES, CHESS_BOT_DELAY_MS: '20' });
  });
  after(async () => {
    await server?.close();
  });

  for (const { scenario, args, steps } of CASES) {
    it(`"${scenario}": every client completes its steps without an error, and the report gives p50/p95/p99 for each`, async function () {
      this.timeout(90_000);
      const run = await loadtest([scenario, ...args, ...FAST, '--endpoint', server.url]);
      const clients = Number(args[args.indexOf('--clients') + 1]);
      assert.match(
        run.stdout,
        new RegExp(`clients: ${clients} completed, 0 failed, 0 cut off`),
        run.stdout + run.stderr,
      );
      assert.match(run.stdout, /errors by step: none/);
      const table = stepTable(run.stdout);
      for (const step of steps) {
        const row = table.get(step);
        assert.ok(row && row.ok > 0, `step "${step}" ran: ${run.stdout}`);
        assert.ok(row.p50 <= row.p95 && row.p95 <= row.p99, `"${step}" percentiles in order`);
      }
      for (const [step, row] of table) assert.equal(row.errors, 0, `no errors in "${step}"`);
      assert.equal(run.code, 0);
    });
  }

  it('with --workers 2 the clients run in two processes and one report counts every step of all of them', async function () {
    this.timeout(90_000);
    // Two plies a game: no mate can come first, so every game has exactly two moves and one resignation.
    const args = ['journey', '--clients', '4', '--workers', '2', '--think', '0-20', '--moves', '2'];
    const run = await loadtest([...args, '--duration', '60', '--endpoint', server.url]);
    assert.match(run.stdout, /clients: 4 completed, 0 failed, 0 cut off/, run.stdout + run.stderr);
    assert.match(run.stdout, /errors by step: none/);
    const table = stepTable(run.stdout);
    const expected = {
      'sign in (guest)': 4,
      'lobby join': 4,
      'queue join': 4,
      'queue → match': 4,
      seat: 4,
      move: 4,
      'finish (resign)': 2,
      'lobby leave': 4,
      'log out': 4,
    };
    assert.deepEqual(Object.fromEntries([...table].map(([step, row]) => [step, row.ok])), expected);
    assert.equal(run.code, 0);
  });

  it('with --workers 2 a party scenario keeps each party in one process and every member completes', async function () {
    this.timeout(90_000);
    const args = ['party', '--clients', '8', '--party-size', '2', '--queue', 'duo-casual', '--workers', '2'];
    const run = await loadtest([...args, ...FAST, '--endpoint', server.url]);
    assert.match(run.stdout, /clients: 8 completed, 0 failed, 0 cut off/, run.stdout + run.stderr);
    const table = stepTable(run.stdout);
    assert.equal(table.get('party create')?.ok, 4);
    assert.equal(table.get('party join')?.ok, 4);
    assert.equal(table.get('abort')?.ok, 2, 'one abort a match, whichever processes its parties are in');
    assert.equal(run.code, 0);
  });

  it('a wrong --workers is refused with the usage, and nothing runs', async function () {
    this.timeout(30_000);
    for (const workers of ['0', '5', 'two']) {
      const run = await loadtest([
        'journey',
        '--clients',
        '4',
        '--workers',
        workers,
        '--endpoint',
        server.url,
      ]);
      assert.equal(run.code, 2, `--workers ${workers}`);
      assert.match(run.stderr, /--workers must be a whole number from 1 to 4/);
      assert.match(run.stderr, /usage: npm run loadtest -- <scenario> --clients N/);
      assert.equal(run.stdout, '');
    }
    const party = await loadtest(['party', '--clients', '4', '--workers', '3', '--endpoint', server.url]);
    assert.equal(party.code, 2);
    assert.match(party.stderr, /keeps each party in one worker/);
  });

  it('a wrong command line is refused with the usage, and nothing runs', async function () {
    this.timeout(30_000);
    const unknown = await loadtest(['siege', '--clients', '2', '--endpoint', server.url]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no scenario "siege"/);
    assert.match(unknown.stderr, /usage: npm run loadtest -- <scenario> --clients N/);
    const remote = await loadtest(['lobby', '--clients', '2', '--endpoint', 'http://example.org:2567']);
    assert.equal(remote.code, 2);
    assert.match(remote.stderr, /only loopback addresses/);
  });
});

/** A fresh Node process running `args` from the repository, with only PATH and `env`: its output. */
function runNode(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 },
      (err, stdout, stderr) => (err ? reject(err) : resolve({ stdout, stderr })),
    );
  });
}

/** A script's function that allocates `mib` MiB of arrays and drops them. */
const CHURN =
  'const churn = (mib) => { let kept; for (let i = 0; i < mib * 128; i++) kept = new Array(1024).fill(i); return kept; };';

/**
 * The class of the WebSocket an SDK connection opens in a fresh Node process that first imports
 * `first` (if any): `ws` or the built-in one.
 */
async function sdkSocketClass(first?: string): Promise<string> {
  const script = `
    ${first ? `await import(${JSON.stringify(first)});` : ''}
    const { WebSocketTransport } = await import('@colyseus/sdk/transport/WebSocketTransport');
    const ws = await import('ws');
    const transport = new WebSocketTransport({});
    transport.connect('ws://127.0.0.1:9/');
    transport.ws.onerror = () => undefined;
    console.log(transport.ws instanceof ws.WebSocket ? 'ws' : transport.ws.constructor.name);
    process.exit(0);`;
  const { stdout } = await runNode(['--import', 'tsx', '--input-type=module', '-e', script]);
  return stdout.trim();
}

describe("the load generators' WebSocket", () => {
  it("is ws once loadtest/node-websocket.ts is imported first; without it the SDK takes Node's own", async function () {
    this.timeout(60_000);
    assert.equal(await sdkSocketClass('./loadtest/node-websocket.ts'), 'ws');
    assert.notEqual(await sdkSocketClass(), 'ws');
  });

  it('is set first by every process of the load generators that runs SDK clients', () => {
    const entries = [
      'loadtest/loadtest.ts',
      'loadtest/load/worker.ts',
      'loadtest/chess-players.ts',
      'loadtest/lobby-players.ts',
      'loadtest/seat-players.ts',
      'loadtest/bot-games.ts',
      'loadtest/cluster.bench.ts',
    ];
    for (const entry of entries) {
      const source = readFileSync(path.join(ROOT, entry), 'utf8');
      const firstImport = source.match(/^import .*$/m)?.[0];
      assert.match(
        firstImport ?? '',
        /^import '(\.\.?\/)+node-websocket\.ts';$/,
        `${entry} imports it first`,
      );
    }
  });
});

describe("the server's allocation profile (bench:chess's ALLOC_PROF)", () => {
  it('counts what the window between two signals allocated, collected objects too, and nothing before it', async function () {
    this.timeout(60_000);
    const folder = await mkdtemp(path.join(os.tmpdir(), 'rookery-alloc-'));
    const file = path.join(folder, 'server.heapprofile');
    // 256 MiB allocated and dropped before the window, 64 MiB in it (arrays of 1,024 numbers).
    const script = `
      ${CHURN}
      const turn = () => new Promise((resolve) => setTimeout(resolve, 50));
      churn(256);
      process.kill(process.pid, 'SIGUSR2');
      await turn();
      churn(64);
      process.kill(process.pid, 'SIGUSR2');
      await turn();`;
    try {
      await runNode(['--import', ALLOC_PROFILE_PROBE, '--input-type=module', '-e', script], {
        ALLOC_PROFILE: file,
      });
      const profile = JSON.parse(await readFile(file, 'utf8'));
      const { total, places } = allocationsByPlace(profile.head);
      const mib = total / 2 ** 20;
      // A sample every 4 KiB: an estimate, near 64 MiB; without the collected objects it would be near 0.
      assert.ok(mib > 40 && mib < 100, `${mib.toFixed(1)} MiB sampled`);
      assert.ok(places.length > 0);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('puts each allocation site under its package, our file, Node or V8', () => {
    assert.equal(placeOf('file:///srv/app/node_modules/chessops/dist/esm/attacks.js'), 'chessops');
    assert.equal(placeOf('file:///srv/app/node_modules/@colyseus/core/build/Room.mjs'), '@colyseus/core');
    assert.equal(placeOf('file:///srv/app/dist/rooms/match/match-play.js'), 'rooms/match/match-play.js');
    assert.equal(
      placeOf('file:///srv/app/server/platform/group-commit.ts'),
      'server/platform/group-commit.ts',
    );
    assert.equal(placeOf('node:internal/streams/writable'), "Node's internals");
    assert.equal(placeOf('node:net'), 'node:net');
    assert.equal(placeOf(''), "V8's builtins");
  });
});

describe("bench:soak's probe of the server (loop-delay-on-signal.mjs)", () => {
  it("counts the server's own collections by kind and leaves the bench's forced ones out", async function () {
    this.timeout(60_000);
    // Garbage enough for scavenges, then two forced collections (each a major one) a turn apart.
    const script = `
      ${CHURN}
      const turn = () => new Promise((resolve) => setTimeout(resolve, 100));
      churn(128);
      await turn();
      process.kill(process.pid, 'SIGUSR2');
      await turn();
      process.kill(process.pid, 'SIGUSR2');
      await turn();`;
    const { stderr } = await runNode([
      '--expose-gc',
      '--import',
      './loadtest/loop-delay-on-signal.mjs',
      '--input-type=module',
      '-e',
      script,
    ]);
    const lines = stderr
      .split('\n')
      .filter((line) => line.startsWith('loop-delay '))
      .map((line) => JSON.parse(line.slice('loop-delay '.length)));
    assert.equal(lines.length, 2, stderr);
    const { gc } = lines[1];
    assert.ok(gc.minor?.count > 0, `scavenges counted: ${JSON.stringify(gc)}`);
    assert.ok(gc.minor.max >= gc.minor.p99 && gc.minor.totalMs > 0);
    assert.equal(
      gc.major?.count ?? 0,
      0,
      `the forced collections are not the server's own: ${JSON.stringify(gc)}`,
    );
  });
});
