import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import {
  applyEvent,
  replay,
  type Tournament,
  type TournamentEvent,
  type TournamentSettings,
} from './tournament.ts';
import { invite, refusedEntry } from './tournament-access.ts';
import { type Decision, join, pairNextRound, recordResult, standingsOf, start } from './tournament-rules.ts';
import {
  adjudicatedResult,
  disqualify,
  endEarly,
  finishIfEndedEarly,
  forfeitedGame,
  pause,
  resume,
} from './tournament-staff.ts';

const SETTINGS: TournamentSettings = {
  name: 'Staff',
  game: 'chess',
  options: { timeControl: '3+2' },
  rated: false,
  format: 'swiss',
  rounds: 3,
  double: false,
  startsAt: 1_000,
  capacity: 8,
  tieBreaks: ['buchholz'],
  seatDeadlineMs: 30_000,
  roundGapMs: 0,
};

const ACT = { by: 'staff1', reason: 'a reason' };

interface Log {
  t: Tournament;
  log: TournamentEvent[];
}

function created(settings: Partial<TournamentSettings> = {}): Log {
  const event: TournamentEvent = {
    type: 'created',
    at: 0,
    id: 't1',
    settings: { ...SETTINGS, ...settings },
    createdBy: 'u0',
  };
  return { t: applyEvent(undefined, event), log: [event] };
}

function apply(s: Log, events: readonly TournamentEvent[]): void {
  for (const e of events) {
    s.t = applyEvent(s.t, e);
    s.log.push(e);
  }
}

/** Applies what a rule decided; a refusal fails the test. */
function take(s: Log, decision: Decision): TournamentEvent[] {
  assert.ok(decision.ok, decision.ok ? '' : `${decision.code}: ${decision.message}`);
  apply(s, decision.events);
  return decision.events;
}

const codeOf = (d: Decision) => (d.ok ? 'ok' : d.code);

/** Four players entered and started: u4 (the highest rated) seeded first. */
function started(settings: Partial<TournamentSettings> = {}, players = 4): Log {
  const s = created(settings);
  for (let i = 1; i <= players; i++)
    take(s, join(s.t, { userId: `u${i}`, name: `P${i}`, guest: false, rating: 1500 + 100 * i }, 100));
  take(s, start(s.t, 1_000));
  return s;
}

/** Pairs the next round and makes a game of every board without a result (`r<round>-<board>`). */
function pairAndStart(s: Log, at: number): void {
  const [paired] = take(s, pairNextRound(s.t, at));
  assert.equal(paired?.type, 'round-paired');
  const round = s.t.rounds.at(-1)!;
  round.boards.forEach((b, board) => {
    if (b.result) return;
    apply(s, [{ type: 'game-started', at, round: round.round, board, gameId: `r${round.round}-${board}` }]);
  });
}

const white = { white: 1, black: 0, forfeit: false };

