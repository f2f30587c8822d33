import { pawnAttacks } from 'chessops/attacks';
import type { Chess, Context } from 'chessops/chess';
import type { Square } from 'chessops/types';
import { opposite } from 'chessops/util';

/**
 * The en-passant square, only when a pawn of the side to move may legally take there (as chessops
 * writes it in a FEN, so that a double step nobody can take does not make a position differ from
 * the same one reached otherwise). `ctx`, the position's context, if already worked out.
 */
export function legalEpSquare(pos: Chess, ctx: Context | undefined): Square | undefined {
  const ep = pos.epSquare;
  if (ep === undefined) return undefined;
  const context = ctx ?? pos.ctx();
  const takers = pos.board.pieces(pos.turn, 'pawn').intersect(pawnAttacks(opposite(pos.turn), ep));
  for (const square of takers) if (pos.dests(square, context).has(ep)) return ep;
  return undefined;
}
