import assert from 'node:assert/strict';
import { seededRandom } from '../../rooms/rules/random.ts';
import { compareEntries, type KeyedEntry } from '../domain/leaderboards/ranking.ts';
import { SortedEntries } from './sorted-entries.ts';

describe('SortedEntries', () => {
  it('with inserts and removals in any order, holds the order of sorting everything', () => {
    const random = seededRandom(11);
    const list = new SortedEntries();
    const held = new Map<string, KeyedEntry>();
    let next = 0;
    // Rounds of every size around the block limit, with many equal keys.
    for (const size of [1, 300, 5000, 255, 256, 2048, 7, 20_000, 1024, 3000]) {
      const batch: KeyedEntry[] = [];
      for (let i = 0; i < size; i++) {
        const entry = { key: Math.floor(random() * 50) * 2 ** 32, member: `m${(next++).toString(36)}` };
        batch.push(entry);
        held.set(entry.member, entry);
      }
      for (const entry of batch) list.insert(entry);
      for (const entry of [...held.values()].filter(() => random() < 0.05)) {
        assert.equal(list.remove(entry), true);
        held.delete(entry.member);
      }
      const truth = [...held.values()].sort(compareEntries);
      assert.equal(list.size, truth.length);
      assert.deepEqual(list.slice(0, truth.length), truth);
      for (let i = 0; i < 50; i++) {
        const at = Math.floor(random() * truth.length);
        assert.equal(list.positionOf(truth[at]!), at);
      }
    }
  });
});
