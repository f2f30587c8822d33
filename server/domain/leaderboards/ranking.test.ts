import assert from 'node:assert/strict';
import {
  achievedAtOfKey,
  betterBound,
  checkValue,
  compareEntries,
  type KeyedEntry,
  MAX_VALUE,
  makeCursor,
  parseCursor,
  rankRun,
  sortKey,
  valueOfKey,
} from './ranking.ts';

const t0 = Date.UTC(2026, 11, 7, 12, 0, 0);

/** Ranks by definition: 1 + the number of entries with a strictly better value. */
function ranksByDefinition(values: number[], order: 'asc' | 'desc'): number[] {
  return values.map((v) => 1 + values.filter((w) => (order === 'desc' ? w > v : w < v)).length);
}

describe('leaderboard ranking', () => {
  it('ranks ties the "1224" way: equal values share a rank and the next rank skips', () => {
    const values = [2100, 2000, 2000, 1900, 1900, 1900, 1800];
    const entries = values.map((v, i) => ({ member: `u${i}`, key: sortKey(v, t0 + i * 1000, 'desc') }));
    entries.sort(compareEntries);
    assert.deepEqual(rankRun(entries, 0, 1), [1, 2, 2, 4, 4, 4, 7]);
  });

  it('within a tie the earlier achiever comes first, on both orders', () => {
    for (const order of ['desc', 'asc'] as const) {
      const late: KeyedEntry = { member: 'a', key: sortKey(50, t0 + 5000, order) };
      const early: KeyedEntry = { member: 'b', key: sortKey(50, t0, order) };
      assert.deepEqual([late, early].sort(compareEntries), [early, late], order);
    }
  });

  it('in the same second and with the same value, the greater member comes first (as ZREVRANGE)', () => {
    const a: KeyedEntry = { member: 'aaa', key: sortKey(7, t0, 'desc') };
    const b: KeyedEntry = { member: 'bbb', key: sortKey(7, t0 + 999, 'desc') };
    assert.equal(a.key, b.key);
    assert.deepEqual([a, b].sort(compareEntries), [b, a]);
  });

  it('an ascending board puts the lowest value first and ranks it so', () => {
    const values = [30, 10, 20, 10];
    const entries = values.map((v, i) => ({ member: `u${i}`, key: sortKey(v, t0 + i * 1000, 'asc') }));
    entries.sort(compareEntries);
    assert.deepEqual(
      entries.map((e) => valueOfKey(e.key, 'asc')),
      [10, 10, 20, 30],
    );
    assert.deepEqual(rankRun(entries, 0, 1), [1, 1, 3, 4]);
  });

  it('keys give back their value and second, for halves, negatives and the extremes', () => {
    for (const order of ['desc', 'asc'] as const) {
      for (const v of [0, 0.5, -0.5, 1500, -42, MAX_VALUE, -MAX_VALUE]) {
        const key = sortKey(v, t0 + 1234, order);
        assert.ok(Number.isSafeInteger(key), `${v} ${order}`);
        assert.equal(valueOfKey(key, order), v);
        assert.equal(achievedAtOfKey(key), t0 + 1000);
      }
    }
  });

  it('the bound of better values counts exactly the entries with a better value, whatever their time', () => {
    const values = [5, 5, 4, 3, 3, 3, 0, -1, -1];
    for (const order of ['desc', 'asc'] as const) {
      const keys = values.map((v, i) => sortKey(v, t0 + i * 7_000_000, order));
      const expected = ranksByDefinition(values, order);
      keys.forEach((key, i) => {
        assert.equal(
          1 + keys.filter((k) => k >= betterBound(key)).length,
          expected[i],
          `${order} ${values[i]}`,
        );
      });
    }
  });

  it('refuses values that are not halves or are out of range', () => {
    assert.equal(checkValue(1.5), null);
    assert.equal(checkValue(1.25), 'not_a_half');
    assert.equal(checkValue(Number.NaN), 'not_a_half');
    assert.equal(checkValue(MAX_VALUE + 1), 'out_of_range');
  });

  it('a cursor reads back the entry it was made from; anything else is refused', () => {
    const entry = { member: '0b9c6c3e-1d5a-4e0e-9a57-2f7d6c1e7c11', key: sortKey(-3, t0, 'desc') };
    assert.deepEqual(parseCursor(makeCursor(entry)), entry);
    for (const bad of ['', 'x', '12', '1.2.3', '99999999999999999.a', '1.<script>'])
      assert.equal(parseCursor(bad), null, bad);
  });
});
