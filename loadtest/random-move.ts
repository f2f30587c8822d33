import { type Chess, castlingSide } from 'chessops/chess';
import type { NormalMove } from 'chessops/types';
import { kingCastlesTo, makeUci } from 'chessops/util';

/**
 * A uniformly random legal move of the side to move (promotions to a queen): as chessops plays it,
 * and as UCI is sent. `random`: a source of uniform numbers in [0, 1), seeded where a run must repeat.
 */
export function randomMove(
  pos: Chess,
  random: () => number = Math.random,
): { move: NormalMove; uci: string } | undefined {
  const moves: NormalMove[] = [];
  for (const [from, dests] of pos.allDests()) {
    const pawn = pos.board.getRole(from) === 'pawn';
    for (const to of dests) {
      moves.push(pawn && (to < 8 || to >= 56) ? { from, to, promotion: 'queen' } : { from, to });
    }
  }
  if (moves.length === 0) return undefined;
  const move = moves[Math.floor(random() * moves.length)]!;
  // chessops castles king-takes-rook; a player sends standard UCI (e1g1).
  const side = pos.board.getRole(move.from) === 'king' ? castlingSide(pos, move) : undefined;
  return { move, uci: makeUci(side ? { from: move.from, to: kingCastlesTo(pos.turn, side) } : move) };
}
