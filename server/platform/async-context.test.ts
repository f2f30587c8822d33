import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ASYNC_CONTEXT_FRAMES, asyncContextOnFrames } from './async-context.ts';

describe('async context', () => {
  it('is on frames with the flag on Node 22, by default from Node 24, never with --no-async-context-frame', () => {
    assert.equal(asyncContextOnFrames([ASYNC_CONTEXT_FRAMES], '', '22.23.3'), true);
    assert.equal(asyncContextOnFrames([], ASYNC_CONTEXT_FRAMES, '22.23.3'), true);
    assert.equal(asyncContextOnFrames([], '--max-old-space-size=512', '22.23.3'), false);
    assert.equal(asyncContextOnFrames([], '', '24.1.0'), true);
    assert.equal(asyncContextOnFrames(['--no-async-context-frame'], '', '24.1.0'), false);
  });

  it('runs the suite as the servers run: on frames', () => {
    assert.equal(asyncContextOnFrames(), true);
  });

  it('carries a store across awaits, timers, immediates and ticks, and keeps concurrent work apart', async () => {
    const store = new AsyncLocalStorage<{ id: number }>();
    const seen: string[] = [];
    const work = (id: number) =>
      store.run({ id }, async () => {
        await sleep(5 - id);
        seen.push(`await ${id}:${store.getStore()?.id}`);
        await new Promise<void>((resolve) =>
          setTimeout(() => {
            seen.push(`timer ${id}:${store.getStore()?.id}`);
            setImmediate(() => {
              process.nextTick(() => {
                seen.push(`tick ${id}:${store.getStore()?.id}`);
                resolve();
              });
            });
          }, id),
        );
        return store.getStore()?.id;
      });
    assert.deepEqual(await Promise.all([work(1), work(2), work(3)]), [1, 2, 3]);
    assert.equal(store.getStore(), undefined);
    for (const id of [1, 2, 3])
      for (const step of ['await', 'timer', 'tick'])
        assert.ok(seen.includes(`${step} ${id}:${id}`), seen.join(', '));
  });
});
