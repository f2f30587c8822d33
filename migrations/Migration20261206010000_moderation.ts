import { Migration } from '@mikro-orm/migrations';

/**
 * Moderation that takes effect at once. A ban may end by itself (`banned_until`); a mute keeps a
 * player out of the chats (`muted_until`, `mute_reason`); a forced password change holds an
 * account until its owner sets a new one. `sessions_ended_at` is the user's session epoch: access
 * tokens issued before it are refused (`sessions_end_reason` says why: banned or revoked). Staff
 * notes about a user sit in `admin_notes`, written once like the audit log.
 */
export class Migration20261206010000_moderation extends Migration {
  override name = 'Migration20261206010000_moderation';

  override up(): void {
    this.addSql(`
      alter table users
        add column banned_until timestamptz null,
        add column muted_until timestamptz null,
        add column mute_reason text null,
        add column password_change_required boolean not null default false,
        add column sessions_ended_at timestamptz null,
        add column sessions_end_reason varchar(16) null`);
    this.addSql(
      'create index users_sessions_ended_idx on users (sessions_ended_at) where sessions_ended_at is not null',
    );
    this.addSql(`
      create table admin_notes (
        id bigint generated always as identity primary key,
        target_id uuid not null references users (id) on delete cascade,
        author_id uuid null references users (id) on delete set null,
        at timestamptz not null default now(),
        body text not null
      )`);
    this.addSql('create index admin_notes_target_idx on admin_notes (target_id, id)');
  }

  override down(): void {
    this.addSql('drop table if exists admin_notes');
    this.addSql(`
      alter table users
        drop column if exists banned_until,
        drop column if exists muted_until,
        drop column if exists mute_reason,
        drop column if exists password_change_required,
        drop column if exists sessions_ended_at,
        drop column if exists sessions_end_reason`);
  }
}
