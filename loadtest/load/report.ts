import { writeSync } from 'node:fs';
import type { LoadOptions } from './options.ts';
import { errorCode, formatReport, type StepRecorder } from './steps.ts';

export const print = (text: string) => writeSync(1, text);

/** A failed client's reason as the report lists it: the error code and message. */
export function failureText(err: unknown): string {
  return `${errorCode(err)}: ${err instanceof Error ? err.message : String(err)}`;
}

/** How the clients of a run ended so far: completed, or failed and why. */
export class ClientTally {
  completed = 0;
  failed = 0;
  readonly failures = new Map<string, number>();

  get settled(): number {
    return this.completed + this.failed;
  }

  complete(): void {
    this.completed++;
  }

  fail(why: string, count = 1): void {
    this.failed += count;
    this.failures.set(why, (this.failures.get(why) ?? 0) + count);
  }
}

/** The line printed every 10 s while a run goes on without the dashboard. */
export function progressLine(
  options: LoadOptions,
  steps: StepRecorder,
  tally: ClientTally,
  elapsedMs: number,
): string {
  const errors = steps.summary().reduce((sum, s) => sum + s.errors, 0);
  return `${(elapsedMs / 1000).toFixed(0)} s: ${tally.completed} of ${options.clients} clients done, ${tally.failed} failed, ${errors} step errors\n`;
}

/**
 * Prints the run's report; returns its exit code: 0 when no step had an error and no client
 * failed, 1 otherwise. Clients neither completed nor failed were cut off by the end of the run.
 */
export function printReport(
  options: LoadOptions,
  steps: StepRecorder,
  tally: ClientTally,
  elapsedMs: number,
): 0 | 1 {
  const summary = steps.summary();
  print(
    formatReport(
      {
        scenario: options.scenario,
        endpoint: options.baseUrl,
        clients: options.clients,
        completed: tally.completed,
        failed: tally.failed,
        cutOff: options.clients - tally.settled,
        elapsedMs,
      },
      summary,
    ),
  );
  for (const [why, count] of tally.failures) print(`failed clients: ${count} × ${why}\n`);
  return tally.failed > 0 || summary.some((s) => s.errors > 0) ? 1 : 0;
}
