import assert from 'node:assert/strict';
import {
  GLICKO2_DEFAULTS,
  type Glicko2Rating,
  isProvisional,
  type PlacedPlayer,
  rate,
  rateByPlacing,
  scoreByPlacing,
} from './rating.glicko2.ts';

const round = (x: number, digits: number) => Number(x.toFixed(digits));

describe('Glicko-2 ratings', () => {
  it("reproduces the worked example of Glickman's paper to the printed precision", () => {
    // "Example of the Glicko-2 system", section "Example calculation": τ = 0.5, three games.
    const player: Glicko2Rating = { rating: 1500, rd: 200, volatility: 0.06 };
    const after = rate(
      player,
      [
        { opponent: { rating: 1400, rd: 30, volatility: 0.06 }, score: 1 },
        { opponent: { rating: 1550, rd: 100, volatility: 0.06 }, score: 0 },
        { opponent: { rating: 1700, rd: 300, volatility: 0.06 }, score: 0 },
      ],
      { tau: 0.5, rdFloor: 0 },
    );
    // The paper rounds its intermediate values to four decimals: on its own (Glicko-2) scale the
    // results match those digits exactly, and on the Glicko scale they are within its last digit.
    assert.equal(round((after.rating - 1500) / 173.7178, 4), -0.2069);
    assert.equal(round(after.rd / 173.7178, 4), 0.8722);
    assert.ok(Math.abs(after.rating - 1464.06) < 0.01, String(after.rating));
    assert.equal(round(after.rd, 2), 151.52);
    assert.ok(Math.abs(after.volatility - 0.05999) < 1e-5, String(after.volatility));
  });

  it('starts from 1500 ± 500 with volatility 0.09, provisional, as Lichess does', () => {
    assert.deepEqual({ ...GLICKO2_DEFAULTS.initial }, { rating: 1500, rd: 500, volatility: 0.09 });
    assert.equal(isProvisional(GLICKO2_DEFAULTS.initial), true);
    assert.equal(isProvisional({ rd: 110 }), true);
    assert.equal(isProvisional({ rd: 109.9 }), false);
  });

  it('moves the winner up and the loser down by the same amount when both are alike', () => {
    const a: Glicko2Rating = { rating: 1620, rd: 80, volatility: 0.06 };
    const b: Glicko2Rating = { rating: 1620, rd: 80, volatility: 0.06 };
    const winner = rate(a, [{ opponent: b, score: 1 }]);
    const loser = rate(b, [{ opponent: a, score: 0 }]);
    assert.ok(winner.rating > a.rating);
    assert.ok(loser.rating < b.rating);
    assert.equal(round(winner.rating - a.rating, 9), round(b.rating - loser.rating, 9));
    assert.equal(round(winner.rd, 9), round(loser.rd, 9));
  });

  it('gains less for beating a weaker player than for beating a stronger one', () => {
    const me: Glicko2Rating = { rating: 1500, rd: 60, volatility: 0.06 };
    const weak = rate(me, [{ opponent: { rating: 1300, rd: 60, volatility: 0.06 }, score: 1 }]);
    const strong = rate(me, [{ opponent: { rating: 1700, rd: 60, volatility: 0.06 }, score: 1 }]);
    assert.ok(weak.rating - me.rating < strong.rating - me.rating);
  });

  it('leaves the rating alone after a draw between equals, and only narrows the deviation', () => {
    const r: Glicko2Rating = { rating: 1834, rd: 150, volatility: 0.07 };
    const after = rate(r, [{ opponent: { ...r }, score: 0.5 }]);
    assert.equal(after.rating, r.rating);
    assert.ok(after.rd < r.rd, 'a game played makes the rating more certain');
    // A result exactly as expected lowers the volatility a hair, and nothing more.
    assert.ok(after.volatility <= r.volatility && r.volatility - after.volatility < 1e-4);
  });

  it('keeps the deviation between the floor and the cap, and the volatility under its cap', () => {
    const settled: Glicko2Rating = { rating: 2000, rd: 45, volatility: 0.001 };
    const opponent: Glicko2Rating = { rating: 2000, rd: 45, volatility: 0.06 };
    assert.ok(rate(settled, [{ opponent, score: 0.5 }], { rdFloor: 0 }).rd < 45);
    assert.equal(rate(settled, [{ opponent, score: 0.5 }]).rd, 45, 'the floor keeps a rating able to move');
    const afterRest = rate({ rating: 1500, rd: 499.9, volatility: 0.09 }, []);
    assert.equal(afterRest.rd, 500);
    assert.equal(afterRest.rating, 1500);
    const wild = rate({ rating: 1500, rd: 50, volatility: 0.099 }, [
      { opponent: { rating: 2600, rd: 45, volatility: 0.06 }, score: 1 },
    ]);
    assert.ok(wild.volatility <= 0.1);
  });

  it('moves a new player a long way after a first game', () => {
    const fresh = GLICKO2_DEFAULTS.initial;
    const won = rate(fresh, [{ opponent: fresh, score: 1 }]);
    const lost = rate(fresh, [{ opponent: fresh, score: 0 }]);
    assert.equal(Math.round(won.rating), 1742);
    assert.equal(Math.round(lost.rating), 1258);
    assert.equal(Math.round(won.rd), 397);
    assert.equal(isProvisional(won), true);
  });
});

