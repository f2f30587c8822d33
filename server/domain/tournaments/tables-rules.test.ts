import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import {
  defaultTablePoints,
  tableGameResult,
  tablePlacings,
  tablePointsProblem,
  tableScale,
  tableSeatingFailed,
} from './tables-rules.ts';
import {
  applyEvent,
  replay,
  type Tournament,
  type TournamentEvent,
  type TournamentSettings,
} from './tournament.ts';
import {
  type Decision,
  join,
  pairNextRound,
  recordResult,
  standingsOf,
  start,
  withdraw,
} from './tournament-rules.ts';
import { adjudicatedResult, disqualify } from './tournament-staff.ts';

const SETTINGS: TournamentSettings = {
  name: 'Golf night',
  game: 'golf',
  options: { holes: 1 },
  rated: false,
  format: 'tables',
  rounds: 2,
  double: false,
  tables: { size: 3, points: [2, 1, 0] },
  startsAt: 1_000,
  capacity: 16,
  tieBreaks: ['wins'],
  seatDeadlineMs: 30_000,
  roundGapMs: 0,
};

/** A tournament of tables as its log makes it, with the log beside it. */
class Log {
  t: Tournament;
  readonly events: TournamentEvent[] = [];

  constructor(settings: Partial<TournamentSettings> = {}) {
    const created: TournamentEvent = {
      type: 'created',
      at: 0,
      id: 't1',
      settings: { ...SETTINGS, ...settings },
      createdBy: 'u0',
    };
    this.t = applyEvent(undefined, created);
    this.events.push(created);
  }

  apply(events: readonly TournamentEvent[]): TournamentEvent[] {
    for (const e of events) {
      this.t = applyEvent(this.t, e);
      this.events.push(e);
    }
    return [...events];
  }

  take(decision: Decision): TournamentEvent[] {
    assert.ok(decision.ok, decision.ok ? '' : `${decision.code}: ${decision.message}`);
    return this.apply(decision.events);
  }

  /** Players p1…pn joined (p1 rated highest), the start, and the first round. */
  static started(n: number, settings: Partial<TournamentSettings> = {}): Log {
    const log = new Log(settings);
    for (let i = 1; i <= n; i++)
      log.take(join(log.t, { userId: `p${i}`, name: `P${i}`, guest: false, rating: 2000 - i }, 10 + i));
    log.take(start(log.t, 1_000));
    log.take(pairNextRound(log.t, 1_000));
    return log;
  }

  /** Every table of the round being played gets a match (its game id: `g<round>-<board>`). */
  seat(at: number): void {
    const round = this.t.rounds.at(-1)!;
    this.apply(
      round.boards.map((_, board) => ({
        type: 'game-started' as const,
        at,
        round: round.round,
        board,
        gameId: `g${round.round}-${board}`,
      })),
    );
  }

  /** The match of `board` ends with these placings by match seat. */
  finish(board: number, placings: number[], at: number): TournamentEvent[] {
    const b = this.t.rounds.at(-1)!.boards[board]!;
    const results = placings.map((placing, seat) => ({ seat, score: 0, placing }));
    return this.apply(recordResult(this.t, b.gameId!, tableGameResult(this.t, b, results), at));
  }
}

