import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { ArenaOptions } from '../../../schema/tournaments.ts';
import { arenaEndsAt, arenaNext, arenaStandings } from './arena-rules.ts';
import { applyEvent, type GameResult, replay, type Tournament, type TournamentEvent } from './tournament.ts';
import {
  type Decision,
  forfeitResult,
  join,
  recordResult,
  standingsOf,
  start,
  withdraw,
} from './tournament-rules.ts';

const START = 60_000;
const WAVE = 5_000;

/**
 * An arena driven as the room drives it, on a clock the test moves: `tick` appends what time asks
 * (a wave, the end) and makes a game of every new board; results go through `recordResult`.
 */
class Sim {
  t: Tournament;
  now = 0;
  readonly log: TournamentEvent[] = [];
  private games = 0;

  constructor(options: Partial<ArenaOptions> = {}) {
    const arena: ArenaOptions = { minutes: 1, waveMs: WAVE, berserk: true, ...options };
    this.t = undefined as never;
    this.apply([
      {
        type: 'created',
        at: 0,
        id: 'a1',
        createdBy: 'u0',
        settings: {
          name: 'Arena',
          game: 'chess',
          options: {},
          rated: false,
          format: 'arena',
          rounds: null,
          double: false,
          startsAt: START,
          capacity: 64,
          tieBreaks: [],
          seatDeadlineMs: 30_000,
          roundGapMs: 0,
          arena,
        },
      },
    ]);
  }

  apply(events: readonly TournamentEvent[]): TournamentEvent[] {
    for (const e of events) {
      this.t = applyEvent(this.t, e);
      this.log.push(e);
    }
    return [...events];
  }

  take(decision: Decision): TournamentEvent[] {
    assert.ok(decision.ok, decision.ok ? '' : `${decision.code}: ${decision.message}`);
    return this.apply(decision.events);
  }

  enter(id: string, rating = 1500): void {
    this.take(join(this.t, { userId: id, name: id.toUpperCase(), guest: false, rating }, this.now));
  }

  /** Moves the clock to `at` and does what the director does on a tick; returns the new pairs. */
  tick(at: number): Array<[string, string]> {
    this.now = at;
    if (this.t.status === 'upcoming' && at >= START) this.take(start(this.t, at));
    const before = this.t.rounds.length;
    this.apply(arenaNext(this.t, at));
    for (const r of this.t.rounds)
      r.boards.forEach((b, board) => {
        if (!b.gameId)
          this.apply([{ type: 'game-started', at, round: r.round, board, gameId: `g${++this.games}` }]);
      });
    return this.t.rounds
      .slice(before)
      .flatMap((r) => r.boards.map((b) => [b.white, b.black] as [string, string]));
  }

  /** The running game of `a` and `b` ends with `result` (white's and black's points). */
  finish(a: string, b: string, result: GameResult): TournamentEvent[] {
    const board = this.t.rounds
      .flatMap((r) => r.boards)
      .find((x) => !x.result && [x.white, x.black].sort().join() === [a, b].sort().join());
    assert.ok(board?.gameId, `${a} and ${b} play`);
    return this.apply(recordResult(this.t, board.gameId, result, this.now));
  }

  /** `winner` beats `loser` in their running game, whichever colour each has. */
  beat(winner: string, loser: string, extra: Partial<GameResult> = {}): TournamentEvent[] {
    const board = this.t.rounds.flatMap((r) => r.boards).find((x) => !x.result && x.white === winner);
    const white = board?.black === loser;
    return this.finish(winner, loser, {
      white: white ? 1 : 0,
      black: white ? 0 : 1,
      forfeit: false,
      ...extra,
    });
  }

  row(id: string) {
    return arenaStandings(this.t).find((r) => r.id === id)!;
  }
}

const key = (pairs: Array<[string, string]>) => pairs.map((p) => [...p].sort().join('-')).sort();

