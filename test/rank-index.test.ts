import assert from 'node:assert/strict';
import { sortKey } from '../server/domain/leaderboards/ranking.ts';
import type { IndexWrite, RankedEntry } from '../server/services/rank-index.ts';
import { forEachRankIndex } from './support/rank-indexes.ts';

const t0 = Date.UTC(2026, 11, 7, 12, 0, 0);
const w = (member: string, value: number, sec: number, over: Partial<IndexWrite> = {}): IndexWrite => ({
  member,
  key: sortKey(value, t0 + sec * 1000, 'desc'),
  country: null,
  version: 1,
  visible: true,
  ...over,
});
const view = (entries: RankedEntry[]) => entries.map((e) => `${e.rank}:${e.member}`);

forEachRankIndex('a rank index', (index) => {
  it('ranks ties 1224 with the earlier achiever first, and pages by offset and by cursor alike', async () => {
    const scope = { board: 'b1', period: 'all' };
    await index().write('b1', 'all', [
      w('ann', 10, 5),
      w('bob', 12, 1),
      w('cid', 10, 2),
      w('dan', 9, 0),
      w('eve', 10, 9),
    ]);
    assert.deepEqual(view(await index().range(scope, 0, 10)), ['1:bob', '2:cid', '2:ann', '2:eve', '5:dan']);
    assert.deepEqual(view(await index().range(scope, 2, 2)), ['2:ann', '2:eve']);
    const first = await index().range(scope, 0, 2);
    assert.deepEqual(view(await index().after(scope, first[1]!, 2)), ['2:ann', '2:eve']);
    assert.equal(await index().size(scope), 5);
    assert.deepEqual(await index().periods('b1'), ['all']);
  });

  it("a player's standing and the window around them; nothing for a player not on the board", async () => {
    const scope = { board: 'b2', period: 'p' };
    await index().write('b2', 'p', [w('a', 5, 0), w('b', 4, 0), w('c', 4, 1), w('d', 3, 0), w('e', 1, 0)]);
    const c = await index().standing(scope, 'c');
    assert.deepEqual([c?.rank, c?.position], [2, 2]);
    assert.deepEqual(view(await index().around(scope, 'c', 1)), ['2:b', '2:c', '4:d']);
    assert.deepEqual(view(await index().around(scope, 'a', 2)), ['1:a', '2:b', '2:c']);
    assert.deepEqual(view(await index().around(scope, 'e', 1)), ['4:d', '5:e']);
    assert.equal(await index().standing(scope, 'zed'), null);
    assert.deepEqual(await index().around(scope, 'zed', 3), []);
  });

  it('writes are versioned: a replay or an older write changes nothing, a newer one moves the entry', async () => {
    const scope = { board: 'b3', period: 'p' };
    await index().write('b3', 'p', [w('a', 5, 0, { version: 2 }), w('b', 6, 0)]);
    await index().write('b3', 'p', [w('a', 9, 0, { version: 1 }), w('a', 9, 0, { version: 2 })]);
    assert.deepEqual(view(await index().range(scope, 0, 5)), ['1:b', '2:a']);
    await index().write('b3', 'p', [w('a', 9, 0, { version: 3 })]);
    assert.deepEqual(view(await index().range(scope, 0, 5)), ['1:a', '2:b']);
  });

  it('an entry made invisible leaves the board and its country; a change of country moves it', async () => {
    const fr = { board: 'b4', period: 'p', country: 'FR' };
    const de = { board: 'b4', period: 'p', country: 'DE' };
    await index().write('b4', 'p', [w('a', 5, 0, { country: 'FR' }), w('b', 4, 0, { country: 'FR' })]);
    assert.deepEqual(view(await index().range(fr, 0, 5)), ['1:a', '2:b']);
    await index().write('b4', 'p', [w('a', 5, 0, { country: 'DE', version: 2 })]);
    assert.deepEqual(view(await index().range(fr, 0, 5)), ['1:b']);
    assert.deepEqual(view(await index().range(de, 0, 5)), ['1:a']);
    assert.equal(await index().standing(fr, 'a'), null);
    await index().write('b4', 'p', [w('b', 4, 0, { country: 'FR', version: 2, visible: false })]);
    assert.equal(await index().size(fr), 0);
    assert.deepEqual(view(await index().range({ board: 'b4', period: 'p' }, 0, 5)), ['1:a']);
  });

  it('a cursor whose entry has moved since still starts right after its place', async () => {
    const scope = { board: 'b5', period: 'p' };
    await index().write('b5', 'p', [w('a', 5, 0), w('b', 4, 0), w('c', 3, 0), w('d', 2, 0)]);
    const page = await index().range(scope, 0, 2);
    await index().write('b5', 'p', [w('b', 1, 0, { version: 2 })]);
    assert.deepEqual(view(await index().after(scope, page[1]!, 5)), ['2:c', '3:d', '4:b']);
  });

  it('clear empties it and it is no longer built', async () => {
    await index().markBuilt();
    assert.equal(await index().isBuilt(), true);
    await index().clear();
    assert.equal(await index().isBuilt(), false);
    assert.equal(await index().size({ board: 'b1', period: 'all' }), 0);
    assert.deepEqual(await index().periods('b1'), []);
  });
});
