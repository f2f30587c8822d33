import { defineEntity, p } from '@mikro-orm/core';

/** A player's Glicko-2 rating in one pool (chess: a category); no row means the defaults (no game played yet). */
export const RatingEntity = defineEntity({
  name: 'Rating',
  tableName: 'ratings',
  properties: {
    userId: p.uuid().primary(),
    pool: p.text().primary(),
    rating: p.double().runtimeType('number').$type<number>(),
    rd: p.double().runtimeType('number').$type<number>(),
    volatility: p.double().runtimeType('number').$type<number>(),
    /** Rated games played in this pool. */
    games: p.integer().default(0),
    updatedAt: p.datetime(),
  },
});

export class Rating extends RatingEntity.class {}
RatingEntity.setClass(Rating);
