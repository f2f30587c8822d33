import assert from 'node:assert/strict';
import type { ErrorCode } from '../../schema/errors.ts';
import { golfModule } from '../games/golf/module.ts';
import {
  answerRefusal,
  type Challenge,
  type ChallengeRequest,
  challengeDto,
  challengeTerms,
  finishedChallenge,
} from './challenges.ts';
import type { GameCatalog } from './game-terms.ts';

const catalog: GameCatalog = { get: (name) => (name === 'golf' ? { module: golfModule } : undefined) };

const alice = { userId: 'a', name: 'alice', guest: false };
const bob = { userId: 'b', name: 'bob', guest: false };
const guest = { userId: 'g', name: 'Guest-x1', guest: true };
const context = { opponentOnline: true, pendingFromChallenger: 0, maxPending: 5 };

function challenge(overrides: Partial<Challenge> = {}): Challenge {
  return {
    id: 'c1',
    from: { ...alice, rating: 1500 },
    to: bob,
    game: 'chess',
    timeControl: '3+2',
    category: 'blitz',
    options: { timeControl: '3+2' },
    computers: 0,
    level: '',
    rated: true,
    createdAt: 1_000,
    expiresAt: 61_000,
    status: 'pending',
    roomId: null,
    ...overrides,
  };
}

describe('lobby challenges', () => {
  it('accepts a challenge to an online player, with its normalised time control', () => {
    const request: ChallengeRequest = { from: alice, to: bob, timeControl: '03+2', rated: true };
    assert.deepEqual(challengeTerms(request, context, catalog), {
      ok: true,
      value: {
        game: 'chess',
        timeControl: '3+2',
        category: 'blitz',
        options: { timeControl: '3+2' },
        computers: 0,
        level: '',
      },
    });
  });

  it('accepts a challenge to golf at a table of the two and the computers asked for, by golf’s options', () => {
    const request: ChallengeRequest = {
      from: alice,
      to: bob,
      game: 'golf',
      options: { holes: 2, jokers: true, eagleEye: true },
      computers: 1,
      level: 'pair-hunter',
      rated: false,
    };
    const checked = challengeTerms(request, context, catalog);
    assert.ok(checked.ok);
    const { game, category, computers, level, options } = checked.value;
    assert.deepEqual([game, category, computers, level], ['golf', 'golf', 1, 'pair-hunter']);
    assert.deepEqual([options.players, options.holes, options.eagleEye], [3, 2, true]);
    const dto = challengeDto(challenge({ ...checked.value }));
    assert.deepEqual([dto.game, dto.timeControl, dto.computers, dto.options?.holes], ['golf', '', 1, 2]);
    const refusedRule = challengeTerms({ ...request, options: { eagleEye: true } }, context, catalog);
    assert.equal(refusedRule.ok, false);
    if (!refusedRule.ok) assert.match(refusedRule.refusal.message, /eagleEye/);
  });

  const refusals: [string, ChallengeRequest, Partial<typeof context>, ErrorCode][] = [
    ['oneself', { from: alice, to: alice, timeControl: '3+2', rated: false }, {}, 'VALIDATION_FAILED'],
    [
      'a bad time control',
      { from: alice, to: bob, timeControl: '3+2+1', rated: false },
      {},
      'VALIDATION_FAILED',
    ],
    [
      'rated, by a guest',
      { from: guest, to: bob, timeControl: '3+2', rated: true },
      {},
      'RATED_NEEDS_ACCOUNT',
    ],
    [
      'rated, to a guest',
      { from: alice, to: guest, timeControl: '3+2', rated: true },
      {},
      'RATED_NEEDS_ACCOUNT',
    ],
    [
      'someone not in the lobby',
      { from: alice, to: bob, timeControl: '3+2', rated: true },
      { opponentOnline: false },
      'USER_NOT_ONLINE',
    ],
    [
      'one pending challenge too many',
      { from: alice, to: bob, timeControl: '3+2', rated: true },
      { pendingFromChallenger: 5 },
      'RATE_LIMITED',
    ],
  ];
  for (const [what, request, extra, code] of refusals) {
    it(`refuses a challenge to ${what} with ${code}`, () => {
      const checked = challengeTerms(request, { ...context, ...extra }, catalog);
      assert.equal(checked.ok, false);
      if (!checked.ok) assert.equal(checked.refusal.code, code);
    });
  }

  it('only the challenged player answers, and only while it is pending and not past its deadline', () => {
    assert.equal(answerRefusal(challenge(), 'b', 60_999), undefined);
    assert.equal(answerRefusal(challenge(), 'a', 2_000)?.code, 'CHALLENGE_NOT_FOUND');
    assert.equal(answerRefusal(challenge(), 'b', 61_000)?.code, 'CHALLENGE_NOT_FOUND');
    assert.equal(answerRefusal(challenge({ status: 'declined' }), 'b', 2_000)?.code, 'CHALLENGE_NOT_FOUND');
    assert.equal(answerRefusal(undefined, 'b', 2_000)?.code, 'CHALLENGE_NOT_FOUND');
  });

  it('shows times in ISO 8601, and the room only once accepted', () => {
    assert.deepEqual(challengeDto(challenge()), {
      id: 'c1',
      status: 'pending',
      from: 'alice',
      to: 'bob',
      game: 'chess',
      timeControl: '3+2',
      rated: true,
      expiresAt: '1970-01-01T00:01:01.000Z',
    });
    assert.equal(challengeDto(challenge({ status: 'accepted', roomId: 'r1' })).roomId, 'r1');
  });

  it("finishes an accepted challenge once, naming each seat's player in its result; nothing else finishes", () => {
    const accepted = challenge({ status: 'accepted', roomId: 'room1', seated: ['bob', 'alice'] });
    const rating = (diff: number) => ({ before: 1500, after: 1500 + diff, diff, provisional: true });
    const ending = {
      termination: 'checkmate',
      results: [
        { seat: 0, score: 1, placing: 1, rating: rating(12) },
        { seat: 1, score: 0, placing: 2, rating: rating(-12) },
      ],
    };
    const finished = finishedChallenge(accepted, ending)!;
    assert.equal(finished.status, 'finished');
    assert.deepEqual(challengeDto(finished).result, {
      termination: 'checkmate',
      seats: [
        { player: 'bob', score: 1, placing: 1, rating: rating(12) },
        { player: 'alice', score: 0, placing: 2, rating: rating(-12) },
      ],
    });
    assert.equal(accepted.status, 'accepted', 'the challenge given is left as it was');
    assert.equal(finishedChallenge(finished, ending), undefined, 'a repeat is no news');
    for (const status of ['pending', 'declined', 'expired'] as const)
      assert.equal(finishedChallenge(challenge({ status }), ending), undefined, status);
    const aborted = finishedChallenge(accepted, { termination: 'aborted', results: [] })!;
    assert.deepEqual(challengeDto(aborted).result, { termination: 'aborted', seats: [] });
  });
});
