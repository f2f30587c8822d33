export { AuditEntry, AuditEntryEntity } from './audit-entry.entity.ts';
export { Game, GameEntity } from './game.entity.ts';
export { GameEvent, GameEventEntity } from './game-event.entity.ts';
export { GamePlayer, GamePlayerEntity } from './game-player.entity.ts';
export { GameSnapshot, GameSnapshotEntity } from './game-snapshot.entity.ts';
export { Rating, RatingEntity } from './rating.entity.ts';
export { RefreshTokenFamily, RefreshTokenFamilyEntity } from './refresh-token-family.entity.ts';
export { User, UserEntity } from './user.entity.ts';

import { AuditEntryEntity } from './audit-entry.entity.ts';
import { GameEntity } from './game.entity.ts';
import { GameEventEntity } from './game-event.entity.ts';
import { GamePlayerEntity } from './game-player.entity.ts';
import { GameSnapshotEntity } from './game-snapshot.entity.ts';
import { RatingEntity } from './rating.entity.ts';
import { RefreshTokenFamilyEntity } from './refresh-token-family.entity.ts';
import { UserEntity } from './user.entity.ts';

export const entities = [
  UserEntity,
  RefreshTokenFamilyEntity,
  AuditEntryEntity,
  GameEntity,
  GameEventEntity,
  GamePlayerEntity,
  GameSnapshotEntity,
  RatingEntity,
];
