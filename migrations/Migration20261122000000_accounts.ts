import { Migration } from '@mikro-orm/migrations';

/** Accounts, refresh-token families and the append-only audit log. */
export class Migration20261122000000_accounts extends Migration {
  override name = 'Migration20261122000000_accounts';

  override up(): void {
    this.addSql(`
      create table users (
        id uuid primary key,
        username varchar(20) not null,
        display_name varchar(40) null,
        email varchar(254) null,
        password_hash text null,
        roles text[] not null default '{user}',
        guest boolean not null default false,
        country varchar(2) null,
        banned_at timestamptz null,
        ban_reason text null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        last_login_at timestamptz null,
        constraint users_roles_known check (roles <@ array['user', 'moderator', 'admin']::text[]),
        constraint users_password_unless_guest check (guest or password_hash is not null)
      )`);
    this.addSql('create unique index users_username_lower_unique on users (lower(username))');
    this.addSql(
      'create unique index users_email_lower_unique on users (lower(email)) where email is not null',
    );

    this.addSql(`
      create table refresh_token_families (
        id uuid primary key,
        user_id uuid not null references users (id) on delete cascade,
        token_hash varchar(64) not null,
        generation integer not null default 0,
        created_at timestamptz not null default now(),
        rotated_at timestamptz not null default now(),
        expires_at timestamptz not null,
        revoked_at timestamptz null,
        revoke_reason varchar(32) null
      )`);
    this.addSql('create index refresh_token_families_user_idx on refresh_token_families (user_id)');

    this.addSql(`
      create table audit_log (
        id bigint generated always as identity primary key,
        at timestamptz not null default now(),
        action varchar(64) not null,
        actor_id uuid null,
        target_id uuid null,
        ip varchar(64) null,
        details jsonb null
      )`);
    this.addSql('create index audit_log_target_idx on audit_log (target_id, id)');
    this.addSql(`
      create function audit_log_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end
      $$`);
    this.addSql(`create trigger audit_log_no_update_delete before update or delete on audit_log
      for each row execute function audit_log_refuse_change()`);
    this.addSql(`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_refuse_change()`);
  }

  override down(): void {
    this.addSql('drop table if exists audit_log');
    this.addSql('drop function if exists audit_log_refuse_change()');
    this.addSql('drop table if exists refresh_token_families');
    this.addSql('drop table if exists users');
  }
}
