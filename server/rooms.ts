import { randomBytes } from 'node:crypto';
import { defineRoom, matchMaker, type RegisteredHandler } from '@colyseus/core';
import { createChessRoom } from '../rooms/chess/ChessRoom.ts';
import { type ChessRoomDeps, DEFAULT_CHESS_SETTINGS } from '../rooms/chess/deps.ts';
import type { App } from './app.ts';
import type { Config } from './config.ts';
import type { Logger } from './platform/logger.ts';
import { AppError } from './services/errors.ts';
import type { GameHosting } from './services/ports.ts';

export interface RoomTypes extends GameHosting {
  definitions: Record<string, RegisteredHandler>;
  /** Rebuilds every unfinished game from its log into a room under its own id. */
  restoreGames(): Promise<{ restored: string[]; failed: string[] }>;
}

/**
 * The room types of this release, each with its services: part of the composition root (main
 * and the tests build the same rooms from here).
 */
export function createRoomTypes(app: App, config: Config, log: Logger): RoomTypes {
  const chess: ChessRoomDeps = {
    tokens: app.services.tokens,
    games: app.services.games,
    log: log.child({ room: 'chess' }),
    now: () => Date.now(),
    random: Math.random,
    settings: {
      ...DEFAULT_CHESS_SETTINGS,
      graceMs: config.chess.reconnectGraceMs,
      firstMoveMs: config.chess.firstMoveMs,
      botDelayMs: config.chess.botDelayMs,
      defaultTimeControl: config.chess.defaultTimeControl,
    },
    serverKey: randomBytes(24).toString('base64url'),
    metrics: {
      eventRecorded: (type, seconds) => {
        app.metrics.chessEvents.inc({ type });
        app.metrics.gameLogAppend.observe(seconds);
      },
      gameEnded: (termination) => app.metrics.chessGamesEnded.inc({ termination }),
    },
  };
  const restore = async (gameId: string): Promise<'restored' | 'running' | 'ended'> => {
    const stored = await app.services.games.load(gameId);
    if (!stored) throw new AppError('GAME_NOT_FOUND', `no game ${gameId}`);
    if (stored.status === 'ended') return 'ended';
    if ((await matchMaker.query({ roomId: gameId })).length > 0) return 'running';
    await matchMaker.createRoom('chess', { restore: gameId, serverKey: chess.serverKey });
    return 'restored';
  };
  return {
    definitions: {
      // joinOrCreate pairs players who ask for the same time control and rating mode.
      chess: defineRoom(createChessRoom(chess)).filterBy(['timeControl', 'rated']),
    },
    restore,
    restoreGames: async () => {
      const restored: string[] = [];
      const failed: string[] = [];
      for (const id of await app.services.games.unfinished()) {
        try {
          if ((await restore(id)) === 'restored') restored.push(id);
        } catch (err) {
          failed.push(id);
          log.error({ err, gameId: id }, 'could not restore a game');
        }
      }
      return { restored, failed };
    },
  };
}
