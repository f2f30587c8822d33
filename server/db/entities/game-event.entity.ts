import { defineEntity, p } from '@mikro-orm/core';

/** An event as its game module wrote it: JSON with a type and the server time. */
export interface StoredEvent {
  type: string;
  at: number;
  [field: string]: unknown;
}

/**
 * One entry of a game's append-only log, numbered from 1. The database refuses to change or
 * delete it (but with its game), and a number is taken once: two writers can never both extend
 * one game. `v` is the version of the module's event format, so old entries stay readable.
 */
export const GameEventEntity = defineEntity({
  name: 'GameEvent',
  tableName: 'game_events',
  properties: {
    gameId: p.text().primary(),
    seq: p.integer().primary(),
    v: p.integer(),
    type: p.text(),
    event: p.json<StoredEvent>(),
    /** What reads need without a replay (chess: the SAN of a move and both clocks after it). */
    derived: p.json<Record<string, unknown>>().nullable(),
    at: p.datetime(),
  },
});

export class GameEvent extends GameEventEntity.class {}
GameEventEntity.setClass(GameEvent);
