import assert from 'node:assert/strict';
import type { LobbyCalls, QueueCalls, QueueFigures } from '../../rooms/shared/calls.ts';
import { callRoom, type Remote } from './calls.ts';

describe('calls to a room on another node', () => {
  it('are typed by the room type’s calls interface: an unknown method or a wrong argument does not compile', () => {
    // Type-checked by the lint (tsc); never run.
    const unused = (queue: Remote<QueueCalls>, lobby: Remote<LobbyCalls>) => {
      // @ts-expect-error no queue method is called so
      void queue.stat();
      // @ts-expect-error a user id is a string
      void queue.holds(42);
      // @ts-expect-error a challenge's status is asked for one of its players
      void lobby.challengeStatus('challenge-id');
      // Every result comes back through a promise, typed as the room answers it.
      const figures: Promise<QueueFigures> = queue.stats();
      const held: Promise<boolean> = queue.holds('user-id');
      return [figures, held];
    };
    assert.equal(typeof unused, 'function');
  });

  it('go through a handle that is not itself a promise: awaiting it calls nothing', async () => {
    const queue = callRoom<QueueCalls>('queue-nowhere');
    assert.equal(await queue, queue);
    assert.equal(typeof queue.stats, 'function');
  });
});
