import type { EngineScore } from '../../rooms/games/chess/engine.ts';

/** What a search told so far: the last score of the principal line, and the move once it is done. */
export interface SearchProgress {
  score: EngineScore | null;
  /** Set by the `bestmove` line: the move, or null for `(none)` (no legal move). */
  bestMove?: string | null;
}

/**
 * Reads one line of a UCI engine's output into the search's progress: `info … score cp N` or
 * `score mate N` (of the first line when several are searched), and `bestmove M`. Other lines
 * change nothing. Bound scores (`lowerbound`, `upperbound`) are kept too: at the depths the bots
 * use, the last one is the best the engine knows.
 */
export function readUciLine(progress: SearchProgress, line: string): SearchProgress {
  if (line.startsWith('bestmove')) {
    const move = line.split(/\s+/)[1];
    return { ...progress, bestMove: !move || move === '(none)' ? null : move };
  }
  if (!line.startsWith('info ')) return progress;
  const multipv = /\bmultipv (\d+)/.exec(line);
  if (multipv && multipv[1] !== '1') return progress;
  const score = /\bscore (cp|mate) (-?\d+)/.exec(line);
  if (!score) return progress;
  const value = Number(score[2]);
  return { ...progress, score: score[1] === 'cp' ? { cp: value } : { mate: value } };
}
