import { Migration20261122000000_accounts } from './Migration20261122000000_accounts.ts';

/**
 * Every migration, in order. Listed explicitly (not discovered from the file system) so the same
 * list runs from TypeScript sources and from the compiled build, on PGlite and on PostgreSQL.
 */
export const migrations = [
  { name: 'Migration20261122000000_accounts', class: Migration20261122000000_accounts },
];
