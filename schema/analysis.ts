/** `GET /api/games/:id/analysis`: the engine's look at a finished chess game. */
export interface GameAnalysisDto {
  gameId: string;
  /** `pending` while the engine works through the positions (ask again), then `done`. */
  status: 'pending' | 'done';
  /** Positions evaluated so far, of all of them (the moves + 1). */
  progress: { done: number; total: number };
  /**
   * When done: white's evaluation of every position in centipawns, from the start to the final
   * position (a mate as ±10000 less the moves to it). Empty while pending.
   */
  evals: number[];
  /** When done: each move's mark, by ply (`null`: a good enough move). Empty while pending. */
  marks: Array<'inaccuracy' | 'mistake' | 'blunder' | null>;
}
