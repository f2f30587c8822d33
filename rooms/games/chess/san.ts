import { attacks } from 'chessops/attacks';
import type { Chess, Context } from 'chessops/chess';
import { SquareSet } from 'chessops/squareSet';
import type { NormalMove } from 'chessops/types';
import { makeSquare, roleToChar, squareFile, squareRank } from 'chessops/util';

const FILES = 'abcdefgh';

/**
 * A legal move in standard algebraic notation without its check or mate sign, written from the
 * position before it (`ctx` is that position's context). The sign is known only once the move is
 * played; the caller, which works out the position after it anyway, adds it. Castling is the
 * king's move onto its own rook, as chessops normalizes it.
 */
export function sanWithoutSign(pos: Chess, move: NormalMove, ctx: Context): string {
  const { board } = pos;
  const role = board.getRole(move.from);
  if (role === undefined) throw new Error(`no piece on ${makeSquare(move.from)}`);
  if (role === 'king' && (board[pos.turn].has(move.to) || Math.abs(move.to - move.from) === 2)) {
    return move.to > move.from ? 'O-O' : 'O-O-O';
  }
  const capture =
    board.occupied.has(move.to) || (role === 'pawn' && squareFile(move.from) !== squareFile(move.to));
  let san: string;
  if (role === 'pawn') san = capture ? FILES[squareFile(move.from)]! : '';
  else san = roleToChar(role).toUpperCase() + disambiguation(pos, move, ctx);
  if (capture) san += 'x';
  san += makeSquare(move.to);
  if (move.promotion) san += `=${roleToChar(move.promotion).toUpperCase()}`;
  return san;
}

/**
 * What tells the moving piece from others of its kind that could also go to the square: its file
 * when that is enough, else its rank, else both (a piece, not a pawn).
 */
function disambiguation(pos: Chess, move: NormalMove, ctx: Context): string {
  const { board } = pos;
  const piece = board.get(move.from)!;
  // A piece reaches `to` from the squares it would attack standing on `to`.
  let rivals = attacks(piece, move.to, board.occupied)
    .intersect(board.pieces(piece.color, piece.role))
    .without(move.from);
  if (rivals.isEmpty()) return '';
  for (const square of rivals) if (!pos.dests(square, ctx).has(move.to)) rivals = rivals.without(square);
  if (rivals.isEmpty()) return '';
  const file = squareFile(move.from);
  const rank = squareRank(move.from);
  if (!rivals.intersects(SquareSet.fromFile(file))) return FILES[file]!;
  if (!rivals.intersects(SquareSet.fromRank(rank))) return String(rank + 1);
  return FILES[file]! + String(rank + 1);
}
