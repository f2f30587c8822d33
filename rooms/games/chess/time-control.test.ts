import assert from 'node:assert/strict';
import { categoryOf, parseTimeControl, pgnTimeControl } from './time-control.ts';

describe('time controls', () => {
  const accepted: [string, number, number, string][] = [
    ['3+2', 180_000, 2_000, '3+2'],
    ['1+0', 60_000, 0, '1+0'],
    ['0.25+0', 15_000, 0, '0.25+0'],
    ['0.5+0', 30_000, 0, '0.5+0'],
    ['0.50+1', 30_000, 1_000, '0.5+1'],
    ['0.75+3', 45_000, 3_000, '0.75+3'],
    ['180+180', 10_800_000, 180_000, '180+180'],
    ['05+03', 300_000, 3_000, '5+3'],
    [' 10+5 ', 600_000, 5_000, '10+5'],
    ['1s+0', 1_000, 0, '1s+0'],
    ['20s+2', 20_000, 2_000, '20s+2'],
    ['10800s+0', 10_800_000, 0, '10800s+0'],
  ];
  for (const [text, initialMs, incrementMs, label] of accepted) {
    it(`"${text}" is ${label}`, () => {
      assert.deepEqual(parseTimeControl(text), { ok: true, value: { initialMs, incrementMs, label } });
    });
  }

  const refused = [
    '0+0',
    '0+5',
    '0.1+0',
    '1.5+0',
    '181+0',
    '3+181',
    '3+1.5',
    '3',
    '+2',
    '3+',
    '3-2',
    '3 + 2',
    '',
    'x+y',
    '-1+0',
    '0s+0',
    '10801s+0',
    '5s+181',
    '1.5s+0',
  ];
  for (const text of refused) {
    it(`"${text}" is refused with BAD_TIME_CONTROL`, () => {
      const result = parseTimeControl(text);
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.error, 'BAD_TIME_CONTROL');
    });
  }

  // Lichess: estimated seconds = initial + 40 × increment; < 180 bullet, < 480 blitz, < 1500 rapid
  const categories: [string, string][] = [
    ['0.25+0', 'bullet'],
    ['1+0', 'bullet'],
    ['2+1', 'bullet'],
    ['1+3', 'blitz'],
    ['3+0', 'blitz'],
    ['3+2', 'blitz'],
    ['5+3', 'blitz'],
    ['8+0', 'rapid'],
    ['7+2', 'rapid'],
    ['10+0', 'rapid'],
    ['15+10', 'rapid'],
    ['30+0', 'classical'],
    ['25+0', 'classical'],
    ['180+180', 'classical'],
  ];
  for (const [text, category] of categories) {
    it(`${text} is ${category}`, () => {
      const tc = parseTimeControl(text);
      assert.ok(tc.ok);
      assert.equal(categoryOf(tc.value), category);
    });
  }

  it('the PGN tag is in seconds', () => {
    const rows: [string, string][] = [
      ['3+2', '180+2'],
      ['0.5+0', '30+0'],
      ['0.25+1', '15+1'],
    ];
    for (const [text, tag] of rows) {
      const tc = parseTimeControl(text);
      assert.ok(tc.ok);
      assert.equal(pgnTimeControl(tc.value), tag);
    }
  });
});
