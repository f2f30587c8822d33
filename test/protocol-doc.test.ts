import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERROR_CODES } from '../schema/errors.ts';
import { STATUS } from '../server/http/errors.ts';

describe('docs/protocol.md', () => {
  const doc = readFileSync(new URL('../docs/protocol.md', import.meta.url), 'utf8');
  const rows = new Map(
    [...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])] as const),
  );

  it('lists every error code of the vocabulary in its error table, with the status the API sends', () => {
    for (const code of ERROR_CODES) {
      assert.ok(rows.has(code), `${code} has no row in the error table`);
      assert.equal(rows.get(code), STATUS[code], `${code}: the table says ${rows.get(code)}`);
    }
  });

  it('lists no code the vocabulary does not have', () => {
    for (const code of rows.keys()) {
      assert.ok((ERROR_CODES as readonly string[]).includes(code), `${code} is documented but not a code`);
    }
  });
});