describe('Glicko-2 ratings of a match of several players, pairwise by placing', () => {
  const r = (rating: number, rd: number, volatility = 0.06): Glicko2Rating => ({ rating, rd, volatility });
  // The paper's τ, no floor: the figures below are those of the paper's own steps.
  const paper = { tau: 0.5, rdFloor: 0 };

  it('scores a placing against another as a win, a tie or a loss', () => {
    assert.equal(scoreByPlacing(1, 2), 1);
    assert.equal(scoreByPlacing(3, 2), 0);
    assert.equal(scoreByPlacing(2, 2), 0.5);
  });

  it('gives exactly the two-player ratings for a game of two', () => {
    const white = r(1620, 80);
    const black = r(1540, 150, 0.07);
    for (const [wp, bp, score] of [
      [1, 2, 1],
      [2, 1, 0],
      [1, 1, 0.5],
    ] as const) {
      const [w, b] = rateByPlacing([
        { rating: white, placing: wp, team: 0 },
        { rating: black, placing: bp, team: 1 },
      ]);
      assert.deepEqual(w, rate(white, [{ opponent: black, score }]));
      assert.deepEqual(b, rate(black, [{ opponent: white, score: (1 - score) as 0 | 0.5 | 1 }]));
    }
  });

  it("rates the winner of three as if it had beaten both others in one period, as the paper's example rates three games", () => {
    const [first] = rateByPlacing(
      [
        { rating: r(1500, 200), placing: 1, team: 0 },
        { rating: r(1400, 30), placing: 2, team: 1 },
        { rating: r(1550, 100), placing: 3, team: 2 },
      ],
      paper,
    );
    const both = rate(
      r(1500, 200),
      [
        { opponent: r(1400, 30), score: 1 },
        { opponent: r(1550, 100), score: 1 },
      ],
      paper,
    );
    assert.deepEqual(first, both);
  });

  // Each row worked through steps 1–8 of Glickman's "Example of the Glicko-2 system" apart from
  // this code (by the paper's formulas, step by step, with the Illinois iteration of step 5 to
  // ε = 10⁻⁶; the same working reproduces the paper's example: 1464.05, 151.52, 0.05999), with
  // τ = 0.5 and no floor on the deviation. Figures to two decimals, the volatility to five.
  const TABLE: Array<{ name: string; players: PlacedPlayer[]; after: Array<[number, number, number]> }> = [
    {
      name: 'three players, one each place',
      players: [
        { rating: r(1500, 200), placing: 1, team: 0 },
        { rating: r(1400, 30), placing: 2, team: 1 },
        { rating: r(1550, 100), placing: 3, team: 2 },
      ],
      after: [
        [1629.94, 158.33, 0.06],
        [1401.96, 31.57, 0.06],
        [1489.52, 94.66, 0.06001],
      ],
    },
    {
      name: 'four players, two tied for second',
      players: [
        { rating: r(1600, 80), placing: 2, team: 0 },
        { rating: r(1500, 150), placing: 1, team: 1 },
        { rating: r(1450, 60), placing: 2, team: 2 },
        { rating: r(1700, 300), placing: 4, team: 3 },
      ],
      after: [
        [1589.0, 76.51, 0.05999],
        [1641.16, 126.04, 0.06001],
        [1456.72, 59.11, 0.05999],
        [1281.91, 187.15, 0.06001],
      ],
    },
    {
      name: 'two teams of two: teammates are not rated against each other',
      players: [
        { rating: r(1500, 100), placing: 1, team: 0 },
        { rating: r(1600, 100), placing: 1, team: 0 },
        { rating: r(1550, 100), placing: 2, team: 1 },
        { rating: r(1450, 100), placing: 2, team: 1 },
      ],
      after: [
        [1548.26, 93.78, 0.06],
        [1635.88, 94.2, 0.06],
        [1501.74, 93.78, 0.06],
        [1414.12, 94.2, 0.06],
      ],
    },
  ];
  for (const row of TABLE) {
    it(`matches the worked figures: ${row.name}`, () => {
      const after = rateByPlacing(row.players, paper);
      assert.deepEqual(
        after.map((a) => [round(a.rating, 2), round(a.rd, 2), round(a.volatility, 5)]),
        row.after,
      );
    });
  }

  it('moves tied players by the same amount when they were alike, and leaves the order of seats alone', () => {
    const fresh = GLICKO2_DEFAULTS.initial;
    const after = rateByPlacing([
      { rating: fresh, placing: 3, team: 0 },
      { rating: fresh, placing: 1, team: 1 },
      { rating: fresh, placing: 1, team: 2 },
    ]);
    assert.equal(after[1]!.rating, after[2]!.rating);
    assert.ok(after[1]!.rating > fresh.rating && after[0]!.rating < fresh.rating);
    const everyoneTied = rateByPlacing([0, 1, 2].map((team) => ({ rating: fresh, placing: 1, team })));
    for (const a of everyoneTied) assert.equal(a.rating, fresh.rating);
  });
});
