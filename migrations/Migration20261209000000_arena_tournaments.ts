import { Migration } from '@mikro-orm/migrations';

/** Arenas are played by the tournament room too: the format's check takes them. */
export class Migration20261209000000_arena_tournaments extends Migration {
  override name = 'Migration20261209000000_arena_tournaments';

  override up(): void {
    this.addSql('alter table tournaments drop constraint tournaments_format_known');
    this.addSql(`alter table tournaments add constraint tournaments_format_known
      check (format in ('swiss', 'round-robin', 'knockout', 'arena'))`);
  }

  override down(): void {
    // Arenas created meanwhile stay readable; only new rows are checked again.
    this.addSql('alter table tournaments drop constraint tournaments_format_known');
    this.addSql(`alter table tournaments add constraint tournaments_format_known
      check (format in ('swiss', 'round-robin', 'knockout')) not valid`);
  }
}