describe('an arena on the tournament log', () => {
  it('pairs every free player in a wave at the start, and the next wave only after the interval', () => {
    const sim = new Sim();
    for (const id of ['a', 'b', 'c', 'd']) sim.enter(id);
    assert.deepEqual(sim.tick(START - 1), [], 'nothing before the start');
    const first = sim.tick(START);
    assert.equal(first.length, 2);
    assert.equal(new Set(first.flat()).size, 4, 'each player in one game');
    sim.finish(...first[0]!, { white: 1, black: 0, forfeit: false });
    assert.deepEqual(sim.tick(START + 1_000), [], 'two free, but the interval has not passed');
    assert.deepEqual(sim.tick(START + WAVE - 1), []);
    assert.equal(sim.tick(START + WAVE).length, 1, 'the two free players meet again: nobody else is free');
  });

  it('does not pair two players who just met while three or more are free', () => {
    const sim = new Sim();
    for (const id of ['a', 'b', 'c', 'd']) sim.enter(id);
    const first = sim.tick(START);
    for (const [w, b] of first) sim.finish(w, b, { white: 0.5, black: 0.5, forfeit: false });
    const second = sim.tick(START + WAVE);
    assert.equal(second.length, 2);
    for (const pair of key(second)) assert.ok(!key(first).includes(pair), `${pair} is a rematch`);
  });

  it('scores 2, 1, 0; doubles from the third win in a row on fire; a berserk win long enough adds one', () => {
    const sim = new Sim();
    sim.enter('a', 1600);
    sim.enter('b', 1400);
    let at = START;
    const play = (extra: Partial<GameResult> = {}) => {
      sim.tick(at);
      sim.beat('a', 'b', extra);
      at += WAVE;
    };
    play();
    assert.deepEqual([sim.row('a').arena.streak, sim.row('a').arena.fire], [1, false]);
    play();
    assert.deepEqual([sim.row('a').score, sim.row('a').arena.fire], [4, true], 'on fire after two wins');
    play();
    assert.equal(sim.row('a').score, 8, 'the third win counts double');
    // Berserk with 7 moves on fire: 4 + 1; with 6 moves the point is not given.
    const white = () => sim.t.rounds.at(-1)!.boards[0]!.white === 'a';
    const berserkWin = (moves: number) => {
      sim.tick(at);
      const side = white() ? 'white' : 'black';
      const other = side === 'white' ? 'black' : 'white';
      sim.beat('a', 'b', {
        berserk: { [side]: true, [other]: false } as { white: boolean; black: boolean },
        moves: { [side]: moves, [other]: moves } as { white: number; black: number },
      });
      at += WAVE;
    };
    berserkWin(7);
    berserkWin(6);
    assert.deepEqual(sim.row('a').arena.sheet, [2, 2, 4, 5, 4]);
    assert.equal(sim.row('a').score, 17);
    // A draw ends the fire: it counts double once (2), then the next win is worth 2 again.
    sim.tick(at);
    sim.finish('a', 'b', { white: 0.5, black: 0.5, forfeit: false });
    at += WAVE;
    assert.deepEqual([sim.row('a').arena.fire, sim.row('a').arena.streak], [false, 0]);
    play();
    assert.deepEqual(sim.row('a').arena.sheet, [2, 2, 4, 5, 4, 2, 2]);
    assert.deepEqual(sim.row('b').arena.sheet, [0, 0, 0, 0, 0, 1, 0]);
    assert.deepEqual(
      standingsOf(sim.t).map((r) => [r.rank, r.id, r.score]),
      [
        [1, 'a', 21],
        [2, 'b', 1],
      ],
    );
  });

  it('gives no berserk point when the arena does not allow berserk', () => {
    const sim = new Sim({ berserk: false });
    sim.enter('a');
    sim.enter('b');
    sim.tick(START);
    sim.beat('a', 'b', { berserk: { white: true, black: true }, moves: { white: 30, black: 30 } });
    assert.equal(sim.row('a').score, 2);
  });

  it('does not pair a paused player until they come back, with their score and streak intact', () => {
    const sim = new Sim();
    for (const id of ['a', 'b', 'c', 'd']) sim.enter(id);
    sim.tick(START);
    // `a` asks to pause during a game: still playing until it ends, then paused.
    const mine = sim.t.rounds[0]!.boards.find((b) => b.white === 'a' || b.black === 'a')!;
    const opponent = mine.white === 'a' ? mine.black : mine.white;
    sim.take(withdraw(sim.t, 'a', sim.now));
    assert.equal(sim.row('a').arena.status, 'playing');
    sim.beat('a', opponent);
    assert.equal(sim.row('a').arena.status, 'paused');
    for (const b of sim.t.rounds[0]!.boards.filter((x) => !x.result))
      sim.finish(b.white, b.black, { white: 1, black: 0, forfeit: false });
    const wave = sim.tick(START + WAVE);
    assert.ok(!wave.flat().includes('a'), 'a paused player is not paired');
    assert.equal(wave.length, 1, 'the other three: one pair, one waits');
    const refused = withdraw(sim.t, 'a', sim.now);
    assert.deepEqual(refused.ok ? null : refused.code, 'NOT_JOINED');
    // Back: free again, paired in the next wave, the win still counted.
    sim.enter('a');
    assert.equal(sim.row('a').arena.status, 'free');
    assert.equal(sim.row('a').score, 2);
    assert.ok(
      sim
        .tick(START + 2 * WAVE)
        .flat()
        .includes('a'),
    );
  });

  it('takes late entries until the end, and none after', () => {
    const sim = new Sim();
    sim.enter('a');
    sim.enter('b');
    sim.tick(START);
    sim.now = START + 10_000;
    sim.enter('c');
    assert.equal(sim.row('c').arena.status, 'free');
    sim.now = arenaEndsAt(sim.t)!;
    const late = join(sim.t, { userId: 'd', name: 'D', guest: false, rating: 1500 }, sim.now);
    assert.deepEqual(late.ok ? null : late.code, 'TOURNAMENT_FINISHED');
  });

  it('at the end starts no game, lets the running ones finish and count, then finishes', () => {
    const sim = new Sim();
    for (const id of ['a', 'b', 'c', 'd']) sim.enter(id);
    const [[w1, b1], [w2, b2]] = sim.tick(START) as [[string, string], [string, string]];
    sim.now = START + 30_000;
    sim.finish(w1, b1, { white: 1, black: 0, forfeit: false });
    const end = arenaEndsAt(sim.t)!;
    assert.deepEqual(sim.tick(end), [], 'two are free, but the time is up');
    assert.equal(sim.t.status, 'running', 'a game is still being played');
    sim.now = end + 20_000;
    const events = sim.finish(w2, b2, { white: 0, black: 1, forfeit: false });
    assert.deepEqual(
      events.map((e) => e.type),
      ['result', 'round-ended', 'finished'],
    );
    assert.equal(sim.t.status, 'finished');
    assert.equal(sim.row(b2).score, 2, 'the game that ended after the end counts');
    // The log rebuilds the same arena, as a node that takes it over does.
    assert.deepEqual(replay(sim.log), sim.t);
    // A repeated report changes nothing.
    assert.deepEqual(
      recordResult(
        sim.t,
        sim.t.rounds[0]!.boards[1]!.gameId!,
        { white: 1, black: 0, forfeit: false },
        end + 30_000,
      ),
      [],
    );
  });

  it('finishes at the end when no game is running', () => {
    const sim = new Sim();
    sim.enter('a');
    sim.tick(START);
    assert.equal(sim.t.status, 'running', 'an arena starts with one player: others may join');
    sim.tick(arenaEndsAt(sim.t)!);
    assert.equal(sim.t.status, 'finished');
  });

  it('pauses a player who did not come to their game; the one who came wins it', () => {
    const sim = new Sim();
    sim.enter('a');
    sim.enter('b');
    const [[white, black]] = sim.tick(START) as [[string, string]];
    const events = sim.finish(white, black, forfeitResult(white, black, [black]));
    assert.deepEqual(
      events.map((e) => e.type),
      ['result', 'round-ended', 'player-paused'],
    );
    assert.equal(sim.row(black).arena.status, 'paused');
    assert.equal(sim.row(white).score, 2);
  });

  it('breaks ties by performance: the same score against a stronger opponent ranks higher', () => {
    const sim = new Sim();
    sim.enter('a', 1500);
    sim.enter('b', 1500);
    sim.enter('c', 2000);
    sim.enter('d', 1000);
    // Force the pairs: a meets c and b meets d, whatever the matching chose, by results only.
    const pairs = sim.tick(START);
    for (const [w, bl] of pairs) sim.finish(w, bl, { white: 0.5, black: 0.5, forfeit: false });
    const rows = standingsOf(sim.t);
    assert.ok(rows.every((r) => r.score === 1));
    const perf = new Map(arenaStandings(sim.t).map((r) => [r.id, r.arena.performance]));
    const sorted = [...perf.entries()].sort((x, y) => y[1] - x[1]).map(([id]) => id);
    assert.deepEqual(
      rows.map((r) => r.id),
      sorted,
    );
    assert.ok(new Set(perf.values()).size > 1, 'the performances differ');
  });
});
