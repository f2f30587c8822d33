/**
 * The code of one engine worker thread, run with `eval` so that the same file serves the sources
 * and the build. It loads the single-threaded Stockfish (`workerData.entry`, flavour
 * `lite-single`) and relays UCI lines: commands in from the pool, output out to it.
 *
 * The engine's script takes any Node worker thread for one of its own helper threads and then
 * exports nothing; it is told it runs on the main thread for the moment it loads.
 */
export const ENGINE_WORKER_SOURCE = `
const threads = require('node:worker_threads');
const { parentPort, workerData } = threads;
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
