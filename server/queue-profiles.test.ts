import assert from 'node:assert/strict';
import { loadQueueProfiles } from './queue-profiles.ts';

const base = { label: 'Golf', game: 'golf', rated: false, teams: 2, teamSize: 1, regions: ['eu'] };
const defaults = {
  widening: { initialBand: 50, growthPerSecond: 10, maxBand: 400, relaxRegionAfterSeconds: 20 },
  minQuality: 0.2,
  tickMs: 1000,
  seatTimeoutSeconds: 15,
};
const load = (...profiles: object[]) => loadQueueProfiles({ json: JSON.stringify({ defaults, profiles }) });

describe('queue profiles', () => {
  it('ship golf tables beside the chess queues: 2 to 6 seats, casual and rated', () => {
    const shipped = loadQueueProfiles({});
    assert.ok(shipped.ok);
    const golf = shipped.value.filter((p) => p.game === 'golf');
    assert.deepEqual(
      golf.map((p) => [p.id, p.rated, p.minSeats, p.maxSeats, p.teams, p.teamSize]),
      [
        ['golf-casual', false, 2, 6, 6, 1],
        ['golf-rated', true, 2, 6, 6, 1],
      ],
    );
    assert.equal(golf[0]!.timeControl, undefined);
  });

  it('read a queue of tables: the most sides are its teams, and it waits 20 s to fill unless told', () => {
    const read = load({ ...base, id: 'golf', minSeats: 3, maxSeats: 5 });
    assert.ok(read.ok);
    assert.deepEqual(
      [read.value[0]!.teams, read.value[0]!.fillWaitSeconds, read.value[0]!.timeControl],
      [5, 20, undefined],
    );
  });

  const wrong: Array<[string, object, string]> = [
    ['only one of the seat bounds', { minSeats: 2 }, 'a queue of tables names both'],
    ['a minimum above the maximum', { minSeats: 5, maxSeats: 3 }, 'minSeats is larger than maxSeats'],
    ['teams of two at a table', { minSeats: 2, maxSeats: 4, teamSize: 2 }, 'teamSize'],
    ['a fill wait without tables', { fillWaitSeconds: 5 }, 'only a queue of tables'],
    ['a game nobody registered', { game: 'go', minSeats: 2, maxSeats: 4 }, 'no game "go" is registered'],
  ];
  for (const [what, given, problem] of wrong) {
    it(`refuse ${what}, naming the profile and the problem`, () => {
      const read = load({ ...base, id: 'bad', ...given });
      assert.equal(read.ok, false);
      if (!read.ok)
        assert.ok(
          read.problems.some((p) => p.includes('bad') && p.includes(problem)),
          read.problems.join('\n'),
        );
    });
  }
});
