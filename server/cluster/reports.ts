import { matchMaker } from '@colyseus/core';
import { finishedOutcome } from '../../rooms/shared/matches.ts';
import type { Logger } from '../platform/logger.ts';
import type { MatchRecords } from '../services/ports.ts';
import { repeat } from './repeat.ts';

/** How many untaken match reports one round sends again. */
const REPORTS_A_ROUND = 100;

/**
 * Results that have not reached their match's creator: the match's room publishes its result
 * once the record took it, but its node may die in between, or the creator may miss the message
 * (it was moving to another node). Every node sends again, each round, what the record still holds
 * as untaken; the creator takes a report through the record (`reportDelivered`, true only the
 * first time), so a repeat is no news and a result is acted on exactly once.
 */
export class ReportKeeper {
  constructor(
    private readonly records: Pick<MatchRecords, 'pendingReports'>,
    private readonly log: Logger,
  ) {}

  /** Sends the untaken reports once. */
  async resend(): Promise<number> {
    const pending = await this.records.pendingReports(REPORTS_A_ROUND);
    for (const report of pending) {
      await matchMaker.presence.publish(report.reportTo, finishedOutcome(report.gameId, report.finished));
    }
    return pending.length;
  }

  /** Sends them again every `intervalMs`; returns stop. */
  keep(intervalMs: number): () => void {
    return repeat(
      intervalMs,
      async () => {
        await this.resend();
      },
      (err) => this.log.error({ err }, 'could not send the pending match reports'),
    );
  }
}
