import assert from 'node:assert/strict';
import { leastLoaded } from './placement.ts';

describe('room placement', () => {
  it('puts a new room on the node with the fewest connected clients, whatever their room counts', () => {
    const nodes = [
      { processId: 'a', ccu: 900, roomCount: 1 },
      { processId: 'b', ccu: 40, roomCount: 300 },
      { processId: 'c', ccu: 120, roomCount: 10 },
    ];
    assert.equal(leastLoaded(nodes, 'a'), 'b');
  });

  it('breaks a tie by rooms, then prefers this node', () => {
    assert.equal(
      leastLoaded(
        [
          { processId: 'a', ccu: 5, roomCount: 3 },
          { processId: 'b', ccu: 5, roomCount: 2 },
        ],
        'a',
      ),
      'b',
    );
    assert.equal(
      leastLoaded(
        [
          { processId: 'b', ccu: 5, roomCount: 2 },
          { processId: 'a', ccu: 5, roomCount: 2 },
        ],
        'a',
      ),
      'a',
    );
  });

  it('chooses this node while no statistics are known', () => {
    assert.equal(leastLoaded([], 'self'), 'self');
  });
});
