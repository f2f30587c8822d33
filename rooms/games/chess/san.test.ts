import assert from 'node:assert/strict';
import { type Chess, castlingSide } from 'chessops/chess';
import { makeFen } from 'chessops/fen';
import { makeSanAndPlay } from 'chessops/san';
import type { NormalMove, Role } from 'chessops/types';
import { kingCastlesTo, makeUci } from 'chessops/util';
import { describe, it } from 'mocha';
import { seededRandom } from '../../rules/random.ts';
import { playUci, startPosition, type TrackedPosition } from './position.ts';

const PROMOTIONS: Role[] = ['queen', 'queen', 'queen', 'rook', 'bishop', 'knight'];

/** Every legal move of the side to move, each promotion to every piece. */
function legalMoves(pos: Chess): NormalMove[] {
  const moves: NormalMove[] = [];
  for (const [from, dests] of pos.allDests()) {
    const pawn = pos.board.getRole(from) === 'pawn';
    for (const to of dests) {
      if (pawn && (to < 8 || to >= 56))
        for (const promotion of new Set(PROMOTIONS)) moves.push({ from, to, promotion });
      else moves.push({ from, to });
    }
  }
  return moves;
}

/** The move as a player may send it: castling as the king's two squares, or onto its rook. */
function uciOf(pos: Chess, move: NormalMove, random: () => number): string {
  const side = castlingSide(pos, move);
  return makeUci(side && random() < 0.5 ? { from: move.from, to: kingCastlesTo(pos.turn, side) } : move);
}

describe('the chess rules against chessops', () => {
  it('write the same SAN, FEN and end as chessops does, move after move of 300 random games', () => {
    const random = seededRandom(20261207);
    const seen = { castles: 0, enPassant: 0, promotions: 0, checks: 0, mates: 0, byFile: 0, byRank: 0 };
    for (let game = 0; game < 300; game++) {
      let position: TrackedPosition = startPosition();
      for (let ply = 0; ply < 300; ply++) {
        const moves = legalMoves(position.pos);
        if (moves.length === 0) break;
        // Promotions are taken more often than chance would, so that pieces of a kind multiply.
        const promoting = moves.filter((m) => m.promotion && (m.promotion === 'queen' || random() < 0.3));
        const pool = promoting.length > 0 && random() < 0.8 ? promoting : moves;
        const move = pool[Math.floor(random() * pool.length)]!;
        const reference = position.pos.clone();
        const san = makeSanAndPlay(reference, move);
        const played = playUci(position, uciOf(position.pos, move, random));
        assert.ok(played.ok, `game ${game} ply ${ply}: ${san} refused`);
        const { value } = played;
        assert.equal(value.san, san, `game ${game} ply ${ply}: SAN`);
        assert.equal(
          value.after.fen,
          makeFen(reference.toSetup()),
          `game ${game} ply ${ply}: FEN after ${san}`,
        );
        const outcome = reference.outcome();
        if (outcome?.winner) assert.equal(value.end?.termination, 'checkmate', `game ${game}: ${san}`);
        else if (outcome)
          assert.ok(['stalemate', 'insufficient_material'].includes(value.end?.termination ?? ''));
        else assert.ok(value.end === null || value.end.termination !== 'checkmate');
        if (san.startsWith('O-O')) seen.castles++;
        if (/^[a-h]x/.test(san) && !position.pos.board.occupied.has(move.to)) seen.enPassant++;
        if (san.includes('=')) seen.promotions++;
        if (san.endsWith('+')) seen.checks++;
        if (san.endsWith('#')) seen.mates++;
        if (/^[NBRQK][a-h]x?[a-h][1-8]/.test(san)) seen.byFile++;
        if (/^[NBRQK][1-8]x?[a-h][1-8]/.test(san)) seen.byRank++;
        position = value.after;
        if (value.end) break;
      }
    }
    // The games went through every case the notation has (or this test would prove little).
    for (const [kind, count] of Object.entries(seen)) assert.ok(count > 0, `no ${kind} in the random games`);
  });

  it('name a piece by file and rank when others of its kind share both', () => {
    // White queens on a1, c1 and a3 all reach b2: c1 shares a1's rank, a3 its file.
    const position = startPosition('6k1/8/8/8/8/Q7/8/Q1Q4K w - - 0 1');
    const reference = position.pos.clone();
    const expected = makeSanAndPlay(reference, { from: 0, to: 9 });
    assert.equal(expected, 'Qa1b2');
    const played = playUci(position, 'a1b2');
    assert.ok(played.ok);
    assert.equal(played.value.san, expected);
    // …and by file alone, by rank alone, where that is enough.
    assert.equal(sanOf(position, 'c1b2'), 'Qcb2');
    assert.equal(sanOf(position, 'a3b2'), 'Q3b2');
  });
});

function sanOf(position: TrackedPosition, uci: string): string {
  const played = playUci(position, uci);
  assert.ok(played.ok, uci);
  return played.value.san;
}