describe('staff commands in a tournament log', () => {
  it('a pause and a resume are recorded once each; a second pause or a resume of a running one is refused', () => {
    const s = started();
    take(s, pause(s.t, ACT, 2_000));
    assert.equal(s.t.staff.pausedAt, 2_000);
    assert.equal(codeOf(pause(s.t, ACT, 2_100)), 'TOURNAMENT_PAUSED');
    take(s, resume(s.t, ACT, 3_000));
    assert.equal(s.t.staff.pausedAt, null);
    assert.equal(codeOf(resume(s.t, ACT, 3_100)), 'TOURNAMENT_NOT_PAUSED');
    assert.deepEqual(replay(s.log), s.t);
  });

  it('ending early between rounds finishes at once, with the standings of the rounds played', () => {
    const s = started();
    pairAndStart(s, 2_000);
    for (const b of s.t.rounds[0]!.boards) apply(s, recordResult(s.t, b.gameId!, white, 3_000));
    const before = standingsOf(s.t);
    const events = take(s, endEarly(s.t, ACT, 4_000));
    assert.deepEqual(
      events.map((e) => e.type),
      ['ended-early', 'finished'],
    );
    assert.equal(s.t.status, 'finished');
    assert.equal(s.t.rounds.length, 1);
    assert.deepEqual(standingsOf(s.t), before);
    assert.equal(codeOf(endEarly(s.t, ACT, 5_000)), 'TOURNAMENT_FINISHED');
    assert.equal(codeOf(pause(s.t, ACT, 5_000)), 'TOURNAMENT_FINISHED');
  });

  it('ending early during a round lets its games finish: the tournament finishes with their results, and no further round', () => {
    const s = started();
    pairAndStart(s, 2_000);
    const [first, second] = s.t.rounds[0]!.boards;
    apply(s, recordResult(s.t, first!.gameId!, white, 2_500));
    take(s, endEarly(s.t, ACT, 3_000));
    assert.equal(s.t.status, 'running');
    assert.deepEqual(finishIfEndedEarly(s.t, 3_500), [], 'a game is still being played');
    assert.equal(codeOf(endEarly(s.t, ACT, 3_600)), 'TOURNAMENT_FINISHED');
    apply(s, recordResult(s.t, second!.gameId!, white, 4_000));
    const finish = finishIfEndedEarly(s.t, 4_100);
    assert.deepEqual(finish, [{ type: 'finished', at: 4_100, reason: 'ended-early' }]);
    apply(s, finish);
    assert.equal(s.t.status, 'finished');
    assert.deepEqual(
      standingsOf(s.t).map((r) => r.score),
      [1, 1, 0, 0],
    );
    assert.deepEqual(replay(s.log), s.t);
  });

  it('an upcoming tournament ended early finishes unplayed', () => {
    const s = created();
    take(s, join(s.t, { userId: 'u1', name: 'P1', guest: false, rating: 1500 }, 100));
    take(s, endEarly(s.t, ACT, 500));
    assert.equal(s.t.status, 'finished');
    assert.equal(s.t.rounds.length, 0);
  });

  it('a disqualified player loses the game being played by forfeit, is not paired again and may not enter again', () => {
    const s = started();
    pairAndStart(s, 2_000);
    const board = s.t.rounds[0]!.boards.find((b) => b.white === 'u2' || b.black === 'u2')!;
    const events = take(s, disqualify(s.t, 'u2', ACT, 2_500));
    assert.equal(forfeitedGame(events), board.gameId);
    const after = s.t.rounds[0]!.boards.find((b) => b.gameId === board.gameId)!;
    assert.deepEqual(after.result, {
      white: board.white === 'u2' ? 0 : 1,
      black: board.black === 'u2' ? 0 : 1,
      forfeit: true,
    });
    // The match reports its own ending later: the board has its result, nothing changes.
    assert.deepEqual(recordResult(s.t, board.gameId!, white, 2_600), []);
    for (const b of s.t.rounds[0]!.boards)
      if (!b.result) apply(s, recordResult(s.t, b.gameId!, white, 3_000));
    const [round2] = take(s, pairNextRound(s.t, 4_000));
    assert.ok(round2?.type === 'round-paired');
    assert.ok(!round2.boards.some((b) => b.white === 'u2' || b.black === 'u2'), 'not paired again');
    assert.equal(codeOf(refusedEntry(s.t, 'u2') ?? { ok: true, events: [] }), 'PLAYER_DISQUALIFIED');
    assert.equal(codeOf(disqualify(s.t, 'u2', ACT, 4_100)), 'PLAYER_DISQUALIFIED');
    assert.equal(codeOf(disqualify(s.t, 'nobody', ACT, 4_100)), 'NOT_JOINED');
    const row = standingsOf(s.t).find((r) => r.id === 'u2');
    assert.equal(row?.score, 0);
    assert.deepEqual(replay(s.log), s.t);
  });

  it('the last open board of a round forfeited by a disqualification ends the round', () => {
    const s = started({}, 2);
    pairAndStart(s, 2_000);
    const events = take(s, disqualify(s.t, 'u1', ACT, 2_500));
    assert.deepEqual(
      events.map((e) => e.type),
      ['disqualified', 'result', 'round-ended'],
    );
  });

  it('a player disqualified before the start is not seeded', () => {
    const s = created();
    for (let i = 1; i <= 3; i++)
      take(s, join(s.t, { userId: `u${i}`, name: `P${i}`, guest: false, rating: 1500 + i }, 100));
    const events = take(s, disqualify(s.t, 'u3', ACT, 500));
    assert.equal(forfeitedGame(events), null);
    assert.equal(codeOf(refusedEntry(s.t, 'u3') ?? { ok: true, events: [] }), 'PLAYER_DISQUALIFIED');
    take(s, start(s.t, 1_000));
    assert.deepEqual([...s.t.seeds].sort(), ['u1', 'u2']);
  });

  it('in a round robin, a disqualified player’s later games are lost by forfeit', () => {
    const s = started({ format: 'round-robin', rounds: null });
    pairAndStart(s, 2_000);
    take(s, disqualify(s.t, 'u1', ACT, 2_100));
    for (const b of s.t.rounds[0]!.boards)
      if (!b.result) apply(s, recordResult(s.t, b.gameId!, white, 3_000));
    take(s, pairNextRound(s.t, 4_000));
    const theirs = s.t.rounds[1]!.boards.find((b) => b.white === 'u1' || b.black === 'u1')!;
    assert.equal(theirs.result?.forfeit, true);
    assert.equal(theirs.white === 'u1' ? theirs.result?.white : theirs.result?.black, 0);
  });

  it('an adjudicated result is taken once: again, or as the match report, it changes nothing', () => {
    const s = started();
    pairAndStart(s, 2_000);
    const gameId = s.t.rounds[0]!.boards[0]!.gameId!;
    const events = take(s, adjudicatedResult(s.t, gameId, [0.5, 0.5], 2_500));
    assert.deepEqual(
      events.map((e) => e.type),
      ['result'],
    );
    assert.deepEqual(s.t.rounds[0]!.boards[0]!.result, { white: 0.5, black: 0.5, forfeit: false });
    const again = adjudicatedResult(s.t, gameId, [0.5, 0.5], 2_600);
    assert.deepEqual(again, { ok: true, events: [] });
    assert.deepEqual(recordResult(s.t, gameId, { white: 0.5, black: 0.5, forfeit: false }, 2_700), []);
    assert.equal(codeOf(adjudicatedResult(s.t, 'elsewhere', [1, 0], 2_800)), 'GAME_NOT_FOUND');
  });
});

