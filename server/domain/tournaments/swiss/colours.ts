/**
 * Colour allocation for one pair (FIDE C.04.3, Article 5 of the 2025 rules, in our words):
 * 1. give both players their preference; 2. else the stronger preference wins (between two
 * absolute preferences, the wider colour difference); 3. else alternate from the most recent
 * round, counted back over games played, in which the two had different colours; 4. else the
 * higher-ranked player's preference; 5. else the higher-ranked player gets the initial colour when
 * their pairing number is odd, the other colour when it is even.
 */
import type { SwissColour, SwissPlayerState } from './swiss-player.ts';

const flip = (c: SwissColour): SwissColour => (c === 'white' ? 'black' : 'white');

/** The colour the higher-ranked player `h` gets against `l`. */
export function colourOfHigher(h: SwissPlayerState, l: SwissPlayerState, initial: SwissColour): SwissColour {
  const hp = h.preference;
  const lp = l.preference;
  if (hp && lp && hp !== lp) return hp;
  if (hp && !lp) return hp;
  if (lp && !hp) return flip(lp);
  if (hp && lp) {
    if (h.strength !== l.strength) return h.strength > l.strength ? hp : flip(lp);
    if (h.strength === 3) {
      const hw = Math.abs(h.colourDifference);
      const lw = Math.abs(l.colourDifference);
      if (hw !== lw) return hw > lw ? hp : flip(lp);
    }
    for (let i = 1; i <= Math.min(h.colours.length, l.colours.length); i++) {
      const hc = h.colours[h.colours.length - i]!;
      const lc = l.colours[l.colours.length - i]!;
      if (hc !== lc) return flip(hc);
    }
    return hp;
  }
  return h.id % 2 === 1 ? initial : flip(initial);
}

/** How a pair's colours go against each player's wishes, for the quality criteria. */
export interface ColourCosts {
  /** Topscorers (or their opponents) left with a colour difference beyond ±2. */
  readonly beyondTwo: number;
  /** Topscorers (or their opponents) with the same colour three games running. */
  readonly threeInARow: number;
  /** Players not given their preference. */
  readonly unmet: number;
  /** Players not given a strong (or absolute) preference. */
  readonly unmetStrong: number;
}

export function colourCosts(
  h: SwissPlayerState,
  l: SwissPlayerState,
  hColour: SwissColour,
  topscorerPair: boolean,
): ColourCosts {
  let beyondTwo = 0;
  let threeInARow = 0;
  let unmet = 0;
  let unmetStrong = 0;
  for (const [p, c] of [
    [h, hColour],
    [l, flip(hColour)],
  ] as const) {
    const cd = p.colourDifference + (c === 'white' ? 1 : -1);
    if (topscorerPair && Math.abs(cd) > 2) beyondTwo++;
    if (topscorerPair && p.colours.length >= 2 && p.colours.at(-1) === c && p.colours.at(-2) === c)
      threeInARow++;
    if (p.preference && p.preference !== c) {
      unmet++;
      if (p.strength >= 2) unmetStrong++;
    }
  }
  return { beyondTwo, threeInARow, unmet, unmetStrong };
}
