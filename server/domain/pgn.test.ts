import assert from 'node:assert/strict';
import { withoutClockComments } from './pgn.ts';

const HEADERS = '[Event "Rated blitz game"]\n[Site "{room}"]\n[Result "0-1"]\n\n';

describe('PGN without clock comments', () => {
  const cases: Array<[string, string, string]> = [
    [
      'removes clock comments as chessops writes them (no resume numbers)',
      '1. f3 { [%clk 0:05:00] } e5 { [%clk 0:05:00] } 2. g4 { [%clk 0:04:58] } Qh4# { [%clk 0:04:59] } 0-1\n',
      '1. f3 e5 2. g4 Qh4# 0-1\n',
    ],
    [
      'removes clock comments and resume numbers as Lichess writes them',
      '1. f3 { [%clk 0:05:00] } 1... e5 { [%clk 0:05:00] } 2. g4 { [%clk 0:04:58] } 2... Qh4# { [%clk 0:04:59] } 0-1\n',
      '1. f3 e5 2. g4 Qh4# 0-1\n',
    ],
    [
      'removes clocks in tight braces and with tenths of seconds',
      '1. e4 {[%clk 0:00:59.9]} 1... e5 {[%clk 0:01:00]} 1/2-1/2',
      '1. e4 e5 1/2-1/2',
    ],
    [
      'keeps the rest of a comment that says more than the clock, and its resume number',
      '1. e4 { [%clk 0:03:00] best by test } 1... e5 { [%clk 0:03:00] } *',
      '1. e4 { best by test } 1... e5 *',
    ],
    [
      'leaves other comments and variations as they are',
      '1. e4 { opening } 1... c5 ( 1... e5 { [%clk 0:03:00] } 2. Nf3 ) 2. Nf3 *',
      '1. e4 { opening } 1... c5 ( 1... e5 2. Nf3 ) 2. Nf3 *',
    ],
    [
      'joins what only the clocks had pushed onto another line',
      '1. f3 { [%clk 0:03:00] } e5 { [%clk 0:03:00] } 2. g4 { [%clk 0:03:00] } Qh4# { [%clk 0:03:00] }\n0-1\n',
      '1. f3 e5 2. g4 Qh4# 0-1\n',
    ],
    [
      'keeps comments whole, even across lines',
      "1. d4 { a queen's\n  gambit } 1... d5 { [%clk\n0:10:00] } 2. c4 1-0",
      "1. d4 { a queen's gambit } 1... d5 2. c4 1-0",
    ],
    ['changes nothing without clocks', '1. e4 e5 2. Nf3 *\n', '1. e4 e5 2. Nf3 *\n'],
  ];
  for (const [what, movetext, expected] of cases) {
    it(what, () => {
      assert.equal(withoutClockComments(HEADERS + movetext), HEADERS + expected);
    });
  }

  it('wraps a long game again at 80 columns, as the writer does without clocks', () => {
    const sans = ['Nf3', 'Nf6', 'Ng1', 'Ng8'];
    const plies = Array.from({ length: 60 }, (_, i) => sans[i % 4]!);
    const numbered = (clock: boolean) =>
      plies.flatMap((san, i) => [
        ...(i % 2 === 0 ? [`${i / 2 + 1}.`] : []),
        san,
        ...(clock ? ['{ [%clk 0:03:00] }'] : []),
      ]);
    const wrap = (tokens: string[]) => {
      const lines = [''];
      for (const t of tokens) {
        const last = lines.at(-1)!;
        if (last === '') lines[lines.length - 1] = t;
        else if (last.length + 1 + t.length <= 80) lines[lines.length - 1] = `${last} ${t}`;
        else lines.push(t);
      }
      return lines.join('\n');
    };
    const stored = `${HEADERS}${wrap([...numbered(true), '*'])}\n`;
    const bare = withoutClockComments(stored);
    assert.equal(bare, `${HEADERS}${wrap([...numbered(false), '*'])}\n`);
    assert.ok(bare.split('\n').every((line) => line.length <= 80));
  });

  it('leaves the headers alone, even with braces in a value', () => {
    const pgn = `${HEADERS}1. e4 { [%clk 0:01:00] } *`;
    assert.ok(withoutClockComments(pgn).startsWith('[Event "Rated blitz game"]\n[Site "{room}"]\n'));
  });

  it('gives the same text when applied twice', () => {
    const once = withoutClockComments(`${HEADERS}1. f3 { [%clk 0:05:00] } 1... e5 { [%clk 0:05:00] } 0-1`);
    assert.equal(withoutClockComments(once), once);
  });
});
