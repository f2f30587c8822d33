/**
 * `npm run loadtest -- <scenario> --clients N …`: simulated players driven by the Rookery client
 * SDK inside `@colyseus/loadtest`, which starts them, counts their connections and traffic and
 * draws its dashboard on a terminal. At the end (every client done, or `--duration` over, or
 * Ctrl-C) it prints each step's count, errors and p50/p95/p99; it exits 1 when a client failed
 * or a step had errors, 2 on a wrong command line. Options: `loadtest/README.md`.
 */
import { writeSync } from 'node:fs';
import { Writable } from 'node:stream';
import { cli } from '@colyseus/loadtest';
import { parseLoadArgs, USAGE, UsageError } from './load/options.ts';
import { RunContext } from './load/play.ts';
import { SCENARIO_TABLE } from './load/scenarios.ts';
import { errorCode, formatReport, StepRecorder } from './load/steps.ts';

const print = (text: string) => writeSync(1, text);

let options: ReturnType<typeof parseLoadArgs>;
try {
  options = parseLoadArgs(process.argv.slice(2), process.env);
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  writeSync(2, `${err.message}\n\n${USAGE}\n`);
  process.exit(2);
}

const ctx = new RunContext(options, new StepRecorder());
const scenario = SCENARIO_TABLE[options.scenario];
const started = performance.now();
const outcome = { completed: 0, failed: 0 };
const failures = new Map<string, number>();
let reported = false;

/** Prints the report once (also when the run is cut short); the exit code says whether all went well. */
function report(): void {
  if (reported) return;
  reported = true;
  const steps = ctx.steps.summary();
  const settled = outcome.completed + outcome.failed;
  print(
    formatReport(
      {
        scenario: options.scenario,
        endpoint: options.baseUrl,
        clients: options.clients,
        completed: outcome.completed,
        failed: outcome.failed,
        cutOff: options.clients - settled,
        elapsedMs: performance.now() - started,
      },
      steps,
    ),
  );
  for (const [why, count] of failures) print(`failed clients: ${count} × ${why}\n`);
  if (outcome.failed > 0 || steps.some((s) => s.errors > 0)) process.exitCode = 1;
}

/** Ends the run; the report is printed on the way out, once the dashboard has given the terminal back. */
const finish = () => process.exit();

async function runClient(clientId: number): Promise<void> {
  try {
    await scenario.client(ctx, clientId);
    outcome.completed++;
  } catch (err) {
    outcome.failed++;
    const why = `${errorCode(err)}: ${err instanceof Error ? err.message : String(err)}`;
    failures.set(why, (failures.get(why) ?? 0) + 1);
  }
  if (outcome.completed + outcome.failed === options.clients) finish();
}

setTimeout(finish, options.durationMs).unref();
// The clients of a scenario with a background (the games spectators watch) cannot go on without it.
void scenario.background?.(ctx).catch((err) => {
  ctx.steps.fail('background', err);
  finish();
});

// @colyseus/loadtest reads its own options from the command line.
process.argv = [
  process.argv[0]!,
  process.argv[1]!,
  '--endpoint',
  options.baseUrl.replace(/^http/, 'ws'),
  '--room',
  options.scenario,
  '--numClients',
  String(options.clients),
  '--delay',
  String(options.rampMs),
  ...(options.output ? ['--output', options.output] : []),
];

// Its dashboard needs a terminal: elsewhere (CI, a pipe) it draws into nothing and a line of
// progress is printed every 10 s instead.
const stdout = Object.getOwnPropertyDescriptor(process, 'stdout')!;
if (!process.stdout.isTTY) {
  const nowhere = Object.assign(new Writable({ write: (_chunk, _encoding, done) => done() }), {
    isTTY: false,
    columns: 120,
    rows: 40,
  });
  Object.defineProperty(process, 'stdout', { value: nowhere, configurable: true });
  setInterval(() => {
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    const errors = ctx.steps.summary().reduce((sum, s) => sum + s.errors, 0);
    print(
      `${seconds} s: ${outcome.completed} of ${options.clients} clients done, ${outcome.failed} failed, ${errors} step errors\n`,
    );
  }, 10_000).unref();
}
// Its closing "Writing log file..." line is left out of the report: `cli` keeps the console.log it finds.
console.log = () => undefined;
try {
  // Each call starts one client and returns at once, so `--ramp` alone paces the start.
  cli(async ({ clientId }) => {
    void runClient(clientId);
  });
} finally {
  Object.defineProperty(process, 'stdout', stdout);
}
// After `cli`: exit listeners run in order, and the dashboard's own one restores the terminal.
process.on('exit', report);
