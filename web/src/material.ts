import type { Color } from '../../schema/chess.ts';

/** The pieces a side can capture, in the order they are shown, with their usual values. */
const ROLES = [
  { letter: 'q', value: 9, count: 1 },
  { letter: 'r', value: 5, count: 2 },
  { letter: 'b', value: 3, count: 2 },
  { letter: 'n', value: 3, count: 2 },
  { letter: 'p', value: 1, count: 8 },
] as const;

export type CapturedRole = (typeof ROLES)[number]['letter'];

export interface SideMaterial {
  /** The opponent's pieces this side has taken, most valuable first (`['q', 'p', 'p']`). */
  captured: CapturedRole[];
  /** Points ahead of the opponent on the board (0 when level or behind). */
  advantage: number;
}

/**
 * Captured pieces and the material difference, from the board part of a FEN: a side has taken
 * what the other side misses from its starting set (a promoted pawn counts as its new piece, so
 * a side may miss fewer than none of a role: that is not counted as a capture).
 */
export function materialOf(fen: string): Record<Color, SideMaterial> {
  const board = fen.split(' ')[0] ?? '';
  const on = (letter: string) => [...board].filter((c) => c === letter).length;
  const taken = (victim: Color): CapturedRole[] =>
    ROLES.flatMap((r) => {
      const letter = victim === 'white' ? r.letter.toUpperCase() : r.letter;
      return Array<CapturedRole>(Math.max(0, r.count - on(letter))).fill(r.letter);
    });
  const points = (side: Color) =>
    ROLES.reduce((sum, r) => sum + r.value * on(side === 'white' ? r.letter.toUpperCase() : r.letter), 0);
  const diff = points('white') - points('black');
  return {
    white: { captured: taken('black'), advantage: Math.max(0, diff) },
    black: { captured: taken('white'), advantage: Math.max(0, -diff) },
  };
}
