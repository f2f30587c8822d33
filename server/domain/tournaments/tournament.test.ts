import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { arenaEndsAt } from './arena-rules.ts';
import { startTimeOf } from './start-time.ts';
import {
  applyEvent,
  replay,
  type Tournament,
  type TournamentEvent,
  type TournamentSettings,
} from './tournament.ts';
import {
  type Decision,
  forfeitResult,
  gameResult,
  join,
  pairNextRound,
  recordResult,
  requestBye,
  standingsOf,
  start,
  startByHand,
  withdraw,
} from './tournament-rules.ts';

const SETTINGS: TournamentSettings = {
  name: 'Test',
  game: 'chess',
  options: { timeControl: '3+2' },
  rated: false,
  format: 'swiss',
  rounds: 3,
  double: false,
  startsAt: 1_000,
  capacity: 8,
  tieBreaks: ['buchholz', 'sonneborn-berger'],
  seatDeadlineMs: 30_000,
  roundGapMs: 0,
};

function created(settings: Partial<TournamentSettings> = {}): { t: Tournament; log: TournamentEvent[] } {
  const event: TournamentEvent = {
    type: 'created',
    at: 0,
    id: 't1',
    settings: { ...SETTINGS, ...settings },
    createdBy: 'u0',
  };
  return { t: applyEvent(undefined, event), log: [event] };
}

/** Applies a decision's events to a tournament and its log; a refusal fails the test. */
function take(state: { t: Tournament; log: TournamentEvent[] }, decision: Decision): TournamentEvent[] {
  assert.ok(decision.ok, decision.ok ? '' : `${decision.code}: ${decision.message}`);
  for (const e of decision.events) {
    state.t = applyEvent(state.t, e);
    state.log.push(e);
  }
  return decision.events;
}

function apply(state: { t: Tournament; log: TournamentEvent[] }, events: TournamentEvent[]): void {
  for (const e of events) {
    state.t = applyEvent(state.t, e);
    state.log.push(e);
  }
}

/** Plays every round: each board's game gets an id, white wins on odd boards, draws on even. */
function playOut(state: { t: Tournament; log: TournamentEvent[] }, at = 10_000): void {
  for (let guard = 0; guard < 50 && state.t.status === 'running'; guard++) {
    const [paired] = take(state, pairNextRound(state.t, at));
    if (paired?.type !== 'round-paired') break;
    paired.boards.forEach((b, board) => {
      if (b.result) return;
      apply(state, [
        { type: 'game-started', at, round: paired.round, board, gameId: `g${paired.round}-${board}` },
      ]);
    });
    paired.boards.forEach((b, board) => {
      if (b.result) return;
      const scores = board % 2 === 0 ? [1, 0] : [0.5, 0.5];
      const result = gameResult(scores.map((score, seat) => ({ seat, score })));
      apply(state, recordResult(state.t, `g${paired.round}-${board}`, result, at));
    });
    at += 1_000;
  }
}

const entrants = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    userId: `u${i + 1}`,
    name: `P${i + 1}`,
    guest: false,
    rating: 1500 + 100 * i,
  }));

