import assert from 'node:assert/strict';
import { QueueFullError, Semaphore } from './semaphore.ts';

describe('Semaphore', () => {
  const gate = () => {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    return { opened, open };
  };

  it('never runs more tasks at once than its capacity, and runs waiting tasks in arrival order', async () => {
    const semaphore = new Semaphore(2, 10);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const gates = Array.from({ length: 5 }, gate);
    const tasks = gates.map((g, i) =>
      semaphore.run(async () => {
        running++;
        peak = Math.max(peak, running);
        order.push(i);
        await g.opened;
        running--;
      }),
    );
    await new Promise((r) => setImmediate(r));
    assert.equal(semaphore.active, 2);
    assert.equal(semaphore.queued, 3);
    for (const g of gates) g.open();
    await Promise.all(tasks);
    assert.equal(peak, 2);
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
    assert.equal(semaphore.active, 0);
  });

  it('refuses work beyond its queue at once, and frees the slot of a failed task', async () => {
    const semaphore = new Semaphore(1, 1);
    const g = gate();
    const first = semaphore.run(() => g.opened);
    const second = semaphore.run(async () => 'second');
    await assert.rejects(
      semaphore.run(async () => 'third'),
      QueueFullError,
    );
    g.open();
    await first;
    assert.equal(await second, 'second');
    await assert.rejects(
      semaphore.run(async () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(semaphore.active, 0);
    assert.equal(await semaphore.run(async () => 'after'), 'after');
  });
});
