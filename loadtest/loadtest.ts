/**
 * `npm run loadtest -- <scenario> --clients N …`: simulated players driven by the Rookery client
 * SDK inside `@colyseus/loadtest`, which starts them, counts their connections and traffic and
 * draws its dashboard on a terminal. At the end (every client done, or `--duration` over, or
 * Ctrl-C) it prints each step's count, errors and p50/p95/p99; it exits 1 when a client failed
 * or a step had errors, 2 on a wrong command line. With `--workers N` the clients are spread over
 * N child processes (`load/workers.ts`) and their figures merged. Options: `loadtest/README.md`.
 */
// First: the SDK loaded by the imports below takes its WebSocket from the global then.
import './node-websocket.ts';
import { writeSync } from 'node:fs';
import { startInCli } from './load/colyseus-cli.ts';
import { type LoadOptions, parseLoadArgs, USAGE, UsageError } from './load/options.ts';
import { RunContext } from './load/play.ts';
import { ClientTally, failureText, print, printReport, progressLine } from './load/report.ts';
import { SCENARIO_TABLE } from './load/scenarios.ts';
import { StepRecorder } from './load/steps.ts';
import { runWorkers } from './load/workers.ts';

let options: LoadOptions;
try {
  options = parseLoadArgs(process.argv.slice(2), process.env);
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  writeSync(2, `${err.message}\n\n${USAGE}\n`);
  process.exit(2);
}

if (options.workers > 1) runWorkers(options);
else runInProcess(options);

/** The whole run in this process, with `@colyseus/loadtest`'s dashboard on a terminal. */
function runInProcess(options: LoadOptions): void {
  const ctx = new RunContext(options, new StepRecorder());
  const scenario = SCENARIO_TABLE[options.scenario];
  const started = performance.now();
  const tally = new ClientTally();
  let reported = false;

  /** Prints the report once (also when the run is cut short); the exit code says whether all went well. */
  const report = () => {
    if (reported) return;
    reported = true;
    if (printReport(options, ctx.steps, tally, performance.now() - started) !== 0) process.exitCode = 1;
  };

  /** Ends the run; the report is printed on the way out, once the dashboard has given the terminal back. */
  const finish = () => process.exit();

  const runClient = async (clientId: number) => {
    try {
      await scenario.client(ctx, clientId);
      tally.complete();
    } catch (err) {
      tally.fail(failureText(err));
    }
    if (tally.settled === options.clients) finish();
  };

  setTimeout(finish, options.durationMs).unref();
  // The clients of a scenario with a background (the games spectators watch) cannot go on without it.
  void scenario.background?.(ctx).catch((err) => {
    ctx.steps.fail('background', err);
    finish();
  });

  const onTerminal = startInCli(
    options,
    { numClients: options.clients, delayMs: options.rampMs, output: options.output },
    (clientId) => void runClient(clientId),
  );
  // Without the dashboard a line of progress is printed every 10 s instead.
  if (!onTerminal) {
    setInterval(
      () => print(progressLine(options, ctx.steps, tally, performance.now() - started)),
      10_000,
    ).unref();
  }
  // After `cli`: exit listeners run in order, and the dashboard's own one restores the terminal.
  process.on('exit', report);
}
