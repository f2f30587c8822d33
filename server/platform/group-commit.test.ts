import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { GroupCommit } from './group-commit.ts';

/** A writer whose statements the test completes; each answers its items doubled. */
function writer() {
  const statements: Array<{ items: number[]; done: () => void; fail: (err: Error) => void }> = [];
  const writeMany = (items: number[]) =>
    new Promise<number[]>((resolve, reject) => {
      statements.push({ items, done: () => resolve(items.map((i) => i * 2)), fail: reject });
    });
  return { statements, writeMany };
}

async function turns(): Promise<void> {
  for (let i = 0; i < 3; i++) await nextTurn();
}

describe('group commit', () => {
  it('sends a lone item at once, and the items of one turn in one statement', async () => {
    const { statements, writeMany } = writer();
    const group = new GroupCommit(writeMany, { maxBatch: 100, maxInFlight: 1 });
    const lone = group.submit(1);
    await turns();
    assert.deepEqual(
      statements.map((s) => s.items),
      [[1]],
    );
    statements[0]!.done();
    assert.equal(await lone, 2);
    const crowd = Promise.all([group.submit(2), group.submit(3), group.submit(4)]);
    await turns();
    assert.deepEqual(statements[1]?.items, [2, 3, 4]);
    statements[1]!.done();
    assert.deepEqual(await crowd, [4, 6, 8]);
    assert.deepEqual(group.written, { statements: 2, items: 4 });
  });

  it('answers no item before its statement returns; items arriving meanwhile go together in the next', async () => {
    const { statements, writeMany } = writer();
    const group = new GroupCommit(writeMany, { maxBatch: 100, maxInFlight: 1 });
    let answered = false;
    const first = group.submit(1).then((v) => {
      answered = true;
      return v;
    });
    await turns();
    const later = [group.submit(2), group.submit(3)];
    await turns();
    const more = group.submit(4);
    await turns();
    assert.equal(statements.length, 1, 'one statement on its way at a time');
    assert.equal(answered, false);
    assert.equal(group.queued, 3);
    statements[0]!.done();
    assert.equal(await first, 2);
    await turns();
    assert.deepEqual(statements[1]?.items, [2, 3, 4]);
    statements[1]!.done();
    assert.deepEqual(await Promise.all([...later, more]), [4, 6, 8]);
  });

  it('keeps up to maxInFlight statements on their way, each of at most maxBatch items', async () => {
    const { statements, writeMany } = writer();
    const group = new GroupCommit(writeMany, { maxBatch: 2, maxInFlight: 2 });
    const all = Promise.all([1, 2, 3, 4, 5].map((i) => group.submit(i)));
    await turns();
    assert.deepEqual(
      statements.map((s) => s.items),
      [
        [1, 2],
        [3, 4],
      ],
    );
    statements[1]!.done();
    await turns();
    assert.deepEqual(statements[2]?.items, [5]);
    statements[0]!.done();
    statements[2]!.done();
    assert.deepEqual(await all, [2, 4, 6, 8, 10]);
  });

  it('a failed statement refuses its own items only, and the next goes on', async () => {
    const { statements, writeMany } = writer();
    const group = new GroupCommit(writeMany, { maxBatch: 100, maxInFlight: 1 });
    const failed = [group.submit(1), group.submit(2)];
    await turns();
    const next = group.submit(3);
    statements[0]!.fail(new Error('connection lost'));
    for (const f of failed) await assert.rejects(f, /connection lost/);
    await turns();
    statements[1]!.done();
    assert.equal(await next, 6);
    assert.deepEqual(group.written, { statements: 1, items: 1 });
  });

  it('refuses the items of a statement that answers the wrong number of outcomes', async () => {
    const group = new GroupCommit(async (items: number[]) => items.slice(1), {
      maxBatch: 10,
      maxInFlight: 1,
    });
    const both = [group.submit(1), group.submit(2)];
    for (const b of both) await assert.rejects(b, /2 items answered 1 outcomes/);
  });
});
