/**
 * `npm run pairings -- --dutch <input.trf> [-p <output.txt>]`: the next round of a swiss tournament
 * by the FIDE Dutch system, with the command line of the engines FIDE endorses. A bare output name
 * is written next to the input; without `-p` the pairing goes to stdout. Exit codes: 0 done,
 * 1 no valid pairing exists, 2 unexpected error, 3 invalid input, 5 a file could not be read or written.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pairDutch } from '../domain/tournaments/swiss/dutch.ts';
import { parseTrf } from '../domain/tournaments/swiss/trf.ts';
import { dutchRequestOf, formatPairing } from '../domain/tournaments/swiss/trf-swiss.ts';

const fail = (code: number, message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

async function main(argv: string[]): Promise<void> {
  let input: string | null = null;
  let output: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--dutch') input = argv[++i] ?? null;
    else if (arg === '-p') output = argv[++i] ?? null;
    else fail(3, `unknown argument ${arg}; usage: pairings --dutch <input.trf> [-p <output.txt>]`);
  }
  if (!input) return fail(3, 'usage: pairings --dutch <input.trf> [-p <output.txt>]');
  const text = await readFile(input, 'utf8').catch(() => fail(5, `cannot read ${input}`));
  const trf = parseTrf(text);
  if (!trf.ok) return fail(3, trf.error);
  const request = dutchRequestOf(trf.value);
  if (!request.ok) return fail(3, request.error);
  const result = pairDutch(request.value);
  if (!result.ok) return fail(1, 'no valid pairing exists');
  const body = formatPairing(result.pairing, request.value.numbering, trf.value.pairByRank);
  if (output === null) process.stdout.write(body);
  else {
    const target =
      path.dirname(output) === '.' && !output.startsWith('.')
        ? path.join(path.dirname(input), output)
        : output;
    await writeFile(target, body).catch(() => fail(5, `cannot write ${target}`));
  }
}

main(process.argv.slice(2)).catch((error: unknown) =>
  fail(2, error instanceof Error ? error.message : String(error)),
);
