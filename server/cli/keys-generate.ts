/**
 * `npm run keys:generate`: prints a new signing key set (JSON) for AUTH_KEYS or AUTH_KEYS_FILE.
 * `npm run keys:generate -- --rotate <file>` prints the set in <file> with a new key in front:
 * the new key signs from the next start, the old ones still verify the tokens they signed.
 * Drop an old key once ACCESS_TOKEN_TTL has passed since the rotation.
 */
import fs from 'node:fs';
import { generateKeySetJson, parseKeySet } from '../platform/keys.ts';
import { AppError } from '../services/errors.ts';
import { runCli } from './run.ts';

await runCli(async () => {
  const fresh = await generateKeySetJson();
  const rotate = process.argv.indexOf('--rotate');
  if (rotate < 0) {
    process.stdout.write(`${fresh}\n`);
    return;
  }
  const file = process.argv[rotate + 1];
  if (!file) throw new AppError('VALIDATION_FAILED', 'usage: npm run keys:generate -- --rotate <keys.json>');
  const current = fs.readFileSync(file, 'utf8');
  await parseKeySet(current);
  const keys = [...JSON.parse(fresh).keys, ...JSON.parse(current).keys];
  process.stdout.write(`${JSON.stringify({ keys }, null, 2)}\n`);
});
