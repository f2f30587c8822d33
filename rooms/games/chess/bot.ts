import { Chess, castlingSide } from 'chessops/chess';
import { parseFen } from 'chessops/fen';
import type { NormalMove, Role } from 'chessops/types';
import { kingCastlesTo, makeUci, opposite } from 'chessops/util';
import type { BotLevel, Color } from '../../../schema/chess.ts';
import type { ChessGame } from './game.ts';

const VALUE: Record<Role, number> = { pawn: 1, knight: 3, bishop: 3, rook: 5, queen: 9, king: 0 };
const PROMOTIONS: readonly Role[] = ['queen', 'rook', 'bishop', 'knight'];

interface Candidate {
  /** As chessops plays it (castling is king-takes-rook). */
  move: NormalMove;
  /** Standard UCI, as a player would send it. */
  uci: string;
}

/**
 * The server bot's move, in standard UCI. `random`: any legal move, uniformly; `greedy`: the move
 * that wins most material in one ply (a mate first), less what it leaves hanging; ties are broken
 * by `random`, so a seeded source gives a repeatable bot. Throws if the game is not being played
 * or has no legal move (the caller asks only for the side to move of a live game).
 */
export function chooseBotMove(game: ChessGame, level: BotLevel, random: () => number): string {
  if (game.status !== 'playing') throw new Error('chooseBotMove: the game is not being played');
  const pos = Chess.fromSetup(parseFen(game.fen).unwrap()).unwrap();
  const candidates = legalMoves(pos);
  if (candidates.length === 0) throw new Error('chooseBotMove: no legal move');
  if (level === 'random') return pick(candidates, random).uci;
  let best: Candidate[] = [];
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const candidate of candidates) {
    const score = greedyScore(pos, candidate.move);
    if (score > bestScore) {
      bestScore = score;
      best = [candidate];
    } else if (score === bestScore) {
      best.push(candidate);
    }
  }
  return pick(best, random).uci;
}

/** Every legal move of the side to move, in a fixed order. */
function legalMoves(pos: Chess): Candidate[] {
  const moves: Candidate[] = [];
  for (const [from, dests] of pos.allDests()) {
    const role = pos.board.getRole(from);
    for (const to of dests) {
      if (role === 'pawn' && (to < 8 || to >= 56)) {
        for (const promotion of PROMOTIONS) {
          const move = { from, to, promotion };
          moves.push({ move, uci: makeUci(move) });
        }
        continue;
      }
      const move = { from, to };
      const side = role === 'king' ? castlingSide(pos, move) : undefined;
      moves.push({ move, uci: makeUci(side ? { from, to: kingCastlesTo(pos.turn, side) } : move) });
    }
  }
  return moves;
}

/**
 * Material won by the move (capture, promotion), minus what the moved piece is likely to lose where
 * it lands: all of it if attacked and undefended, else the difference to its cheapest attacker.
 */
function greedyScore(pos: Chess, move: NormalMove): number {
  const us = pos.turn;
  const captured = pos.board.get(move.to);
  const isEnPassant = pos.board.getRole(move.from) === 'pawn' && move.to === pos.epSquare && !captured;
  let gain = captured && captured.color !== us ? VALUE[captured.role] : isEnPassant ? VALUE.pawn : 0;
  if (move.promotion) gain += VALUE[move.promotion] - VALUE.pawn;

  const after = pos.clone();
  after.play(move);
  if (after.isCheckmate()) return Number.POSITIVE_INFINITY;

  const landing = move.to;
  const piece = after.board.get(landing);
  if (!piece || piece.color !== us || piece.role === 'king') return gain;
  const occupied = after.board.occupied;
  const attackers = after.kingAttackers(landing, opposite(us), occupied);
  if (attackers.isEmpty()) return gain;
  const value = VALUE[piece.role];
  if (after.kingAttackers(landing, us, occupied).isEmpty()) return gain - value;
  let cheapest = Number.POSITIVE_INFINITY;
  for (const square of attackers) {
    const role = after.board.getRole(square);
    if (role) cheapest = Math.min(cheapest, role === 'king' ? Number.POSITIVE_INFINITY : VALUE[role]);
  }
  return gain - Math.max(0, value - cheapest);
}

/** Material on the board for `color` less the opponent's, in pawns. */
export function materialFor(fen: string, color: Color): number {
  const pos = Chess.fromSetup(parseFen(fen).unwrap()).unwrap();
  let total = 0;
  for (const square of pos.board.occupied) {
    const piece = pos.board.get(square)!;
    total += (piece.color === color ? 1 : -1) * VALUE[piece.role];
  }
  return total;
}

function pick<T>(items: readonly T[], random: () => number): T {
  const index = Math.min(items.length - 1, Math.floor(random() * items.length));
  return items[index]!;
}
