import assert from 'node:assert/strict';
import { chatLine } from '../rules/chat.ts';
import type { PartyNotice } from '../shared/parties.ts';
import {
  afterGameEnded,
  afterGameStatus,
  afterNotice,
  IDLE,
  inviteCode,
  isNewResult,
  leaderOnly,
  leadersPick,
  type Member,
  mayQueue,
  mayUnqueue,
  type PartyStatus,
  partyLine,
  resultSummary,
  statusOfSnapshot,
  successor,
  ticketLapsed,
  whereOf,
} from './party.ts';

function member(userId: string, joinedAt: number, overrides: Partial<Member> = {}): Member {
  return { userId, name: userId, joinedAt, ready: true, connected: true, ...overrides };
}

function partyOf(leaderId: string, ...members: Member[]) {
  return { leaderId, members: new Map(members.map((m) => [m.userId, m])) };
}

function codeOf(checked: { ok: true } | { ok: false; refusal: { code: string } }): string | undefined {
  return checked.ok ? undefined : checked.refusal.code;
}

const match = { queue: 'blitz', game: 'chess', roomId: 'room1', quality: 0.9, seatDeadline: 1000 };
const offered: PartyNotice = {
  type: 'match',
  match,
  seats: { ann: { team: 0, seat: 0, color: 'white' }, bob: { team: 0, seat: 0, color: 'white' } },
};
const searching: PartyStatus = { status: 'searching', queue: 'blitz' };

