import { matchMaker } from '@colyseus/core';
import type { App } from '../app.ts';
import type { Config } from '../config.ts';
import type { AccountMetrics } from '../platform/account-metrics.ts';
import type { Logger } from '../platform/logger.ts';
import type { AccountCleanupService, CleanupReport } from '../services/account-cleanup.service.ts';
import { repeat } from './repeat.ts';

/** The part of presence a cluster-wide lock needs (Colyseus' `Presence` has it). */
export interface LockStore {
  incr(key: string): Promise<number>;
  expire(key: string, seconds: number): unknown;
}

const LOCK_KEY = 'account-cleanup-round';

/**
 * Runs the accounts' cleanup once per interval across the whole cluster: every node looks at each
 * interval, and the first to raise the round's lock in presence runs it; the lock lasts the
 * interval, so the others skip until the next one. A node that dies in a round blocks nobody for
 * longer than the interval.
 */
export class AccountCleanupKeeper {
  constructor(
    private readonly cleanup: AccountCleanupService,
    private readonly locks: () => LockStore,
    private readonly intervalSeconds: number,
    private readonly metrics: AccountMetrics,
    private readonly log: Logger,
  ) {}

  /** One look: runs a round if no node of the cluster ran one within the interval. */
  async tick(): Promise<CleanupReport | 'skipped'> {
    const store = this.locks();
    if ((await store.incr(LOCK_KEY)) !== 1) {
      this.metrics.cleanupRuns.inc({ outcome: 'skipped' });
      return 'skipped';
    }
    // Lower than the interval by a little, so the next round is not skipped by a hair.
    await store.expire(LOCK_KEY, Math.max(1, this.intervalSeconds - 1));
    const stopTimer = this.metrics.cleanupDuration.startTimer();
    try {
      const report = await this.cleanup.runOnce();
      this.metrics.cleanupRuns.inc({ outcome: 'done' });
      for (const [what, count] of Object.entries(report)) this.metrics.cleanupRemoved.inc({ what }, count);
      if (Object.values(report).some((count) => count > 0)) this.log.info(report, 'accounts cleaned up');
      return report;
    } catch (err) {
      this.metrics.cleanupRuns.inc({ outcome: 'failed' });
      throw err;
    } finally {
      stopTimer();
    }
  }

  /** Looks every interval; returns the function that stops. */
  keep(): () => void {
    return repeat(
      this.intervalSeconds * 1000,
      () => this.tick(),
      (err) => this.log.error({ err }, 'the accounts cleanup failed'),
    );
  }
}

/** The node's keeper of the cleanup, on the matchmaker's presence (there once the game server runs). */
export function accountCleanupOf(
  app: Pick<App, 'services' | 'accountMetrics'>,
  config: Pick<Config, 'accounts'>,
  log: Logger,
): AccountCleanupKeeper {
  return new AccountCleanupKeeper(
    app.services.cleanup,
    () => matchMaker.presence,
    config.accounts.cleanupIntervalSeconds,
    app.accountMetrics,
    log,
  );
}
