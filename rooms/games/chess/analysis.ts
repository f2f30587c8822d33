import type { Color } from '../../../schema/chess.ts';
import { MATE_CP, winChance } from './engine.ts';
import { playUci, startPosition } from './position.ts';

/** How bad a move was, by how much it lowered the mover's chances. */
export const MOVE_MARKS = ['inaccuracy', 'mistake', 'blunder'] as const;
export type MoveMark = (typeof MOVE_MARKS)[number];

/**
 * Lichess's thresholds: a move that lowers the mover's winning chances, on the scale −1 (lost) to
 * +1 (won), by at least 0.1 is an inaccuracy, 0.2 a mistake, 0.3 a blunder. Winning chances come
 * from the engine's centipawns by {@link winChance}, so a pawn lost in a level position counts
 * more than one lost when already far ahead or behind.
 */
export const MARK_THRESHOLDS: Readonly<Record<MoveMark, number>> = {
  inaccuracy: 0.1,
  mistake: 0.2,
  blunder: 0.3,
};

const WORST_FIRST: readonly MoveMark[] = [...MOVE_MARKS].reverse();

/** The positions of a game from the standard start, as FEN: one more than the moves. */
export function positionsOf(ucis: readonly string[], initialFen?: string): string[] {
  let position = startPosition(initialFen);
  const fens = [position.fen];
  for (const uci of ucis) {
    const ply = playUci(position, uci);
    if (!ply.ok) throw new Error(`positionsOf: ${uci} is not legal after ${position.fen}`);
    position = ply.value.after;
    fens.push(position.fen);
  }
  return fens;
}

/** Winning chances of white on the −1..+1 scale, from white's centipawns. */
function whiteChances(cp: number): number {
  return 2 * winChance(cp) - 1;
}

/**
 * Each move's mark (or null), from the evaluations of the positions before and after it: `evals`
 * holds white's centipawns for every position (`moves + 1` of them); the mover of ply `i` is white
 * for even `i` from the standard start (`firstMover` otherwise).
 */
export function markMoves(evals: readonly number[], firstMover: Color = 'white'): Array<MoveMark | null> {
  const marks: Array<MoveMark | null> = [];
  for (let i = 0; i + 1 < evals.length; i++) {
    const white = (i % 2 === 0) === (firstMover === 'white');
    const before = whiteChances(evals[i]!);
    const after = whiteChances(evals[i + 1]!);
    const loss = white ? before - after : after - before;
    marks.push(WORST_FIRST.find((mark) => loss >= MARK_THRESHOLDS[mark]) ?? null);
  }
  return marks;
}

/** White's centipawns, capped for a graph: mates at ±{@link MATE_CP}, other scores within ±1000. */
export function graphValue(cp: number): number {
  if (Math.abs(cp) >= MATE_CP - 1000) return Math.sign(cp) * 1000;
  return Math.max(-1000, Math.min(1000, cp));
}