describe('the rules of a party', () => {
  describe('its leader', () => {
    const party = partyOf('ann', member('ann', 1), member('bob', 2));

    it('alone may kick, promote, queue and unqueue: anyone else is refused NOT_PARTY_LEADER', () => {
      assert.equal(codeOf(leaderOnly(party, 'bob', 'queue')), 'NOT_PARTY_LEADER');
      assert.equal(codeOf(leadersPick(party, 'bob', 'kick', 'ann')), 'NOT_PARTY_LEADER');
      assert.equal(codeOf(mayUnqueue(party, 'bob', searching)), 'NOT_PARTY_LEADER');
      assert.equal(codeOf(mayQueue(party, 'bob', { name: 'blitz', known: true }, IDLE)), 'NOT_PARTY_LEADER');
    });

    it('picks another member to kick or promote, never themself or a stranger (NOT_IN_PARTY)', () => {
      assert.deepEqual(leadersPick(party, 'ann', 'promote', 'bob'), {
        ok: true,
        value: party.members.get('bob'),
      });
      assert.equal(codeOf(leadersPick(party, 'ann', 'kick', 'ann')), 'NOT_IN_PARTY');
      assert.equal(codeOf(leadersPick(party, 'ann', 'kick', 'eve')), 'NOT_IN_PARTY');
    });

    it('is succeeded by the longest-standing member when they leave, by nobody when none is left', () => {
      const members = [member('ann', 1), member('cat', 3), member('bob', 2)];
      assert.equal(successor('ann', 'ann', members), 'bob');
      assert.equal(successor('ann', 'cat', members), 'ann', 'another member leaving changes nothing');
      assert.equal(successor('ann', 'ann', [member('ann', 1)]), '');
    });
  });

  describe('queueing', () => {
    const known = { name: 'blitz', known: true };

    it('is allowed for an idle party whose members are all ready and connected', () => {
      assert.ok(mayQueue(partyOf('ann', member('ann', 1), member('bob', 2)), 'ann', known, IDLE).ok);
    });

    it('is refused in an unknown queue, while not idle, or with someone not ready or away', () => {
      const party = partyOf('ann', member('ann', 1), member('bob', 2));
      assert.equal(codeOf(mayQueue(party, 'ann', { name: 'nope', known: false }, IDLE)), 'UNKNOWN_QUEUE');
      assert.equal(codeOf(mayQueue(party, 'ann', known, searching)), 'ALREADY_QUEUED');
      const unready = partyOf(
        'ann',
        member('ann', 1),
        member('bob', 2, { ready: false }),
        member('cat', 3, { connected: false }),
      );
      const checked = mayQueue(unready, 'ann', known, IDLE);
      assert.deepEqual(checked, {
        ok: false,
        refusal: { code: 'PARTY_NOT_READY', message: 'not ready: bob, cat' },
      });
    });

    it('may be cancelled only while searching (NOT_QUEUED)', () => {
      const party = partyOf('ann', member('ann', 1));
      assert.deepEqual(mayUnqueue(party, 'ann', searching), { ok: true, value: { queue: 'blitz' } });
      assert.equal(codeOf(mayUnqueue(party, 'ann', IDLE)), 'NOT_QUEUED');
    });

    it('lapses when the queue has not spoken for three ticks and two seconds', () => {
      assert.equal(ticketLapsed(searching, 0, 4_999, 1_000), false);
      assert.equal(ticketLapsed(searching, 0, 5_000, 1_000), true);
      assert.equal(
        ticketLapsed(IDLE, 0, 60_000, 1_000),
        false,
        'only a searching party has a ticket to lapse',
      );
    });
  });

  describe('its status, as the queue and the game move it', () => {
    it('searching → matched (with the seats) → playing → idle', () => {
      const matched = afterNotice(searching, offered);
      assert.deepEqual(matched, {
        status: 'matched',
        queue: 'blitz',
        roomId: 'room1',
        offer: { match, seats: (offered as Extract<PartyNotice, { type: 'match' }>).seats },
      });
      const playing = afterNotice(matched, { type: 'matched', queue: 'blitz', roomId: 'room1' });
      assert.deepEqual(playing, { status: 'playing', queue: 'blitz', roomId: 'room1' });
      assert.equal(afterGameEnded(playing, 'other'), playing, 'another game ending changes nothing');
      assert.equal(afterGameEnded(playing, 'room1'), IDLE);
    });

    it('is not changed by the seats told again, nor by the figures of a status', () => {
      const matched = afterNotice(searching, offered);
      assert.equal(afterNotice(matched, offered), matched);
      const figures: PartyNotice = {
        type: 'status',
        status: {
          queue: 'blitz',
          band: { min: 1, max: 2 },
          poolSize: 3,
          estimatedWaitMs: null,
          waitedMs: 4,
          regionOnly: true,
        },
      };
      assert.equal(afterNotice(searching, figures), searching);
    });

    it('searches again when requeued, and is idle when dequeued', () => {
      const matched = afterNotice(searching, offered);
      assert.deepEqual(afterNotice(matched, { type: 'requeued', queue: 'blitz' }), searching);
      assert.equal(afterNotice(matched, { type: 'dequeued', queue: 'blitz', reason: 'seat_expired' }), IDLE);
    });

    it('rebuilt from a snapshot one step behind, follows its game: started, ended or not yet', () => {
      const matched = statusOfSnapshot({ queue: { status: 'matched', queue: 'blitz', roomId: 'room1' } });
      assert.deepEqual(matched, { status: 'matched', queue: 'blitz', roomId: 'room1' });
      assert.deepEqual(afterGameStatus(matched, 'playing'), {
        status: 'playing',
        queue: 'blitz',
        roomId: 'room1',
      });
      assert.equal(afterGameStatus(matched, 'ended'), IDLE);
      assert.equal(afterGameStatus(matched, 'none'), matched);
      assert.equal(afterGameStatus(matched, 'unknown'), matched);
      assert.equal(statusOfSnapshot({ queue: { status: 'lost', queue: 'x', roomId: 'y' } }), IDLE);
    });

    it("is idle once told its match's result, and shows its own seat's line of it, once", () => {
      const playing: PartyStatus = { status: 'playing', queue: 'blitz', roomId: 'room1' };
      const rating = { before: 1500, after: 1489, diff: -11, provisional: true };
      const result = {
        roomId: 'room1',
        queue: 'blitz',
        termination: 'checkmate',
        seat: 1,
        members: [],
        results: [
          {
            seat: 0,
            score: 1,
            placing: 1,
            rating: { before: 1500, after: 1511, diff: 11, provisional: true },
          },
          { seat: 1, score: 0, placing: 2, rating },
        ],
      };
      assert.equal(afterNotice(playing, { type: 'result', result }), IDLE);
      assert.equal(
        afterNotice(searching, { type: 'result', result }),
        searching,
        'a result of an older match',
      );
      assert.deepEqual(resultSummary(result), {
        roomId: 'room1',
        queue: 'blitz',
        termination: 'checkmate',
        seat: 1,
        score: 0,
        placing: 2,
        ratingDiff: -11,
      });
      const aborted = { ...result, roomId: 'room2', termination: 'aborted', results: [] };
      const { score, placing, ratingDiff } = resultSummary(aborted);
      assert.deepEqual([score, placing, ratingDiff], [0, 0, 0], 'an aborted match places nobody');
      assert.equal(isNewResult(undefined, result), true);
      assert.equal(isNewResult(result, { ...result }), false, 'a repeat is no news');
      assert.equal(isNewResult(result, aborted), true);
    });

    it('shows its queue and its match room only where it has them', () => {
      assert.deepEqual(whereOf(IDLE), { queue: '', roomId: '' });
      assert.deepEqual(whereOf(searching), { queue: 'blitz', roomId: '' });
      assert.deepEqual(whereOf(afterNotice(searching, offered)), { queue: 'blitz', roomId: 'room1' });
    });
  });

  describe('chat', () => {
    const limits = { chatMaxLength: 5, chatLines: 2, chatWindowMs: 10_000 };
    const partyChatLine = (raw: string, moments: number[], now: number, given: typeof limits) =>
      chatLine(raw, moments, now, given, partyLine);

    it('says a trimmed line of 1 to the limit characters, and keeps its moment', () => {
      assert.deepEqual(partyChatLine(' hey ', [], 7, limits), {
        ok: true,
        value: { text: 'hey', moments: [7] },
      });
      assert.equal(codeOf(partyChatLine('   ', [], 7, limits)), 'VALIDATION_FAILED');
      assert.equal(codeOf(partyChatLine('toolong', [], 7, limits)), 'VALIDATION_FAILED');
    });

    it('refuses more lines than the window allows with RATE_LIMITED, until the window moves on', () => {
      assert.equal(codeOf(partyChatLine('hi', [0, 1], 9_999, limits)), 'RATE_LIMITED');
      assert.ok(partyChatLine('hi', [0, 1], 10_001, limits).ok);
    });
  });

  it('makes invite codes of six letters and digits that cannot be mistaken for one another', () => {
    let i = 0;
    const steps = [0, 0.999, 0.5, 0.25, 0.75, 0.1];
    const code = inviteCode(() => steps[i++]!);
    assert.match(code, /^[A-HJ-NP-Z2-9]{6}$/);
    assert.equal(code[0], 'A');
    assert.equal(code[1], '9');
  });
});
