/**
 * What the Dutch system needs to know about a player before a round: score, colour history and
 * preference, floats, opponents met, whether a pairing-allocated bye is still allowed. Derived
 * from the rounds so far, never stored.
 */

export type SwissColour = 'white' | 'black';

export type SwissRoundKind =
  | 'game' // played over the board (or lasted less than a move: still a meeting)
  | 'forfeit-win'
  | 'forfeit-loss'
  | 'pairing-bye'
  | 'full-bye'
  | 'half-bye'
  | 'zero-bye';

export interface SwissRound {
  readonly kind: SwissRoundKind;
  /** The opponent of a game or of a forfeit. */
  readonly opponent: number | null;
  /** The colour of a game or of a forfeit (a forfeit's colour does not count). */
  readonly colour: SwissColour | null;
  readonly points: number;
}

export interface SwissEntrant {
  /** Pairing number: the order of the initial ranking list, from 1. */
  readonly id: number;
  readonly rating: number;
  /** Rounds before the one to pair, round 1 first; a late entry has zero-byes for rounds missed. */
  readonly rounds: readonly SwissRound[];
  /** Not to be paired this round: a requested bye or a withdrawal. */
  readonly absent?: boolean;
}

export type PreferenceStrength = 0 | 1 | 2 | 3; // none, mild, strong, absolute

export interface SwissPlayerState {
  readonly id: number;
  readonly score: number;
  readonly colours: readonly SwissColour[]; // played games only, in order
  readonly colourDifference: number;
  readonly preference: SwissColour | null;
  readonly strength: PreferenceStrength;
  readonly opponents: ReadonlySet<number>;
  readonly byeAllowed: boolean;
  readonly unplayed: number;
  /** Float received in the last round and in the round before it. */
  readonly floats: readonly [Float, Float];
}

export type Float = 'down' | 'up' | null;

const isPlayed = (r: SwissRound) => r.kind === 'game';

/** Derives each entrant's state; `lossPoints` is what a loss is worth (0 in chess). */
export function swissStates(entrants: readonly SwissEntrant[]): Map<number, SwissPlayerState> {
  // Scores before each round, to tell floats: a game between different scores floats both.
  const rounds = Math.max(0, ...entrants.map((e) => e.rounds.length));
  const before = new Map<number, number[]>();
  for (const e of entrants) {
    const acc: number[] = [];
    let s = 0;
    for (let r = 0; r < rounds; r++) {
      acc.push(s);
      s += e.rounds[r]?.points ?? 0;
    }
    before.set(e.id, acc);
  }
  const out = new Map<number, SwissPlayerState>();
  for (const e of entrants) {
    const played = e.rounds.filter(isPlayed);
    const colours = played.map((r) => r.colour!).filter(Boolean);
    const cd = colours.filter((c) => c === 'white').length - colours.filter((c) => c === 'black').length;
    const floatIn = (r: number): Float => {
      const round = e.rounds[r];
      if (!round) return null;
      if (round.kind === 'game' && round.opponent !== null) {
        const mine = before.get(e.id)![r]!;
        const theirs = before.get(round.opponent)?.[r] ?? mine;
        return mine > theirs ? 'down' : mine < theirs ? 'up' : null;
      }
      return round.points > 0 ? 'down' : null;
    };
    const n = e.rounds.length;
    out.set(e.id, {
      id: e.id,
      score: e.rounds.reduce((s, r) => s + r.points, 0),
      colours,
      colourDifference: cd,
      ...preferenceOf(colours, cd),
      opponents: new Set(played.map((r) => r.opponent!).filter((x) => x !== null)),
      byeAllowed: !e.rounds.some(
        (r) => r.kind === 'pairing-bye' || r.kind === 'full-bye' || r.kind === 'forfeit-win',
      ),
      unplayed: e.rounds.filter((r) => !isPlayed(r)).length,
      floats: [floatIn(n - 1), floatIn(n - 2)],
    });
  }
  return out;
}

function preferenceOf(
  colours: readonly SwissColour[],
  cd: number,
): { preference: SwissColour | null; strength: PreferenceStrength } {
  if (colours.length === 0) return { preference: null, strength: 0 };
  const last = colours.at(-1)!;
  const other: SwissColour = last === 'white' ? 'black' : 'white';
  const twoSame = colours.length >= 2 && colours.at(-2) === last;
  if (cd < -1 || cd > 1 || twoSame) {
    const preference: SwissColour = cd < -1 ? 'white' : cd > 1 ? 'black' : other;
    return { preference, strength: 3 };
  }
  if (cd === 1) return { preference: 'black', strength: 2 };
  if (cd === -1) return { preference: 'white', strength: 2 };
  return { preference: other, strength: 1 };
}
