import { Migration } from '@mikro-orm/migrations';

/** Groups then knockout is played by the tournament room too: the format's check takes it. */
export class Migration20261212010000_groups_knockout_tournaments extends Migration {
  override name = 'Migration20261212010000_groups_knockout_tournaments';

  override up(): void {
    this.addSql('alter table tournaments drop constraint tournaments_format_known');
    this.addSql(`alter table tournaments add constraint tournaments_format_known
      check (format in ('swiss', 'round-robin', 'knockout', 'arena', 'groups-knockout'))`);
  }

  override down(): void {
    // Tournaments of groups created meanwhile stay readable; only new rows are checked again.
    this.addSql('alter table tournaments drop constraint tournaments_format_known');
    this.addSql(`alter table tournaments add constraint tournaments_format_known
      check (format in ('swiss', 'round-robin', 'knockout', 'arena')) not valid`);
  }
}
