import assert from 'node:assert/strict';
import { formatClock, outcomeFor, untilClockTextChanges } from '../web/src/chess-text.ts';
import { turnTimerText } from '../web/src/golf/text.ts';
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

describe('the game page’s clocks', () => {
  it('are read again exactly when their text changes, and not before', () => {
    // Every reading from two hours down to a hundredth of a second: the text is the same until
    // the wait has passed, and changes then.
    for (let ms = 1; ms <= 7_200_000; ms += ms < 20_000 ? 7 : 997) {
      const wait = untilClockTextChanges(ms);
      assert.ok(wait >= 1 && wait <= 1000, `${ms}: ${wait}`);
      if (ms - wait < 0) continue;
      assert.equal(
        formatClock(ms - wait + 1),
        formatClock(ms),
        `${ms} ms still shows the same at ${ms - wait + 1}`,
      );
      assert.notEqual(formatClock(ms - wait), formatClock(ms), `${ms} ms shows another text at ${ms - wait}`);
    }
    assert.equal(untilClockTextChanges(0), Number.POSITIVE_INFINITY);
  });
});

describe('the computer’s levels in the web app', () => {
  it('labels the levels it knows, numbers the others, and picks a real engine first when there is one', async () => {
    const { botLevelChoices, botLevelLabel } = await import('../web/src/bot-levels.ts');
    assert.equal(botLevelLabel('greedy'), 'Greedy (takes what it can)');
    assert.equal(botLevelLabel('stockfish-3'), 'Stockfish level 3');
    assert.equal(botLevelLabel('engine-9'), 'Level 9');
    assert.equal(botLevelLabel('strong_engine'), 'Strong engine');
    assert.deepEqual(botLevelChoices(['random', 'greedy']).chosen, 'greedy');
    const withEngine = botLevelChoices(['random', 'greedy', 'stockfish-1', 'stockfish-2']);
    assert.equal(withEngine.chosen, 'stockfish-1');
    assert.deepEqual(
      withEngine.options.map(([, label]) => label),
      ['Random mover', 'Greedy (takes what it can)', 'Stockfish level 1 (beginner)', 'Stockfish level 2'],
    );
  });
});

describe('the web app’s board figures and choices', () => {
  it('counts captured pieces and the material difference from a FEN', async () => {
    const { materialOf } = await import('../web/src/material.ts');
    const start = materialOf('rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1');
    assert.deepEqual(start, { white: { captured: [], advantage: 0 }, black: { captured: [], advantage: 0 } });
    // After 1.e4 d5 2.exd5 Qxd5 3.Nc3 Qxg2: white took a pawn, black two pawns.
    const later = materialOf('rnb1kbnr/ppp1pppp/8/8/8/2N5/PPPP1PqP/R1BQKBNR w KQkq - 0 4');
    assert.deepEqual(later, {
      white: { captured: ['p'], advantage: 0 },
      black: { captured: ['p', 'p'], advantage: 1 },
    });
    // A promoted pawn counts as its new piece: white, left with a queen made from a pawn, misses
    // its rooks, bishops, knights and all eight pawns, and not a queen.
    const promoted = materialOf('Q3k3/8/8/8/8/8/8/4K3 b - - 0 1');
    assert.deepEqual(promoted.white.captured, [
      'q',
      'r',
      'r',
      'b',
      'b',
      'n',
      'n',
      'p',
      'p',
      'p',
      'p',
      'p',
      'p',
      'p',
      'p',
    ]);
    assert.equal(promoted.white.advantage, 9);
    assert.deepEqual(promoted.black.captured, [
      'r',
      'r',
      'b',
      'b',
      'n',
      'n',
      'p',
      'p',
      'p',
      'p',
      'p',
      'p',
      'p',
      'p',
    ]);
  });

  it('titles the tab by whose move it is', async () => {
    const { turnTitle } = await import('../web/src/turn-signal.ts');
    assert.equal(turnTitle({ status: 'playing', turn: 'white', me: 'white' }), 'Your move · Rookery');
    assert.equal(
      turnTitle({ status: 'playing', turn: 'black', me: 'white' }),
      'Waiting for the opponent · Rookery',
    );
    assert.equal(turnTitle({ status: 'playing', turn: 'black', me: undefined }), 'Black to move · Rookery');
    assert.equal(turnTitle({ status: 'ended', turn: 'black', me: 'white' }), 'Game over · Rookery');
  });

  it('reads stored choices, ignoring values outside each vocabulary, and follows the system until chosen', async () => {
    const { readPrefs, writePrefs } = await import('../web/src/prefs.ts');
    const kept = new Map<string, string>();
    const storage = {
      getItem: (k: string) => kept.get(k) ?? null,
      setItem: (k: string, v: string) => void kept.set(k, v),
    };
    assert.deepEqual(readPrefs(storage, true), {
      theme: 'dark',
      board: 'brown',
      pieces: 'cburnett',
      sound: true,
    });
    writePrefs(storage, readPrefs(storage, false), { board: 'blue', sound: false, theme: 'light' });
    assert.deepEqual(readPrefs(storage, true), {
      theme: 'light',
      board: 'blue',
      pieces: 'cburnett',
      sound: false,
    });
    kept.set('rookery.prefs', JSON.stringify({ theme: 'purple', board: 42, pieces: 'glyphs' }));
    assert.deepEqual(readPrefs(storage, false), {
      theme: 'light',
      board: 'brown',
      pieces: 'glyphs',
      sound: true,
    });
    kept.set('rookery.prefs', '{not json');
    assert.equal(readPrefs(storage, false).board, 'brown');
  });
});

describe('the golf table’s turn countdown', () => {
  it('names whose turn it is and the whole seconds left, in minutes past a minute', () => {
    const seats = [{ name: 'Ana', bot: false, connected: true }, undefined];
    assert.equal(turnTimerText(seats, 0, 27_400, 1), "Ana's turn · 28 s left");
    assert.equal(turnTimerText(seats, 1, 65_000, 1), 'Your turn · 1:05 left');
    assert.equal(turnTimerText(seats, 1, 0, 0), "Seat 2's turn · 0 s left");
  });
});
