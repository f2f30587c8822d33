/**
 * Glicko-2 ratings, as in Mark Glickman's "Example of the Glicko-2 system" (glicko.net/glicko/glicko2.pdf),
 * with Lichess's parameters as defaults. Pure: no I/O, no clock.
 *
 * Like Lichess, one rating period is one game: `rate` is called once per finished game with that
 * single result, and the rating deviation is kept between a floor and a cap. A match of more than
 * two players is one rating period too: `rateByPlacing` rates each player against every other as
 * a pairwise game decided by their placings.
 */

/** A player's rating on the Glicko scale (1500-centred), with its deviation and volatility. */
export interface Glicko2Rating {
  rating: number;
  rd: number;
  volatility: number;
}

/** 0 a loss, 0.5 a draw, 1 a win, from the point of view of the rated player. */
export type Score = 0 | 0.5 | 1;

export interface Glicko2Result {
  opponent: Glicko2Rating;
  score: Score;
}

export interface Glicko2Params {
  /** What a player without games starts from. */
  initial: Glicko2Rating;
  /** The system constant: how much the volatility may change in one period. */
  tau: number;
  /** The rating deviation never falls below this (so ratings keep moving) … */
  rdFloor: number;
  /** … and never rises above this. */
  rdCap: number;
  /** The volatility never rises above this. */
  volatilityCap: number;
  /** Convergence tolerance of the volatility iteration. */
  epsilon: number;
  /** A rating whose deviation is at least this is provisional (shown with a "?"). */
  provisionalRd: number;
}

/** Lichess's parameters (lila `modules/rating`: `Glicko.default`, `minDeviation`, `maxDeviation`, `maxVolatility`, `tau`). */
export const GLICKO2_DEFAULTS: Readonly<Glicko2Params> = Object.freeze({
  initial: Object.freeze({ rating: 1500, rd: 500, volatility: 0.09 }),
  tau: 0.75,
  rdFloor: 45,
  rdCap: 500,
  volatilityCap: 0.1,
  epsilon: 1e-6,
  provisionalRd: 110,
});

/** The factor between the Glicko scale and the Glicko-2 scale (400 / ln 10). */
const SCALE = 173.7178;
const CENTRE = 1500;
/** More iterations than the Illinois method ever needs on sane input: a safety net, not a limit. */
const MAX_ITERATIONS = 200;

/** Whether the rating is still too uncertain to be shown as established. */
export function isProvisional(
  r: Pick<Glicko2Rating, 'rd'>,
  params: Pick<Glicko2Params, 'provisionalRd'> = GLICKO2_DEFAULTS,
): boolean {
  return r.rd >= params.provisionalRd;
}

const g = (phi: number) => 1 / Math.sqrt(1 + (3 * phi * phi) / (Math.PI * Math.PI));
const expected = (mu: number, muJ: number, phiJ: number) => 1 / (1 + Math.exp(-g(phiJ) * (mu - muJ)));

/**
 * The player's rating after one rating period with these results (steps 2–8 of the paper).
 * With no results, only the deviation grows (by the volatility), as the paper prescribes.
 *
 * @example
 * rate({ rating: 1500, rd: 500, volatility: 0.09 }, [{ opponent: { rating: 1500, rd: 500, volatility: 0.09 }, score: 1 }])
 * // → about { rating: 1742, rd: 397, volatility: 0.09 }
 */
