import assert from 'node:assert/strict';
import { encode } from '@colyseus/schema';
import {
  FLAT_FROM_BYTES,
  flatStringDecoder,
  type StringDecoder,
  schemaStringDecoder,
} from '../client-sdk/decoded-strings.ts';
import { collectGarbage } from '../loadtest/support.ts';

type Decoder = StringDecoder;
// The decoder's own function even where an SDK room of this process has installed the flat one.
const own = schemaStringDecoder;
const flat = flatStringDecoder(own);

/** `values` encoded one after another as the state encoder writes strings, after a byte of padding. */
function encoded(values: string[]): Uint8Array {
  const bytes = new Uint8Array(values.reduce((size, value) => size + 5 + 4 * value.length, 1));
  const it = { offset: 1 };
  for (const value of values)
    (encode.string as (b: Uint8Array, v: string, it: { offset: number }) => void)(bytes, value, it);
  return bytes.subarray(0, it.offset);
}

/** Each decoder's strings and the offsets it leaves, reading `bytes` from 1 to the end. */
function readAll(read: Decoder, bytes: Uint8Array | number[]): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  const it = { offset: 1 };
  while (it.offset < bytes.length) out.push([read(bytes, it), it.offset]);
  return out;
}

describe('decoded strings kept flat (client-sdk/decoded-strings.ts)', () => {
  const values = [
    '',
    'e2e4',
    'a'.repeat(FLAT_FROM_BYTES - 1),
    'a'.repeat(FLAT_FROM_BYTES),
    '7f3c9a4e-51b2-4d8e-9a10-2b6c1e0f8d77',
    'rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq - 0 1',
    'Zoë Ångström-Øberg',
    'игрок с длинным именем',
    'chess ♞ on a 🌍 scale, twice 🌍🌍',
    '\uFEFFa name that starts with a byte order mark',
    'x'.repeat(255),
    'y'.repeat(256),
    'z'.repeat(70_000),
  ];

  it('reads every string and leaves the offset where the decoder of @colyseus/schema does', () => {
    const bytes = encoded(values);
    const read = readAll(flat, bytes);
    assert.deepEqual(read, readAll(own, bytes));
    assert.deepEqual(
      read.map(([text]) => text),
      values,
    );
  });

  it('leaves bytes that are not UTF-8, a length past the end, and plain arrays to the decoder of @colyseus/schema', () => {
    // A continuation byte where a character should start, inside a string long enough to go flat.
    const broken = encoded(['a'.repeat(20)]);
    broken[5] = 0x80;
    const errors: unknown[] = [];
    const log = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      assert.deepEqual(readAll(flat, broken), readAll(own, broken));
    } finally {
      console.error = log;
    }
    assert.equal(errors.length, 2, 'both went the decoder’s own way, which reports the byte');

    const cut = encoded(['b'.repeat(40)]).subarray(0, 20);
    assert.deepEqual(flat(cut, { offset: 1 }), own(cut, { offset: 1 }));

    const plain = [...encoded(['c'.repeat(30), 'd'])];
    assert.deepEqual(readAll(flat, plain), readAll(own, plain));
  });

  it('keeps a long decoded string in one piece, not as a chain of characters', function () {
    this.timeout(60_000);
    // 40,000 user ids, decoded and kept: the heap they take after a collection, with each decoder
    // (tens of megabytes against a few: whatever else the process frees or keeps meanwhile, as a
    // worker of the suite that ran other files before, moves it by less than a megabyte).
    const ids = Array.from(
      { length: 40_000 },
      (_, i) => `7f3c9a4e-51b2-4d8e-9a10-${String(i).padStart(12, '0')}`,
    );
    const bytes = encoded(ids);
    const settled = () => {
      // A second collection takes what the first left for later (weak references, finalizers).
      collectGarbage();
      collectGarbage();
      return process.memoryUsage().heapUsed;
    };
    const kept = (read: Decoder): number => {
      const before = settled();
      const strings = readAll(read, bytes).map(([text]) => text);
      const used = settled() - before;
      assert.equal(strings.length, ids.length);
      return used;
    };
    const ownBytes = kept(own);
    const flatBytes = kept(flat);
    // A 36-character id kept whole is about 56 bytes; as a rope of one-character pieces, some 24
    // nodes of 20–32 bytes each.
    assert.ok(
      flatBytes * 4 < ownBytes,
      `flat strings kept ${flatBytes} bytes, the decoder's own ${ownBytes}: not a quarter`,
    );
  });
});
