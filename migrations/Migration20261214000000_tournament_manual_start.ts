import { Migration } from '@mikro-orm/migrations';

/**
 * A tournament its creator starts by hand has no start time until it starts: its row's
 * `starts_at` is null until then, and takes the moment of the start.
 */
export class Migration20261214000000_tournament_manual_start extends Migration {
  override name = 'Migration20261214000000_tournament_manual_start';

  override up(): void {
    this.addSql('alter table tournaments alter column starts_at drop not null');
  }

  override down(): void {
    // One still waiting for its start is listed by its creation time.
    this.addSql('update tournaments set starts_at = created_at where starts_at is null');
    this.addSql('alter table tournaments alter column starts_at set not null');
  }
}