describe('a tournament from its event log', () => {
  it('seeds by rating at the start, and a replay of its log gives the same tournament', () => {
    const s = created();
    for (const e of entrants(4)) take(s, join(s.t, e, 100));
    take(s, start(s.t, 1_000));
    assert.deepEqual(s.t.seeds, ['u4', 'u3', 'u2', 'u1']);
    playOut(s);
    assert.equal(s.t.status, 'finished');
    assert.deepEqual(replay(s.log), s.t);
  });

  it('a 4-player swiss of 3 rounds pairs nobody twice and ranks by score', () => {
    const s = created();
    for (const e of entrants(4)) take(s, join(s.t, e, 100));
    take(s, start(s.t, 1_000));
    playOut(s);
    assert.equal(s.t.rounds.length, 3);
    const met = new Set<string>();
    for (const r of s.t.rounds)
      for (const b of r.boards) {
        const key = [b.white, b.black].sort().join('-');
        assert.ok(!met.has(key), `${key} met twice`);
        met.add(key);
      }
    const table = standingsOf(s.t);
    assert.equal(table.length, 4);
    for (let i = 1; i < table.length; i++) assert.ok(table[i - 1]!.score >= table[i]!.score);
    assert.equal(
      table.reduce((sum, row) => sum + row.score, 0),
      // Each round: one decisive game (1 point) and one draw (1 point).
      6,
    );
  });

  it('a round robin of 5 plays its Berger table: 5 rounds, everyone meets everyone once', () => {
    const s = created({ format: 'round-robin', rounds: null });
    for (const e of entrants(5)) take(s, join(s.t, e, 100));
    take(s, start(s.t, 1_000));
    assert.equal(s.t.totalRounds, 5);
    playOut(s);
    const met = new Set(s.t.rounds.flatMap((r) => r.boards.map((b) => [b.white, b.black].sort().join('-'))));
    assert.equal(met.size, 10);
    assert.equal(s.t.status, 'finished');
  });

  it('a result reported twice is taken once, and a game not of the tournament changes nothing', () => {
    const s = created();
    for (const e of entrants(2)) take(s, join(s.t, e, 100));
    take(s, start(s.t, 1_000));
    take(s, pairNextRound(s.t, 2_000));
    apply(s, [{ type: 'game-started', at: 2_000, round: 1, board: 0, gameId: 'g' }]);
    const result = { white: 1, black: 0, forfeit: false };
    const first = recordResult(s.t, 'g', result, 3_000);
    assert.deepEqual(
      first.map((e) => e.type),
      ['result', 'round-ended'],
    );
    apply(s, first);
    assert.deepEqual(recordResult(s.t, 'g', result, 4_000), []);
    assert.deepEqual(recordResult(s.t, 'other', result, 4_000), []);
  });

  it('refuses a second entry, a full tournament, a late round-robin entry and a bye outside a swiss', () => {
    const s = created({ capacity: 2 });
    take(s, join(s.t, entrants(1)[0]!, 1));
    assert.equal((join(s.t, entrants(1)[0]!, 2) as { code: string }).code, 'ALREADY_JOINED');
    take(s, join(s.t, entrants(2)[1]!, 1));
    assert.equal((join(s.t, entrants(3)[2]!, 2) as { code: string }).code, 'TOURNAMENT_FULL');
    const rr = created({ format: 'round-robin' });
    for (const e of entrants(2)) take(rr, join(rr.t, e, 1));
    assert.equal((requestBye(rr.t, 'u1', 1, 2) as { code: string }).code, 'BYE_NOT_ALLOWED');
    take(rr, start(rr.t, 1_000));
    assert.deepEqual(join(rr.t, entrants(3)[2]!, 2), {
      ok: false,
      code: 'TOURNAMENT_STARTED',
      message: 'a round robin takes no late entries',
    });
    assert.equal((withdraw(rr.t, 'nobody', 2) as { code: string }).code, 'NOT_JOINED');
  });

  it('takes guests only in a casual tournament', () => {
    const guest = { userId: 'g1', name: 'Guest-1', guest: true, rating: 1500 };
    assert.equal(
      (join(created({ rated: true }).t, guest, 1) as { code: string }).code,
      'RATED_NEEDS_ACCOUNT',
    );
    assert.ok(join(created({ rated: false }).t, guest, 1).ok);
  });

  it('a swiss pairs around a requested half-point bye, a withdrawal and a late entry', () => {
    const s2 = created();
    for (const e of entrants(4)) take(s2, join(s2.t, e, 100));
    take(s2, requestBye(s2.t, 'u1', 2, 200));
    take(s2, start(s2.t, 1_000));
    take(s2, pairNextRound(s2.t, 2_000));
    s2.t.rounds[0]!.boards.forEach((_, board) => {
      apply(s2, [{ type: 'game-started', at: 2_000, round: 1, board, gameId: `a${board}` }]);
    });
    take(s2, withdraw(s2.t, 'u2', 2_500));
    take(s2, join(s2.t, { userId: 'u5', name: 'P5', guest: false, rating: 1400 }, 2_600));
    s2.t.rounds[0]!.boards.forEach((_, board) => {
      apply(s2, recordResult(s2.t, `a${board}`, { white: 1, black: 0, forfeit: false }, 3_000));
    });
    const [round2] = take(s2, pairNextRound(s2.t, 4_000));
    assert.equal(round2?.type, 'round-paired');
    if (round2?.type !== 'round-paired') return;
    const byes = Object.fromEntries(round2.byes.map((b) => [b.userId, b.kind]));
    assert.equal(byes.u1, 'half-bye');
    assert.equal(byes.u2, 'zero-bye');
    const seated = round2.boards.flatMap((b) => [b.white, b.black]);
    assert.ok(seated.includes('u5'), 'the late entry is paired');
    assert.ok(!seated.includes('u1') && !seated.includes('u2'));
  });

  it('a seat nobody took is lost by forfeit; a game without result is lost by both', () => {
    assert.deepEqual(forfeitResult('w', 'b', ['b']), { white: 1, black: 0, forfeit: true });
    assert.deepEqual(forfeitResult('w', 'b', ['w', 'b']), { white: 0, black: 0, forfeit: true });
    assert.deepEqual(gameResult([]), { white: 0, black: 0, forfeit: true });
  });

  it('a game result keeps what an arena game reports besides its scores: moves and berserk', () => {
    const reported = [
      { seat: 1, score: 0, placing: 2, moves: 6, berserk: false },
      { seat: 0, score: 1, placing: 1, moves: 7, berserk: true },
    ];
    assert.deepEqual(gameResult(reported), {
      white: 1,
      black: 0,
      forfeit: false,
      berserk: { white: true, black: false },
      moves: { white: 7, black: 6 },
    });
    assert.deepEqual(
      gameResult([
        { seat: 0, score: 0.5 },
        { seat: 1, score: 0.5 },
      ]),
      { white: 0.5, black: 0.5, forfeit: false },
    );
  });

  it('a game left unscored because one side did not make its first move is lost by that side only', () => {
    assert.deepEqual(gameResult([], [0]), { white: 0, black: 1, forfeit: true });
    assert.deepEqual(gameResult([], [1]), { white: 1, black: 0, forfeit: true });
    assert.deepEqual(gameResult([], [0, 1]), { white: 0, black: 0, forfeit: true });
    // A game with scores is its scores, whatever else is said.
    const scored = [
      { seat: 0, score: 1 },
      { seat: 1, score: 0 },
    ];
    assert.deepEqual(gameResult(scored, [0]), { white: 1, black: 0, forfeit: false });
  });

  it('rating limits take only established ratings between them, limits included', () => {
    const player = (rating: number, more: { guest?: boolean; provisional?: boolean } = {}) => ({
      userId: `r${rating}`,
      name: `r${rating}`,
      guest: false,
      rating,
      ...more,
    });
    const refusal = (d: Decision) => (d.ok ? null : d.code);
    const both = created({ ratingMin: 1400, ratingMax: 1800 });
    assert.equal(refusal(join(both.t, player(1400), 1)), null);
    assert.equal(refusal(join(both.t, player(1800), 1)), null);
    assert.equal(refusal(join(both.t, player(1399), 1)), 'TOURNAMENT_RATING_LIMIT');
    assert.equal(refusal(join(both.t, player(1801), 1)), 'TOURNAMENT_RATING_LIMIT');
    // A provisional rating and a guest have no rating to judge by, even one within the limits.
    assert.equal(refusal(join(both.t, player(1500, { provisional: true }), 1)), 'TOURNAMENT_RATING_LIMIT');
    assert.equal(refusal(join(both.t, player(1500, { guest: true }), 1)), 'TOURNAMENT_RATING_LIMIT');
    const refused = join(both.t, player(1900), 1);
    assert.ok(!refused.ok && refused.message.includes('1400 to 1800') && refused.message.includes('1900'));
    // One limit only: the other side is open.
    const floor = created({ ratingMin: 2000 });
    assert.equal(refusal(join(floor.t, player(2900), 1)), null);
    assert.equal(refusal(join(floor.t, player(1999), 1)), 'TOURNAMENT_RATING_LIMIT');
    const ceiling = created({ ratingMax: 1200 });
    assert.equal(refusal(join(ceiling.t, player(600), 1)), null);
    assert.equal(refusal(join(ceiling.t, player(1201), 1)), 'TOURNAMENT_RATING_LIMIT');
    // Without limits, a provisional player and a guest enter a casual tournament as before; the
    // entry keeps the rating, not whether it was provisional.
    const open = created();
    const entered = join(open.t, player(1500, { provisional: true }), 1);
    assert.ok(entered.ok);
    assert.deepEqual(entered.events, [
      { type: 'joined', at: 1, userId: 'r1500', name: 'r1500', guest: false, rating: 1500 },
    ]);
    assert.equal(refusal(join(open.t, player(1500, { guest: true }), 1)), null);
  });

  it('with fewer than two players the start ends the tournament unplayed', () => {
    const s = created();
    take(s, join(s.t, entrants(1)[0]!, 1));
    take(s, start(s.t, 1_000));
    assert.equal(s.t.status, 'finished');
  });
});

