import { strict as assert } from 'node:assert';
import { describe, it } from 'mocha';
import { deck, JOKER, scoreGrid, value } from './scoring.ts';

describe('golf scoring', () => {
  it('values each rank', () => {
    const table: Array<[string, number]> = [
      ['♠A', 1],
      ['♥2', -2],
      ['♦3', 3],
      ['♣4', 4],
      ['♠5', 5],
      ['♠6', 6],
      ['♠7', 7],
      ['♠8', 8],
      ['♠9', 9],
      ['♠T', 10],
      ['♥J', 10],
      ['♦Q', 10],
      ['♣K', 0],
      [JOKER, -2],
    ];
    for (const [card, v] of table) assert.equal(value(card), v, card);
  });

  it('scores grids: columns, pairs and jokers', () => {
    const table: Array<[string[], number, string]> = [
      [['♠A', '♠2', '♠3', '♠4', '♠5', '♠6'], 1 + -2 + 3 + 4 + 5 + 6, 'no pairs'],
      [['♠5', '♠K', '♠Q', '♥5', '♠K', '♠Q'], 0, 'three pairs of one rank'],
      [['♠2', '♠9', '♠J', '♥2', '♠8', '♠Q'], 0 + 17 + 20, 'a pair of twos is 0, not -4'],
      [['♠J', '♠Q', '♠K', '♠Q', '♠J', '♥A'], 20 + 20 + 1, 'jack and queen are no pair'],
      [[JOKER, '♠9', '♠T', JOKER, '♠9', '♠T'], 0, 'two jokers pair'],
      [[JOKER, '♠2', '♠3', '♠2', JOKER, '♠3'], -4 - 4 + 0, 'joker and two are no pair'],
      [['♠K', '♠K', '♠K', '♠2', '♠2', '♠2'], -6, 'kings and twos in columns'],
      [['♠5', '♠5', '♠5', '♠6', '♠6', '♠6'], 33, 'pairs in a row count nothing'],
      [['♠5', '♥5', '♦K', '♣5', '♠2', '♥Q'], 13, "docs/golf.md: Ana's grid"],
      [['♠2', '♣J', JOKER, '♥2', '♦A', '♠7'], 16, "docs/golf.md: Ben's grid"],
    ];
    for (const [grid, total, why] of table) assert.equal(scoreGrid(grid), total, why);
  });

  it('builds a deck of 52, or 54 with jokers, all distinct apart from the jokers', () => {
    assert.equal(deck(0).length, 52);
    assert.equal(new Set(deck(0)).size, 52);
    assert.equal(deck(2).length, 54);
    assert.throws(() => value('♠Z'));
  });
});
