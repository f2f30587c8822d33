import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { share } from '../support.ts';
import type { CliPlan } from './colyseus-cli.ts';
import { type LoadOptions, spectateGames } from './options.ts';
import { newRunId, type RunSlice } from './play.ts';
import { ClientTally, print, printReport, progressLine } from './report.ts';
import { type StepDelta, StepRecorder } from './steps.ts';

/** What one worker process runs: its own options (its clients, its games), its slice of the run, its pace. */
export interface WorkerPlan {
  /** 1 to N. */
  worker: number;
  options: LoadOptions;
  slice: RunSlice;
  /** After `go`, the wait before this worker's first start, so that the workers' starts interleave. */
  startDelayMs: number;
  cli: CliPlan;
}

/** From a worker to the run. A `client` message follows the steps of that client's last attempts. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'steps'; steps: StepDelta[] }
  /** One client is done: completed, or failed with `failure` (as the report lists it). */
  | { type: 'client'; failure?: string }
  /** The scenario's background failed (its error is in the steps): the run cannot go on. */
  | { type: 'ended' }
  /** The answer to `stop`: every figure has been sent, nothing follows. */
  | { type: 'stopped' };

/** From the run to a worker: start the clients; send the last figures and go quiet. */
export type RunMessage = { type: 'go' } | { type: 'stop' };

/** How long workers may take to load before the run gives up on them. */
const START_LIMIT_MS = 60_000;
/** How long a worker may take to send its last figures once asked (a pegged one is slow). */
const STOP_LIMIT_MS = 5_000;

/**
 * Splits a run over `options.workers` processes: each a contiguous range of client ids (whole
 * parties in the party scenario, since a party's code is handed over in-process) and, in the
 * spectate scenario, its own share of the games, with the clients that watch them. The starts
 * interleave so that `--ramp` still paces them overall.
 */
export function planWorkers(options: LoadOptions, runId: string): WorkerPlan[] {
  const n = options.workers;
  const unit = options.scenario === 'party' ? options.partySize : 1;
  const games = options.scenario === 'spectate' ? spectateGames(options) : undefined;
  let firstClient = 0;
  let firstGame = 0;
  return Array.from({ length: n }, (_, k) => {
    const clients = share(options.clients / unit, k, n) * unit;
    const own = games === undefined ? options.games : share(games, k, n);
    const plan: WorkerPlan = {
      worker: k + 1,
      options: { ...options, clients, games: own, workers: 1 },
      slice: { runId, firstClient, firstGame },
      startDelayMs: k * options.rampMs,
      cli: {
        numClients: clients,
        delayMs: n * options.rampMs,
        output: options.output && `${options.output}.${k + 1}`,
      },
    };
    firstClient += clients;
    firstGame += own ?? 0;
    return plan;
  });
}

interface Worker {
  plan: WorkerPlan;
  child: ChildProcess;
  ready: boolean;
  /** Its clients done so far. */
  settled: number;
  /** Resolves once it has sent its last figures or exited. */
  quiet: Promise<void>;
  exited: Promise<void>;
}

const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/**
 * Runs `options` over `options.workers` child processes (`worker.ts`) and merges what they
 * report: every step's durations (so percentiles are over all of them), errors, and each client's
 * end. Prints a line of progress every 10 s and, at the end (every client done, `--duration`
 * over, Ctrl-C or SIGTERM), the report; exits with its code. The workers are stopped on every
 * way out: they run in process groups of their own (Ctrl-C reaches only this process, which asks
 * them for their last figures) and exit by themselves if this process dies.
 */
export function runWorkers(options: LoadOptions): void {
  const steps = new StepRecorder();
  const tally = new ClientTally();
  let started: number | undefined;
  let ending = false;

  const workers: Worker[] = planWorkers(options, newRunId()).map((plan) => {
    const child = fork(path.join(import.meta.dirname, 'worker.ts'), [JSON.stringify(plan)], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'advanced',
      detached: true,
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const quiet = new Promise<void>((resolve) => {
      child.on('message', (message: WorkerMessage) => message.type === 'stopped' && resolve());
      void exited.then(resolve);
    });
    return { plan, child, ready: false, settled: 0, quiet, exited };
  });
  const killAll = () => {
    for (const { child } of workers) if (alive(child)) child.kill('SIGKILL');
  };
  process.on('exit', killAll);

  const send = (worker: Worker, message: RunMessage) => {
    if (worker.child.connected) worker.child.send(message);
  };

  const go = () => {
    if (started !== undefined || ending || !workers.every((w) => w.ready || !alive(w.child))) return;
    started = performance.now();
    for (const worker of workers) send(worker, { type: 'go' });
    setTimeout(() => void end(), options.durationMs).unref();
    setInterval(
      () => print(progressLine(options, steps, tally, performance.now() - started!)),
      10_000,
    ).unref();
  };

  const end = async () => {
    if (ending) return;
    ending = true;
    for (const worker of workers) send(worker, { type: 'stop' });
    await Promise.all(workers.map((w) => Promise.race([w.quiet, sleep(STOP_LIMIT_MS)])));
    await Promise.all(
      workers.map(async ({ child, exited }) => {
        if (!alive(child)) return;
        child.kill('SIGTERM');
        if (!(await Promise.race([exited.then(() => true), sleep(2_000, false)]))) child.kill('SIGKILL');
      }),
    );
    const code = printReport(options, steps, tally, started === undefined ? 0 : performance.now() - started);
    process.exit(code);
  };

  for (const worker of workers) {
    const { child, plan } = worker;
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        worker.ready = true;
        go();
      } else if (message.type === 'steps') {
        steps.merge(message.steps);
      } else if (message.type === 'client') {
        worker.settled++;
        if (message.failure === undefined) tally.complete();
        else tally.fail(message.failure);
        if (tally.settled === options.clients) void end();
      } else if (message.type === 'ended') {
        void end();
      }
    });
    child.once('exit', (code, signal) => {
      if (ending) return;
      // Its clients still busy are failed: they cannot finish, and no figure of theirs will come.
      const left = plan.options.clients - worker.settled;
      if (left > 0) tally.fail(`worker ${plan.worker} exited (${signal ?? `code ${code}`})`, left);
      if (tally.settled === options.clients) void end();
      else go();
    });
  }

  const startLimit = setTimeout(() => {
    if (started !== undefined) return;
    process.stderr.write(`the workers did not start within ${START_LIMIT_MS / 1000} s\n`);
    void end();
  }, START_LIMIT_MS);
  startLimit.unref();
  process.once('SIGINT', () => void end());
  process.once('SIGTERM', () => void end());
}
