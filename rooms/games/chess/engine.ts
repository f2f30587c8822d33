import type { BotLevel } from '../../../schema/chess.ts';

/**
 * A score from the side to move's point of view: centipawns, or a mate in `mate` moves (negative:
 * the side to move is mated).
 */
export type EngineScore = { cp: number } | { mate: number };

/** One search: a position and how hard to look. */
export interface EngineSearch {
  fen: string;
  /** Stockfish's `Skill Level`, 0 (weakest) to 20 (full strength). */
  skill: number;
  /** Plies to search at most. */
  depth: number;
  /** Time to search at most. */
  movetimeMs: number;
  /**
   * `move` (a bot is waiting to play) goes before `analysis` (a finished game being looked at):
   * a player never waits behind an analysis.
   */
  priority: 'move' | 'analysis';
  /**
   * How long the search may wait for a free worker (not counting the engine's loading). Past it,
   * it is refused (`busy`) and a bot plays its fallback at once, rather than spend its own clock in
   * the queue. Unset: no limit.
   */
  waitMs?: number;
}

export interface EngineAnswer {
  /** In UCI; null when the side to move has no legal move. */
  bestMove: string | null;
  score: EngineScore;
}

/**
 * The chess engine as the chess module sees it: a port, implemented off the event loop by the
 * server (a pool of Stockfish workers). `search` rejects when the engine fails, times out or is too
 * busy; the bot then plays its fallback move and says so through `fellBack`.
 */
export interface ChessEngine {
  search(request: EngineSearch): Promise<EngineAnswer>;
  /** A bot's move or answer came from the fallback instead of the engine, for `reason`. */
  fellBack(reason: string): void;
}

/** How one engine level plays: Stockfish's skill, and the depth and time it may use a move. */
export interface EngineLevel {
  skill: number;
  depth: number;
  movetimeMs: number;
}

/**
 * The levels, after Lichess's eight (skill rising with depth 1, 1, 2, 3, 5, 8, 13, 22 and 50 ms
 * to 1 s a move); Stockfish's skill stops at 0, where Lichess's weakest go below it.
 */
export const ENGINE_LEVELS: Readonly<Partial<Record<BotLevel, EngineLevel>>> = {
  'stockfish-1': { skill: 0, depth: 1, movetimeMs: 50 },
  'stockfish-2': { skill: 2, depth: 1, movetimeMs: 100 },
  'stockfish-3': { skill: 4, depth: 2, movetimeMs: 150 },
  'stockfish-4': { skill: 6, depth: 3, movetimeMs: 200 },
  'stockfish-5': { skill: 9, depth: 5, movetimeMs: 300 },
  'stockfish-6': { skill: 12, depth: 8, movetimeMs: 400 },
  'stockfish-7': { skill: 16, depth: 13, movetimeMs: 500 },
  'stockfish-8': { skill: 20, depth: 22, movetimeMs: 1000 },
};

/** Scores of mates are this many centipawns (less the distance), for graphs and thresholds. */
export const MATE_CP = 10_000;

/** A score in centipawns, mates as ±{@link MATE_CP} less the moves to mate. */
export function centipawns(score: EngineScore): number {
  if ('cp' in score) return score.cp;
  if (score.mate === 0) return -MATE_CP;
  return score.mate > 0 ? MATE_CP - score.mate : -MATE_CP - score.mate;
}

/**
 * The chance (0..1) that the side with `cp` centipawns wins, by Lichess's model fitted to its
 * games: `1 / (1 + e^(-0.00368208 · cp))`, centipawns capped at ±1000.
 */
export function winChance(cp: number): number {
  const capped = Math.max(-1000, Math.min(1000, cp));
  return 1 / (1 + Math.exp(-0.00368208 * capped));
}

/**
 * Whether the bot takes a draw offered at this score (its own point of view), after `plies`:
 * when losing (−1.5 pawns or worse), or in a level position (within a quarter of a pawn) once the
 * opening is over (30 plies). A bot that is better plays on.
 */
export function takesDraw(cp: number, plies: number): boolean {
  return cp <= -150 || (plies >= 30 && Math.abs(cp) <= 25);
}

/** Why the engine gave no answer: the bot's fallback is counted by these. */
export const ENGINE_FAILURES = ['timeout', 'crashed', 'busy', 'closed', 'illegal', 'failed'] as const;
export type EngineFailure = (typeof ENGINE_FAILURES)[number];

/** The engine gave no usable answer; `reason` says why. */
export class EngineError extends Error {
  override name = 'EngineError';
  constructor(
    readonly reason: EngineFailure,
    message: string,
  ) {
    super(message);
  }
}
