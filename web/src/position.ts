import { Chess } from 'chessops/chess';
import { makeFen, parseFen } from 'chessops/fen';
import { parseSan } from 'chessops/san';
import type { NormalMove } from 'chessops/types';
import { makeUci, parseUci } from 'chessops/util';

/** Positions from FEN and moves typed by a player, over chessops (the same rules as the server). */

/** The position of a FEN, or undefined if it cannot be read. */
export function positionOf(fen: string): Chess | undefined {
  const setup = parseFen(fen);
  if (setup.isErr) return undefined;
  const pos = Chess.fromSetup(setup.value);
  return pos.isErr ? undefined : pos.value;
}

const UCI = /^[a-h][1-8][a-h][1-8][qrbnk]?$/;

/**
 * Reads a move typed in UCI (`e2e4`, `e7e8q`) or SAN (`Nf3`, `exd5`, `O-O`, `e8=Q+`) and gives
 * its UCI if it is legal in `pos`, else a reason to show.
 */
export function readTypedMove(pos: Chess, text: string): { uci: string } | { problem: string } {
  const typed = text.trim();
  if (typed === '') return { problem: 'Type a move, like e2e4 or Nf3.' };
  const lower = typed.toLowerCase();
  const move = UCI.test(lower) ? parseUci(lower) : parseSan(pos, typed.replace(/[+#!?]+$/, ''));
  if (!move || !pos.isLegal(move)) {
    const needsPiece =
      UCI.test(lower) && lower.length === 4 && isPromotion(pos, parseUci(lower) as NormalMove);
    return {
      problem: needsPiece
        ? `${typed} promotes: add the piece letter, like ${lower}q.`
        : `${typed} is not a legal move here.`,
    };
  }
  return { uci: makeUci(move) };
}

/** Whether a move takes a pawn to its last rank (and so needs a promotion piece). */
export function isPromotion(pos: Chess, move: NormalMove): boolean {
  const piece = pos.board.get(move.from);
  const rank = move.to >> 3;
  return piece?.role === 'pawn' && (rank === 0 || rank === 7);
}

/** Every position of a game, from the start: `fens[i]` is after `i` half-moves. */
export function replayPositions(ucis: readonly string[]): string[] {
  const pos = Chess.default();
  const fens = [makeFen(pos.toSetup())];
  for (const uci of ucis) {
    const move = parseUci(uci);
    if (!move || !pos.isLegal(move)) break;
    pos.play(move);
    fens.push(makeFen(pos.toSetup()));
  }
  return fens;
}
