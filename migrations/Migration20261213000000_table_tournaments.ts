import { Migration } from '@mikro-orm/migrations';

/** Tournaments of tables (golf) are played by the tournament room too: the format's check takes them. */
export class Migration20261213000000_table_tournaments extends Migration {
  override name = 'Migration20261213000000_table_tournaments';

  override up(): void {
    this.addSql('alter table tournaments drop constraint tournaments_format_known');
    this.addSql(`alter table tournaments add constraint tournaments_format_known
      check (format in ('swiss', 'round-robin', 'knockout', 'arena', 'groups-knockout', 'tables'))`);
  }

  override down(): void {
    // Tournaments of tables created meanwhile stay readable; only new rows are checked again.
    this.addSql('alter table tournaments drop constraint tournaments_format_known');
    this.addSql(`alter table tournaments add constraint tournaments_format_known
      check (format in ('swiss', 'round-robin', 'knockout', 'arena', 'groups-knockout')) not valid`);
  }
}
