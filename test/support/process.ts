import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ASYNC_CONTEXT_FRAMES } from '../../server/platform/async-context.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The processes `runCommand` started that have not exited, with the test file that started them
 * (`MOCHA_FILE` is set by `run.ts` as each file begins).
 */
const running = new Map<ChildProcess, { file: string; command: string; group: boolean }>();

/**
 * Ends the processes an earlier test file left running (SIGKILL, the whole group for a group)
 * and says which, and of which file. Each file stops what it starts; one that did not (a hook
 * that failed before its `after`) would otherwise share the worker's database and Redis with the
 * files after it: a server's own rounds rebuild unfinished games it finds there.
 */
export function endLeftovers(warn: (line: string) => void): void {
  for (const [child, { file, command, group }] of running) {
    warn(`a process started by ${file} was still running when the next file began; killed: ${command}`);
    try {
      if (group && child.pid) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      // it ended meanwhile
    }
    running.delete(child);
  }
}

/** The exit code `server/main.ts` ends with when its port is taken. */
export const EXIT_PORT_IN_USE = 4;

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs `server/main.ts` (or another script) as its own process, as `npm run dev` would: from the
 * sources, through tsx. With `NODE_ENV=test`, a script of the server runs from the run's compiled
 * copy when there is one (`run.ts`), as `npm start` runs `dist/`; a test of the development
 * server (Vite, the sources) or of another environment keeps to the sources.
 */
export function runScript(script: string, env: Record<string, string>, args: string[] = []): ServerProcess {
  const compiled = env.NODE_ENV === 'test' ? compiledScript(script) : undefined;
  if (compiled) return runCommand(process.execPath, [ASYNC_CONTEXT_FRAMES, compiled, ...args], env);
  return runCommand(process.execPath, [ASYNC_CONTEXT_FRAMES, '--import', 'tsx', script, ...args], env);
}

/** The run's compiled copy of `script` (`server/main.ts` → `…/server/main.js`), if it has one. */
function compiledScript(script: string): string | undefined {
  const build = process.env.ROOKERY_TEST_SERVER_BUILD;
  if (!build || !script.endsWith('.ts')) return undefined;
  const file = path.join(build, `${script.slice(0, -3)}.js`);
  return fs.existsSync(file) ? file : undefined;
}

/**
 * Runs a command in the checkout, with only `env` and PATH and HOME. With `group`, the command
 * leads a process group of its own and `stop` signals the whole group (`npm run dev` starts a
 * tree of processes).
 */
export function runCommand(
  command: string,
  args: string[],
  env: Record<string, string>,
  group = false,
): ServerProcess {
  const child = spawn(command, args, {
    cwd: ROOT,
    detached: group,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.set(child, { file: process.env.MOCHA_FILE ?? '?', command: [command, ...args].join(' '), group });
  child.on('exit', () => running.delete(child));
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    url: `http://127.0.0.1:${env.PORT ?? 2567}`,
    child,
    output: () => out,
    exited,
    async stop(signal = 'SIGTERM') {
      const kill = (sig: NodeJS.Signals) => {
        if (group && child.pid) {
          try {
            process.kill(-child.pid, sig);
          } catch {
            // the group has ended
          }
        } else child.kill(sig);
      };
      if (group || (child.exitCode === null && child.signalCode === null)) kill(signal);
      const timer = setTimeout(() => kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/**
 * Starts the server (`script`, by default `server/main.ts`) and waits until /health answers (or
 * the process dies, or time runs out).
 */
export async function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 40_000,
  script = 'server/main.ts',
): Promise<ServerProcess> {
  if (env.PORT !== undefined) return startOnPort(env, env.PORT, timeoutMs, script);
  return onFreePort((port) => startOnPort(env, port, timeoutMs, script));
}

/** A server process that exited because its port was taken. */
const exitedForPort = (err: unknown) => (err as { exitCode?: number }).exitCode === EXIT_PORT_IN_USE;

/**
 * Calls `start` with a free port, and again with another when it fails because the port was taken
 * (`taken`; by default, the server process exited for it): a port found free can be taken by
 * another process before the server binds it.
 */
export async function onFreePort<T>(
  start: (port: string) => Promise<T>,
  taken: (err: unknown) => boolean = exitedForPort,
): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await start(String(await freePort()));
    } catch (err) {
      if (!taken(err) || tries === 3) throw err;
    }
  }
}

async function startOnPort(
  env: Record<string, string>,
  port: string,
  timeoutMs: number,
  script: string,
): Promise<ServerProcess> {
  const proc = runScript(script, { HOST: '127.0.0.1', LOG_FORMAT: 'json', ...env, PORT: port });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) {
      const failure = new Error(`the server exited with ${proc.child.exitCode}:\n${proc.output()}`);
      throw Object.assign(failure, { exitCode: proc.child.exitCode });
    }
    try {
      const res = await fetch(`${proc.url}/health`);
      if (res.ok) return proc;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  await proc.stop('SIGKILL');
  throw new Error(`the server did not answer /health within ${timeoutMs} ms:\n${proc.output()}`);
}
