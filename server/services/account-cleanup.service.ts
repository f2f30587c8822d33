import type { Database } from '../db/database.ts';
import type { NotificationsService } from './notifications.service.ts';
import type { Clock } from './ports.ts';

/** What one round removed. */
export interface CleanupReport {
  sessions: number;
  tokens: number;
  guests: number;
  notifications: number;
}

export interface AccountCleanupOptions {
  /** A guest that never played is removed this long after its creation (if not in use since). */
  guestMaxAgeSeconds: number;
  /** An ended session is kept this long (for the account's export and reuse detection). */
  endedSessionKeepSeconds: number;
  /** Rows a statement removes at most; a round repeats statements until fewer come back. */
  batch: number;
}

export const DEFAULT_ENDED_SESSION_KEEP_SECONDS = 7 * 86_400;

/**
 * Removes what the accounts leave behind: sessions expired (or ended a week ago), mail tokens
 * past their expiry, notifications read long ago (or beyond a user's newest few hundred), and guests that never played a game and have not been used for
 * `guestMaxAgeSeconds`. Each removal is idempotent, so two rounds at once would only share work;
 * the cluster still runs one at a time (see `server/cluster/account-cleanup.ts`).
 */
export class AccountCleanupService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly notifications: Pick<NotificationsService, 'prune'>,
    private readonly options: AccountCleanupOptions,
  ) {}

  async runOnce(): Promise<CleanupReport> {
    const now = this.clock();
    const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
    const { batch } = this.options;
    const drain = async (step: () => Promise<number>) => {
      let total = 0;
      for (;;) {
        const removed = await step();
        total += removed;
        if (removed < batch) return total;
      }
    };
    const guestAge = ago(this.options.guestMaxAgeSeconds);
    const guests = await drain(() =>
      this.db.transaction(async (repos) => {
        const removed = await repos.cleanup.deleteIdleGuests(guestAge, guestAge, batch);
        if (removed > 0) {
          await repos.audit.append({ action: 'cleanup.guests_removed', details: { count: removed } });
        }
        return removed;
      }),
    );
    const sessions = await drain(() =>
      this.db.transaction((repos) =>
        repos.refreshFamilies.deleteStale(now, ago(this.options.endedSessionKeepSeconds), batch),
      ),
    );
    const tokens = await drain(() => this.db.transaction((repos) => repos.tokens.deleteExpired(now, batch)));
    const notifications = await drain(() => this.notifications.prune(batch));
    return { sessions, tokens, guests, notifications };
  }
}
