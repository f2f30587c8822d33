import { Migration } from '@mikro-orm/migrations';

/**
 * A seat can lose a game that has no result by not playing it (chess: a first move not made in
 * time): the game stays unrated, and the tournament that made it reads the seat's forfeit again
 * when its report is sent once more.
 */
export class Migration20261212020000_forfeited_seats extends Migration {
  override name = 'Migration20261212020000_forfeited_seats';

  override up(): void {
    this.addSql('alter table game_players add column forfeited boolean not null default false');
  }

  override down(): void {
    this.addSql('alter table game_players drop column forfeited');
  }
}
