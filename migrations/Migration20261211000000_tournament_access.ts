import { Migration } from '@mikro-orm/migrations';

/**
 * Private tournaments: how a tournament is entered (null for a public one) and, for one entered
 * with a password, the password's hash. The listing reads `access` to leave private tournaments
 * out for everyone but their creator and their invited and entered players.
 */
export class Migration20261211000000_tournament_access extends Migration {
  override name = 'Migration20261211000000_tournament_access';

  override up(): void {
    this.addSql(`
      alter table tournaments
        add column access varchar(16) null,
        add column password_hash text null,
        add constraint tournaments_access_known check (access in ('password', 'invitation')),
        add constraint tournaments_password_hashed check (coalesce(access = 'password', false) = (password_hash is not null))`);
  }

  override down(): void {
    this.addSql(`
      alter table tournaments
        drop constraint tournaments_password_hashed,
        drop constraint tournaments_access_known,
        drop column password_hash,
        drop column access`);
  }
}
