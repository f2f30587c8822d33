import type { Mail, Mailer, MailOutbox } from '../../services/mail.ts';
import type { AccountMetrics } from '../account-metrics.ts';
import type { Logger } from '../logger.ts';

export interface OutboxOptions {
  /** Attempts per mail before it is given up (logged and counted). */
  attempts: number;
  /** The wait after the first failure; each next wait doubles. */
  backoffMs: number;
  /** Mails that may wait at once; beyond, a new mail is dropped (logged and counted). */
  capacity: number;
}

export const DEFAULT_OUTBOX: OutboxOptions = { attempts: 6, backoffMs: 1000, capacity: 1000 };

/**
 * Delivers mails in the background, each retried with exponential backoff, so a request that
 * sends a mail never waits for the mail server and a mail server that hiccups loses nothing.
 * The outbox lives in memory: a mail still waiting when the process stops is lost, and the user
 * asks again (every mail here is a link the user can ask for anew).
 */
export class RetryingOutbox implements MailOutbox {
  private readonly pending = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly mailer: Mailer,
    private readonly log: Logger,
    private readonly metrics: AccountMetrics,
    private readonly options: OutboxOptions = DEFAULT_OUTBOX,
  ) {}

  post(mail: Mail): void {
    if (this.closed || this.pending.size >= this.options.capacity) {
      this.metrics.mail.inc({ kind: mail.kind, outcome: 'dropped' });
      this.log.error({ kind: mail.kind }, 'mail dropped: the outbox is full or closed');
      return;
    }
    const delivery = this.deliver(mail).finally(() => this.pending.delete(delivery));
    this.pending.add(delivery);
  }

  /** Resolves once every mail posted so far is delivered or given up. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Takes no more mail and waits (at most `timeoutMs`) for the mails in flight. */
  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
      timer.unref();
    });
    await Promise.race([this.idle(), timeout]);
    clearTimeout(timer);
  }

  private async deliver(mail: Mail): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.mailer.send(mail);
        this.metrics.mail.inc({ kind: mail.kind, outcome: 'sent' });
        return;
      } catch (err) {
        if (attempt >= this.options.attempts || this.closed) {
          this.metrics.mail.inc({ kind: mail.kind, outcome: 'failed' });
          this.log.error(
            { err, kind: mail.kind, attempts: attempt },
            'mail could not be delivered; given up',
          );
          return;
        }
        this.metrics.mail.inc({ kind: mail.kind, outcome: 'retried' });
        const waitMs = this.options.backoffMs * 2 ** (attempt - 1);
        this.log.warn({ err, kind: mail.kind, attempt, waitMs }, 'mail delivery failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, waitMs).unref());
      }
    }
  }
}
