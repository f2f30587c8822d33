import { defineEntity, p } from '@mikro-orm/core';

/**
 * One match of any game, from the moment every seat is taken: which game, with what options, in
 * which rating pool, and once it has ended, how (termination, and the game's own record). Who sat
 * where is in `game_players`.
 */
export const GameEntity = defineEntity({
  name: 'Game',
  tableName: 'games',
  properties: {
    /** The id of the room that plays it. */
    id: p.text().primary(),
    /** The game module's name (`chess`). */
    game: p.text(),
    /** The game's own options (chess: `{ timeControl, initialMs, incrementMs }`). */
    options: p.json<Record<string, unknown>>(),
    /** Where ratings move (chess: the category). */
    pool: p.text(),
    rated: p.boolean(),
    status: p.text().$type<'playing' | 'ended'>().default('playing'),
    termination: p.text().nullable(),
    /** The game's record once ended (chess: `{ result, pgn, final }`). */
    record: p.json<GameRecordJson>().nullable(),
    /** Events of type `move`, counted when the game ends. */
    moves: p.integer().default(0),
    /** Who wants the result (a presence channel), and when they took it. */
    reportTo: p.text().nullable(),
    reportedAt: p.datetime().nullable(),
    startedAt: p.datetime(),
    endedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/** What a game keeps of its ending, in its own terms. */
export interface GameRecordJson {
  result?: string;
  pgn?: string;
  final?: string;
  export?: unknown;
  /** An imported game: the id it had where it was played. */
  importedFrom?: string;
}

export class Game extends GameEntity.class {}
GameEntity.setClass(Game);
