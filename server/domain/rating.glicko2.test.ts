import assert from 'node:assert/strict';
import { GLICKO2_DEFAULTS, type Glicko2Rating, isProvisional, rate } from './rating.glicko2.ts';

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
