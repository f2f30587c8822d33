import { defineEntity, p } from '@mikro-orm/core';
import type { BotLevel, Category, GameResult, Termination } from '../../../schema/chess.ts';

/**
 * One game, from the moment both seats are taken: who played, at what time control, and once it
 * has ended, how (result, termination, PGN, final position) and what it did to the ratings.
 */
export const GameEntity = defineEntity({
  name: 'Game',
  tableName: 'games',
  properties: {
    /** The id of the room that plays it. */
    id: p.text().primary(),
    /** null: the bot (or an account since deleted; the name stays). */
    whiteId: p.uuid().nullable(),
    blackId: p.uuid().nullable(),
    whiteName: p.text(),
    blackName: p.text(),
    whiteBot: p.text().$type<BotLevel>().nullable(),
    blackBot: p.text().$type<BotLevel>().nullable(),
    timeControl: p.text(),
    initialMs: p.integer(),
    incrementMs: p.integer(),
    category: p.text().$type<Category>(),
    rated: p.boolean(),
    status: p.text().$type<'playing' | 'ended'>().default('playing'),
    result: p.text().$type<GameResult>().nullable(),
    termination: p.text().$type<Termination>().nullable(),
    /** Ratings before the game, rounded, for display. */
    whiteRating: p.integer().nullable(),
    blackRating: p.integer().nullable(),
    /** What a rated game changed (rounded after − rounded before). */
    whiteRatingDiff: p.integer().nullable(),
    blackRatingDiff: p.integer().nullable(),
    /** Whether the rating was still provisional after the game. */
    whiteProvisional: p.boolean().nullable(),
    blackProvisional: p.boolean().nullable(),
    /** With headers and `[%clk]` comments. */
    pgn: p.text().nullable(),
    finalFen: p.text().nullable(),
    /** Half-moves played, counted when the game ends. */
    moves: p.integer().default(0),
    startedAt: p.datetime(),
    endedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class Game extends GameEntity.class {}
GameEntity.setClass(Game);
