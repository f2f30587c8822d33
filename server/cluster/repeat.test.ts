import assert from 'node:assert/strict';
import { forEachAtMost } from './repeat.ts';

describe('forEachAtMost', () => {
  it('calls the work for every item, starting them in order, never more than the limit at once', async () => {
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const items = Array.from({ length: 23 }, (_, i) => i);
    await forEachAtMost(items, 4, async (item) => {
      started.push(item);
      running++;
      most = Math.max(most, running);
      // Uneven durations, so lanes finish out of step.
      await new Promise((r) => setTimeout(r, (item * 7) % 5));
      running--;
    });
    assert.deepEqual(started, items);
    assert.equal(most, 4);
    assert.equal(running, 0);
  });

  it('does nothing for no items, and runs one at a time with a limit of one', async () => {
    let calls = 0;
    await forEachAtMost([], 4, async () => {
      calls++;
    });
    assert.equal(calls, 0);
    let running = 0;
    await forEachAtMost([1, 2, 3], 1, async () => {
      running++;
      assert.equal(running, 1);
      await new Promise((r) => setImmediate(r));
      running--;
      calls++;
    });
    assert.equal(calls, 3);
  });
});
