import assert from 'node:assert/strict';
import { leastLoaded, type NodeLoad, NodeLoads } from './placement.ts';

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

  describe('the loads it reads', () => {
    const setup = () => {
      const clock = { now: 0 };
      const reads: Array<(nodes: NodeLoad[]) => void> = [];
      const self = { processId: 'a', ccu: 1, roomCount: 1 };
      const loads = new NodeLoads(
        () => new Promise<NodeLoad[]>((resolve) => reads.push(resolve)),
        () => ({ ...self }),
        500,
        () => clock.now,
      );
      return { clock, reads, self, loads };
    };

    it('reads the cluster once for the rooms created meanwhile, and again once the figures are old', async () => {
      const { clock, reads, self, loads } = setup();
      const first = loads.current();
      const second = loads.current();
      assert.equal(reads.length, 1, 'one read on its way at a time');
      reads[0]!([
        { processId: 'a', ccu: 0, roomCount: 0 },
        { processId: 'b', ccu: 7, roomCount: 2 },
      ]);
      const expected = [
        { processId: 'a', ccu: 1, roomCount: 1 },
        { processId: 'b', ccu: 7, roomCount: 2 },
      ];
      assert.deepEqual(await first, expected, "this node's live figures stand in for its listed ones");
      assert.deepEqual(await second, expected);
      clock.now = 499;
      self.ccu = 40;
      assert.deepEqual(await loads.current(), [
        { processId: 'a', ccu: 40, roomCount: 1 },
        { processId: 'b', ccu: 7, roomCount: 2 },
      ]);
      assert.equal(reads.length, 1, 'within the age, no read');
      clock.now = 500;
      const later = loads.current();
      assert.equal(reads.length, 2, 'old figures are read again');
      reads[1]!([{ processId: 'b', ccu: 9, roomCount: 3 }]);
      assert.deepEqual(
        await later,
        [{ processId: 'b', ccu: 9, roomCount: 3 }],
        'a node not listed is not added',
      );
    });

    it('reads again after a read that failed', async () => {
      const clock = { now: 0 };
      let calls = 0;
      const loads = new NodeLoads(
        async () => {
          calls += 1;
          if (calls === 1) throw new Error('Redis is down');
          return [{ processId: 'b', ccu: 1, roomCount: 1 }];
        },
        () => ({ processId: 'a', ccu: 0, roomCount: 0 }),
        500,
        () => clock.now,
      );
      await assert.rejects(loads.current(), /Redis is down/);
      assert.deepEqual(await loads.current(), [{ processId: 'b', ccu: 1, roomCount: 1 }]);
      assert.equal(calls, 2);
    });
  });
});
