export { AuditEntry, AuditEntryEntity } from './audit-entry.entity.ts';
export { RefreshTokenFamily, RefreshTokenFamilyEntity } from './refresh-token-family.entity.ts';
export { User, UserEntity } from './user.entity.ts';

import { AuditEntryEntity } from './audit-entry.entity.ts';
import { RefreshTokenFamilyEntity } from './refresh-token-family.entity.ts';
import { UserEntity } from './user.entity.ts';

export const entities = [UserEntity, RefreshTokenFamilyEntity, AuditEntryEntity];
