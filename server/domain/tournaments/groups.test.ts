import assert from 'node:assert/strict';
import { singleElimination } from './bracket.ts';
import { resolveBracket } from './bracket-state.ts';
import { drawGroups, groupSchedule, knockoutSeeds, sameGroupFirstRound } from './groups.ts';

const entrants = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `p${i + 1}`, rating: 2800 - i * 10 }));

describe('Groups then knockout', () => {
  it('draws groups by serpentine seeding, sizes within one of each other', () => {
    assert.deepEqual(drawGroups(entrants(8), 2), [
      ['p1', 'p4', 'p5', 'p8'],
      ['p2', 'p3', 'p6', 'p7'],
    ]);
    for (let n = 4; n <= 48; n++)
      for (let g = 1; g * 2 <= n; g++) {
        const groups = drawGroups(entrants(n), g);
        const sizes = groups.map((x) => x.length);
        assert.equal(
          sizes.reduce((a, b) => a + b, 0),
          n,
        );
        assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1);
        // The top g seeds head different groups.
        assert.deepEqual(
          groups.map((x) => x[0]).sort(),
          entrants(g)
            .map((e) => e.id)
            .sort(),
        );
      }
    assert.throws(() => drawGroups(entrants(5), 3), RangeError);
  });

  it('plays each group as a round robin of its members', () => {
    const schedule = groupSchedule(['a', 'b', 'c', 'd']);
    assert.deepEqual(schedule[0], {
      round: 1,
      games: [
        ['a', 'd'],
        ['b', 'c'],
      ],
      bye: null,
    });
    assert.equal(new Set(schedule.flatMap((r) => r.games.map((g) => [...g].sort().join('')))).size, 6);
  });

  it('seeds the top k of each group so group-mates do not meet in the first knockout round', () => {
    for (const groups of [2, 4, 8])
      for (const k of [1, 2]) {
        const orders = Array.from({ length: groups }, (_, g) =>
          Array.from({ length: 4 }, (_, i) => `g${g}p${i}`),
        );
        assert.deepEqual(sameGroupFirstRound(orders, k), [], `${groups} groups, top ${k}`);
      }
    const orders = [
      ['a1', 'a2', 'a3'],
      ['b1', 'b2', 'b3'],
    ];
    assert.deepEqual(knockoutSeeds(orders, 2), ['a1', 'b1', 'a2', 'b2']);
    // The bracket then plays as any knockout: the winners meet the other group's runner-up first.
    const seeds = knockoutSeeds(orders, 2);
    const state = resolveBracket(singleElimination(seeds.length), seeds, { 'W1-1': 'a', 'W1-2': 'a' });
    assert.deepEqual([state.matches.get('W1-1')!.a, state.matches.get('W1-1')!.b], ['a1', 'b2']);
    assert.deepEqual([state.matches.get('W1-2')!.a, state.matches.get('W1-2')!.b], ['b1', 'a2']);
    assert.deepEqual([state.matches.get('W2-1')!.a, state.matches.get('W2-1')!.b], ['a1', 'b1']);
    // With an odd number of groups one first-round pair can be group-mates; the check says which.
    const three = [0, 1, 2].map((g) => [`g${g}a`, `g${g}b`]);
    assert.deepEqual(sameGroupFirstRound(three, 2), [['g2a', 'g2b']]);
  });
});
