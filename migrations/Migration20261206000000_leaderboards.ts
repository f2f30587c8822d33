import { Migration } from '@mikro-orm/migrations';

/**
 * Leaderboards, with PostgreSQL as their record (the rank index is rebuilt from it):
 * - `leaderboard_entries`: one line per board, period and player, with its value, when it was
 *   reached (the tie order), the player's country, whether it is shown, and a version that grows
 *   at each change (the index keeps the highest, so a replayed write cannot move an entry back);
 * - `leaderboard_writes`: what each finished game did to each board, written in the game's finish
 *   transaction and keyed by game and board, so a retried finish adds nothing; `applied_at` is set
 *   once the rank index has it (a node dying in between leaves it to the next sweep);
 * - `leaderboard_periods`: each period that has entries, when it ends, and once closed, its final
 *   standings (the archive; for a season, what its hook was given).
 */
export class Migration20261206000000_leaderboards extends Migration {
  override name = 'Migration20261206000000_leaderboards';

  override up(): void {
    this.addSql(`
      create table leaderboard_entries (
        board_id text not null,
        period text not null,
        user_id uuid not null references users (id) on delete cascade,
        value double precision not null,
        achieved_at timestamptz not null,
        country text null,
        visible boolean not null default true,
        version bigint not null default 1,
        updated_at timestamptz not null,
        primary key (board_id, period, user_id),
        constraint leaderboard_entries_country check (country is null or country ~ '^[A-Z]{2}$'),
        constraint leaderboard_entries_value_half check (value * 2 = round(value * 2) and abs(value) <= 1000000)
      )`);
    this.addSql(
      'create index leaderboard_entries_order on leaderboard_entries (board_id, period, value, achieved_at) where visible',
    );
    this.addSql(`
      create table leaderboard_writes (
        game_id text not null references games (id) on delete cascade,
        board_id text not null,
        period text not null,
        user_ids uuid[] not null,
        created_at timestamptz not null,
        applied_at timestamptz null,
        primary key (game_id, board_id)
      )`);
    this.addSql(
      'create index leaderboard_writes_pending on leaderboard_writes (created_at) where applied_at is null',
    );
    this.addSql(`
      create table leaderboard_periods (
        board_id text not null,
        period text not null,
        ends_at timestamptz null,
        closed_at timestamptz null,
        total integer null,
        standings jsonb null,
        primary key (board_id, period)
      )`);
    this.addSql(
      'create index leaderboard_periods_open on leaderboard_periods (ends_at) where closed_at is null and ends_at is not null',
    );
  }

  override down(): void {
    this.addSql('drop table leaderboard_periods');
    this.addSql('drop table leaderboard_writes');
    this.addSql('drop table leaderboard_entries');
  }
}
