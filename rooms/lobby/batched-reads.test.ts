import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { BatchedReads } from './batched-reads.ts';

/**
 * A reader whose reads the test answers; each answers `key → version` as `records` held them when
 * the read started (a statement's snapshot).
 */
function reader(records: Map<string, number>) {
  const calls: Array<{ keys: string[]; answer: () => void; fail: (err: Error) => void }> = [];
  const readMany = (keys: string[]) =>
    new Promise<ReadonlyMap<string, number>>((resolve, reject) => {
      const snapshot = new Map(keys.filter((k) => records.has(k)).map((k) => [k, records.get(k)!]));
      calls.push({ keys, answer: () => resolve(snapshot), fail: reject });
    });
  return { calls, readMany };
}

/** A few turns of the event loop: an answered read's waiters run, and the next read starts. */
async function turns(): Promise<void> {
  for (let i = 0; i < 3; i++) await nextTurn();
}

describe('batched reads', () => {
  it('keys asked in the same turn are read in one statement, each once, and every asker is answered', async () => {
    const { calls, readMany } = reader(
      new Map([
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ]),
    );
    const reads = new BatchedReads(readMany, 100);
    const answers = Promise.all([reads.read('a'), reads.read('b'), reads.read('a'), reads.read('c')]);
    await turns();
    assert.deepEqual(
      calls.map((c) => c.keys),
      [['a', 'b', 'c']],
    );
    calls[0]!.answer();
    assert.deepEqual(await answers, [1, 2, 1, 3]);
  });

  it('a key asked while a read is on its way is read again after it, so a change made before the question is seen', async () => {
    const records = new Map([['a', 1]]);
    const { calls, readMany } = reader(records);
    const reads = new BatchedReads(readMany, 100);
    const first = reads.read('a');
    await turns();
    assert.equal(calls.length, 1);
    // The record changes while the first read is on its way; then someone asks again.
    records.set('a', 2);
    const second = reads.read('a');
    await turns();
    assert.equal(calls.length, 1, 'one read on its way at a time');
    calls[0]!.answer();
    assert.equal(await first, 1);
    await turns();
    assert.deepEqual(calls[1]?.keys, ['a']);
    calls[1]!.answer();
    assert.equal(await second, 2);
  });

  it('reads at most maxBatch keys at once and the rest right after', async () => {
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const { calls, readMany } = reader(new Map(keys.map((k, i) => [k, i])));
    const reads = new BatchedReads(readMany, 2);
    const answers = Promise.all(keys.map((k) => reads.read(k)));
    for (let i = 0; i < 3; i++) {
      await turns();
      calls[i]!.answer();
    }
    assert.deepEqual(await answers, [0, 1, 2, 3, 4]);
    assert.deepEqual(
      calls.map((c) => c.keys),
      [['a', 'b'], ['c', 'd'], ['e']],
    );
  });

  it('a failed read refuses its askers only; a key the reader did not answer is refused; the next read goes on', async () => {
    const { calls, readMany } = reader(new Map([['a', 1]]));
    const reads = new BatchedReads(readMany, 100);
    const failed = reads.read('a');
    await turns();
    const later = reads.read('a');
    const unknown = reads.read('zed');
    calls[0]!.fail(new Error('the database did not answer'));
    await assert.rejects(failed, /did not answer/);
    await turns();
    calls[1]!.answer();
    assert.equal(await later, 1);
    await assert.rejects(unknown, /no record read for zed/);
  });

  it('a read that does not answer in time refuses its askers, and the next read goes on without it', async () => {
    const { calls, readMany } = reader(
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
    );
    const reads = new BatchedReads(readMany, 100, 30);
    const stuck = reads.read('a');
    await assert.rejects(
      stuck,
      (err: Error) => err.name === 'ReadTimeoutError' && /1 records/.test(err.message),
    );
    const after = reads.read('b');
    await turns();
    assert.deepEqual(
      calls.map((c) => c.keys),
      [['a'], ['b']],
    );
    calls[1]!.answer();
    assert.equal(await after, 2);
    // The stuck statement's late answer changes nothing.
    calls[0]!.answer();
    await turns();
    assert.equal(await after, 2);
  });
});
