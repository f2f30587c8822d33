import assert from 'node:assert/strict';
import { readUciLine } from './uci.ts';

describe('reading a UCI engine', () => {
  it('keeps the last score of the first line and the best move', () => {
    let p = readUciLine({ score: null }, 'info depth 5 seldepth 7 multipv 1 score cp -29 nodes 2146 pv d7d5');
    p = readUciLine(p, 'info depth 5 multipv 2 score cp -80 pv e7e5');
    p = readUciLine(p, 'info string NNUE evaluation enabled');
    assert.deepEqual(p, { score: { cp: -29 } });
    p = readUciLine(p, 'info depth 6 score mate 3 pv h5f7');
    p = readUciLine(p, 'bestmove h5f7 ponder e8e7');
    assert.deepEqual(p, { score: { mate: 3 }, bestMove: 'h5f7' });
    assert.equal(readUciLine({ score: null }, 'bestmove (none)').bestMove, null);
  });
});
