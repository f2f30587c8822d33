import { Counter, Histogram, type Registry } from 'prom-client';

/** The metrics of mail and of the accounts' cleanup, registered on the server's registry. */
export interface AccountMetrics {
  /** Mails by kind and outcome: `sent`, `retried` (one failed attempt), `failed` (given up), `dropped` (outbox full). */
  mail: Counter<'kind' | 'outcome'>;
  /** Rows the cleanup removed, by what they were. */
  cleanupRemoved: Counter<'what'>;
  /** Cleanup rounds by outcome: `done`, `skipped` (another node holds the round), `failed`. */
  cleanupRuns: Counter<'outcome'>;
  cleanupDuration: Histogram<never>;
}

export function createAccountMetrics(registry: Registry): AccountMetrics {
  return {
    mail: new Counter({
      name: 'rookery_mail_total',
      help: 'Mails by kind and outcome (sent, retried, failed, dropped)',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    }),
    cleanupRemoved: new Counter({
      name: 'rookery_account_cleanup_removed_total',
      help: 'Rows removed by the accounts cleanup, by kind (sessions, tokens, guests)',
      labelNames: ['what'],
      registers: [registry],
    }),
    cleanupRuns: new Counter({
      name: 'rookery_account_cleanup_runs_total',
      help: 'Rounds of the accounts cleanup, by outcome (done, skipped, failed)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    cleanupDuration: new Histogram({
      name: 'rookery_account_cleanup_seconds',
      help: 'Time one round of the accounts cleanup takes',
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      registers: [registry],
    }),
  };
}
