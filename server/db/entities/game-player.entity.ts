import { defineEntity, p } from '@mikro-orm/core';

/**
 * One seat of a match: who sat there (an account, a guest or a bot), on which team, and once the
 * match has ended, their score, placing and what the match did to their rating.
 */
export const GamePlayerEntity = defineEntity({
  name: 'GamePlayer',
  tableName: 'game_players',
  properties: {
    gameId: p.text().primary(),
    /** 0-based, in seating order (chess: 0 white, 1 black). */
    seat: p.integer().primary(),
    team: p.integer(),
    /** null: a bot (or an account since deleted; the name stays). */
    userId: p.uuid().nullable(),
    name: p.text(),
    bot: p.text().nullable(),
    guest: p.boolean().default(false),
    /** The match's start, repeated here for a player's history index. */
    startedAt: p.datetime(),
    score: p.double().runtimeType('number').$type<number>().nullable(),
    /** 1 is first; ties share a placing. */
    place: p.integer().nullable(),
    /** The seat lost a game with no result by not playing it (a first move not made in time). */
    forfeited: p.boolean().default(false),
    /** The rating before the match, rounded, for display. */
    ratingBefore: p.integer().nullable(),
    /** What a rated match changed (rounded after − rounded before). */
    ratingAfter: p.integer().nullable(),
    ratingDiff: p.integer().nullable(),
    /** Whether the rating was still provisional after a rated match; at the time of any other. */
    provisional: p.boolean().nullable(),
    /** A game of an arena that allows berserk: the moves this seat made, and whether it went berserk. */
    moves: p.integer().nullable(),
    berserk: p.boolean().nullable(),
  },
});

export class GamePlayer extends GamePlayerEntity.class {}
GamePlayerEntity.setClass(GamePlayer);
