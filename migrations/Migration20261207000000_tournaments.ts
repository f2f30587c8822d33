import { Migration } from '@mikro-orm/migrations';

/**
 * Tournaments: a row per tournament for listing (its status follows the log), and the log itself,
 * append-only and numbered like a game's, from which the tournament's room is rebuilt on any node.
 */
export class Migration20261207000000_tournaments extends Migration {
  override name = 'Migration20261207000000_tournaments';

  override up(): void {
    this.addSql(`
      create table tournaments (
        id varchar(32) primary key,
        name varchar(80) not null,
        game varchar(32) not null,
        format varchar(16) not null,
        status varchar(16) not null default 'upcoming',
        starts_at timestamptz not null,
        created_by uuid null references users (id) on delete set null,
        created_at timestamptz not null default now(),
        constraint tournaments_status_known check (status in ('upcoming', 'running', 'finished')),
        constraint tournaments_format_known check (format in ('swiss', 'round-robin'))
      )`);
    this.addSql('create index tournaments_status_idx on tournaments (status, starts_at)');
    this.addSql(`
      create table tournament_events (
        tournament_id varchar(32) not null references tournaments (id) on delete cascade,
        seq integer not null,
        event jsonb not null,
        recorded_at timestamptz not null default now(),
        primary key (tournament_id, seq)
      )`);
  }

  override down(): void {
    this.addSql('drop table tournament_events');
    this.addSql('drop table tournaments');
  }
}
