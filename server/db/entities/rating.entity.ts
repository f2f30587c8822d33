import { defineEntity, p } from '@mikro-orm/core';
import type { Category } from '../../../schema/chess.ts';

/** A player's Glicko-2 rating in one category; no row means the defaults (no game played yet). */
export const RatingEntity = defineEntity({
  name: 'Rating',
  tableName: 'ratings',
  properties: {
    userId: p.uuid().primary(),
    category: p.text().$type<Category>().primary(),
    rating: p.double().runtimeType('number').$type<number>(),
    rd: p.double().runtimeType('number').$type<number>(),
    volatility: p.double().runtimeType('number').$type<number>(),
    /** Rated games played in this category. */
    games: p.integer().default(0),
    updatedAt: p.datetime(),
  },
});

export class Rating extends RatingEntity.class {}
RatingEntity.setClass(Rating);
