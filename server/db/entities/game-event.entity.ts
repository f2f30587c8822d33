import { defineEntity, p } from '@mikro-orm/core';
import type { ChessEvent, ChessEventType } from '../../../schema/chess.ts';

/** A stored event: the `ChessEvent` itself, plus what reads need without a replay. */
export type StoredEventPayload = ChessEvent & { san?: string };

/**
 * One entry of a game's append-only log, numbered from 1 (the `start`). The database refuses to
 * change or delete it (but with its game), and a number is taken once: two writers can never
 * both extend one game.
 */
export const GameEventEntity = defineEntity({
  name: 'GameEvent',
  tableName: 'game_events',
  properties: {
    gameId: p.text().primary(),
    seq: p.integer().primary(),
    type: p.text().$type<ChessEventType>(),
    /** The event as JSON, with the SAN of a move. */
    payload: p.json<StoredEventPayload>(),
    /** Both clocks right after the event. */
    clockWhiteMs: p.integer(),
    clockBlackMs: p.integer(),
    at: p.datetime(),
  },
});

export class GameEvent extends GameEventEntity.class {}
GameEventEntity.setClass(GameEvent);
