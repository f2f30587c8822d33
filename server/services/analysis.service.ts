import { markMoves, positionsOf } from '../../rooms/games/chess/analysis.ts';
import { type ChessEngine, centipawns } from '../../rooms/games/chess/engine.ts';
import type { GameAnalysisDto } from '../../schema/analysis.ts';
import { AppError } from './errors.ts';
import type { GameService } from './game.service.ts';

export interface AnalysisSettings {
  /** How deep and how long the engine looks at each position (at full strength). */
  depth: number;
  movetimeMs: number;
  /** Games analysed at once on a node; more are refused (SERVER_BUSY) until one is done. */
  concurrent: number;
  /** Finished analyses kept in memory, the least recently asked dropped first. */
  cacheGames: number;
}

export const DEFAULT_ANALYSIS_SETTINGS: AnalysisSettings = {
  depth: 12,
  movetimeMs: 250,
  concurrent: 2,
  cacheGames: 200,
};

interface Running {
  done: number;
  total: number;
  /** Set when the engine could not finish: told to the next asker, then forgotten. */
  failed?: string;
}

/**
 * Analyses finished chess games with the engine pool, after the bots (its searches wait behind
 * every bot move), a few games at a time, one position at a time each; a game is analysed once
 * and its analysis kept in memory. A finished game never changes, so the cache needs no expiry.
 */
export class AnalysisService {
  private readonly done = new Map<string, GameAnalysisDto>();
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly games: GameService,
    private readonly engine: ChessEngine,
    private readonly settings: AnalysisSettings = DEFAULT_ANALYSIS_SETTINGS,
  ) {}

  /** The game's analysis if done; else it is started (or goes on) and its progress is told. */
  async analysis(gameId: string): Promise<GameAnalysisDto> {
    const cached = this.done.get(gameId);
    if (cached) {
      this.done.delete(gameId);
      this.done.set(gameId, cached);
      return cached;
    }
    const run = this.running.get(gameId);
    if (run?.failed) {
      this.running.delete(gameId);
      throw new AppError(
        'SERVER_BUSY',
        `the engine could not analyse this game (${run.failed}); try again`,
        undefined,
        5,
      );
    }
    if (run) return pending(gameId, run);
    const game = await this.games.game(gameId);
    if (game.game !== 'chess')
      throw new AppError('GAME_NOT_FOUND', `game ${gameId} is not chess: it has no analysis`);
    if (game.status !== 'ended')
      throw new AppError('GAME_NOT_FINISHED', `game ${gameId} is still being played`);
    if (this.running.size >= this.settings.concurrent) {
      throw new AppError(
        'SERVER_BUSY',
        'other games are being analysed; try again in a moment',
        undefined,
        5,
      );
    }
    const fens = positionsOf(game.moves.map((m) => m.uci));
    const started: Running = { done: 0, total: fens.length };
    this.running.set(gameId, started);
    void this.evaluate(gameId, fens, started);
    return pending(gameId, started);
  }

  private async evaluate(gameId: string, fens: string[], run: Running): Promise<void> {
    const evals: number[] = [];
    try {
      for (const fen of fens) {
        const answer = await this.engine.search({
          fen,
          skill: 20,
          depth: this.settings.depth,
          movetimeMs: this.settings.movetimeMs,
          priority: 'analysis',
        });
        const cp = centipawns(answer.score);
        evals.push(fen.split(' ')[1] === 'w' ? cp : -cp);
        run.done += 1;
      }
    } catch (err) {
      run.failed = err instanceof Error ? err.message : String(err);
      return;
    }
    this.running.delete(gameId);
    this.done.set(gameId, {
      gameId,
      status: 'done',
      progress: { done: fens.length, total: fens.length },
      evals,
      marks: markMoves(evals),
    });
    while (this.done.size > this.settings.cacheGames) this.done.delete(this.done.keys().next().value!);
  }
}

function pending(gameId: string, run: Running): GameAnalysisDto {
  return { gameId, status: 'pending', progress: { done: run.done, total: run.total }, evals: [], marks: [] };
}
