import assert from 'node:assert/strict';
import { pointsByPlacing, seatTables, tableStanding } from './tables.ts';

describe('Table format for games of several seats', () => {
  it('seats players by standing, leaders together, in tables as even as possible', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `p${i + 1}`);
    assert.deepEqual(seatTables(ids, { size: 4 }), {
      ok: true,
      tables: [
        ['p1', 'p2', 'p3', 'p4'],
        ['p5', 'p6', 'p7'],
        ['p8', 'p9', 'p10'],
      ],
    });
    assert.deepEqual(seatTables(ids.slice(0, 8), { size: 4 }), {
      ok: true,
      tables: [ids.slice(0, 4), ids.slice(4, 8)],
    });
    for (let n = 2; n <= 40; n++) {
      const seating = seatTables(
        ids
          .concat(
            ids.map((x) => `${x}b`),
            ids.map((x) => `${x}c`),
            ids.map((x) => `${x}d`),
          )
          .slice(0, n),
        { size: 4, minSize: 2 },
      );
      assert.ok(seating.ok);
      const sizes = seating.tables.map((t) => t.length);
      assert.equal(
        sizes.reduce((a, b) => a + b, 0),
        n,
        'everyone is seated once',
      );
      assert.ok(
        Math.max(...sizes) - Math.min(...sizes) <= 1 && Math.min(...sizes) >= 2 && Math.max(...sizes) <= 4,
      );
    }
  });

  it('refuses when a table would be below the game’s minimum', () => {
    assert.deepEqual(seatTables(['a'], { size: 4, minSize: 2 }), { ok: false, error: 'too-few-players' });
    assert.deepEqual(seatTables(['a', 'b', 'c', 'd', 'e'], { size: 4, minSize: 3 }), {
      ok: false,
      error: 'too-few-players',
    });
  });

  it('gives points by placing, k − 1 down to 0, shared on equal places', () => {
    assert.deepEqual(
      Object.fromEntries(
        pointsByPlacing([
          { id: 'a', place: 2 },
          { id: 'b', place: 1 },
          { id: 'c', place: 3 },
          { id: 'd', place: 4 },
        ]),
      ),
      { b: 3, a: 2, c: 1, d: 0 },
    );
    // Two share second place: they split the points of second and third (2 and 1).
    assert.deepEqual(
      Object.fromEntries(
        pointsByPlacing([
          { id: 'a', place: 1 },
          { id: 'b', place: 2 },
          { id: 'c', place: 2 },
          { id: 'd', place: 4 },
        ]),
      ),
      { a: 3, b: 1.5, c: 1.5, d: 0 },
    );
  });

  it('reseats by the points of the rounds so far', () => {
    const points = new Map([
      ['p1', 1],
      ['p2', 5],
      ['p3', 5],
      ['p4', 0],
    ]);
    assert.deepEqual(tableStanding(['p1', 'p2', 'p3', 'p4'], points), ['p2', 'p3', 'p1', 'p4']);
  });
});
