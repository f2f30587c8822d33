import assert from 'node:assert/strict';
import type { Listings } from './listings.ts';
import { type GateReads, RoundGate } from './round-gate.ts';

/** A cluster as the gate reads it: its nodes, which of them answer, and a clock. */
function cluster(nodes: string[]) {
  const state = { nodes, joins: 1, silent: new Set<string>(), now: 0, pings: 0 };
  const reads: GateReads = {
    nodes: async () => [...state.nodes],
    joins: async () => String(state.joins),
    answers: async (id) => {
      state.pings += 1;
      return !state.silent.has(id);
    },
    self: () => 'a',
    now: () => state.now,
  };
  return { state, gate: new RoundGate(10_000, reads) };
}

const listing = (roomId: string, processId: string) => ({ roomId, processId }) as unknown as Listings[number];

describe('RoundGate: when a keeper reads the whole cluster', () => {
  it('makes the first round full, then only looks at the nodes while nothing changes, and pings each other node every round', async () => {
    const { state, gate } = cluster(['a', 'b', 'c']);
    assert.equal(await gate.due(), true);
    gate.settled(false, [listing('g1', 'a'), listing('g2', 'b')]);
    for (let second = 1; second < 10; second++) {
      state.now = second * 1_000;
      assert.equal(await gate.due(), false, `second ${second}`);
    }
    assert.equal(state.pings, 20, 'two other nodes, ten rounds');
    state.now = 10_000;
    assert.equal(await gate.due(), true, 'a full round every 10 s whatever happens');
    gate.settled(false, []);
    state.now = 11_000;
    assert.equal(await gate.due(), false);
    state.now = 14_500;
    assert.equal(await gate.due(), true, 'this node stalled for 3.5 s: it may have been taken for dead');
  });

  it('makes a full round when a node comes or goes, or does not answer', async () => {
    const { state, gate } = cluster(['a', 'b']);
    await gate.due();
    gate.settled(false, []);
    state.nodes = ['a', 'b', 'c'];
    assert.equal(await gate.due(), true, 'a node came');
    gate.settled(false, []);
    assert.equal(await gate.due(), false);
    state.nodes = ['c', 'a', 'b'];
    assert.equal(await gate.due(), false, 'the same nodes in another order');
    state.joins += 1;
    assert.equal(await gate.due(), true, 'a node joined and left again between two looks');
    gate.settled(false, []);
    state.silent.add('c');
    assert.equal(await gate.due(), true, 'a node stopped answering');
    gate.settled(false, []);
    state.silent.clear();
    state.nodes = ['a', 'b'];
    assert.equal(await gate.due(), true, 'the node was dropped');
  });

  it('keeps making full rounds while the last one acted, failed, or found a listing of a node that left', async () => {
    const { state, gate } = cluster(['a', 'b']);
    await gate.due();
    gate.settled(true, []);
    assert.equal(await gate.due(), true, 'it rebuilt or handed over something');
    // A round that throws never says it settled.
    assert.equal(await gate.due(), true, 'the last full round failed');
    gate.settled(false, []);
    assert.equal(await gate.due(), false);

    // A draining node leaves the statistics before its rooms close.
    state.nodes = ['a'];
    assert.equal(await gate.due(), true);
    gate.settled(false, [listing('g1', 'b')]);
    assert.equal(await gate.due(), true, 'b left but its game is still listed');
    gate.settled(false, [listing('g1', 'a')]);
    assert.equal(await gate.due(), false, 'the game is listed here now');
  });
});
