import { Chess, type Context, castlingSide, normalizeMove } from 'chessops/chess';
import { parseFen } from 'chessops/fen';
import type { NormalMove } from 'chessops/types';
import { kingCastlesTo, makeUci, parseUci } from 'chessops/util';
import type { Color, Termination } from '../../../schema/chess.ts';
import { fenOf } from './fen.ts';
import { fail, ok, type RuleResult } from './result.ts';
import { sanWithoutSign } from './san.ts';

/**
 * A chessops position with the history the repetition rules need. Never mutated once made:
 * a move plays on a clone, so versions of a game may share one.
 */
export interface TrackedPosition {
  readonly pos: Chess;
  readonly fen: string;
  /** Repetition keys since the last pawn move or capture, the current position last. */
  readonly keys: readonly string[];
}

export type ClaimableDraw = 'threefold_repetition' | 'fifty_moves';

export interface Ply {
  /** Standard UCI: castling is the king's two-square move (`e1g1`). */
  uci: string;
  san: string;
  after: TrackedPosition;
  claimableDraw: ClaimableDraw | null;
  /** The end the move brings by itself; a checkmate is won by the mover. */
  end: { winner: Color | null; termination: Termination } | null;
}

const UCI_MOVE = /^[a-h][1-8][a-h][1-8][qrbn]?$/;

/** The standard position, or `initialFen`; throws if that does not parse or cannot be played. */
export function startPosition(initialFen?: string): TrackedPosition {
  const pos = initialPosition(initialFen);
  if (pos.isEnd() || pos.halfmoves >= 150) throw new Error('newGame: the initial position is already over');
  return track(pos, []);
}

/**
 * Plays a UCI move (castling also as king-takes-rook; no drops; a promotion needs its letter):
 * the move in SAN and standard UCI, the new position, and any end it brings, in this order:
 * checkmate, stalemate, insufficient material, fivefold repetition, the seventy-five-move rule.
 */
export function playUci(from: TrackedPosition, text: string): RuleResult<Ply> {
  if (typeof text !== 'string' || !UCI_MOVE.test(text)) {
    return fail('BAD_MOVE_FORMAT', 'A move is written in UCI, like "e2e4" or "e7e8q".');
  }
  const { pos } = from;
  const move = normalizeMove(pos, parseUci(text) as NormalMove) as NormalMove;
  // Each position's context (its king, checkers and pins) is worked out once and handed to every
  // question asked of it: legality, SAN, the sign, the end, the FEN (docs/perf.md, "The chess rules").
  const before = pos.ctx();
  if (!pos.isLegal(move, before)) return fail('ILLEGAL_MOVE', `${text} is not a legal move here.`);
  const side = castlingSide(pos, move);
  const uci = makeUci(side ? { from: move.from, to: kingCastlesTo(pos.turn, side) } : move);
  const written = sanWithoutSign(pos, move, before);

  const next = pos.clone();
  next.play(move);
  const ctx = next.ctx();
  const canMove = next.hasDests(ctx);
  const check = ctx.checkers.nonEmpty();
  const san = check ? `${written}${canMove ? '+' : '#'}` : written;
  const after = track(next, from.keys, ctx);
  const repetitions = occurrences(after.keys);
  let end: Ply['end'] = null;
  if (!canMove) {
    end = check ? { winner: pos.turn, termination: 'checkmate' } : { winner: null, termination: 'stalemate' };
  } else if (next.isInsufficientMaterial()) end = { winner: null, termination: 'insufficient_material' };
  else if (repetitions >= 5) end = { winner: null, termination: 'fivefold_repetition' };
  else if (next.halfmoves >= 150) end = { winner: null, termination: 'seventy_five_moves' };
  return ok({ uci, san, after, claimableDraw: claimable(next.halfmoves, repetitions), end });
}

/** What the side to move may claim: threefold repetition first, then the fifty-move rule. */
export function claimableDrawOf(position: TrackedPosition): ClaimableDraw | null {
  return claimable(position.pos.halfmoves, occurrences(position.keys));
}

/** Whether `color` can never mate, whatever the other side does (as Lichess decides a flag). */
export function cannotMate(position: TrackedPosition, color: Color): boolean {
  return position.pos.hasInsufficientMaterial(color);
}

/** Replays recorded moves; throws if one does not apply (the record is not of these rules). */
export function replayUcis(initialFen: string | undefined, ucis: readonly string[]): TrackedPosition {
  let position = track(initialPosition(initialFen), []);
  for (const uci of ucis) {
    const ply = playUci(position, uci);
    if (!ply.ok) throw new Error(`not a game of these rules: ${uci}: ${ply.message}`);
    position = ply.value.after;
  }
  return position;
}

function track(pos: Chess, keysBefore: readonly string[], ctx?: Context): TrackedPosition {
  const fen = fenOf(pos, ctx);
  const key = positionKey(fen);
  // a pawn move or a capture (the half-move clock reset) makes every earlier position unreachable
  return { pos, fen, keys: pos.halfmoves === 0 || keysBefore.length === 0 ? [key] : [...keysBefore, key] };
}

function claimable(halfmoves: number, repetitions: number): ClaimableDraw | null {
  if (repetitions >= 3) return 'threefold_repetition';
  if (halfmoves >= 100) return 'fifty_moves';
  return null;
}

/**
 * Board, side to move, castling rights and en-passant square: the FEN without its counters.
 * chessops writes the en-passant square only when a capture there is legal, so a double pawn push
 * that cannot be taken does not make a position differ from the same one reached otherwise.
 */
function positionKey(fen: string): string {
  return fen.slice(0, fen.lastIndexOf(' ', fen.lastIndexOf(' ') - 1));
}

/** How often the last key occurs; keys alternate sides, so only every second one can match. */
function occurrences(keys: readonly string[]): number {
  const last = keys.length - 1;
  let count = 0;
  for (let i = last; i >= 0; i -= 2) if (keys[i] === keys[last]) count++;
  return count;
}

function initialPosition(initialFen: string | undefined): Chess {
  if (initialFen === undefined) return Chess.default();
  const setup = parseFen(initialFen);
  if (setup.isErr) throw new Error(`newGame: bad initial FEN (${setup.error.message})`);
  const pos = Chess.fromSetup(setup.value);
  if (pos.isErr) throw new Error(`newGame: illegal initial position (${pos.error.message})`);
  return pos.value;
}
