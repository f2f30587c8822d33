import { Writable } from 'node:stream';
import { cli } from '@colyseus/loadtest';
import type { LoadOptions } from './options.ts';

/** What `@colyseus/loadtest`'s `cli` is asked to run in this process. */
export interface CliPlan {
  numClients: number;
  /** Milliseconds between one start and the next. */
  delayMs: number;
  /** Its log file, if any. */
  output: string | undefined;
}

/**
 * Calls `start(clientId)` for `plan.numClients` clients (ids from 0) inside `@colyseus/loadtest`'s
 * `cli`, which counts their connections and traffic and draws its dashboard. `start` must return
 * at once, so the delay alone paces the starts. Returns whether the dashboard has the terminal:
 * without one (CI, a pipe, a worker process) it is drawn into nothing. `cli` never stops by itself.
 */
export function startInCli(options: LoadOptions, plan: CliPlan, start: (clientId: number) => void): boolean {
  // `cli` reads its own options from the command line.
  process.argv = [
    process.argv[0]!,
    process.argv[1]!,
    '--endpoint',
    options.baseUrl.replace(/^http/, 'ws'),
    '--room',
    options.scenario,
    '--numClients',
    String(plan.numClients),
    '--delay',
    String(plan.delayMs),
    ...(plan.output ? ['--output', plan.output] : []),
  ];
  const onTerminal = Boolean(process.stdout.isTTY);
  const stdout = Object.getOwnPropertyDescriptor(process, 'stdout')!;
  if (!onTerminal) {
    const nowhere = Object.assign(new Writable({ write: (_chunk, _encoding, done) => done() }), {
      isTTY: false,
      columns: 120,
      rows: 40,
    });
    Object.defineProperty(process, 'stdout', { value: nowhere, configurable: true });
  }
  // Its closing "Writing log file..." line is left out of the report: `cli` keeps the console.log it finds.
  console.log = () => undefined;
  try {
    cli(async ({ clientId }) => {
      start(clientId);
    });
  } finally {
    Object.defineProperty(process, 'stdout', stdout);
  }
  return onTerminal;
}