describe('a tournament started by hand', () => {
  const creator = { userId: 'u0', staff: false };
  const refusal = (d: Decision) => (d.ok ? null : d.code);
  const withPlayers = (n: number, settings: Partial<TournamentSettings> = {}) => {
    const s = created({ startsAt: null, ...settings });
    for (const e of entrants(n)) take(s, join(s.t, e, 100));
    return s;
  };

  it("starts when its creator says, with the clock's own start: seeded by rating, then paired as usual", () => {
    const s = withPlayers(4);
    assert.equal(startTimeOf(s.t), null);
    const [started] = take(s, startByHand(s.t, creator, 5_000));
    assert.deepEqual(started, {
      type: 'started',
      at: 5_000,
      seeds: ['u4', 'u3', 'u2', 'u1'],
      totalRounds: 3,
      by: 'u0',
    });
    assert.equal(s.t.status, 'running');
    assert.equal(startTimeOf(s.t), 5_000);
    playOut(s);
    assert.equal(s.t.status, 'finished');
    assert.equal(s.t.rounds.length, 3);
    assert.deepEqual(replay(s.log), s.t);
  });

  it('refuses anyone but its creator and staff; staff start it, marked as staff', () => {
    const s = withPlayers(2);
    assert.equal(refusal(startByHand(s.t, { userId: 'u1', staff: false }, 1)), 'NOT_TOURNAMENT_CREATOR');
    const byStaff = startByHand(s.t, { userId: 'mod', staff: true }, 1);
    assert.ok(byStaff.ok);
    assert.deepEqual(
      byStaff.events.map((e) => e.type === 'started' && [e.by, e.staff]),
      [['mod', true]],
    );
    // Staff starting their own tournament start it as its creator.
    const own = startByHand(s.t, { userId: 'u0', staff: true }, 1);
    assert.ok(own.ok);
    const [first] = own.events;
    assert.ok(first?.type === 'started' && first.by === 'u0' && first.staff === undefined);
  });

  it('a second start is refused and changes nothing; so is one of a finished tournament', () => {
    const s = withPlayers(2);
    take(s, startByHand(s.t, creator, 10));
    assert.equal(refusal(startByHand(s.t, creator, 20)), 'TOURNAMENT_STARTED');
    assert.equal(refusal(start(s.t, 20)), 'TOURNAMENT_STARTED');
    apply(s, [{ type: 'finished', at: 30, reason: 'completed' }]);
    assert.equal(refusal(startByHand(s.t, creator, 40)), 'TOURNAMENT_FINISHED');
  });

  it('is only for a tournament without a start time, not paused, with the players to play', () => {
    const timed = created({ startsAt: 60_000 });
    for (const e of entrants(2)) take(timed, join(timed.t, e, 1));
    assert.equal(refusal(startByHand(timed.t, creator, 10)), 'TOURNAMENT_SCHEDULED');
    const alone = withPlayers(1);
    assert.equal(refusal(startByHand(alone.t, creator, 10)), 'TOURNAMENT_TOO_FEW_PLAYERS');
    assert.equal(alone.t.status, 'upcoming');
    const paused = withPlayers(2);
    apply(paused, [{ type: 'paused', at: 5, by: 'mod', reason: 'a break' }]);
    assert.equal(refusal(startByHand(paused.t, creator, 10)), 'TOURNAMENT_PAUSED');
  });

  it('an arena starts by hand with anyone, and its duration counts from that start', () => {
    const arena = { minutes: 2, waveMs: 5_000, berserk: false };
    const s = withPlayers(0, { format: 'arena', rounds: null, arena, tieBreaks: [] });
    assert.equal(arenaEndsAt(s.t), null);
    take(s, startByHand(s.t, creator, 7_000));
    assert.equal(s.t.status, 'running');
    assert.equal(arenaEndsAt(s.t), 7_000 + 120_000);
  });
});
