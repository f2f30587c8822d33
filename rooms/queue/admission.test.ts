import assert from 'node:assert/strict';
import { ERROR_STATUS } from '../../schema/errors.ts';
import type { QueueProfile } from '../../schema/queues.ts';
import { admit, pairingRulesOf } from './admission.ts';

const profile: QueueProfile = {
  id: 'blitz-rated',
  label: 'Blitz 3+2 rated',
  game: 'chess',
  timeControl: '3+2',
  rated: true,
  teams: 2,
  teamSize: 1,
  regions: ['eu', 'na'],
  widening: { initialBand: 50, growthPerSecond: 10, maxBand: 400, relaxRegionAfterSeconds: 20 },
  minQuality: 0.2,
  tickMs: 1000,
  seatTimeoutSeconds: 15,
};
const golf: QueueProfile = {
  ...profile,
  id: 'golf-casual',
  game: 'golf',
  rated: false,
  teams: 2,
  minSeats: 2,
  maxSeats: 2,
  fillWaitSeconds: 5,
};
const alice = { userId: 'a', name: 'alice', guest: false };
const guest = { userId: 'g', name: 'guest-1', guest: true };

describe('queue admission', () => {
  it('waits in the profile’s first region when none is asked for, else in the one asked for', () => {
    assert.deepEqual(admit(profile, [alice], undefined), { ok: true, region: 'eu' });
    assert.deepEqual(admit(profile, [alice], 'na'), { ok: true, region: 'na' });
  });

  const refusals: Array<[string, Parameters<typeof admit>, string, number]> = [
    ['a region the profile does not list', [profile, [alice], 'moon'], 'UNKNOWN_REGION', 400],
    [
      'a party larger than a team',
      [profile, [alice, { ...alice, userId: 'b' }], undefined],
      'PARTY_TOO_LARGE',
      409,
    ],
    ['a guest in a rated queue', [profile, [guest], undefined], 'RATED_NEEDS_ACCOUNT', 403],
    [
      'a party larger than a table',
      [golf, ['a', 'b', 'c'].map((userId) => ({ ...alice, userId })), undefined],
      'PARTY_TOO_LARGE',
      409,
    ],
  ];
  for (const [what, args, code, status] of refusals) {
    it(`refuses ${what} with ${code}`, () => {
      const answer = admit(...args);
      assert.equal(answer.ok, false);
      // A refused join answers with the code's status in the one status table.
      if (!answer.ok)
        assert.deepEqual([answer.refusal.code, ERROR_STATUS[answer.refusal.code]], [code, status]);
    });
  }

  it('lets a guest into a casual queue', () => {
    assert.deepEqual(admit({ ...profile, rated: false }, [guest], undefined), { ok: true, region: 'eu' });
  });

  it('lets a party as large as a table into a queue of tables, and gives the pool the seats', () => {
    const party = ['a', 'b'].map((userId) => ({ ...alice, userId }));
    assert.deepEqual(admit(golf, party, undefined), { ok: true, region: 'eu' });
    assert.deepEqual(pairingRulesOf(golf).seats, { min: 2, max: 2, fillWaitMs: 5_000 });
    assert.equal(pairingRulesOf(profile).seats, undefined);
  });
});
