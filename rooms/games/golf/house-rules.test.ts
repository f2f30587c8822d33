import { strict as assert } from 'node:assert';
import { describe, it } from 'mocha';
import { GOLF_HOUSE_RULES } from '../../../schema/golf.ts';
import { fullDeck } from './deal.ts';
import { DEFAULTS, parseOptions } from './options.ts';
import { PLAIN, type ScoringRules, scoreGrid, scoreHole, value } from './scoring.ts';

/** A grid from its six cards in text, top row first: `"♠5 ♠Q ♠J ♥K ♥Q ♥J"`. */
const g = (cards: string): string[] => cards.split(' ');
const rules = (on: Partial<ScoringRules>): ScoringRules => ({ ...PLAIN, ...on });

/**
 * Grids that score 5, 8, 9, 10, 21 under plain rules: the first column's card over a king, and
 * two paired columns (queens, jacks) that score nothing.
 */
const FIVE = g('♠5 ♠Q ♠J ♥K ♥Q ♥J');
const EIGHT = g('♠8 ♠Q ♠J ♥K ♥Q ♥J');
const NINE = g('♠9 ♠Q ♠J ♥K ♥Q ♥J');
const TEN = g('♠T ♠Q ♠J ♥K ♥Q ♥J');
const TWENTY_ONE = g('♠T ♠3 ♠A ♥9 ♥2 ♥K');

describe('golf house rules: card values and grids', () => {
  const table: Array<[string, Partial<ScoringRules>, string, number, number]> = [
    // [rule, rules on, grid, score with the rule, score without it]
    ['jokers (plain joker −2)', {}, '★X ♠5 ♠6 ♥3 ♥5 ♥7', -2 + 3 + 0 + 13, 14],
    ['jokers: a pair of jokers scores 0', {}, '★X ♠9 ♠4 ★X ♥8 ♥4', 0 + 17 + 0, 17],
    ['luckySwing: a joker is −5', { luckySwing: true }, '★X ♠4 ♠K ♥9 ♥4 ♥Q', -5 + 9 + 0 + 10, 17],
    ['superKings: a king is −2', { superKings: true }, '♠K ♠K ♠3 ♥5 ♥K ♥3', -2 + 5 + 0 + 0, 5],
    ['superKings: a pair of kings still scores 0', { superKings: true }, '♠K ♠4 ♠6 ♥K ♥4 ♥6', 0, 0],
    ['tenPenny: a ten is 1', { tenPenny: true }, '♠T ♠T ♠2 ♥9 ♥A ♥4', 1 + 9 + (1 + 1) + (-2 + 4), 32],
    ['oneEyedJacks: ♥J and ♠J are 0', { oneEyedJacks: true }, '♥J ♠J ♣J ♠5 ♠6 ♠7', 5 + 6 + 17, 48],
    ['oneEyedJacks: a jack pairs any jack', { oneEyedJacks: true }, '♥J ♠4 ♠6 ♣J ♥4 ♥6', 0, 0],
    ['eagleEye: a lone joker is +2', { eagleEye: true }, '★X ♠6 ♠5 ♥8 ★X ♥4', 2 + 8 + (6 + 2) + 9, 19],
    ['eagleEye: a pair of jokers is −4', { eagleEye: true }, '★X ♠6 ♠5 ★X ♥6 ♥4', -4 + 0 + 9, 9],
    [
      'negativePairsKeepValue: twos −4, jokers −4',
      { negativePairsKeepValue: true },
      '♠2 ♠7 ★X ♥2 ♥8 ★X',
      -4 + 15 - 4,
      15,
    ],
    [
      'negativePairsKeepValue: positive pairs still 0',
      { negativePairsKeepValue: true },
      '♠9 ♠7 ♠3 ♥9 ♥8 ♥4',
      0 + 15 + 7,
      22,
    ],
    [
      'negativePairsKeepValue with superKings: kings −4',
      { negativePairsKeepValue: true, superKings: true },
      '♠K ♠7 ♠3 ♥K ♥8 ♥4',
      -4 + 15 + 7,
      22,
    ],
    ['wolfpack: two pairs of jacks −20', { wolfpack: true }, '♠J ♥J ♠4 ♦J ♣J ♥5', 0 + 0 + 9 - 20, 9],
    ['wolfpack: one pair of jacks is no pack', { wolfpack: true }, '♠J ♥7 ♠4 ♦J ♣8 ♥5', 0 + 15 + 9, 24],
    ['wolfpack: two pairs of sevens are no pack', { wolfpack: true }, '♠7 ♥7 ♠4 ♦7 ♣7 ♥5', 9, 9],
    ['fourOfAKind: two paired columns of sevens −20', { fourOfAKind: true }, '♠7 ♥7 ♠4 ♦7 ♣7 ♥5', 9 - 20, 9],
    ['fourOfAKind alone, four jacks −20', { fourOfAKind: true }, '♠J ♥J ♠4 ♦J ♣J ♥5', 9 - 20, 9],
    [
      'fourOfAKind stacks with wolfpack: four jacks −40',
      { fourOfAKind: true, wolfpack: true },
      '♠J ♥J ♠4 ♦J ♣J ♥5',
      9 - 40,
      9,
    ],
    [
      'fourOfAKind: two pairs of different ranks are not four',
      { fourOfAKind: true },
      '♠7 ♥8 ♠4 ♦7 ♣8 ♥5',
      9,
      9,
    ],
  ];
  for (const [why, on, grid, withRule, without] of table)
    it(`${why}: ${withRule} (plain ${without})`, () => {
      assert.equal(scoreGrid(g(grid), rules(on)), withRule);
      assert.equal(scoreGrid(g(grid), PLAIN), without);
    });

  it('values single cards under each rule', () => {
    assert.equal(value('★X', rules({ luckySwing: true })), -5);
    assert.equal(value('★X', rules({ eagleEye: true })), 2);
    assert.equal(value('♣K', rules({ superKings: true })), -2);
    assert.equal(value('♦T', rules({ tenPenny: true })), 1);
    assert.equal(value('♠J', rules({ oneEyedJacks: true })), 0);
    assert.equal(value('♥J', rules({ oneEyedJacks: true })), 0);
    assert.equal(value('♦J', rules({ oneEyedJacks: true })), 10);
    assert.equal(value('♣J', rules({ oneEyedJacks: true })), 10);
  });
});

