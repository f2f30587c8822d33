/**
 * One worker process of `npm run loadtest -- … --workers N`, started by `workers.ts`: runs its
 * plan's clients (`WorkerPlan`) inside `@colyseus/loadtest`'s `cli`, its dashboard drawn into
 * nothing, and reports to the run over IPC (`WorkerMessage`): every step's durations and errors
 * (once a second, and before each client's end), each client's end, and `stopped` once asked to
 * `stop`. It exits when the run's process goes away.
 */
// First: the SDK loaded by the imports below takes its WebSocket from the global then.
import '../node-websocket.ts';
import { startInCli } from './colyseus-cli.ts';
import { RunContext } from './play.ts';
import { failureText } from './report.ts';
import { SCENARIO_TABLE } from './scenarios.ts';
import { StepRecorder } from './steps.ts';
import type { RunMessage, WorkerMessage, WorkerPlan } from './workers.ts';

const plan = JSON.parse(process.argv[2]!) as WorkerPlan;
const ctx = new RunContext(plan.options, new StepRecorder(), plan.slice);
const scenario = SCENARIO_TABLE[plan.options.scenario];
let stopped = false;

const send = (message: WorkerMessage) => {
  if (!stopped && process.connected) process.send!(message);
};
const flush = () => {
  const steps = ctx.steps.drain();
  if (steps.length) send({ type: 'steps', steps });
};

async function runClient(clientId: number): Promise<void> {
  let failure: string | undefined;
  try {
    await scenario.client(ctx, clientId);
  } catch (err) {
    failure = failureText(err);
  }
  flush();
  send({ type: 'client', failure });
}

function start(): void {
  setInterval(flush, 1_000).unref();
  void scenario.background?.(ctx).catch((err) => {
    ctx.steps.fail('background', err);
    flush();
    send({ type: 'ended' });
  });
  setTimeout(() => {
    startInCli(plan.options, plan.cli, (clientId) => void runClient(plan.slice.firstClient + clientId));
  }, plan.startDelayMs);
}

process.on('message', (message: RunMessage) => {
  if (message.type === 'go') start();
  else if (message.type === 'stop') {
    flush();
    send({ type: 'stopped' });
    stopped = true;
  }
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
