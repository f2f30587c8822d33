/**
 * One knockout match played over several games: a fixed number of regular games, then, while the
 * score is level, sets of tie-break games, and finally sudden-death games (the first decisive game
 * wins) or one armageddon game (a draw goes to the player with black). Colours alternate, side `a`
 * has white in the first game of the match.
 */

export interface KnockoutMatchFormat {
  /** Regular games (≥ 1). The match ends as soon as one side cannot be caught. */
  readonly games: number;
  /** Games in each tie-break set (0 for none). */
  readonly tieBreakGames?: number;
  /** How many tie-break sets at most before the decider. */
  readonly tieBreakSets?: number;
  /** The last resort while still level: 'sudden-death' games, or one 'armageddon' game. */
  readonly decider?: 'sudden-death' | 'armageddon';
}

/** A game's result from side `a`'s point of view: 1 a win, 0.5 a draw, 0 a loss. */
export type GameScore = 0 | 0.5 | 1;

export type GameKind = 'regular' | 'tie-break' | 'sudden-death' | 'armageddon';

export type KnockoutMatchStatus =
  | {
      readonly status: 'playing';
      readonly game: number;
      readonly kind: GameKind;
      readonly aHasWhite: boolean;
    }
  | { readonly status: 'decided'; readonly winner: 'a' | 'b'; readonly score: readonly [number, number] };

/**
 * Where a match stands after the given games (side a's scores, in order): the next game to play
 * (its number from 1, its kind, who has white) or the winner. Games given after the match was
 * decided are a bug and throw.
 */
export function knockoutMatchStatus(
  format: KnockoutMatchFormat,
  scores: readonly GameScore[],
): KnockoutMatchStatus {
  if (!Number.isInteger(format.games) || format.games < 1)
    throw new RangeError('a match has at least one game');
  const setSize = format.tieBreakGames ?? 0;
  const sets = setSize > 0 ? (format.tieBreakSets ?? 1) : 0;
  const decider = format.decider ?? 'sudden-death';
  // Each phase is a block of games; the match ends when a block is over (or cannot change) with a leader.
  const blocks: { kind: GameKind; size: number }[] = [{ kind: 'regular', size: format.games }];
  for (let i = 0; i < sets; i++) blocks.push({ kind: 'tie-break', size: setSize });
  let a = 0;
  let b = 0;
  let index = 0;
  const decided = (winner: 'a' | 'b'): KnockoutMatchStatus => {
    if (index < scores.length) throw new Error(`game ${index + 1} was played after the match was decided`);
    return { status: 'decided', winner, score: [a, b] };
  };
  const next = (kind: GameKind): KnockoutMatchStatus => ({
    status: 'playing',
    game: index + 1,
    kind,
    aHasWhite: index % 2 === 0,
  });
  for (const block of blocks) {
    let blockA = 0;
    let blockB = 0;
    for (let g = 0; g < block.size; g++) {
      const left = block.size - g;
      if (blockA > blockB + left) return decided('a');
      if (blockB > blockA + left) return decided('b');
      const s = scores[index];
      if (s === undefined) return next(block.kind);
      blockA += s;
      blockB += 1 - s;
      a += s;
      b += 1 - s;
      index += 1;
    }
    if (blockA !== blockB) return decided(blockA > blockB ? 'a' : 'b');
  }
  for (;;) {
    const s = scores[index];
    if (s === undefined) return next(decider);
    a += s;
    b += 1 - s;
    index += 1;
    if (decider === 'armageddon') {
      // A draw in armageddon goes to black.
      const aWasWhite = (index - 1) % 2 === 0;
      return decided(s === 1 ? 'a' : s === 0 ? 'b' : aWasWhite ? 'b' : 'a');
    }
    if (s !== 0.5) return decided(s === 1 ? 'a' : 'b');
  }
}
