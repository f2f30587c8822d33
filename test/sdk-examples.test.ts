import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format, promisify } from 'node:util';
import { type ChessGameClient, movesOf, Rookery } from '../client-sdk/index.ts';
import { forEachBackend } from './support/backends.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { freePort } from './support/process.ts';

/**
 * The examples of client-sdk/README.md, run as they are written: every ```ts block is the body of
 * an async function given `baseUrl`, importing the SDK by its package name (rewritten here to the
 * sources). A `// →` comment after a `console.log(…)` is what that line must print, and every such
 * line must run. The SDK package itself is built, imported by name from Node and type-checked as a
 * consumer would.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const README = path.join(ROOT, 'client-sdk', 'README.md');
const SDK_ENTRY = path.join(ROOT, 'client-sdk', 'index.ts');
const PACKAGE = '@rookery/client-sdk';
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const run = promisify(execFile);

interface Example {
  name: string;
  /** The README line of the block's first line. */
  line: number;
  source: string;
}

function readExamples(): Example[] {
  const markdown = fs.readFileSync(README, 'utf8');
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => ({
    name: /^\/\/ example: ([\w-]+)\n/.exec(m[1]!)?.[1] ?? '',
    line: markdown.slice(0, m.index).split('\n').length + 1,
    source: m[1]!,
  }));
}

/** What a `→` line calls: the line's number among them, what it must print, what it prints. */
type Expect = (n: number, expected: string, ...values: unknown[]) => void;

const IMPORT = /^import\s[^;]*?\sfrom\s*['"]([^'"]+)['"];?[ \t]*$/gm;

/**
 * The example as a module: its imports (the SDK's pointing at the sources) and the function header
 * share the first line, so line n of the module is line n of the block. `→` lines call `expect`.
 */
