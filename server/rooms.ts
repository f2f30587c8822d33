import { randomBytes } from 'node:crypto';
import { defineRoom, matchMaker, type RegisteredHandler } from '@colyseus/core';
import { createChessRoom } from '../rooms/chess/ChessRoom.ts';
import { type ChessRoomDeps, DEFAULT_CHESS_SETTINGS } from '../rooms/chess/deps.ts';
import type { App } from './app.ts';
import type { Config } from './config.ts';
import type { Logger } from './platform/logger.ts';

export interface RoomTypes {
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
  return {
    definitions: {
      // joinOrCreate pairs players who ask for the same time control and rating mode.
      chess: defineRoom(createChessRoom(chess)).filterBy(['timeControl', 'rated']),
    },
    restoreGames: async () => {
      const restored: string[] = [];
      const failed: string[] = [];
      for (const id of await app.services.games.unfinished()) {
        try {
          await matchMaker.createRoom('chess', { restore: id, serverKey: chess.serverKey });
          restored.push(id);
        } catch (err) {
          failed.push(id);
          log.error({ err, gameId: id }, 'could not restore a game');
        }
      }
      return { restored, failed };
    },
  };
}
