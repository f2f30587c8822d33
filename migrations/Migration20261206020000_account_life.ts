import { Migration } from '@mikro-orm/migrations';

/**
 * The account's whole life. An email address is a claim until it is verified: many accounts may
 * claim one address, only one may have it verified (the unique index moves from every address to
 * verified ones). Mail tokens (verification, password reset) are kept as hashes only, with their
 * expiry. A session (refresh family) remembers the device that started it. Friendships, blocks and
 * the notification inbox belong to their accounts and go with them.
 */
export class Migration20261206020000_account_life extends Migration {
  override name = 'Migration20261206020000_account_life';

  override up(): void {
    this.addSql('alter table users add column email_verified_at timestamptz null');
    this.addSql(
      'alter table users add constraint users_verified_has_email check (email_verified_at is null or email is not null)',
    );
    this.addSql('drop index users_email_lower_unique');
    this.addSql(
      'create unique index users_email_verified_unique on users (lower(email)) where email_verified_at is not null',
    );
    this.addSql('create index users_email_lower_idx on users (lower(email)) where email is not null');
    // Guests without games are removed after a while: found by age.
    this.addSql('create index users_guest_created_idx on users (created_at) where guest');

    this.addSql(`
      create table account_tokens (
        token_hash varchar(64) primary key,
        user_id uuid not null references users (id) on delete cascade,
        purpose varchar(16) not null,
        email varchar(254) not null,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        constraint account_tokens_purpose_known check (purpose in ('verify_email', 'password_reset'))
      )`);
    this.addSql('create index account_tokens_user_idx on account_tokens (user_id, purpose)');
    this.addSql('create index account_tokens_expiry_idx on account_tokens (expires_at)');

    this.addSql(`
      alter table refresh_token_families
        add column user_agent varchar(256) null,
        add column ip varchar(64) null`);
    this.addSql('create index refresh_token_families_expiry_idx on refresh_token_families (expires_at)');

    this.addSql(`
      create table friend_requests (
        from_id uuid not null references users (id) on delete cascade,
        to_id uuid not null references users (id) on delete cascade,
        created_at timestamptz not null default now(),
        primary key (from_id, to_id),
        constraint friend_requests_not_self check (from_id <> to_id)
      )`);
    this.addSql('create index friend_requests_to_idx on friend_requests (to_id)');
    // A friendship is two rows, one per side, so each side's list is one indexed read.
    this.addSql(`
      create table friendships (
        user_id uuid not null references users (id) on delete cascade,
        friend_id uuid not null references users (id) on delete cascade,
        since timestamptz not null default now(),
        primary key (user_id, friend_id),
        constraint friendships_not_self check (user_id <> friend_id)
      )`);
    this.addSql(`
      create table blocks (
        blocker_id uuid not null references users (id) on delete cascade,
        blocked_id uuid not null references users (id) on delete cascade,
        created_at timestamptz not null default now(),
        primary key (blocker_id, blocked_id),
        constraint blocks_not_self check (blocker_id <> blocked_id)
      )`);
    this.addSql('create index blocks_blocked_idx on blocks (blocked_id)');
    this.addSql(`
      create table notifications (
        id bigint generated always as identity primary key,
        user_id uuid not null references users (id) on delete cascade,
        type varchar(32) not null,
        data jsonb not null,
        created_at timestamptz not null default now(),
        read_at timestamptz null
      )`);
    this.addSql('create index notifications_user_idx on notifications (user_id, id desc)');
  }

  override down(): void {
    this.addSql('drop table if exists notifications');
    this.addSql('drop table if exists blocks');
    this.addSql('drop table if exists friendships');
    this.addSql('drop table if exists friend_requests');
    this.addSql('drop index if exists refresh_token_families_expiry_idx');
    this.addSql('alter table refresh_token_families drop column user_agent, drop column ip');
    this.addSql('drop table if exists account_tokens');
    this.addSql('drop index if exists users_guest_created_idx');
    this.addSql('drop index if exists users_email_lower_idx');
    this.addSql('drop index if exists users_email_verified_unique');
    // Two accounts may claim one address now; the older rule keeps the first claim of each.
    this.addSql(`
      update users u set email = null where u.email is not null and exists (
        select 1 from users o where lower(o.email) = lower(u.email)
          and (o.email_verified_at is not null and u.email_verified_at is null
            or (o.email_verified_at is null) = (u.email_verified_at is null) and o.created_at < u.created_at
            or (o.email_verified_at is null) = (u.email_verified_at is null) and o.created_at = u.created_at and o.id < u.id))`);
    this.addSql(
      'create unique index users_email_lower_unique on users (lower(email)) where email is not null',
    );
    this.addSql('alter table users drop constraint users_verified_has_email');
    this.addSql('alter table users drop column email_verified_at');
  }
}
