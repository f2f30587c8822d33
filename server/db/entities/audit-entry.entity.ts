import { defineEntity, p } from '@mikro-orm/core';

/** One line of the append-only audit log; the database refuses UPDATE, DELETE and TRUNCATE on it. */
export const AuditEntryEntity = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_log',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    at: p.datetime().onCreate(() => new Date()),
    action: p.string().length(64),
    actorId: p.uuid().nullable(),
    targetId: p.uuid().nullable(),
    ip: p.string().length(64).nullable(),
    details: p.json<Record<string, unknown>>().nullable(),
  },
});

export class AuditEntry extends AuditEntryEntity.class {}
AuditEntryEntity.setClass(AuditEntry);
