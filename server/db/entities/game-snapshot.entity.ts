import { defineEntity, p } from '@mikro-orm/core';

/** A game's state after event `seq`, in its module's format version `v`: a restore starts here. */
export const GameSnapshotEntity = defineEntity({
  name: 'GameSnapshot',
  tableName: 'game_snapshots',
  properties: {
    gameId: p.text().primary(),
    seq: p.integer().primary(),
    v: p.integer(),
    state: p.json<unknown>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class GameSnapshot extends GameSnapshotEntity.class {}
GameSnapshotEntity.setClass(GameSnapshot);