describe('entry to a private tournament', () => {
  it('by invitation only: the creator and the invited enter, nobody else; only the creator invites', () => {
    const s = created({ access: 'invitation' });
    assert.equal(codeOf(refusedEntry(s.t, 'u1') ?? { ok: true, events: [] }), 'NOT_INVITED');
    assert.equal(refusedEntry(s.t, 'u0'), null, 'the creator needs no invitation');
    assert.equal(codeOf(invite(s.t, 'u1', [{ userId: 'u1', name: 'P1' }], 10)), 'FORBIDDEN');
    const invited = [
      { userId: 'u1', name: 'P1' },
      { userId: 'u1', name: 'P1' },
      { userId: 'u2', name: 'P2' },
    ];
    take(s, invite(s.t, 'u0', invited, 10));
    assert.deepEqual(
      s.t.invited.map((i) => i.userId),
      ['u1', 'u2'],
    );
    assert.deepEqual(invite(s.t, 'u0', [{ userId: 'u2', name: 'P2' }], 20), { ok: true, events: [] });
    assert.equal(refusedEntry(s.t, 'u1'), null);
    assert.equal(codeOf(refusedEntry(s.t, 'u3') ?? { ok: true, events: [] }), 'NOT_INVITED');
    assert.deepEqual(replay(s.log), s.t);
  });

  it('a public or password tournament takes no invitations and refuses nobody here', () => {
    for (const access of [undefined, 'password'] as const) {
      const s = created(access ? { access } : {});
      assert.equal(codeOf(invite(s.t, 'u0', [{ userId: 'u1', name: 'P1' }], 10)), 'VALIDATION_FAILED');
      assert.equal(refusedEntry(s.t, 'u1'), null);
    }
  });
});
