import { Migration } from '@mikro-orm/migrations';

/**
 * An arena game's seats keep, with their result, the moves each made and whether it went
 * berserk: a result sent again after its room died (from the record) scores the berserk point
 * as the room's own report would have. Null for every other game.
 */
export class Migration20261212000000_seat_berserk extends Migration {
  override name = 'Migration20261212000000_seat_berserk';

  override up(): void {
    this.addSql(`
      alter table game_players
        add column moves integer null,
        add column berserk boolean null`);
  }

  override down(): void {
    this.addSql(`
      alter table game_players
        drop column berserk,
        drop column moves`);
  }
}