describe('golf house rules: a hole’s scores', () => {
  const table: Array<[string, Partial<ScoringRules>, string[][], number | null, number[], number[]]> = [
    // [rule, rules on, grids, who went out, scores with the rule, scores without it]
    ['blackjack: exactly 21 is 0', { blackjack: true }, [TWENTY_ONE, FIVE], null, [0, 5], [21, 5]],
    ['knockPenalty: out without the lowest, +10', { knockPenalty: true }, [TEN, EIGHT], 0, [20, 8], [10, 8]],
    [
      'knockPenalty: a tie for lowest is not the lowest, +10',
      { knockPenalty: true },
      [EIGHT, EIGHT],
      0,
      [18, 8],
      [8, 8],
    ],
    ['knockPenalty: out with the lowest, nothing', { knockPenalty: true }, [FIVE, EIGHT], 0, [5, 8], [5, 8]],
    ['knockPenalty: nobody went out, nothing', { knockPenalty: true }, [TEN, EIGHT], null, [10, 8], [10, 8]],
    ['knockBonus: −5 to who went out', { knockBonus: true }, [TEN, EIGHT, NINE], 0, [5, 8, 9], [10, 8, 9]],
    [
      'knockBonus and knockPenalty together',
      { knockBonus: true, knockPenalty: true },
      [TEN, EIGHT],
      0,
      [15, 8],
      [10, 8],
    ],
    [
      'underdogBonus: −3 to the lowest',
      { underdogBonus: true },
      [TEN, EIGHT, NINE],
      1,
      [10, 5, 9],
      [10, 8, 9],
    ],
    [
      'underdogBonus: −3 to each tied lowest',
      { underdogBonus: true },
      [FIVE, FIVE, NINE],
      2,
      [2, 2, 9],
      [5, 5, 9],
    ],
    [
      'tiedShame: +5 to each tied score',
      { tiedShame: true },
      [FIVE, FIVE, NINE, NINE, TEN],
      4,
      [10, 10, 14, 14, 10],
      [5, 5, 9, 9, 10],
    ],
    ['tiedShame: no tie, nothing', { tiedShame: true }, [FIVE, EIGHT, NINE], 0, [5, 8, 9], [5, 8, 9]],
    // blackjack (21→0), then the penalty (0 is the lowest: none) and bonus (−5), then underdog
    // (−3 to −5), then shame (the two eights tie).
    [
      'in order: blackjack, knock, underdog, shame',
      { blackjack: true, knockPenalty: true, knockBonus: true, underdogBonus: true, tiedShame: true },
      [TWENTY_ONE, EIGHT, EIGHT],
      0,
      [-8, 13, 13],
      [21, 8, 8],
    ],
  ];
  for (const [why, on, grids, finisher, withRule, without] of table)
    it(`${why}: ${withRule.join(', ')} (plain ${without.join(', ')})`, () => {
      assert.deepEqual(scoreHole(grids, finisher, rules(on)), withRule);
      assert.deepEqual(scoreHole(grids, finisher, PLAIN), without);
    });
});

