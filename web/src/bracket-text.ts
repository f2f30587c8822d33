import type { BracketDto, BracketPart, KnockoutGameKind } from '../../schema/tournaments.ts';

/** Human words for a knockout's bracket: its rounds, its games, and the stage a player reached. */

/**
 * A round's name: `"Final"`, `"Semi-finals"`, `"Quarter-finals"`, else `"Round 2"`; in double
 * elimination the winners' and losers' brackets say which (`"Winners' final"`, `"Losers' round 3"`),
 * then the `"Grand final"` and its `"Reset"`.
 */
export function roundName(
  part: BracketPart,
  round: number,
  roundsInPart: number,
  elimination: BracketDto['elimination'],
): string {
  if (part === 'third') return 'Third place';
  if (part === 'final') return 'Grand final';
  if (part === 'reset') return 'Grand final, reset';
  const fromEnd = roundsInPart - round;
  if (part === 'losers') return fromEnd === 0 ? 'Losers’ final' : `Losers’ round ${round}`;
  const named = ['Final', 'Semi-finals', 'Quarter-finals'][fromEnd];
  if (elimination === 'single') return named ?? `Round ${round}`;
  if (fromEnd === 0) return 'Winners’ final';
  return named ? `Winners’ ${named.toLowerCase()}` : `Winners’ round ${round}`;
}

/** How a game of a match is told apart from its regular games (`""` for a regular one). */
export function gameKindWord(kind: KnockoutGameKind): string {
  return { regular: '', 'tie-break': 'Tie-break', 'sudden-death': 'Sudden death', armageddon: 'Armageddon' }[
    kind
  ];
}

/** Where a player's knockout stands, from the last match they are in. */
export type Stage =
  | { kind: 'champion' }
  | { kind: 'in'; round: string }
  | { kind: 'out'; round: string; part: BracketPart; won: boolean; last: boolean; decided: boolean };

/**
 * `"Champion"`, `"Runner-up"`, `"Third"`, `"Fourth"`, `"Playing for third"`, `"Out in the semi-finals"`,
 * `"In the final"`;
 * `"—"` before the bracket. `last`: the match was the final (single) or a grand final.
 */
export function stageWords(stage: Stage | null): string {
  if (!stage) return '—';
  if (stage.kind === 'champion') return 'Champion';
  if (stage.kind === 'in') return `In ${the(stage.round)}`;
  if (stage.part === 'third') return stage.decided ? (stage.won ? 'Third' : 'Fourth') : 'Playing for third';
  if (stage.last) return 'Runner-up';
  return `Out in ${the(stage.round)}`;
}

/** `"the semi-finals"`, `"round 1"`, `"losers’ round 2"`, `"the losers’ final"`. */
function the(round: string): string {
  const lower = round.toLowerCase();
  return /round \d+$/.test(lower) ? lower : `the ${lower}`;
}