export function rate(
  player: Glicko2Rating,
  results: readonly Glicko2Result[],
  params: Partial<Glicko2Params> = {},
): Glicko2Rating {
  const p = { ...GLICKO2_DEFAULTS, ...params };
  // Step 2: to the Glicko-2 scale.
  const mu = (player.rating - CENTRE) / SCALE;
  const phi = player.rd / SCALE;
  const sigma = player.volatility;

  if (results.length === 0) {
    const phiStar = Math.sqrt(phi * phi + sigma * sigma);
    return clamp({ rating: player.rating, rd: phiStar * SCALE, volatility: sigma }, p);
  }

  // Steps 3 and 4: the estimated variance v and the estimated improvement Δ.
  let invV = 0;
  let sum = 0;
  for (const { opponent, score } of results) {
    const muJ = (opponent.rating - CENTRE) / SCALE;
    const phiJ = opponent.rd / SCALE;
    const gJ = g(phiJ);
    const e = expected(mu, muJ, phiJ);
    invV += gJ * gJ * e * (1 - e);
    sum += gJ * (score - e);
  }
  const v = 1 / invV;
  const delta = v * sum;

  // Step 5: the new volatility.
  const sigmaPrime = newVolatility(phi, sigma, v, delta, p.tau, p.epsilon);

  // Steps 6 and 7: the new deviation and rating.
  const phiStar = Math.sqrt(phi * phi + sigmaPrime * sigmaPrime);
  const phiPrime = 1 / Math.sqrt(1 / (phiStar * phiStar) + 1 / v);
  const muPrime = mu + phiPrime * phiPrime * sum;

  // Step 8: back to the Glicko scale.
  return clamp({ rating: SCALE * muPrime + CENTRE, rd: SCALE * phiPrime, volatility: sigmaPrime }, p);
}

/** One player of a match, for {@link rateByPlacing}. */
export interface PlacedPlayer {
  rating: Glicko2Rating;
  /** 1 is first; players who tie share a placing. */
  placing: number;
  /** Players of one team are not rated against each other. */
  team: number;
}

/** The pairwise score of a placing against another: a win, a tie or a loss. */
export function scoreByPlacing(placing: number, other: number): Score {
  if (placing === other) return 0.5;
  return placing < other ? 1 : 0;
}

/**
 * Every player's rating after one match of any number of players, in the order given: each is
 * rated, in one rating period, against every player of another team as if they had played a game
 * ending as their placings say (ahead 1, level ½, behind 0), all from the ratings before the match.
 * With two players this is exactly {@link rate} of each against the other.
 *
 * @example
 * // Three newcomers: the winner gains, the last loses, the middle one stays put.
 * const fresh = GLICKO2_DEFAULTS.initial;
 * rateByPlacing([1, 2, 3].map((placing, team) => ({ rating: fresh, placing, team })));
 */
export function rateByPlacing(
  players: readonly PlacedPlayer[],
  params: Partial<Glicko2Params> = {},
): Glicko2Rating[] {
  return players.map((me, i) =>
    rate(
      me.rating,
      players.flatMap((other, j) =>
        j === i || other.team === me.team
          ? []
          : [{ opponent: other.rating, score: scoreByPlacing(me.placing, other.placing) }],
      ),
      params,
    ),
  );
}

/** Step 5 of the paper: the root of f by the Illinois variant of regula falsi. */
function newVolatility(
  phi: number,
  sigma: number,
  v: number,
  delta: number,
  tau: number,
  epsilon: number,
): number {
  const a = Math.log(sigma * sigma);
  const phi2 = phi * phi;
  const delta2 = delta * delta;
  const f = (x: number) => {
    const ex = Math.exp(x);
    const d = phi2 + v + ex;
    return (ex * (delta2 - phi2 - v - ex)) / (2 * d * d) - (x - a) / (tau * tau);
  };

  let A = a;
  let B: number;
  if (delta2 > phi2 + v) {
    B = Math.log(delta2 - phi2 - v);
  } else {
    let k = 1;
    while (f(a - k * tau) < 0) k += 1;
    B = a - k * tau;
  }
  let fA = f(A);
  let fB = f(B);
  for (let i = 0; Math.abs(B - A) > epsilon; i++) {
    if (i === MAX_ITERATIONS) throw new Error('Glicko-2 volatility iteration did not converge');
    const C = A + ((A - B) * fA) / (fB - fA);
    const fC = f(C);
    if (fC * fB <= 0) {
      A = B;
      fA = fB;
    } else {
      fA /= 2;
    }
    B = C;
    fB = fC;
  }
  return Math.exp(A / 2);
}

function clamp(r: Glicko2Rating, p: Glicko2Params): Glicko2Rating {
  return {
    rating: r.rating,
    rd: Math.min(p.rdCap, Math.max(p.rdFloor, r.rd)),
    volatility: Math.min(p.volatilityCap, r.volatility),
  };
}
