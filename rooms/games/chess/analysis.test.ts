import assert from 'node:assert/strict';
import { graphValue, markMoves, positionsOf } from './analysis.ts';
import { centipawns, takesDraw, winChance } from './engine.ts';

describe('marking moves by the winning chances they lose', () => {
  it('marks by Lichess thresholds: a pawn lost from level is an inaccuracy, more a mistake or a blunder', () => {
    // White's evaluations: white drops a pawn, then black drops a rook, then white allows mate.
    const evals = [20, -80, 400, 380, 390, -9998];
    assert.deepEqual(markMoves(evals), ['inaccuracy', 'blunder', null, null, 'blunder']);
    // The same loss far ahead is nothing: 10 pawns to 9 keeps the win.
    assert.deepEqual(markMoves([1000, 900]), [null]);
    // Between the thresholds: a mistake.
    assert.deepEqual(markMoves([0, -120]), ['mistake']);
  });

  it('reads black as the first mover of a position where black moves first', () => {
    assert.deepEqual(markMoves([0, 300], 'black'), ['blunder']);
  });

  it('gives the positions of a game, one more than its moves, and refuses an illegal move', () => {
    const fens = positionsOf(['f2f3', 'e7e5']);
    assert.equal(fens.length, 3);
    assert.match(fens[2]!, /^rnbqkbnr\/pppp1ppp\/8\/4p3\/8\/5P2\/PPPPP1PP\/RNBQKBNR w KQkq/);
    assert.throws(() => positionsOf(['e2e5']), /not legal/);
  });

  it('turns scores into centipawns and caps them for the graph', () => {
    assert.equal(centipawns({ cp: -35 }), -35);
    assert.equal(centipawns({ mate: 2 }), 9998);
    assert.equal(centipawns({ mate: -1 }), -9999);
    assert.equal(centipawns({ mate: 0 }), -10000);
    assert.equal(graphValue(9998), 1000);
    assert.equal(graphValue(-1500), -1000);
    assert.equal(graphValue(-120), -120);
    assert.ok(Math.abs(winChance(0) - 0.5) < 1e-9);
  });

  it('takes a draw when lost, or level after the opening, and not when better', () => {
    assert.equal(takesDraw(-200, 4), true);
    assert.equal(takesDraw(10, 40), true);
    assert.equal(takesDraw(10, 10), false);
    assert.equal(takesDraw(120, 80), false);
  });
});
