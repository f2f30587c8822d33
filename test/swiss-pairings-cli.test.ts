import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(root, 'test/fixtures/swiss-dutch');

/** Runs the pairing command as a user would: `npm run -s pairings -- --dutch <in> -p <out>`. */
async function pairings(...args: string[]) {
  return run('npm', ['run', '-s', 'pairings', '--', ...args], { cwd: root }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
}

describe('The swiss pairing command (FIDE Dutch, TRF in, engine format out)', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rookery-pairings-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has the reference cases to compare with', async () => {
    const inputs = (await readdir(fixtures)).filter((f) => f.endsWith('.input'));
    assert.deepEqual(inputs.sort(), ['dutch_2025_C5.input', 'dutch_2025_C9.input', 'issue_7.input']);
  });

  for (const name of ['dutch_2025_C5', 'dutch_2025_C9', 'issue_7']) {
    it(`pairs ${name} exactly as the reference engine does`, async () => {
      const out = path.join(dir, `${name}.output`);
      const result = await pairings('--dutch', path.join(fixtures, `${name}.input`), '-p', out);
      assert.equal(result.code, 0, result.stderr);
      const expected = (await readFile(path.join(fixtures, `${name}.output.expected`), 'utf8')).split(
        /\r\n|\r|\n/,
      );
      const actual = (await readFile(out, 'utf8')).split(/\r\n|\r|\n/);
      assert.deepEqual(actual.filter(Boolean), expected.filter(Boolean));
    });
  }

  it('writes a bare output name next to the input, and to stdout without -p', async () => {
    const input = path.join(dir, 'c9.trf');
    await writeFile(input, await readFile(path.join(fixtures, 'dutch_2025_C9.input')));
    const written = await pairings('--dutch', input, '-p', 'c9.txt');
    assert.equal(written.code, 0, written.stderr);
    assert.equal(await readFile(path.join(dir, 'c9.txt'), 'utf8'), '3\n2 1\n3 5\n4 0\n');
    const printed = await pairings('--dutch', input);
    assert.equal(printed.stdout, '3\n2 1\n3 5\n4 0\n');
  });

  it('refuses a file whose scores do not match its results with exit code 3', async () => {
    const input = path.join(dir, 'bad.trf');
    const text = await readFile(path.join(fixtures, 'dutch_2025_C9.input'), 'utf8');
    await writeFile(
      input,
      text.replace('               1.0    1     3 w 1', '               0.5    1     3 w 1'),
    );
    const result = await pairings('--dutch', input);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /score for player 1 does not match/);
  });

  it('refuses a file that cannot be read with exit code 5', async () => {
    const result = await pairings('--dutch', path.join(dir, 'missing.trf'));
    assert.equal(result.code, 5);
  });
});
