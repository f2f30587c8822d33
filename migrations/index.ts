import { Migration20261122000000_accounts } from './Migration20261122000000_accounts.ts';
import { Migration20261123000000_games } from './Migration20261123000000_games.ts';
import { Migration20261205000000_match_records } from './Migration20261205000000_match_records.ts';
import { Migration20261206000000_leaderboards } from './Migration20261206000000_leaderboards.ts';
import { Migration20261206010000_moderation } from './Migration20261206010000_moderation.ts';
import { Migration20261206020000_account_life } from './Migration20261206020000_account_life.ts';
import { Migration20261206030000_leaderboard_bans } from './Migration20261206030000_leaderboard_bans.ts';
import { Migration20261207000000_tournaments } from './Migration20261207000000_tournaments.ts';
import { Migration20261208000000_knockout_tournaments } from './Migration20261208000000_knockout_tournaments.ts';
import { Migration20261209000000_arena_tournaments } from './Migration20261209000000_arena_tournaments.ts';
import { Migration20261211000000_tournament_access } from './Migration20261211000000_tournament_access.ts';
import { Migration20261212000000_seat_berserk } from './Migration20261212000000_seat_berserk.ts';
import { Migration20261212010000_groups_knockout_tournaments } from './Migration20261212010000_groups_knockout_tournaments.ts';
import { Migration20261212020000_forfeited_seats } from './Migration20261212020000_forfeited_seats.ts';
import { Migration20261213000000_table_tournaments } from './Migration20261213000000_table_tournaments.ts';
import { Migration20261214000000_tournament_manual_start } from './Migration20261214000000_tournament_manual_start.ts';

/**
 * Every migration, in order. Listed explicitly (not discovered from the file system) so the same
 * list runs from TypeScript sources and from the compiled build, on PGlite and on PostgreSQL.
 */
export const migrations = [
  { name: 'Migration20261122000000_accounts', class: Migration20261122000000_accounts },
  { name: 'Migration20261123000000_games', class: Migration20261123000000_games },
  { name: 'Migration20261205000000_match_records', class: Migration20261205000000_match_records },
  { name: 'Migration20261206000000_leaderboards', class: Migration20261206000000_leaderboards },
  { name: 'Migration20261206010000_moderation', class: Migration20261206010000_moderation },
  { name: 'Migration20261206020000_account_life', class: Migration20261206020000_account_life },
  { name: 'Migration20261206030000_leaderboard_bans', class: Migration20261206030000_leaderboard_bans },
  { name: 'Migration20261207000000_tournaments', class: Migration20261207000000_tournaments },
  {
    name: 'Migration20261208000000_knockout_tournaments',
    class: Migration20261208000000_knockout_tournaments,
  },
  { name: 'Migration20261209000000_arena_tournaments', class: Migration20261209000000_arena_tournaments },
  { name: 'Migration20261211000000_tournament_access', class: Migration20261211000000_tournament_access },
  { name: 'Migration20261212000000_seat_berserk', class: Migration20261212000000_seat_berserk },
  {
    name: 'Migration20261212010000_groups_knockout_tournaments',
    class: Migration20261212010000_groups_knockout_tournaments,
  },
  { name: 'Migration20261212020000_forfeited_seats', class: Migration20261212020000_forfeited_seats },
  { name: 'Migration20261213000000_table_tournaments', class: Migration20261213000000_table_tournaments },
  {
    name: 'Migration20261214000000_tournament_manual_start',
    class: Migration20261214000000_tournament_manual_start,
  },
];
