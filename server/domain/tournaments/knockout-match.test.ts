import assert from 'node:assert/strict';
import { knockoutMatchStatus } from './knockout-match.ts';

describe('A knockout match of several games', () => {
  it('ends as soon as one side cannot be caught', () => {
    const bestOfThree = { games: 3 };
    assert.deepEqual(knockoutMatchStatus(bestOfThree, [1, 1]), {
      status: 'decided',
      winner: 'a',
      score: [2, 0],
    });
    assert.deepEqual(knockoutMatchStatus(bestOfThree, [1, 0]), {
      status: 'playing',
      game: 3,
      kind: 'regular',
      aHasWhite: true,
    });
    assert.throws(() => knockoutMatchStatus(bestOfThree, [1, 1, 0]), /after the match was decided/);
  });

  it('alternates colours, side a white in the first game', () => {
    const s = knockoutMatchStatus({ games: 2 }, [0.5]);
    assert.deepEqual(s, { status: 'playing', game: 2, kind: 'regular', aHasWhite: false });
  });

  it('goes to tie-break sets while level, then to sudden death', () => {
    const f = { games: 2, tieBreakGames: 2, tieBreakSets: 2 };
    assert.equal((knockoutMatchStatus(f, [1, 0]) as { kind: string }).kind, 'tie-break');
    assert.deepEqual(knockoutMatchStatus(f, [1, 0, 0.5, 1]), {
      status: 'decided',
      winner: 'a',
      score: [2.5, 1.5],
    });
    const level = [1, 0, 0.5, 0.5, 0, 1] as const;
    assert.deepEqual(knockoutMatchStatus(f, level), {
      status: 'playing',
      game: 7,
      kind: 'sudden-death',
      aHasWhite: true,
    });
    assert.equal((knockoutMatchStatus(f, [...level, 0.5]) as { kind: string }).kind, 'sudden-death');
    assert.deepEqual(knockoutMatchStatus(f, [...level, 0.5, 0]), {
      status: 'decided',
      winner: 'b',
      score: [3.5, 4.5],
    });
  });

  it('gives an armageddon draw to the player with black', () => {
    const f = { games: 1, decider: 'armageddon' as const };
    // Game 2 is the armageddon; side a has black in it (colours alternate).
    assert.deepEqual(knockoutMatchStatus(f, [0.5]), {
      status: 'playing',
      game: 2,
      kind: 'armageddon',
      aHasWhite: false,
    });
    assert.equal((knockoutMatchStatus(f, [0.5, 0.5]) as { winner: string }).winner, 'a');
    const f2 = { games: 2, decider: 'armageddon' as const };
    assert.equal((knockoutMatchStatus(f2, [1, 0, 0.5]) as { winner: string }).winner, 'b');
  });
});
