import { RookeryError } from '../../client-sdk/index.ts';
import { percentile } from '../support.ts';

/** How long one attempt of a step may take before it fails. */
export const STEP_LIMIT_MS = 60_000;

/** What one step of a scenario observed: the time of each success, the failures by error code. */
interface StepFigures {
  latencies: number[];
  /** Attempts started and not yet settled. */
  inFlight: number;
  /** `inFlight` as of the last {@link StepRecorder.drain}. */
  inFlightDrained: number;
  /** By code: `drained` of `count` went out with the last drain. */
  errors: Map<string, { count: number; drained: number; first: string }>;
}

/**
 * What one step observed since the last drain of a recorder (a worker's), to be merged into
 * another (the run's): every duration, the change of the attempts in flight, new errors by code.
 */
export interface StepDelta {
  step: string;
  latencies: Float64Array;
  inFlight: number;
  errors: Array<{ code: string; count: number; first: string }>;
}

/** A failure's error code: the SDK's `RookeryError` code, or the kind of a bug or timeout. */
export function errorCode(err: unknown): string {
  if (err instanceof RookeryError) return err.code;
  if (err instanceof Error && /timed out|timeout|within \d+ ms/i.test(err.message)) return 'TIMEOUT';
  return err instanceof Error ? err.name : 'ERROR';
}

/**
 * The figures of a whole run, step by step, in the order steps were first seen. Steps are
 * named by the scenario (`sign in`, `queue → match`, `move`…); every call of {@link time} adds
 * one success or one failure to its step.
 */
export class StepRecorder {
  private readonly steps = new Map<string, StepFigures>();

  private figures(step: string): StepFigures {
    let figures = this.steps.get(step);
    if (!figures) {
      figures = { latencies: [], inFlight: 0, inFlightDrained: 0, errors: new Map() };
      this.steps.set(step, figures);
    }
    return figures;
  }

  /**
   * Runs `fn` as one attempt of `step`: its time is recorded on success, its error code on
   * failure (and rethrown); an attempt that takes longer than `limitMs` fails as a TIMEOUT.
   */
  async time<T>(step: string, fn: () => Promise<T>, limitMs = STEP_LIMIT_MS): Promise<T> {
    const figures = this.figures(step);
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${step} did not finish within ${limitMs} ms`)), limitMs);
    });
    figures.inFlight++;
    try {
      const value = await Promise.race([fn(), late]);
      figures.latencies.push(performance.now() - started);
      return value;
    } catch (err) {
      this.fail(step, err);
      throw err;
    } finally {
      figures.inFlight--;
      clearTimeout(timer);
    }
  }

  /** Records a duration measured elsewhere (a move seen by a spectator, timed from its sending). */
  record(step: string, ms: number): void {
    this.figures(step).latencies.push(ms);
  }

  /** Records a failure of `step`. */
  fail(step: string, err: unknown): void {
    const code = errorCode(err);
    const errors = this.figures(step).errors;
    const seen = errors.get(code);
    if (seen) seen.count++;
    else errors.set(code, { count: 1, drained: 0, first: err instanceof Error ? err.message : String(err) });
  }

  /**
   * Takes out what was observed since the last drain, step by step (steps with nothing new left
   * out). The durations drained are no longer in this recorder's {@link summary}: a recorder is
   * either drained (a worker's) or summarised (the run's), not both.
   */
  drain(): StepDelta[] {
    const deltas: StepDelta[] = [];
    for (const [step, figures] of this.steps) {
      const errors = [...figures.errors]
        .filter(([, e]) => e.count > e.drained)
        .map(([code, e]) => ({ code, count: e.count - e.drained, first: e.first }));
      const inFlight = figures.inFlight - figures.inFlightDrained;
      if (!figures.latencies.length && !errors.length && inFlight === 0) continue;
      deltas.push({ step, latencies: Float64Array.from(figures.latencies), inFlight, errors });
      figures.latencies.length = 0;
      figures.inFlightDrained = figures.inFlight;
      for (const e of figures.errors.values()) e.drained = e.count;
    }
    return deltas;
  }

  /** Adds what another recorder drained; an error code's first message is the first one merged. */
  merge(deltas: readonly StepDelta[]): void {
    for (const delta of deltas) {
      const figures = this.figures(delta.step);
      for (const ms of delta.latencies) figures.latencies.push(ms);
      figures.inFlight += delta.inFlight;
      for (const e of delta.errors) {
        const seen = figures.errors.get(e.code);
        if (seen) seen.count += e.count;
        else figures.errors.set(e.code, { count: e.count, drained: 0, first: e.first });
      }
    }
  }

  /** Every step's count, failures and p50/p95/p99/max in milliseconds. */
  summary(): StepSummary[] {
    return [...this.steps].map(([step, figures]) => {
      const sorted = Float64Array.from(figures.latencies).sort();
      const errors = [...figures.errors].map(([code, e]) => ({ code, count: e.count, first: e.first }));
      return {
        step,
        ok: sorted.length,
        inFlight: figures.inFlight,
        errors: errors.reduce((sum, e) => sum + e.count, 0),
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
        errorCodes: errors,
      };
    });
  }
}

export interface StepSummary {
  step: string;
  ok: number;
  /** Attempts still running when the summary was taken (cut off by the end of the run). */
  inFlight: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errorCodes: Array<{ code: string; count: number; first: string }>;
}

/** What a run ends with, besides its steps. */
export interface RunOutcome {
  scenario: string;
  endpoint: string;
  clients: number;
  completed: number;
  failed: number;
  /** Clients still busy when the time limit ended the run. */
  cutOff: number;
  elapsedMs: number;
}

const msText = (value: number) =>
  Number.isNaN(value) ? '-' : value < 10 ? value.toFixed(1) : value.toFixed(0);

/** The report as printed at the end of a run: a header, one row per step, then the errors by step and code. */
export function formatReport(outcome: RunOutcome, steps: StepSummary[]): string {
  const header = ['step', 'ok', 'errors', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
  const rows = steps.map((s) => [
    s.step,
    String(s.ok),
    String(s.errors),
    msText(s.p50),
    msText(s.p95),
    msText(s.p99),
    msText(s.max),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const lines = [
    `scenario ${outcome.scenario} against ${outcome.endpoint}: ${outcome.clients} clients in ${(outcome.elapsedMs / 1000).toFixed(1)} s`,
    `clients: ${outcome.completed} completed, ${outcome.failed} failed, ${outcome.cutOff} cut off by the time limit`,
    '',
    line(header),
    ...rows.map(line),
  ];
  const errors = steps.flatMap((s) =>
    s.errorCodes.map((e) => `  ${s.step}: ${e.code} × ${e.count} (first: ${e.first})`),
  );
  lines.push('', errors.length ? 'errors by step:' : 'errors by step: none', ...errors);
  const busy = steps.filter((s) => s.inFlight > 0).map((s) => `  ${s.step} × ${s.inFlight}`);
  if (busy.length) lines.push('cut off during:', ...busy);
  return `${lines.join('\n')}\n`;
}
