import type { SqlEntityManager } from '@mikro-orm/sql';
import { AuditEntry } from '../entities/audit-entry.entity.ts';

/** What happened, as the audit log names it. */
export const AUDIT_ACTIONS = [
  'user.registered',
  'user.guest_created',
  'user.guest_upgraded',
  'user.login',
  'user.logout',
  'user.profile_updated',
  'user.password_changed',
  'user.banned',
  'user.unbanned',
  'user.roles_changed',
  'user.admin_bootstrapped',
  'user.kicked',
  'user.sessions_revoked',
  'user.muted',
  'user.unmuted',
  'user.password_change_required',
  'user.note_added',
  'auth.refresh_reused',
  'game.restored',
  'game.paused',
  'game.resumed',
  'game.aborted',
  'game.adjudicated',
  'chat.message_deleted',
  'user.email_changed',
  'user.email_verified',
  'user.email_claim_dropped',
  'user.password_reset_requested',
  'user.password_reset',
  'user.session_ended',
  'user.deleted',
  'cleanup.guests_removed',
  'tournament.paused',
  'tournament.resumed',
  'tournament.ended_early',
  'tournament.player_disqualified',
  'tournament.game_adjudicated',
  'tournament.started',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * The audit action of each staff event of a tournament's log: written with the event, in the
 * same transaction, so that an action is audited exactly when it is in the log.
 */
export const AUDIT_OF_STAFF_EVENT: ReadonlyMap<string, AuditAction> = new Map([
  ['paused', 'tournament.paused'],
  ['resumed', 'tournament.resumed'],
  ['ended-early', 'tournament.ended_early'],
  ['disqualified', 'tournament.player_disqualified'],
]);

export interface AuditRecord {
  action: AuditAction;
  actorId?: string | null;
  targetId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown> | null;
}

export interface AuditEntryDto {
  id: string;
  at: string;
  action: string;
  actorId: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

export class AuditRepository {
  constructor(private readonly em: SqlEntityManager) {}

  /** Appends one entry, at once (inside the caller's transaction, when there is one). */
  async append(record: AuditRecord): Promise<void> {
    await this.em.insert(AuditEntry, {
      action: record.action,
      actorId: record.actorId ?? null,
      targetId: record.targetId ?? null,
      ip: record.ip ?? null,
      details: record.details ?? null,
    });
  }

  /** Newest first; `before` is the id of the last entry of the previous page. */
  async list(options: {
    targetId?: string | undefined;
    actorId?: string | undefined;
    action?: string | undefined;
    before?: string | undefined;
    limit: number;
  }): Promise<AuditEntryDto[]> {
    const where: Record<string, unknown> = {};
    if (options.targetId) where.targetId = options.targetId;
    if (options.actorId) where.actorId = options.actorId;
    if (options.action) where.action = options.action;
    if (options.before) where.id = { $lt: options.before };
    const rows = await this.em.find(AuditEntry, where, { orderBy: { id: 'desc' }, limit: options.limit });
    return rows.map((r) => ({
      id: String(r.id),
      at: r.at.toISOString(),
      action: r.action,
      actorId: r.actorId ?? null,
      targetId: r.targetId ?? null,
      ip: r.ip ?? null,
      details: r.details ?? null,
    }));
  }
}
