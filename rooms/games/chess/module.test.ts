import assert from 'node:assert/strict';
import type { MatchEvent } from '../../../server/services/ports.ts';
import { checkedValue } from '../../../test/support/checked.ts';
import { chessModule } from './module.ts';

const chess = chessModule({ firstMoveMs: 30_000, defaultTimeControl: '5+3' });

function play(events: MatchEvent[]) {
  const options = checkedValue(chess.parseOptions({ timeControl: '3+2' }));
  return events.reduce((game, event) => checkedValue(chess.apply(game, event)), chess.create(options));
}

describe('chess as a game module', () => {
  it('reads its options from join options or the record, with the default time control, and refuses a bad one', () => {
    const options = checkedValue(chess.parseOptions({}));
    assert.deepEqual(chess.optionsJson(options), {
      timeControl: '5+3',
      initialMs: 300_000,
      incrementMs: 3_000,
    });
    assert.equal(chess.pool(options), 'blitz');
    assert.deepEqual(checkedValue(chess.parseOptions(chess.optionsJson(options))), options);
    const bad = chess.parseOptions({ timeControl: 'soon' });
    assert.ok(!bad.ok && bad.refusal.code === 'VALIDATION_FAILED');
  });

  it('keeps an arena’s berserk in its options and record, and gives the game the permission', () => {
    const options = checkedValue(chess.parseOptions({ timeControl: '3+0', berserk: true }));
    assert.deepEqual(chess.optionsJson(options), {
      timeControl: '3+0',
      initialMs: 180_000,
      incrementMs: 0,
      berserk: true,
    });
    assert.deepEqual(checkedValue(chess.parseOptions(chess.optionsJson(options))), options);
    const game = checkedValue(chess.apply(chess.create(options), chess.lifecycle.start(1_000, 1)));
    const [berserk] = checkedValue(chess.command(game, 1, { type: 'berserk', payload: undefined }, 2_000));
    assert.deepEqual(berserk, { type: 'berserk', at: 2_000, by: 'black' });
    assert.deepEqual(chess.derived?.(checkedValue(chess.apply(game, berserk!)), berserk!), {
      clock: { white: 180_000, black: 90_000 },
    });
    const plain = checkedValue(
      chess.apply(chess.create(checkedValue(chess.parseOptions({}))), chess.lifecycle.start(1_000, 1)),
    );
    const refusal = chess.apply(plain, berserk!);
    assert.ok(!refusal.ok && refusal.refusal.code === 'BERSERK_NOT_ALLOWED');
  });

  it('seats white at 0 and black at 1, one team each', () => {
    assert.deepEqual(chess.seats(checkedValue(chess.parseOptions({}))).teams, [0, 1]);
    assert.equal(chess.seatWish({ color: 'black' }), 1);
    assert.equal(chess.seatWish({}), undefined);
  });

  it('turns commands into events of the side that sent them, and refuses an illegal move as the rules do', () => {
    const game = play([chess.lifecycle.start(1_000, 7)]);
    const [move] = checkedValue(chess.command(game, 0, { type: 'move', payload: { uci: 'e2e4' } }, 2_000));
    assert.deepEqual(move, { type: 'move', at: 2_000, by: 'white', uci: 'e2e4' });
    const illegal = chess.apply(game, { type: 'move', at: 2_000, by: 'white', uci: 'e2e5' });
    assert.ok(!illegal.ok && illegal.refusal.code === 'ILLEGAL_MOVE');
    const early = chess.apply(game, { type: 'move', at: 500, by: 'white', uci: 'e2e4' });
    assert.ok(
      !early.ok && early.refusal.code === 'BAD_MESSAGE',
      'an event before the last is the caller’s bug',
    );
    assert.deepEqual(chess.derived?.(checkedValue(chess.apply(game, move!)), move!), {
      san: 'e4',
      clock: { white: 180_000, black: 180_000 },
    });
  });

  it('scores a decisive game 1–0 with placings, a draw ½ each sharing first, and an aborted game not at all', () => {
    const start = chess.lifecycle.start(1_000, 1);
    const mate = ['f2f3', 'e7e5', 'g2g4', 'd8h4'].map((uci, i) => ({
      type: 'move',
      at: 2_000 + i,
      by: i % 2 ? 'black' : 'white',
      uci,
    }));
    assert.deepEqual(chess.ending(play([start, ...mate]))?.results, [
      { seat: 0, score: 0, placing: 2 },
      { seat: 1, score: 1, placing: 1 },
    ]);
    const agreed = play([
      start,
      mate[0]!,
      mate[1]!,
      { type: 'draw:offer', at: 3_000, by: 'white' },
      { type: 'draw:accept', at: 3_001, by: 'black' },
    ]);
    assert.deepEqual(chess.ending(agreed)?.results, [
      { seat: 0, score: 0.5, placing: 1 },
      { seat: 1, score: 0.5, placing: 1 },
    ]);
    const aborted = play([start, { type: 'abort', at: 1_500, by: 'white' }]);
    assert.deepEqual(chess.ending(aborted), { termination: 'aborted', results: [], endedAt: 1_500 });
    assert.equal(chess.ending(play([start])), null);
  });

  it('names the side whose first move was not made in time as forfeiting a game it leaves unscored', () => {
    const start = chess.lifecycle.start(1_000, 1);
    const noWhite = play([start, { type: 'abort', at: 31_000, by: null }]);
    assert.deepEqual(chess.ending(noWhite), {
      termination: 'aborted',
      results: [],
      endedAt: 31_000,
      forfeited: [0],
    });
    const e4 = { type: 'move', at: 2_000, by: 'white', uci: 'e2e4' };
    const noBlack = play([start, e4, { type: 'abort', at: 32_000, by: null }]);
    assert.deepEqual(chess.ending(noBlack)?.forfeited, [1]);
    // Aborted by a player in time: nobody is at fault.
    const byBlack = play([start, e4, { type: 'abort', at: 3_000, by: 'black' }]);
    assert.equal(chess.ending(byBlack)?.forfeited, undefined);
  });

  it('ends by staff with a chess result (the record and PGN say adjudicated) or with none, and refuses other scores', () => {
    const start = chess.lifecycle.start(1_000, 1);
    const e4 = { type: 'move', at: 2_000, by: 'white', uci: 'e2e4' };
    const cases: Array<[number[] | null, string, string]> = [
      [[1, 0], '1-0', 'adjudicated'],
      [[0, 1], '0-1', 'adjudicated'],
      [[0.5, 0.5], '1/2-1/2', 'adjudicated'],
      [null, '*', 'aborted_by_staff'],
    ];
    for (const [scores, result, termination] of cases) {
      const ended = play([start, e4, chess.lifecycle.staffEnd(5_000, scores)]);
      assert.equal(chess.status(ended), 'ended');
      const ending = chess.ending(ended)!;
      assert.equal(ending.termination, termination);
      assert.equal(ending.endedAt, 5_000);
      assert.deepEqual(
        ending.results.map((r) => r.score),
        scores ?? [],
      );
      const record = chess.record(ended, {
        gameId: 'g',
        rated: false,
        pool: 'blitz',
        names: ['a', 'b'],
        ratings: [],
      });
      assert.equal(record.result, result);
      const tag = termination === 'adjudicated' ? 'Adjudication' : 'Unterminated';
      assert.match(String(record.pgn), new RegExp(`\\[Termination "${tag}"\\]`));
      // The clocks stopped: nothing falls due after it.
      assert.equal(chess.nextDeadline(ended), null);
    }
    const game = play([start, e4]);
    for (const scores of [[0.7, 0.3], [1, 1], [0, 0], [1], [1, 0, 0]]) {
      const refusal = chess.apply(game, chess.lifecycle.staffEnd(5_000, scores));
      assert.ok(!refusal.ok && refusal.refusal.code === 'VALIDATION_FAILED', JSON.stringify(scores));
    }
  });
});
