import { Migration } from '@mikro-orm/migrations';

/** Knockout tournaments are played by the tournament room too: the format's check takes them. */
export class Migration20261208000000_knockout_tournaments extends Migration {
  override name = 'Migration20261208000000_knockout_tournaments';

  override up(): void {
    this.addSql('alter table tournaments drop constraint tournaments_format_known');
    this.addSql(`alter table tournaments add constraint tournaments_format_known
      check (format in ('swiss', 'round-robin', 'knockout'))`);
  }

  override down(): void {
    // Knockouts created meanwhile stay readable; only new rows are checked again.
    this.addSql('alter table tournaments drop constraint tournaments_format_known');
    this.addSql(`alter table tournaments add constraint tournaments_format_known
      check (format in ('swiss', 'round-robin')) not valid`);
  }
}
