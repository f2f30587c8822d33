import { pawnAttacks } from 'chessops/attacks';
import type { Board } from 'chessops/board';
import type { Chess, Context } from 'chessops/chess';
import { makeCastlingFen } from 'chessops/fen';
import type { Role, Square } from 'chessops/types';
import { makeSquare, opposite } from 'chessops/util';

/** Each role's letter as a character code, black's (lower case); white's is 32 less. */
const LETTER: Record<Role, number> = { pawn: 112, knight: 110, bishop: 98, rook: 114, queen: 113, king: 107 };
const SLASH = 47;
const TILDE = 126;
const DIGIT_ZERO = 48;

/** The board part of a FEN is at most 64 pieces, 7 slashes and 64 promotion marks. */
const codes = new Uint16Array(135);

/**
 * The FEN chessops writes for the position (`makeFen(pos.toSetup())`, character for character),
 * written without a copy of the board and without a string a square: a match room writes one a
 * move (docs/perf.md, "The chess rules"). `ctx`, the position's context, if already worked out.
 */
export function fenOf(pos: Chess, ctx?: Context): string {
  const castling = pos.castles.castlingRights.isEmpty()
    ? '-'
    : makeCastlingFen(pos.board, pos.castles.castlingRights);
  const ep: Square | undefined = legalEpSquare(pos, ctx);
  const halfmoves = Math.max(0, Math.min(pos.halfmoves, 150));
  const fullmoves = Math.min(Math.max(pos.fullmoves, 1), 9999);
  return `${boardFen(pos.board)} ${pos.turn[0]} ${castling} ${ep === undefined ? '-' : makeSquare(ep)} ${halfmoves} ${fullmoves}`;
}

/** The board, rank 8 first, a run of empty squares as its length, white's pieces in capitals. */
function boardFen(board: Board): string {
  let n = 0;
  for (let rank = 7; rank >= 0; rank--) {
    let empty = 0;
    for (let file = 0; file < 8; file++) {
      const square = rank * 8 + file;
      if (!board.occupied.has(square)) {
        empty++;
        continue;
      }
      const role = board.getRole(square)!;
      if (empty > 0) codes[n++] = DIGIT_ZERO + empty;
      empty = 0;
      codes[n++] = board.white.has(square) ? LETTER[role] - 32 : LETTER[role];
      if (board.promoted.has(square)) codes[n++] = TILDE;
    }
    if (empty > 0) codes[n++] = DIGIT_ZERO + empty;
    if (rank > 0) codes[n++] = SLASH;
  }
  // One string from the codes: filled and read within this call, so the buffer is shared safely.
  return String.fromCharCode.apply(null, codes.subarray(0, n) as unknown as number[]);
}

/**
 * The en-passant square, only when a pawn of the side to move may legally take there (as chessops
 * writes it in a FEN, so that a double step nobody can take does not make a position differ from
 * the same one reached otherwise). `ctx`, the position's context, if already worked out.
 */
function legalEpSquare(pos: Chess, ctx: Context | undefined): Square | undefined {
  const ep = pos.epSquare;
  if (ep === undefined) return undefined;
  const context = ctx ?? pos.ctx();
  const takers = pos.board.pieces(pos.turn, 'pawn').intersect(pawnAttacks(opposite(pos.turn), ep));
  for (const square of takers) if (pos.dests(square, context).has(ep)) return ep;
  return undefined;
}
