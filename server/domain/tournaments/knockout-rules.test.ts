import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { KnockoutOptions } from '../../../schema/tournaments.ts';
import { knockoutView } from './formats.ts';
import { DEFAULT_KNOCKOUT } from './knockout-rules.ts';
import {
  applyEvent,
  type Board,
  type GameResult,
  replay,
  type Tournament,
  type TournamentEvent,
  type TournamentSettings,
} from './tournament.ts';
import {
  type Decision,
  forfeitResult,
  join,
  pairNextRound,
  recordResult,
  standingsOf,
  start,
  withdraw,
} from './tournament-rules.ts';

interface Run {
  t: Tournament;
  log: TournamentEvent[];
}

function knockout(players: number, options: Partial<KnockoutOptions> = {}): Run {
  const settings: TournamentSettings = {
    name: 'Cup',
    game: 'chess',
    options: {},
    rated: false,
    format: 'knockout',
    rounds: null,
    double: false,
    startsAt: 1_000,
    capacity: 64,
    tieBreaks: [],
    seatDeadlineMs: 30_000,
    roundGapMs: 0,
    knockout: { ...DEFAULT_KNOCKOUT, ...options },
  };
  const run: Run = { t: undefined as never, log: [] };
  apply(run, [{ type: 'created', at: 0, id: 'k1', settings, createdBy: 'u0' }]);
  // p1 is rated highest: seed n is pn.
  for (let i = 1; i <= players; i++)
    take(run, join(run.t, { userId: `p${i}`, name: `P${i}`, guest: false, rating: 2000 - i * 10 }, 10));
  take(run, start(run.t, 1_000));
  return run;
}

function apply(run: Run, events: readonly TournamentEvent[]): void {
  for (const e of events) {
    run.t = applyEvent(run.t, e);
    run.log.push(e);
  }
}

function take(run: Run, decision: Decision): TournamentEvent[] {
  assert.ok(decision.ok, decision.ok ? '' : `${decision.code}: ${decision.message}`);
  apply(run, decision.events);
  return decision.events;
}

const win = (white: boolean): GameResult => ({ white: white ? 1 : 0, black: white ? 0 : 1, forfeit: false });
const DRAW: GameResult = { white: 0.5, black: 0.5, forfeit: false };

/** What a game of a round gives: by its board (white, black, match id, game number). */
type Referee = (b: Board, round: number) => GameResult;

/** Seeds: the better seed (lower number) wins every game. */
const favourite: Referee = (b) => win(Number(b.white.slice(1)) < Number(b.black.slice(1)));

/** Pairs the next round, makes its games and records their results: the round's boards. */
function playRound(run: Run, referee: Referee, at: number): Board[] {
  const [paired] = take(run, pairNextRound(run.t, at));
  if (paired?.type !== 'round-paired') return [];
  paired.boards.forEach((_, board) => {
    apply(run, [
      { type: 'game-started', at, round: paired.round, board, gameId: `g${paired.round}-${board}` },
    ]);
  });
  const boards = run.t.rounds.at(-1)!.boards;
  boards.forEach((b, board) => {
    apply(run, recordResult(run.t, `g${paired.round}-${board}`, referee(b, paired.round), at + 1));
  });
  return run.t.rounds.at(-1)!.boards as Board[];
}

function playOut(run: Run, referee: Referee): void {
  for (let at = 2_000; run.t.status === 'running'; at += 1_000) {
    assert.ok(at < 200_000, 'the knockout never finished');
    playRound(run, referee, at);
  }
}

const ranks = (t: Tournament) => Object.fromEntries(standingsOf(t).map((r) => [r.id, r.rank]));
const matchOf = (t: Tournament, id: string) => knockoutView(t)!.matches.get(id)!;

