/**
 * The code of one engine worker thread, run with `eval` so that the same file serves the sources
 * and the build. It loads the single-threaded Stockfish (`workerData.entry`, flavour
 * `lite-single`) and relays UCI lines: commands in from the pool, output out to it.
 *
 * The engine's script takes any Node worker thread for one of its own helper threads and then
 * exports nothing; it is told it runs on the main thread for the moment it loads.
 *
 * With `workerData.nice` set, the thread first lowers its own scheduling priority to that nice
 * value. On Linux the nice value belongs to the thread, so the process's other threads (the event
 * loop serving the rooms) keep theirs: when both want a core, the scheduler gives it to the rooms.
 * It says `priority <nice>` once set, or `priority-failed <reason>`.
 */
export const ENGINE_WORKER_SOURCE = `
const threads = require('node:worker_threads');
const { parentPort, workerData } = threads;
if (typeof workerData.nice === 'number') {
  try {
    require('node:os').setPriority(0, workerData.nice);
    parentPort.postMessage('priority ' + require('node:os').getPriority(0));
  } catch (err) {
    parentPort.postMessage('priority-failed ' + String(err && err.message));
  }
}
let loading;
threads.isMainThread = true;
try {
  loading = require(workerData.entry)(workerData.flavour);
} finally {
  threads.isMainThread = false;
}
loading.then((engine) => {
  engine.listener = (line) => parentPort.postMessage(String(line));
  parentPort.on('message', (line) => engine.sendCommand(line));
  parentPort.postMessage('ready');
});
`;