describe('Tournaments of tables', () => {
  it('seats the first round by rating in tables of the size, leaders together', () => {
    const log = Log.started(7);
    const round = log.t.rounds[0]!;
    assert.deepEqual(
      round.boards.map((b) => b.seats),
      [
        ['p1', 'p2', 'p3'],
        ['p4', 'p5'],
        ['p6', 'p7'],
      ],
    );
    assert.equal(log.t.totalRounds, 2);
  });

  it('gives each seat its place and points, and reseats the next round by points, then tables won', () => {
    const log = Log.started(6);
    log.seat(2_000);
    log.finish(0, [3, 1, 2], 3_000); // p2 wins table 1, p3 second, p1 last
    const ended = log.finish(1, [1, 2, 2], 3_500); // p4 wins, p5 and p6 share second
    assert.equal(ended.at(-1)?.type, 'round-ended', 'the last table ends the round');
    assert.deepEqual(tablePlacings(log.t.rounds[0]!.boards[1]!), [
      { userId: 'p4', place: 1, points: 2, absent: false },
      { userId: 'p5', place: 2, points: 0.5, absent: false },
      { userId: 'p6', place: 2, points: 0.5, absent: false },
    ]);
    // p2 and p4 both have 2 points and a table won: seeding decides between them.
    const rows = standingsOf(log.t);
    assert.deepEqual(
      rows.map((r) => [r.id, r.rank, r.score, r.tieBreaks.wins]),
      [
        ['p2', 1, 2, 1],
        ['p4', 1, 2, 1],
        ['p3', 3, 1, 0],
        ['p5', 4, 0.5, 0],
        ['p6', 4, 0.5, 0],
        ['p1', 6, 0, 0],
      ],
    );
    log.take(pairNextRound(log.t, 4_000));
    assert.deepEqual(
      log.t.rounds[1]!.boards.map((b) => b.seats),
      [
        ['p2', 'p4', 'p3'],
        ['p5', 'p6', 'p1'],
      ],
    );
  });

  it('a smaller table scores by the last places of the scale', () => {
    assert.deepEqual(tableScale([5, 3, 1, 0], 4), [5, 3, 1, 0]);
    assert.deepEqual(tableScale([5, 3, 1, 0], 3), [3, 1, 0]);
    assert.deepEqual(defaultTablePoints(4), [3, 2, 1, 0]);
    assert.equal(tablePointsProblem([3, 2, 1], 3), null);
    assert.match(tablePointsProblem([3, 2], 3) ?? '', /give 3 points/);
    assert.match(tablePointsProblem([1, 2, 0], 3) ?? '', /never gives more/);
  });

  it('a player who did not come is placed last while the others are seated again and play on', () => {
    const log = Log.started(3);
    log.seat(2_000);
    const cancelled = tableSeatingFailed(log.t, 'g1-0', ['p2'], 32_000);
    assert.deepEqual(cancelled, [{ type: 'table-reseated', at: 32_000, round: 1, board: 0, absent: ['p2'] }]);
    log.apply(cancelled);
    const board = log.t.rounds[0]!.boards[0]!;
    assert.equal(board.gameId, null, 'the table waits for a new match');
    log.apply([{ type: 'game-started', at: 32_000, round: 1, board: 0, gameId: 'g1-0b' }]);
    // The new match seats p1 and p3 (its seats 0 and 1): p3 wins it.
    const ended = log.finish(0, [2, 1], 40_000);
    assert.equal(ended.at(-1)?.type, 'round-ended');
    assert.deepEqual(tablePlacings(log.t.rounds[0]!.boards[0]!), [
      { userId: 'p1', place: 2, points: 1, absent: false },
      { userId: 'p2', place: 3, points: 0, absent: true },
      { userId: 'p3', place: 1, points: 2, absent: false },
    ]);
    // The old match's report (if any) is not the table's any more: it changes nothing.
    assert.deepEqual(tableSeatingFailed(log.t, 'g1-0', ['p1'], 41_000), []);
  });

  it('a table too few came to is not played: the one who came is first, the others last', () => {
    const log = Log.started(3);
    log.seat(2_000);
    const events = log.apply(tableSeatingFailed(log.t, 'g1-0', ['p1', 'p3'], 32_000));
    assert.deepEqual(
      events.map((e) => e.type),
      ['result', 'round-ended'],
    );
    const board = log.t.rounds[0]!.boards[0]!;
    assert.equal(board.result?.forfeit, true);
    assert.deepEqual(
      tablePlacings(board)?.map((p) => [p.userId, p.place, p.points]),
      [
        ['p1', 3, 0],
        ['p2', 1, 2],
        ['p3', 3, 0],
      ],
    );
  });

  it('takes each result once: a repeated report changes nothing', () => {
    const log = Log.started(3);
    log.seat(2_000);
    log.finish(0, [1, 2, 3], 3_000);
    const b = log.t.rounds[0]!.boards[0]!;
    const again = tableGameResult(log.t, b, [
      { seat: 0, placing: 3 },
      { seat: 1, placing: 2 },
      { seat: 2, placing: 1 },
    ]);
    assert.deepEqual(recordResult(log.t, 'g1-0', again, 3_100), []);
  });

  it('takes no entry once it has started', () => {
    const log = Log.started(4);
    assert.deepEqual(join(log.t, { userId: 'p9', name: 'P9', guest: false, rating: 1500 }, 1_500), {
      ok: false,
      code: 'TOURNAMENT_STARTED',
      message: 'a tournament of tables takes no late entries',
    });
  });

  it('a withdrawn player is not seated again; the tournament ends after its rounds', () => {
    // Four at tables of three: two tables of two, each scored by the scale's last two places.
    const log = Log.started(4);
    log.seat(2_000);
    log.finish(0, [1, 2], 3_000);
    log.finish(1, [2, 1], 3_000);
    log.take(withdraw(log.t, 'p3', 3_500));
    log.take(pairNextRound(log.t, 4_000));
    assert.deepEqual(
      log.t.rounds[1]!.boards.map((b) => b.seats),
      [['p1', 'p4', 'p2']],
    );
    log.seat(4_000);
    log.finish(0, [1, 2, 3], 5_000);
    const done = log.take(pairNextRound(log.t, 6_000));
    assert.deepEqual(done, [{ type: 'finished', at: 6_000, reason: 'completed' }]);
  });

  it('a player disqualified mid-round leaves their table to its match and is not seated again; staff do not adjudicate a table', () => {
    const log = Log.started(6, { rounds: 2 });
    log.seat(2_000);
    const events = log.take(disqualify(log.t, 'p2', { by: 'staff1', reason: 'a reason' }, 2_500));
    assert.deepEqual(
      events.map((e) => e.type),
      ['disqualified'],
      'no forfeit: the table plays on',
    );
    const refused = adjudicatedResult(log.t, 'g1-0', [1, 0], 2_600);
    assert.equal(refused.ok, false);
    log.finish(0, [1, 2, 3], 3_000);
    log.finish(1, [1, 2, 3], 3_000);
    log.take(pairNextRound(log.t, 4_000));
    const seated = log.t.rounds[1]!.boards.flatMap((b) => b.seats ?? []);
    assert.equal(seated.length, 5);
    assert.ok(!seated.includes('p2'));
  });

  it('a rebuilt tournament is the one its log made', () => {
    const log = Log.started(5);
    log.seat(2_000);
    log.apply(tableSeatingFailed(log.t, 'g1-1', ['p5'], 32_000));
    log.finish(0, [1, 2, 3], 33_000);
    assert.deepEqual(replay(log.events), log.t);
    assert.deepEqual(standingsOf(replay(log.events)), standingsOf(log.t));
  });
});