function toModule(example: Example, dir: string): { code: string; expectations: number } {
  let sdk = path.relative(dir, SDK_ENTRY).split(path.sep).join('/');
  if (!sdk.startsWith('.')) sdk = `./${sdk}`;
  const imports: string[] = [];
  const body = example.source.replace(IMPORT, (statement: string, from: string) => {
    imports.push((from === PACKAGE ? statement.replace(from, sdk) : statement).replace(/\s*\n\s*/g, ' '));
    return '\n'.repeat(statement.split('\n').length - 1);
  });
  let expectations = 0;
  const lines = body.split('\n').map((line, index) => {
    const arrow = /\/\/ → (.*)$/.exec(line);
    if (!arrow) return line;
    assert.match(line, /console\.log\(/, `README line ${example.line + index}: a → line must print`);
    expectations += 1;
    return line.replace('console.log(', `expect(${expectations}, ${JSON.stringify(arrow[1]!.trim())}, `);
  });
  const header =
    'export default async function example(baseUrl: string, expect: (n: number, expected: string, ...values: unknown[]) => void): Promise<void> {';
  lines[0] = `${imports.join(' ')} ${header} ${lines[0]}`;
  return { code: `${lines.join('\n')}\n}\n`, expectations };
}

/** What a browser gives the examples written for it. */
class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/** The queues of the default configuration with a fast tick, one of teams of two for parties, and golf tables. */
const QUEUE_PROFILES = JSON.stringify({
  defaults: {
    game: 'chess',
    teams: 2,
    teamSize: 1,
    regions: ['eu', 'na'],
    widening: { initialBand: 50, growthPerSecond: 100, maxBand: 400, relaxRegionAfterSeconds: 1 },
    minQuality: 0.2,
    tickMs: 100,
    seatTimeoutSeconds: 5,
  },
  profiles: [
    { id: 'blitz-rated', label: 'Blitz 3+2 rated', timeControl: '3+2', rated: true },
    { id: 'blitz-casual', label: 'Blitz 3+2 casual', timeControl: '3+2', rated: false },
    { id: 'rapid-casual', label: 'Rapid 10+0 casual', timeControl: '10+0', rated: false },
    { id: 'duo-casual', label: 'Consultation 5+3', timeControl: '5+3', rated: false, teamSize: 2 },
    {
      id: 'golf-casual',
      label: 'Golf casual',
      game: 'golf',
      rated: false,
      minSeats: 2,
      maxSeats: 6,
      fillWaitSeconds: 1,
      options: { holes: 1 },
    },
  ],
});
const SERVER_ENV = { QUEUE_PROFILES, CHESS_BOT_DELAY_MS: '50' };

const examples = readExamples();

describe('client-sdk/README.md', () => {
  it('has only named, runnable TypeScript examples', () => {
    const markdown = fs.readFileSync(README, 'utf8');
    assert.doesNotMatch(markdown, /^```(typescript|js|javascript|tsx)\s*$/m, 'examples are ```ts blocks');
    assert.ok(examples.length >= 10, `${examples.length} examples found`);
    for (const example of examples) {
      assert.ok(example.name, `README line ${example.line}: the block starts with // example: <name>`);
    }
    assert.equal(new Set(examples.map((e) => e.name)).size, examples.length, 'example names are unique');
  });

  it('type-checks every example against the SDK', async function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rookery-sdk-examples-'));
    try {
      for (const example of examples) {
        fs.writeFileSync(path.join(dir, `${example.name}.ts`), toModule(example, dir).code);
      }
      const config = {
        extends: path.join(ROOT, 'tsconfig.json'),
        compilerOptions: {
          noEmit: true,
          rootDir: '/',
          types: ['node'],
          typeRoots: [path.join(ROOT, 'node_modules', '@types')],
        },
        include: [],
        files: examples.map((e) => `${e.name}.ts`),
      };
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
      fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }');
      const answer = await run(process.execPath, [TSC, '-p', dir]).catch((err) => err);
      const output = `${answer.stdout ?? ''}${answer.stderr ?? ''}`;
      // Point each error at its README line.
      const located = output.replace(
        /^\S*?([\w-]+)\.ts\((\d+),(\d+)\)/gm,
        (all, name: string, line: string) => {
          const example = examples.find((e) => e.name === name);
          return example ? `README.md:${example.line + Number(line) - 1} (${name})` : all;
        },
      );
      assert.equal(located.trim(), '', located);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  forEachBackend('README examples against a real server', (backend) => {
    let server: TestGameServer;
    let dir: string;
    before(async () => {
      server = await startGameStack(backend, SERVER_ENV);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rookery-sdk-examples-'));
    });
    after(async function () {
      // The examples leave rooms and games behind: their shutdown takes long on a busy machine.
      this.timeout(90_000);
      await server?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    for (const example of examples) {
      it(`example "${example.name}" (README line ${example.line}) runs and prints what it says`, async function () {
        this.timeout(60_000);
        const { code, expectations } = toModule(example, dir);
        const file = path.join(dir, `${example.name}.ts`);
        fs.writeFileSync(file, code);
        const reached = new Set<number>();
        const wrong: string[] = [];
        const expect: Expect = (n, expected, ...values) => {
          reached.add(n);
          const printed = format(...values);
          const ok = expected.endsWith('…')
            ? printed.startsWith(expected.slice(0, -1))
            : printed === expected;
          if (!ok) wrong.push(`printed "${printed}" where the README says "${expected}"`);
        };
        const log = console.log;
        console.log = () => undefined;
        Object.defineProperty(globalThis, 'localStorage', { value: new MemoryStorage(), configurable: true });
        try {
          const module = (await import(pathToFileURL(file).href)) as {
            default: (baseUrl: string, expect: Expect) => Promise<void>;
          };
          await module.default(server.url, expect);
        } finally {
          console.log = log;
          Reflect.deleteProperty(globalThis, 'localStorage');
        }
        assert.deepEqual(wrong, []);
        const missed = Array.from({ length: expectations }, (_, i) => i + 1).filter((n) => !reached.has(n));
        assert.deepEqual(missed, [], 'every → line ran');
      });
    }
  });
});

/** Two guests, each with the whole SDK, in a started 5+3 game: alice white, bob black. */
async function twoGuestsPlaying(baseUrl: string) {
  const alice = new Rookery({ baseUrl });
  const bob = new Rookery({ baseUrl });
  await Promise.all([alice.rest.guest(), bob.rest.guest()]);
  const white = await alice.chess.challenge({ timeControl: '5+3', color: 'white' });
  const black = await bob.chess.joinGame(white.gameId);
  await white.until((s) => s.status === 'playing');
  return { alice, bob, white, black };
}

forEachBackend('the lost-game lookup', (backend) => {
  let server: TestGameServer | undefined;
  let env: Record<string, string>;
  before(async () => {
    const port = String(await freePort());
    env = { ...SERVER_ENV, PORT: port, ...(backend.redisUrl ? { PUBLIC_ADDRESS: `127.0.0.1:${port}` } : {}) };
  });
  after(async () => {
    await server?.close();
  });

  it('when the server restarts mid-game, both players are back in the same game, with its moves, and play on', async function () {
    this.timeout(90_000);
    server = await startGameStack(backend, env);
    const { alice, bob, white, black } = await twoGuestsPlaying(server.url);
    await white.move('e2e4');
    await black.move('e7e5');

    // Time for the restart and the rebuild of every unfinished game of the run's database.
    const rejoined = new Promise<ChessGameClient>((resolve, reject) => {
      alice.autoRejoin(white, { onRejoin: resolve, onGiveUp: reject, timeoutMs: 75_000 });
    });
    await server.close();
    server = undefined;
    server = await startGameStack(backend, env);
    // What every node does at boot: rebuild the unfinished games from their logs (the database is
    // the run's: other suites' unfinished games come back too).
    const { restored } = await server.cluster.games.restoreAll();
    assert.ok(restored.includes(white.gameId), `${white.gameId} is among ${restored.join(' ')}`);

    const again = await rejoined;
    const found = await bob.findMyGame();
    assert.ok(found, 'bob finds his game');
    assert.equal(again.gameId, white.gameId);
    assert.equal(found.gameId, white.gameId);
    assert.equal(again.color, 'white');
    const state = await again.until((s) => s.moves.length === 2 && s.status === 'playing');
    assert.deepEqual(
      movesOf(state).map((m) => m.uci),
      ['e2e4', 'e7e5'],
    );
    await again.move('g1f3');
    await found.until((s) => s.moves.length === 3);
    await found.resign();
    assert.equal(await bob.findMyGame(), undefined, 'an ended game is not looked for');
  });

  it('a connection lost before the SDK may reconnect is rejoined at once, on the same seat', async function () {
    this.timeout(60_000);
    server ??= await startGameStack(backend, env);
    const { alice, white, black } = await twoGuestsPlaying(server.url);
    const rejoined = new Promise<ChessGameClient>((resolve, reject) => {
      alice.autoRejoin(white, { onRejoin: resolve, onGiveUp: reject });
    });
    // Closed without a goodbye within the room's first seconds: too young for the SDK's own
    // reconnection, so the room is lost to this connection.
    await white.room.leave(false);
    const again = await rejoined;
    assert.equal(again.gameId, white.gameId);
    assert.equal(again.color, 'white');
    await black.until((s) => s.players.get('white')!.connected);
    await again.move('d2d4');
    await black.until((s) => s.moves.length === 1);
    await black.resign();
  });
});

describe('the client-sdk package', () => {
  it('builds to ESM with declarations that Node 22 imports by the package name, without node:* modules', async function () {
    this.timeout(120_000);
    const consumer = fs.mkdtempSync(path.join(os.tmpdir(), 'rookery-sdk-package-'));
    try {
      const installed = path.join(consumer, 'node_modules', '@rookery', 'client-sdk');
      fs.mkdirSync(installed, { recursive: true });
      fs.copyFileSync(path.join(ROOT, 'client-sdk', 'package.json'), path.join(installed, 'package.json'));
      await run(process.execPath, [
        TSC,
        '-p',
        path.join(ROOT, 'client-sdk', 'tsconfig.json'),
        '--outDir',
        path.join(installed, 'dist'),
      ]);
      // The peers, as the consumer would have installed them.
      fs.symlinkSync(
        path.join(ROOT, 'node_modules', '@colyseus'),
        path.join(consumer, 'node_modules', '@colyseus'),
      );
      fs.writeFileSync(path.join(consumer, 'package.json'), '{ "type": "module" }');

      const built = fs.readdirSync(path.join(installed, 'dist'), { recursive: true, encoding: 'utf8' });
      const scripts = built.filter((f) => f.endsWith('.js'));
      assert.ok(scripts.includes(path.join('client-sdk', 'index.js')), built.join(' '));
      assert.ok(built.includes(path.join('client-sdk', 'index.d.ts')));
      for (const script of scripts) {
        const text = fs.readFileSync(path.join(installed, 'dist', script), 'utf8');
        assert.doesNotMatch(
          text,
          /(from\s*|import\s*\(\s*|require\s*\(\s*)['"]node:/,
          `${script} imports node:*`,
        );
      }

      const { stdout } = await run(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const sdk = await import('${PACKAGE}'); console.log(JSON.stringify(Object.keys(sdk)));`,
        ],
        { cwd: consumer },
      );
      const exported = JSON.parse(stdout) as string[];
      for (const name of [
        'Rookery',
        'RookeryClient',
        'ChessRooms',
        'LobbyClient',
        'Matchmaking',
        'RookeryError',
      ]) {
        assert.ok(exported.includes(name), `exports ${name}`);
      }

      fs.writeFileSync(
        path.join(consumer, 'main.ts'),
        [
          `import { type GameDto, Rookery, RookeryError } from '${PACKAGE}';`,
          `const rookery = new Rookery({ baseUrl: 'http://localhost:2567' });`,
          'const game: Promise<GameDto> = rookery.rest.game("x");',
          `const code: RookeryError['code'] = 'GAME_NOT_FOUND';`,
          'export { code, game };',
        ].join('\n'),
      );
      fs.writeFileSync(
        path.join(consumer, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            module: 'nodenext',
            moduleResolution: 'nodenext',
            target: 'es2022',
            lib: ['es2022', 'dom'],
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            types: [],
          },
          files: ['main.ts'],
        }),
      );
      const checked = await run(process.execPath, [TSC, '-p', consumer]).catch((err) => err);
      assert.equal(`${checked.stdout ?? ''}${checked.stderr ?? ''}`.trim(), '');
    } finally {
      fs.rmSync(consumer, { recursive: true, force: true });
    }
  });
});
