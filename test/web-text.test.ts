import assert from 'node:assert/strict';
import { outcomeFor } from '../web/src/chess-text.ts';
import { rated, ratingDiffText, ratingText } from '../web/src/rating-text.ts';

describe('the web app’s words for results and ratings', () => {
  it('says how a game went for each side, and nothing for a game without a result', () => {
    const cases = [
      ['1-0', 'white', 'win'],
      ['1-0', 'black', 'loss'],
      ['0-1', 'white', 'loss'],
      ['0-1', 'black', 'win'],
      ['1/2-1/2', 'white', 'draw'],
      ['1/2-1/2', 'black', 'draw'],
      [null, 'white', undefined],
      ['', 'black', undefined],
    ] as const;
    for (const [result, color, outcome] of cases) assert.equal(outcomeFor(result, color), outcome);
  });

  it('writes a rating one way everywhere: whole points, "?" while provisional, none for guests and bots', () => {
    assert.equal(ratingText(1500.4, true), '1500?');
    assert.equal(ratingText(1623.6), '1624');
    assert.equal(rated('alice', 1500, true), 'alice (1500?)');
    assert.equal(rated('bob', 1712), 'bob (1712)');
    assert.equal(rated('Guest-abc', 0), 'Guest-abc');
    assert.equal(rated('Computer', null), 'Computer');
    assert.deepEqual(
      [ratingDiffText(12), ratingDiffText(-8), ratingDiffText(0), ratingDiffText(null)],
      [' +12', ' -8', '', ''],
    );
  });
});

describe('the computer’s levels in the web app', () => {
  it('labels the levels it knows, numbers the others, and picks a real engine first when there is one', async () => {
    const { botLevelChoices, botLevelLabel } = await import('../web/src/bot-levels.ts');
    assert.equal(botLevelLabel('greedy'), 'Greedy (takes what it can)');
    assert.equal(botLevelLabel('stockfish-3'), 'Level 3');
    assert.equal(botLevelLabel('strong_engine'), 'Strong engine');
    assert.deepEqual(botLevelChoices(['random', 'greedy']).chosen, 'greedy');
    const withEngine = botLevelChoices(['random', 'greedy', 'stockfish-1', 'stockfish-2']);
    assert.equal(withEngine.chosen, 'stockfish-1');
    assert.deepEqual(
      withEngine.options.map(([, label]) => label),
      ['Random mover (plays any legal move)', 'Greedy (takes what it can)', 'Level 1', 'Level 2'],
    );
  });
});
