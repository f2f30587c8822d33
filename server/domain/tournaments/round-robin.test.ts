import assert from 'node:assert/strict';
import { bergerTable, type RoundRobinRound } from './round-robin.ts';

/** A table written as FIDE prints it: one string per round, boards "white-black". */
const printed = (rounds: RoundRobinRound[]) =>
  rounds.map((r) => r.boards.map((b) => `${b.white}-${b.black}`).join(' '));

describe('Round robin by Berger tables', () => {
  // FIDE Handbook C.05 Annex 1 ("Berger Tables for Round-Robin Tournaments"), copied by hand.
  it('gives the published table for 3 or 4 players', () => {
    assert.deepEqual(printed(bergerTable(4)), ['1-4 2-3', '4-3 1-2', '2-4 3-1']);
    const three = bergerTable(3);
    assert.deepEqual(printed(three), ['2-3', '1-2', '3-1']);
    assert.deepEqual(
      three.map((r) => r.bye),
      [1, 3, 2],
    );
  });

  it('gives the published table for 5 or 6 players', () => {
    assert.deepEqual(printed(bergerTable(6)), [
      '1-6 2-5 3-4',
      '6-4 5-3 1-2',
      '2-6 3-1 4-5',
      '6-5 1-4 2-3',
      '3-6 4-2 5-1',
    ]);
  });

  it('gives the published table for 7 or 8 players', () => {
    assert.deepEqual(printed(bergerTable(8)), [
      '1-8 2-7 3-6 4-5',
      '8-5 6-4 7-3 1-2',
      '2-8 3-1 4-7 5-6',
      '8-6 7-5 1-4 2-3',
      '3-8 4-2 5-1 6-7',
      '8-7 1-6 2-5 3-4',
      '4-8 5-3 6-2 7-1',
    ]);
  });

  it('gives the published table for 9 or 10 players', () => {
    assert.deepEqual(printed(bergerTable(10)), [
      '1-10 2-9 3-8 4-7 5-6',
      '10-6 7-5 8-4 9-3 1-2',
      '2-10 3-1 4-9 5-8 6-7',
      '10-7 8-6 9-5 1-4 2-3',
      '3-10 4-2 5-1 6-9 7-8',
      '10-8 9-7 1-6 2-5 3-4',
      '4-10 5-3 6-2 7-1 8-9',
      '10-9 1-8 2-7 3-6 4-5',
      '5-10 6-4 7-3 8-2 9-1',
    ]);
  });

  it('gives the published first and last rounds for 19 or 20 players', () => {
    const t = printed(bergerTable(20));
    assert.equal(t[0], '1-20 2-19 3-18 4-17 5-16 6-15 7-14 8-13 9-12 10-11');
    assert.equal(t[1], '20-11 12-10 13-9 14-8 15-7 16-6 17-5 18-4 19-3 1-2');
    assert.equal(t[18], '10-20 11-9 12-8 13-7 14-6 15-5 16-4 17-3 18-2 19-1');
  });

  for (let n = 3; n <= 20; n++) {
    it(`for ${n} players: every pair meets once, colours balanced, boards rotate by the Berger step`, () => {
      const table = bergerTable(n);
      const even = n % 2 === 0 ? n : n + 1;
      assert.equal(table.length, even - 1);
      const met = new Set<string>();
      const whites = new Map<number, number>();
      const games = new Map<number, number>();
      for (const round of table) {
        const seen = new Set<number>(round.bye === null ? [] : [round.bye]);
        for (const { white, black } of round.boards) {
          for (const p of [white, black]) {
            assert.ok(p >= 1 && p <= n && !seen.has(p), `player ${p} twice in round ${round.round}`);
            seen.add(p);
            games.set(p, (games.get(p) ?? 0) + 1);
          }
          whites.set(white, (whites.get(white) ?? 0) + 1);
          const key = `${Math.min(white, black)}-${Math.max(white, black)}`;
          assert.ok(!met.has(key), `${key} meet twice`);
          met.add(key);
        }
        assert.equal(seen.size, n, `everyone has a game or the bye in round ${round.round}`);
        assert.equal(round.bye === null, n % 2 === 0);
      }
      assert.equal(met.size, (n * (n - 1)) / 2);
      for (let p = 1; p <= n; p++) {
        const g = games.get(p) ?? 0;
        const w = whites.get(p) ?? 0;
        assert.ok(Math.abs(w - (g - w)) <= 1, `player ${p}: ${w} whites in ${g} games`);
      }
      // The rotation: the board-1 partner of the highest number advances by n/2 (mod n - 1).
      const boardOne = bergerTable(even).map((r) => r.boards[0]!);
      boardOne.forEach((b, i) => {
        const p = b.white === even ? b.black : b.white;
        assert.equal(p, ((i * (even / 2)) % (even - 1)) + 1);
        assert.equal(b.white === even, i % 2 === 1, 'the highest number alternates, black first');
      });
    });
  }

  it('plays a double round robin as two cycles, the second with colours reversed', () => {
    for (let n = 3; n <= 20; n++) {
      const table = bergerTable(n, { double: true });
      const half = table.length / 2;
      const meetings = new Map<string, number>();
      for (const r of table)
        for (const b of r.boards)
          meetings.set(`${b.white}-${b.black}`, (meetings.get(`${b.white}-${b.black}`) ?? 0) + 1);
      for (let a = 1; a <= n; a++)
        for (let b = 1; b <= n; b++)
          if (a !== b) assert.equal(meetings.get(`${a}-${b}`), 1, `${a} has white against ${b} once`);
      // Second cycle: round half + k is round k of the plain table with colours reversed.
      const plain = bergerTable(n);
      for (let k = 0; k < half; k++)
        assert.deepEqual(
          table[half + k]!.boards,
          plain[k]!.boards.map((b) => ({ white: b.black, black: b.white })),
        );
    }
  });

  it('swaps the last two rounds of the first cycle of a double round robin, as FIDE recommends', () => {
    const plain = printed(bergerTable(6));
    const double = printed(bergerTable(6, { double: true }));
    assert.deepEqual(double.slice(0, 5), [plain[0], plain[1], plain[2], plain[4], plain[3]]);
    const unswapped = printed(bergerTable(6, { double: true, swapLastTwoOfFirstCycle: false }));
    assert.deepEqual(unswapped.slice(0, 5), plain);
  });

  it('with the swap, nobody in a double round robin has one colour three games running', () => {
    const streaks = (swap: boolean) =>
      Array.from({ length: 18 }, (_, i) => i + 3).filter((n) => {
        const table = bergerTable(n, { double: true, swapLastTwoOfFirstCycle: swap });
        return Array.from({ length: n }, (_, p) => p + 1).some((p) => {
          const colours = table.flatMap((r) =>
            r.boards.flatMap((b) => (b.white === p ? ['w'] : b.black === p ? ['b'] : [])),
          );
          return /www|bbb/.test(colours.join(''));
        });
      });
    assert.deepEqual(streaks(true), []);
    assert.deepEqual(streaks(false), [4, 6, 8, 10, 12, 14, 16, 18, 20], 'which is why FIDE recommends it');
  });

  it('refuses fewer than two players', () => {
    assert.throws(() => bergerTable(1), RangeError);
    assert.throws(() => bergerTable(2.5), RangeError);
  });
});