describe('golf house rules: options and decks', () => {
  it('accepts each house rule by name, off unless asked', () => {
    for (const rule of GOLF_HOUSE_RULES) {
      assert.equal(DEFAULTS[rule], false, rule);
      const needs = rule === 'luckySwing' || rule === 'eagleEye' ? { jokers: true } : {};
      const parsed = parseOptions({ [rule]: true, ...needs });
      assert.ok(parsed.ok, rule);
      assert.equal(parsed.value[rule], true, rule);
      assert.equal(parseOptions({ [rule]: 'yes' }).ok, false, `${rule} must be a boolean`);
    }
    for (const flipMode of ['never', 'always', 'endgame'] as const) {
      const parsed = parseOptions({ flipMode });
      assert.ok(parsed.ok);
      assert.equal(parsed.value.flipMode, flipMode);
    }
    for (const initialFlips of [0, 1, 2]) assert.ok(parseOptions({ initialFlips }).ok);
  });

  it('refuses bad options and rules that contradict, saying why', () => {
    const table: Array<[Record<string, unknown>, RegExp]> = [
      [{ flipMode: 'sometimes' }, /flipMode/],
      [{ initialFlips: 3 }, /initialFlips/],
      [{ luckySwing: true }, /luckySwing .*needs jokers/],
      [{ eagleEye: true }, /eagleEye .*needs jokers/],
      [{ jokers: true, luckySwing: true, eagleEye: true }, /choose one/],
    ];
    for (const [given, message] of table) {
      const parsed = parseOptions(given);
      assert.equal(parsed.ok, false, JSON.stringify(given));
      if (!parsed.ok) {
        assert.equal(parsed.refusal.code, 'VALIDATION_FAILED');
        assert.match(parsed.refusal.message, message);
      }
    }
  });

  it('puts two jokers in a deck, one with lucky swing, none without jokers; two decks from five players', () => {
    const jokers = (o: Partial<typeof DEFAULTS>) =>
      fullDeck({ ...DEFAULTS, ...o }).filter((c) => c === '★X').length;
    assert.equal(jokers({}), 0);
    assert.equal(jokers({ jokers: true }), 2);
    assert.equal(jokers({ jokers: true, luckySwing: true }), 1);
    assert.equal(jokers({ jokers: true, players: 5 }), 4);
    assert.equal(jokers({ jokers: true, luckySwing: true, players: 6 }), 2);
    assert.equal(fullDeck({ ...DEFAULTS, jokers: true, luckySwing: true }).length, 53);
  });
});
