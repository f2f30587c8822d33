import assert from 'node:assert/strict';
import type { BracketDto, BracketMatchDto, BracketSlotDto } from '../schema/tournaments.ts';
import { liveBracket, type MatchRow, matchRowsOfBracket, stageOf } from '../web/src/bracket-live.ts';
import { roundName, stageWords } from '../web/src/bracket-text.ts';

const seeded = (seed: number): BracketSlotDto => ({
  kind: 'player',
  userId: `u${seed}`,
  name: `p${seed}`,
  seed,
});
const pending = (from: 'winner' | 'loser', match: string): BracketSlotDto => ({
  kind: 'pending',
  from,
  match,
});

function match(
  id: string,
  a: BracketSlotDto,
  b: BracketSlotDto,
  winner: string | null = null,
): BracketMatchDto {
  return {
    id,
    a,
    b,
    status: winner ? 'decided' : a.kind === 'player' && b.kind === 'player' ? 'playing' : 'waiting',
    score: {
      a: winner && a.kind === 'player' && a.userId === winner ? 1 : 0,
      b: winner && b.kind === 'player' && b.userId === winner ? 1 : 0,
    },
    games: [],
    winner,
    decidedBy: winner ? 'games' : null,
  };
}

/** Four players, a match for third place: the first semi-final decided, the API not told of the second yet. */
const cup: BracketDto = {
  elimination: 'single',
  size: 4,
  champion: null,
  rounds: [
    {
      part: 'main',
      round: 1,
      matches: [match('W1-1', seeded(1), seeded(4), 'u1'), match('W1-2', seeded(2), seeded(3))],
    },
    { part: 'main', round: 2, matches: [match('W2-1', seeded(1), pending('winner', 'W1-2'))] },
    { part: 'third', round: 2, matches: [match('3RD', seeded(4), pending('loser', 'W1-2'))] },
  ],
};
const names = new Map(['u1', 'u2', 'u3', 'u4'].map((id) => [id, `p${id.slice(1)}`]));

describe('the bracket on the tournament page', () => {
  it('names rounds from the end of their part, and the winners’ and losers’ brackets of a double elimination', () => {
    const cases: Array<[Parameters<typeof roundName>, string]> = [
      [['main', 3, 3, 'single'], 'Final'],
      [['main', 2, 3, 'single'], 'Semi-finals'],
      [['main', 1, 3, 'single'], 'Quarter-finals'],
      [['main', 1, 4, 'single'], 'Round 1'],
      [['third', 2, 2, 'single'], 'Third place'],
      [['main', 2, 2, 'double'], 'Winners’ final'],
      [['main', 1, 2, 'double'], 'Winners’ semi-finals'],
      [['losers', 1, 2, 'double'], 'Losers’ round 1'],
      [['losers', 2, 2, 'double'], 'Losers’ final'],
      [['final', 1, 1, 'double'], 'Grand final'],
      [['reset', 1, 1, 'double'], 'Grand final, reset'],
    ];
    for (const [args, name] of cases) assert.equal(roundName(...args), name, args.join(' '));
  });

  it('when the room has decided a match the API has not read yet, its winner goes on in the bracket shown', () => {
    const rows: MatchRow[] = matchRowsOfBracket(cup).map((m) => {
      if (m.id === 'W1-2') return { ...m, status: 'decided', winner: 'u3', scoreA: 0, scoreB: 1 };
      if (m.id === 'W2-1') return { ...m, b: 'u3', status: 'playing' };
      if (m.id === '3RD') return { ...m, b: 'u2', status: 'playing' };
      return m;
    });
    const live = liveBracket(cup, rows, names);
    const final = live.rounds[1]!.matches[0]!;
    assert.deepEqual(final.b, { kind: 'player', userId: 'u3', name: 'p3', seed: 3 });
    assert.equal(final.status, 'playing');
    assert.deepEqual(live.rounds[0]!.matches[1]!.score, { a: 0, b: 1 });
    assert.deepEqual(
      live.rounds.map((r) => r.name),
      ['Semi-finals', 'Final', 'Third place'],
    );
    assert.equal(stageWords(stageOf(live, 'u3')), 'In the final');
    assert.equal(stageWords(stageOf(live, 'u2')), 'Playing for third');
    assert.equal(stageOf(live, 'u1')?.kind, 'in');
  });

  it('once decided: the champion, the runner-up, third and fourth; without a match for third place, the semi-finals’ losers are out there', () => {
    const done: BracketDto = {
      ...cup,
      champion: 'u1',
      rounds: [
        cup.rounds[0]!,
        { part: 'main', round: 2, matches: [match('W2-1', seeded(1), seeded(2), 'u1')] },
        { part: 'third', round: 2, matches: [match('3RD', seeded(4), seeded(3), 'u3')] },
      ],
    };
    const live = liveBracket(done, [], names);
    assert.deepEqual(
      ['u1', 'u2', 'u3', 'u4'].map((id) => stageWords(stageOf(live, id))),
      ['Champion', 'Runner-up', 'Third', 'Fourth'],
    );
    // Without a match for third place, the losing semi-finalists are out in the semi-finals.
    const noThird = liveBracket({ ...done, rounds: done.rounds.slice(0, 2) }, [], names);
    assert.equal(stageWords(stageOf(noThird, 'u4')), 'Out in the semi-finals');
    assert.equal(stageOf(noThird, 'u4')?.kind, 'out');
    assert.equal(stageWords(null), '—');
  });
});
