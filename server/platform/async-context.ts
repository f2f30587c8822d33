/**
 * How `AsyncLocalStorage` carries its stores (the log trail's, the ORM's, tracing's) across
 * asynchronous calls. On Node 22, by default, through promise hooks: once any store is used, every
 * promise the process makes runs hooks on creation, resolution and each continuation (7–8% of a
 * node's CPU a chess move, `docs/perf.md`, "Async context on frames"). With
 * `--experimental-async-context-frame` (Node 22.7 and later; the default from Node 24) the stores
 * ride a frame that promises and timers capture instead, with no hook. Every way this repository
 * starts a server passes the flag (`npm start`, `npm run dev`, the image, the benches and the
 * tests' server processes); the boot log says which way the process runs.
 */
export const ASYNC_CONTEXT_FRAMES = '--experimental-async-context-frame';

/** Whether this process carries async context on frames rather than promise hooks. */
export function asyncContextOnFrames(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string = process.env.NODE_OPTIONS ?? '',
  nodeVersion: string = process.versions.node,
): boolean {
  const flags = [...execArgv, ...nodeOptions.split(/\s+/)];
  if (flags.includes('--no-async-context-frame')) return false;
  return Number(nodeVersion.split('.')[0]) >= 24 || flags.includes(ASYNC_CONTEXT_FRAMES);
}
