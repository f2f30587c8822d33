import { type BotLevel, type Color, opposite } from '../../../schema/chess.ts';
import type { Command } from '../../match/game-module.ts';
import { chooseBotMove, materialFor } from './bot.ts';
import {
  type ChessEngine,
  centipawns,
  ENGINE_LEVELS,
  EngineError,
  type EngineLevel,
  takesDraw,
} from './engine.ts';
import type { ChessGame } from './game.ts';
import { playUci, startPosition } from './position.ts';

/**
 * The bot's command in `game` for `color`: its answer to a draw the opponent offered, else its
 * move. `random` and `greedy` answer at once (a draw taken only when behind in material); the
 * engine levels ask `engine` and answer later. Whatever goes wrong with the engine (it failed,
 * timed out, was too busy or gave no worker in time, or answered an illegal move), the bot still
 * answers, with the greedy move or the material rule, and tells `engine.fellBack` why: a game
 * never stalls on the engine.
 */
export function chooseBotCommand(
  game: ChessGame,
  color: Color,
  level: BotLevel,
  random: () => number,
  engine: ChessEngine | undefined,
): Command | Promise<Command> {
  const drawOffered = game.drawOffer === opposite(color);
  const limits = ENGINE_LEVELS[level];
  if (!limits || !engine) {
    if (drawOffered) return drawAnswerByMaterial(game, color);
    return move(chooseBotMove(game, level === 'random' ? 'random' : 'greedy', random));
  }
  return askEngine(game, color, limits, engine, drawOffered, random);
}

async function askEngine(
  game: ChessGame,
  color: Color,
  limits: EngineLevel,
  engine: ChessEngine,
  drawOffered: boolean,
  random: () => number,
): Promise<Command> {
  // A draw offer is weighed at full strength: the level holds back how the bot plays, not how
  // it reads the position.
  const strength = drawOffered ? { skill: 20, depth: 12, movetimeMs: 300 } : limits;
  const waitMs = engineWaitMs(strength.movetimeMs, game.clock[color]);
  const search = { fen: game.fen, ...strength, priority: 'move' as const, waitMs };
  try {
    const answer = await engine.search(search);
    // The engine speaks for the side to move; after an offer made on the bot's own turn, that is
    // the bot, and otherwise the opponent.
    if (drawOffered) {
      const cp = centipawns(answer.score) * (game.turn === color ? 1 : -1);
      return drawAnswer(takesDraw(cp, game.moves.length));
    }
    if (!answer.bestMove || !playUci(startPosition(game.fen), answer.bestMove).ok) {
      throw new EngineError('illegal', `the engine answered ${answer.bestMove ?? 'no move'}`);
    }
    return move(answer.bestMove);
  } catch (err) {
    engine.fellBack(err instanceof EngineError ? err.reason : 'failed');
    if (drawOffered) return drawAnswerByMaterial(game, color);
    return move(chooseBotMove(game, 'greedy', random));
  }
}

/** A bot's search may wait this long for the engine, or its move time if longer (clock allowing). */
export const ENGINE_WAIT_MS = 1000;
/** The least a bot's search may wait for the engine, however little is left on its clock. */
export const MIN_ENGINE_WAIT_MS = 50;

/**
 * How long a bot's search may wait for a free engine worker: about a second ({@link
 * ENGINE_WAIT_MS}), or its move time (`movetimeMs`) if longer, and no more than a twentieth of
 * what is left on its clock (`clockMs`), but at least {@link MIN_ENGINE_WAIT_MS}. A search that
 * waits longer is given up and the greedy move played, so a bot starved of the engine by a busy
 * node plays weaker moves, not on its clock.
 */
export function engineWaitMs(movetimeMs: number, clockMs: number): number {
  const wait = Math.max(ENGINE_WAIT_MS, movetimeMs);
  return Math.max(MIN_ENGINE_WAIT_MS, Math.min(wait, Math.floor(clockMs / 20)));
}

const move = (uci: string): Command => ({ type: 'move', payload: { uci } });
const drawAnswer = (take: boolean): Command => ({ type: take ? 'draw:accept' : 'draw:decline', payload: {} });

/** Without the engine, a draw is taken only when behind in material. */
const drawAnswerByMaterial = (game: ChessGame, color: Color): Command =>
  drawAnswer(materialFor(game.fen, color) < 0);
