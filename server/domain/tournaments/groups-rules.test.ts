import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { GroupsOptions, TournamentTieBreak } from '../../../schema/tournaments.ts';
import { knockoutView } from './formats.ts';
import { groupStageRounds, groupStandings } from './groups-rules.ts';
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
  due,
  forfeitResult,
  join,
  recordResult,
  standingsOf,
  start,
  withdraw,
} from './tournament-rules.ts';

interface Run {
  t: Tournament;
  log: TournamentEvent[];
}

function groupsKnockout(
  players: number,
  groups: GroupsOptions,
  more: { tieBreaks?: TournamentTieBreak[]; double?: boolean } = {},
): Run {
  const settings: TournamentSettings = {
    name: 'World cup',
    game: 'chess',
    options: {},
    rated: false,
    format: 'groups-knockout',
    rounds: null,
    double: more.double ?? false,
    startsAt: 1_000,
    capacity: 64,
    tieBreaks: more.tieBreaks ?? ['sonneborn-berger'],
    seatDeadlineMs: 30_000,
    roundGapMs: 0,
    knockout: { ...DEFAULT_KNOCKOUT, thirdPlace: true },
    groups,
  };
  const run: Run = { t: undefined as never, log: [] };
  apply(run, [{ type: 'created', at: 0, id: 'g1', settings, createdBy: 'u0' }]);
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

function take(run: Run, decision: Decision): void {
  assert.ok(decision.ok, decision.ok ? '' : `${decision.code}: ${decision.message}`);
  apply(run, decision.events);
}

const win = (white: boolean): GameResult => ({ white: white ? 1 : 0, black: white ? 0 : 1, forfeit: false });
const seed = (id: string) => Number(id.slice(1));

/** What a game gives, by its board. */
type Referee = (b: Board) => GameResult;

/** The better seed wins every game. */
const favourite: Referee = (b) => win(seed(b.white) < seed(b.black));

/** The better seed wins, but where `upsets` names the winner of a pairing (`"p1-p4": "p4"`). */
const withUpsets =
  (upsets: Record<string, string>): Referee =>
  (b) => {
    const key = [b.white, b.black].sort((x, y) => seed(x) - seed(y)).join('-');
    const winner = upsets[key];
    return winner ? win(winner === b.white) : favourite(b);
  };

/** What time asks (the next round), then every game of the round made and its result in: its boards. */
function playRound(run: Run, referee: Referee, at: number): Board[] {
  apply(run, due(run.t, at));
  const round = run.t.rounds.at(-1);
  if (!round || round.ended) return (round?.boards as Board[]) ?? [];
  round.boards.forEach((b, board) => {
    if (!b.result)
      apply(run, [
        { type: 'game-started', at, round: round.round, board, gameId: `g${round.round}-${board}` },
      ]);
  });
  run.t.rounds.at(-1)!.boards.forEach((b, board) => {
    if (!b.result) apply(run, recordResult(run.t, `g${round.round}-${board}`, referee(b), at + 1));
  });
  return run.t.rounds.at(-1)!.boards as Board[];
}

function playOut(run: Run, referee: Referee, from = 2_000): void {
  for (let at = from; run.t.status === 'running'; at += 1_000) {
    assert.ok(at < 200_000, 'the tournament never finished');
    playRound(run, referee, at);
  }
}

const pairs = (boards: readonly Board[]) => boards.map((b) => [b.white, b.black, b.match?.id ?? null]);

describe('groups then knockout on its log', () => {
  it('8 players in 2 groups, the top 2 of each go on: the groups by serpentine seeding, all their round n together, then the bracket from the tables', () => {
    const run = groupsKnockout(8, { count: 2, size: null, advance: 2 });
    assert.deepEqual(
      run.log.slice(-2).map((e) => e.type),
      ['started', 'groups-drawn'],
    );
    assert.deepEqual(run.t.groups, [
      ['p1', 'p4', 'p5', 'p8'],
      ['p2', 'p3', 'p6', 'p7'],
    ]);
    assert.equal(run.t.totalRounds, null);
    assert.equal(groupStageRounds(run.t), 3);
    // Round 1 of each group's Berger table, group A's boards first.
    assert.deepEqual(pairs(playRound(run, favourite, 2_000)), [
      ['p1', 'p8', null],
      ['p4', 'p5', null],
      ['p2', 'p7', null],
      ['p3', 'p6', null],
    ]);
    playRound(run, favourite, 3_000);
    playRound(run, favourite, 4_000);
    assert.equal(run.t.knockoutSeeds, undefined, 'no bracket before the groups are played');
    assert.equal(knockoutView(run.t), undefined);
    const [a, b] = run.t.groups!.map((g) => groupStandings(run.t, g));
    assert.deepEqual(
      a!.map((r) => [r.rank, r.id, r.score]),
      [
        [1, 'p1', 3],
        [2, 'p4', 2],
        [3, 'p5', 1],
        [4, 'p8', 0],
      ],
    );
    assert.deepEqual(
      b!.map((r) => r.id),
      ['p2', 'p3', 'p6', 'p7'],
    );
    // During the group stage, everyone by group place: the winners share the first rank.
    assert.deepEqual(
      standingsOf(run.t).map((r) => [r.rank, r.id]),
      [
        [1, 'p1'],
        [1, 'p2'],
        [3, 'p3'],
        [3, 'p4'],
        [5, 'p5'],
        [5, 'p6'],
        [7, 'p7'],
        [7, 'p8'],
      ],
    );

    // The transition: the seeds are logged, then the bracket's first round: each winner meets the other group's runner-up.
    const semis = playRound(run, favourite, 5_000);
    const seeded = run.log.find((e) => e.type === 'knockout-seeded');
    assert.deepEqual(seeded && 'seeds' in seeded ? seeded.seeds : null, ['p1', 'p2', 'p4', 'p3']);
    assert.equal(run.t.rounds.at(-1)!.round, 4);
    assert.deepEqual(pairs(semis), [
      ['p1', 'p3', 'W1-1'],
      ['p2', 'p4', 'W1-2'],
    ]);
    playOut(run, favourite, 6_000);
    assert.equal(run.t.status, 'finished');
    assert.equal(knockoutView(run.t)!.state.champion, 'p1');
    assert.deepEqual(
      run.t.rounds.at(-1)!.boards.map((x) => x.match?.id),
      ['W2-1', '3RD'],
    );
    // The bracket's players by the stage reached, then the thirds of the groups, then the fourths.
    assert.deepEqual(
      standingsOf(run.t).map((r) => [r.rank, r.id, r.score]),
      [
        [1, 'p1', 5],
        [2, 'p2', 4],
        [3, 'p3', 3],
        [4, 'p4', 2],
        [5, 'p5', 1],
        [5, 'p6', 1],
        [7, 'p7', 0],
        [7, 'p8', 0],
      ],
    );
    // The log rebuilds the same tournament.
    assert.deepEqual(replay(run.log), run.t);
  });

  it('orders a group by score, then the tie-breaks, whatever the seeds; the knockout takes that order', () => {
    // Group A: p4 beats p1 and p8 beats p5, so p4 and p1 are level on 2 points (p4 won their game),
    // and p8 and p5 on 1 (p8 won theirs).
    const referee = withUpsets({ 'p1-p4': 'p4', 'p4-p5': 'p5', 'p5-p8': 'p8' });
    const run = groupsKnockout(8, { count: 2, size: null, advance: 2 }, { tieBreaks: ['direct-encounter'] });
    for (const at of [2_000, 3_000, 4_000]) playRound(run, referee, at);
    assert.deepEqual(
      groupStandings(run.t, run.t.groups![0]!).map((r) => [
        r.rank,
        r.id,
        r.score,
        r.tieBreaks['direct-encounter'],
      ]),
      [
        [1, 'p4', 2, 1],
        [2, 'p1', 2, 0],
        [3, 'p8', 1, 1],
        [4, 'p5', 1, 0],
      ],
    );
    const semis = playRound(run, referee, 5_000);
    assert.deepEqual(run.t.knockoutSeeds, ['p4', 'p2', 'p1', 'p3']);
    assert.deepEqual(pairs(semis), [
      ['p4', 'p3', 'W1-1'],
      ['p2', 'p1', 'W1-2'],
    ]);
  });

  it('groups of at most 5 for 9 players: a group of 5 and one of 4, which rests while the other finishes its table', () => {
    const run = groupsKnockout(9, { count: null, size: 5, advance: 1 });
    assert.deepEqual(
      run.t.groups!.map((g) => g.length),
      [5, 4],
    );
    assert.equal(groupStageRounds(run.t), 5);
    const fourth = [2_000, 3_000, 4_000, 5_000].map((at) => playRound(run, favourite, at)).at(-1)!;
    // Round 4: only the group of 5 plays, one of its players sits out.
    assert.equal(fourth.length, 2);
    assert.ok(fourth.every((x) => run.t.groups![0]!.includes(x.white)));
    assert.equal(run.t.rounds.at(-1)!.byes.length, 1);
    playRound(run, favourite, 6_000);
    const final = playRound(run, favourite, 7_000);
    assert.deepEqual(run.t.knockoutSeeds, ['p1', 'p2']);
    assert.deepEqual(pairs(final), [['p1', 'p2', 'W1-1']]);
    assert.equal(run.t.status, 'finished');
  });

  it('makes fewer groups when fewer players came than the groups need: never a group of one', () => {
    const run = groupsKnockout(5, { count: 4, size: null, advance: 1 });
    assert.deepEqual(
      run.t.groups!.map((g) => g.length),
      [3, 2],
    );
  });

  it('takes no entry once its groups are drawn', () => {
    const run = groupsKnockout(4, { count: 2, size: null, advance: 1 });
    assert.deepEqual(join(run.t, { userId: 'p9', name: 'P9', guest: false, rating: 1500 }, 1_500), {
      ok: false,
      code: 'TOURNAMENT_STARTED',
      message: 'a tournament of groups then a knockout takes no late entries',
    });
  });

  it("a withdrawn player's group games are lost by forfeit, and they do not go on, whatever their place", () => {
    const run = groupsKnockout(8, { count: 2, size: null, advance: 2 });
    playRound(run, favourite, 2_000);
    playRound(run, favourite, 3_000);
    take(run, withdraw(run.t, 'p1', 3_500));
    const third = playRound(run, favourite, 4_000);
    const forfeited = third.find((x) => x.white === 'p1' || x.black === 'p1')!;
    assert.deepEqual(forfeited.result, forfeitResult(forfeited.white, forfeited.black, ['p1']));
    assert.equal(forfeited.gameId, null, 'not played');
    // p1 won two games and is in the top two of the table, but withdrawn: the next two go on.
    const table = groupStandings(run.t, run.t.groups![0]!).map((r) => r.id);
    assert.ok(table.slice(0, 2).includes('p1'), table.join());
    playRound(run, favourite, 5_000);
    const seeds = run.t.knockoutSeeds!;
    assert.equal(seeds.length, 4);
    assert.ok(!seeds.includes('p1'));
    assert.deepEqual([seeds[0], seeds[2]], table.filter((id) => id !== 'p1').slice(0, 2));
    assert.deepEqual([seeds[1], seeds[3]], ['p2', 'p3']);
  });
});