describe('a knockout tournament on its log', () => {
  it('8 players, one game a match and a match for third place: three rounds, ranked by the stage reached', () => {
    const run = knockout(8, { thirdPlace: true });
    assert.deepEqual(run.t.seeds, ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8']);
    assert.equal(run.t.totalRounds, null);
    const first = playRound(run, favourite, 2_000);
    // Seeds 1–8, 4–5, 2–7, 3–6, the better seed with white in the first game.
    assert.deepEqual(
      first.map((b) => [b.white, b.black, b.match?.id]),
      [
        ['p1', 'p8', 'W1-1'],
        ['p4', 'p5', 'W1-2'],
        ['p2', 'p7', 'W1-3'],
        ['p3', 'p6', 'W1-4'],
      ],
    );
    assert.deepEqual(ranks(run.t), { p1: 1, p2: 1, p3: 1, p4: 1, p5: 5, p6: 5, p7: 5, p8: 5 });
    const semis = playRound(run, favourite, 3_000);
    assert.deepEqual(
      semis.map((b) => b.match?.id),
      ['W2-1', 'W2-2'],
    );
    // The final and the match for third place are played in the same round.
    const last = playRound(run, (b) => (b.match?.id === '3RD' ? win(false) : favourite(b, 3)), 4_000);
    assert.deepEqual(
      last.map((b) => [b.match?.id, b.white, b.black]),
      [
        ['W3-1', 'p1', 'p2'],
        ['3RD', 'p4', 'p3'],
      ],
    );
    assert.equal(run.t.status, 'finished');
    assert.equal(run.log.at(-1)!.type, 'finished');
    assert.equal(knockoutView(run.t)!.state.champion, 'p1');
    assert.deepEqual(ranks(run.t), { p1: 1, p2: 2, p3: 3, p4: 4, p5: 5, p6: 5, p7: 5, p8: 5 });
    assert.deepEqual(
      standingsOf(run.t).map((r) => r.id),
      ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'],
    );
    assert.deepEqual(replay(run.log), run.t);
  });

  it('5 players: the top three seeds have byes; every match whose players are known is played at once', () => {
    const run = knockout(5);
    const view = knockoutView(run.t)!;
    const byes = [...view.matches.values()].filter((m) => m.decidedBy === 'bye');
    assert.deepEqual(
      byes.map((m) => m.view.winner),
      ['p1', 'p2', 'p3'],
    );
    // Seeds 2 and 3 both had a bye: their semi-final is played with seeds 4 and 5's first round.
    const first = playRound(run, (b) => win(b.white === 'p5' || b.white === 'p2'), 2_000);
    assert.deepEqual(
      first.map((b) => [b.match?.id, b.white, b.black]),
      [
        ['W1-2', 'p4', 'p5'],
        ['W2-2', 'p2', 'p3'],
      ],
    );
    const second = playRound(run, favourite, 3_000);
    assert.deepEqual(
      second.map((b) => [b.match?.id, b.white, b.black]),
      [['W2-1', 'p1', 'p5']],
    );
    playOut(run, favourite);
    assert.equal(run.t.rounds.length, 3);
    assert.deepEqual(
      run.t.rounds[2]!.boards.map((b) => [b.match?.id, b.white, b.black]),
      [['W3-1', 'p1', 'p2']],
    );
    assert.deepEqual(ranks(run.t), { p1: 1, p2: 2, p3: 3, p5: 3, p4: 5 });
  });

  it('a match of two games level at 1–1 goes to a tie-break set, then to armageddon, colours alternating', () => {
    const run = knockout(2, { games: 2, tieBreakGames: 2, decider: 'armageddon' });
    const results = [win(true), win(true), DRAW, DRAW, DRAW];
    const played: Board[] = [];
    for (let at = 2_000; run.t.status === 'running'; at += 1_000) {
      const [b] = playRound(run, () => results[played.length]!, at);
      played.push(b!);
    }
    assert.deepEqual(
      played.map((b) => [b.match?.game, b.white]),
      [
        [1, 'p1'],
        [2, 'p2'],
        [3, 'p1'],
        [4, 'p2'],
        [5, 'p1'],
      ],
    );
    const final = matchOf(run.t, 'W1-1');
    assert.deepEqual(
      final.games.map((g) => g.kind),
      ['regular', 'regular', 'tie-break', 'tie-break', 'armageddon'],
    );
    assert.deepEqual(final.score, [2.5, 2.5]);
    // A drawn armageddon goes to black: p2 had black in game 5.
    assert.equal(final.view.winner, 'p2');
    assert.equal(final.decidedBy, 'games');
    assert.deepEqual(ranks(run.t), { p2: 1, p1: 2 });
  });

  it('a match of two games ends after the first two when one side leads, and sudden death settles a level one', () => {
    const run = knockout(4, { games: 2 });
    // W1-1: p1 wins both. W1-2: one each, then sudden death: a draw, then p3 wins with white.
    const plan: Record<string, GameResult[]> = {
      'W1-1': [win(true), win(false)],
      'W1-2': [win(true), win(true), DRAW, win(true)],
    };
    const referee: Referee = (b) => plan[b.match!.id]?.[b.match!.game - 1] ?? favourite(b, 0);
    playRound(run, referee, 2_000);
    const second = playRound(run, referee, 3_000);
    assert.deepEqual(
      second.map((b) => b.match?.id),
      ['W1-1', 'W1-2'],
    );
    assert.equal(matchOf(run.t, 'W1-1').view.winner, 'p1');
    const third = playRound(run, referee, 4_000);
    // p1 waits for the other semi-final's sudden death; the final cannot start yet.
    assert.deepEqual(
      third.map((b) => [b.match?.id, b.match?.game]),
      [['W1-2', 3]],
    );
    playRound(run, referee, 5_000);
    assert.equal(matchOf(run.t, 'W1-2').view.winner, 'p3');
    assert.deepEqual(
      matchOf(run.t, 'W1-2').games.map((g) => g.kind),
      ['regular', 'regular', 'sudden-death', 'sudden-death'],
    );
    playOut(run, favourite);
    assert.equal(matchOf(run.t, 'W2-1').view.winner, 'p1');
  });

  it('a result changed after its match went on counts up to the game that now decides it', () => {
    const run = knockout(2, { games: 2 });
    playRound(run, () => win(true), 2_000);
    playRound(run, () => win(true), 3_000);
    playRound(run, () => DRAW, 4_000);
    assert.equal(run.t.status, 'running');
    // Game 2 (p2 had white) is given to p1 afterwards: 2–0 after two games, game 3 does not count.
    apply(run, [{ type: 'result', at: 5_000, round: 2, board: 0, gameId: 'g2-0', result: win(false) }]);
    const final = matchOf(run.t, 'W1-1');
    assert.deepEqual([final.view.winner, final.score, final.games.length], ['p1', [2, 0], 2]);
    assert.equal(knockoutView(run.t)!.complete, true);
  });

  it('a forfeit decides a game like any result; a game both forfeit puts both out, and their next opponent through', () => {
    const run = knockout(4);
    const [paired] = take(run, pairNextRound(run.t, 2_000));
    assert.equal(paired?.type, 'round-paired');
    apply(run, [
      { type: 'game-started', at: 2_000, round: 1, board: 0, gameId: 'a' },
      { type: 'game-started', at: 2_000, round: 1, board: 1, gameId: 'b' },
    ]);
    // p1 does not come to W1-1; nobody comes to W1-2.
    apply(run, recordResult(run.t, 'a', forfeitResult('p1', 'p4', ['p1']), 3_000));
    apply(run, recordResult(run.t, 'b', forfeitResult('p2', 'p3', ['p2', 'p3']), 3_000));
    const view = knockoutView(run.t)!;
    assert.equal(view.matches.get('W1-1')!.view.winner, 'p4');
    assert.equal(view.matches.get('W1-2')!.view.status, 'done');
    assert.equal(view.matches.get('W1-2')!.view.winner, null);
    // The final is p4's by walkover: the tournament ends with the round.
    assert.equal(view.matches.get('W2-1')!.view.status, 'walkover');
    assert.equal(run.t.status, 'finished');
    assert.equal(view.state.champion, 'p4');
    assert.deepEqual(ranks(run.t), { p4: 1, p1: 2, p2: 2, p3: 2 });
  });

  it('a player who withdraws loses their next match without a game; a result reported twice is taken once', () => {
    const run = knockout(4);
    const late = join(run.t, { userId: 'p9', name: 'P9', guest: false, rating: 1 }, 1_500);
    assert.deepEqual(late, {
      ok: false,
      code: 'TOURNAMENT_STARTED',
      message: 'a knockout takes no late entries',
    });
    playRound(run, favourite, 2_000);
    take(run, withdraw(run.t, 'p2', 2_500));
    assert.deepEqual(recordResult(run.t, 'g1-0', win(false), 2_600), [], 'a repeated report changes nothing');
    // The final is decided by the withdrawal: nothing is left to play.
    const events = take(run, pairNextRound(run.t, 3_000));
    assert.deepEqual(
      events.map((e) => e.type),
      ['finished'],
    );
    const final = matchOf(run.t, 'W2-1');
    assert.deepEqual([final.view.winner, final.decidedBy, final.games.length], ['p1', 'withdrawal', 0]);
    assert.deepEqual(ranks(run.t), { p1: 1, p2: 2, p3: 3, p4: 3 });
  });

  it('is rebuilt from its log in the middle of the bracket and plays on to the same end', () => {
    const whole = knockout(6, { games: 2, thirdPlace: true });
    const referee: Referee = (b, round) => (round % 2 === 0 ? DRAW : favourite(b, round));
    playRound(whole, referee, 2_000);
    playRound(whole, referee, 3_000);
    // A copy from the log so far, the current round's first result already in it.
    const [paired] = take(whole, pairNextRound(whole.t, 4_000));
    assert.equal(paired?.type, 'round-paired');
    apply(whole, [{ type: 'game-started', at: 4_000, round: 3, board: 0, gameId: 'x' }]);
    apply(whole, recordResult(whole.t, 'x', win(true), 4_500));
    const copy: Run = { t: replay(whole.log), log: [...whole.log] };
    assert.deepEqual(copy.t, whole.t);
    assert.deepEqual(recordResult(copy.t, 'x', win(true), 4_600), [], 'the result is there once');
    for (const run of [whole, copy]) {
      run.t.rounds.at(-1)!.boards.forEach((b, board) => {
        if (b.gameId) return;
        apply(run, [{ type: 'game-started', at: 5_000, round: 3, board, gameId: `g3-${board}` }]);
        apply(run, recordResult(run.t, `g3-${board}`, favourite(b, 3), 5_000));
      });
      playOut(run, referee);
    }
    assert.deepEqual(copy.t, whole.t);
    assert.equal(copy.t.status, 'finished');
    const results = copy.log.filter((e) => e.type === 'result');
    assert.equal(new Set(results.map((e) => (e.type === 'result' ? e.gameId : ''))).size, results.length);
  });

  it('a double elimination: the losers’ bracket, a grand final won by its finalist, and the reset', () => {
    const run = knockout(4, { elimination: 'double' });
    // p1 loses the first grand final to the losers' bracket's finalist, then wins the reset.
    playOut(run, (b) => (b.match?.id === 'GF' ? win(b.white !== 'p1') : favourite(b, 0)));
    const view = knockoutView(run.t)!;
    assert.equal(view.matches.get('GF2')!.view.status, 'done');
    assert.equal(view.state.champion, 'p1');
    const ids = run.t.rounds.flatMap((r) => r.boards.map((b) => b.match!.id));
    assert.deepEqual(ids, ['W1-1', 'W1-2', 'W2-1', 'L1-1', 'L2-1', 'GF', 'GF2']);
    assert.deepEqual(ranks(run.t), { p1: 1, p2: 2, p3: 3, p4: 4 });
  });
});
