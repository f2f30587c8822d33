import assert from 'node:assert/strict';
import type { PlayerRecord, RoundEntry } from './crosstable.ts';
import { standings } from './standings.ts';
import { ratingDifference, type TieBreak, tieBreakValues } from './tie-breaks.ts';

const game = (opponent: string, colour: 'white' | 'black', points: number): RoundEntry => ({
  played: true,
  opponent,
  colour,
  points,
});
const bye = (kind: 'pairing-bye' | 'half-bye', points: number): RoundEntry => ({
  played: false,
  kind,
  opponent: null,
  colour: null,
  points,
});

/**
 * A worked example, computed by hand in the comments of each test:
 * R1: A–B 1-0, C–D ½-½, E pairing bye.  R2: D–A 0-1, B–E 1-0, C pairing bye.  R3: A–C ½-½, E–D 1-0,
 * B half-point bye. Final scores A 2½, B 1½, C 2, D ½, E 2. Adjusted (unplayed rounds as draws):
 * A 2½, B 1½, C 1½, D ½, E 1½.
 */
const example: PlayerRecord[] = [
  { id: 'A', rating: 2000, rounds: [game('B', 'white', 1), game('D', 'black', 1), game('C', 'white', 0.5)] },
  { id: 'B', rating: 1900, rounds: [game('A', 'black', 0), game('E', 'white', 1), bye('half-bye', 0.5)] },
  {
    id: 'C',
    rating: 1800,
    rounds: [game('D', 'white', 0.5), bye('pairing-bye', 1), game('A', 'black', 0.5)],
  },
  { id: 'D', rating: 1700, rounds: [game('C', 'black', 0.5), game('A', 'white', 0), game('E', 'black', 0)] },
  { id: 'E', rating: 1600, rounds: [bye('pairing-bye', 1), game('B', 'black', 0), game('D', 'white', 1)] },
];
const of = (tb: TieBreak) => Object.fromEntries(tieBreakValues(tb, example));

describe('Tie-breaks (FIDE C.07)', () => {
  it('Buchholz sums the opponents’ adjusted scores, a round not played counting the player’s own score', () => {
    // A: B 1½ + D ½ + C 1½. B: A 2½ + E 1½ + own 1½. C: D ½ + own 2 + A 2½. D: C 1½ + A 2½ + E 1½. E: own 2 + B 1½ + D ½.
    assert.deepEqual(of('buchholz'), { A: 3.5, B: 5.5, C: 5, D: 5.5, E: 4 });
  });

  it('Buchholz cut-1 drops the lowest value, median Buchholz the lowest and the highest', () => {
    assert.deepEqual(of('buchholz-cut1'), { A: 3, B: 4, C: 4.5, D: 4, E: 3.5 });
    assert.deepEqual(of('median-buchholz'), { A: 1.5, B: 1.5, C: 2, D: 1.5, E: 1.5 });
  });

  it('Sonneborn–Berger weighs each value by the points scored in that round', () => {
    // A: 1½·1 + ½·1 + 1½·½ = 2.75. B: 2½·0 + 1½·1 + 1½·½ = 2.25. C: ½·½ + 2·1 + 2½·½ = 3.5.
    // D: 1½·½ = 0.75. E: 2·1 + 1½·0 + ½·1 = 2.5.
    assert.deepEqual(of('sonneborn-berger'), { A: 2.75, B: 2.25, C: 3.5, D: 0.75, E: 2.5 });
  });

  it('counts wins (with byes worth a win), games won, and games won with black', () => {
    assert.deepEqual(of('wins'), { A: 2, B: 1, C: 1, D: 0, E: 2 });
    assert.deepEqual(of('games-won'), { A: 2, B: 1, C: 0, D: 0, E: 1 });
    assert.deepEqual(of('wins-with-black'), { A: 1, B: 0, C: 0, D: 0, E: 0 });
  });

  it('averages the ratings of the opponents actually played, and adds FIDE’s dp for the performance', () => {
    assert.deepEqual(of('average-rating-of-opponents'), { A: 1800, B: 1800, C: 1850, D: 1800, E: 1800 });
    // A: 2½ of 3 → p 0.83 → dp 273. D: ½ of 3 → p 0.17 → dp −273. Others score half of their games.
    assert.deepEqual(of('performance-rating'), { A: 2073, B: 1800, C: 1850, D: 1527, E: 1800 });
    assert.equal(ratingDifference(1), 800);
    assert.equal(ratingDifference(0), -800);
    assert.equal(ratingDifference(0.755), 202);
  });

  it('direct encounter ranks a level group by the games among them, only when all of them have met', () => {
    // C and E are level on 2 but never met: no separation.
    assert.deepEqual(of('direct-encounter'), { A: 0, B: 0, C: 0, D: 0, E: 0 });
    const trio: PlayerRecord[] = [
      { id: 'x', rating: 1500, rounds: [game('y', 'white', 1), game('z', 'black', 0)] },
      { id: 'y', rating: 1500, rounds: [game('x', 'black', 0), game('z', 'white', 1)] },
      { id: 'z', rating: 1500, rounds: [game('y', 'black', 0), game('x', 'white', 1)] },
    ];
    // All on 1 point and all have met: each scored 1 in the group, still level.
    assert.deepEqual(Object.fromEntries(tieBreakValues('direct-encounter', trio)), { x: 1, y: 1, z: 1 });
    const pair: PlayerRecord[] = [
      { id: 'x', rating: 1500, rounds: [game('y', 'white', 1), game('z', 'black', 0)] },
      { id: 'y', rating: 1500, rounds: [game('x', 'black', 0), game('w', 'white', 1)] },
      { id: 'z', rating: 1500, rounds: [bye('half-bye', 0.5), game('x', 'white', 1)] },
      { id: 'w', rating: 1500, rounds: [bye('half-bye', 0.5), game('y', 'black', 0)] },
    ];
    assert.equal(tieBreakValues('direct-encounter', pair).get('x'), 1);
    assert.equal(tieBreakValues('direct-encounter', pair).get('y'), 0);
  });

  it('ranks by score, then by the tie-breaks in the order the tournament chose, showing each value', () => {
    const table = standings(example, ['sonneborn-berger', 'buchholz']);
    assert.deepEqual(
      table.map((r) => [r.rank, r.id, r.score]),
      [
        [1, 'A', 2.5],
        [2, 'C', 2],
        [3, 'E', 2],
        [4, 'B', 1.5],
        [5, 'D', 0.5],
      ],
    );
    assert.deepEqual(table[1]!.tieBreaks, { 'sonneborn-berger': 3.5, buchholz: 5 });
    // With wins first, E (2 wins) goes ahead of C (1).
    assert.deepEqual(
      standings(example, ['wins']).map((r) => r.id),
      ['A', 'E', 'C', 'B', 'D'],
    );
    // With nothing to separate them, C and E share second place.
    assert.deepEqual(
      standings(example, []).map((r) => r.rank),
      [1, 2, 2, 4, 5],
    );
  });
});
