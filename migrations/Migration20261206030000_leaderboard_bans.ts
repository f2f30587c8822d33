import { Migration } from '@mikro-orm/migrations';

/**
 * A banned account leaves the boards that say `noBanned` and comes back when the ban ends, and a
 * deleted account leaves every board:
 * - `leaderboard_entries.banned`: the account's ban holds; the entry keeps its value (and keeps
 *   counting) but boards with `noBanned` do not show it, in the rank index nor in a rebuild;
 * - `leaderboard_account_writes`: one line per change of an account's entries (a ban, an unban, a
 *   timed ban's end), written in the change's transaction; `applied_at` is set once the rank index
 *   has the entries, so a node dying in between leaves it to the next sweep, as for games;
 * - `leaderboard_removals`: the entries of a deleted account (which go with it), each with the
 *   version that removes it from the rank index, until the index has done so.
 * Entries of accounts banned before this migration are marked, and left for the sweep to copy.
 */
export class Migration20261206030000_leaderboard_bans extends Migration {
  override name = 'Migration20261206030000_leaderboard_bans';

  override up(): void {
    this.addSql('alter table leaderboard_entries add column banned boolean not null default false');
    this.addSql('create index leaderboard_entries_user on leaderboard_entries (user_id)');
    this.addSql('create index leaderboard_entries_banned on leaderboard_entries (user_id) where banned');
    this.addSql(`
      create table leaderboard_account_writes (
        user_id uuid not null references users (id) on delete cascade,
        changed_at timestamptz not null,
        applied_at timestamptz null,
        primary key (user_id, changed_at)
      )`);
    this.addSql(
      'create index leaderboard_account_writes_pending on leaderboard_account_writes (changed_at) where applied_at is null',
    );
    this.addSql(`
      create table leaderboard_removals (
        board_id text not null,
        period text not null,
        user_id uuid not null,
        version bigint not null,
        created_at timestamptz not null,
        primary key (board_id, period, user_id)
      )`);
    this.addSql('create index leaderboard_removals_user on leaderboard_removals (user_id, created_at)');
    this.addSql(`
      update leaderboard_entries e set banned = true, version = e.version + 1
        from users u
        where u.id = e.user_id and u.banned_at is not null and (u.banned_until is null or u.banned_until > now())`);
    this.addSql(`
      insert into leaderboard_account_writes (user_id, changed_at)
        select distinct user_id, now() from leaderboard_entries where banned`);
  }

  override down(): void {
    this.addSql('drop table leaderboard_removals');
    this.addSql('drop table leaderboard_account_writes');
    this.addSql('drop index leaderboard_entries_banned');
    this.addSql('drop index leaderboard_entries_user');
    this.addSql('alter table leaderboard_entries drop column banned');
  }
}
