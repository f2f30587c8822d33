// Preloaded into the measured server by `npm run bench:soak` (`node --expose-gc --import …`), in
// place of gc-on-signal.mjs: the server's event-loop delay over a window, with the bench's own
// forced collections left out of it.
//
// A timer due every RESOLUTION_MS records how late it ran (the delay). Signals:
// - SIGUSR2: a full garbage collection runs with the timer stopped (so a bench can read the
//   resident memory of live objects only without its own collection showing as a stall); then one
//   line goes to stderr, `loop-delay {"interval":{…},"window":{…},"heapUsed":…,"external":…,
//   "arrayBuffers":…}`: the delays, each `{ count, p50, p99, max }` in ms, `interval` since the
//   previous SIGUSR2 and `window` since the last SIGHUP (or the start), and the bytes of
//   `process.memoryUsage()` after the collection.
//   With HEAP_SNAPSHOTS (a folder) in the environment, every HEAP_SNAPSHOT_EVERY-th of these
//   collections (10 unless set; the first included) is followed by a heap snapshot written there
//   (`heap-<n>.heapsnapshot`, n counting the collections), for finding what grows: writing one
//   stops the loop for seconds and is counted in neither histogram.
// - SIGHUP: the window starts again (empty).
// (`monitorEventLoopDelay` cannot be paused this way: the first sample after it is enabled again
// spans the pause, and its histograms cannot be added together.)
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createHistogram } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';

const RESOLUTION_MS = 10;
const SNAPSHOTS = process.env.HEAP_SNAPSHOTS;
const SNAPSHOT_EVERY = Number(process.env.HEAP_SNAPSHOT_EVERY ?? 10);
let collections = 0;
const interval = createHistogram();
const window = createHistogram();
let timer;

function arm() {
  const due = performance.now() + RESOLUTION_MS;
  timer = setTimeout(() => {
    // Whole microseconds, at least 1 (a histogram records positive integers).
    const late = Math.max(1, Math.round((performance.now() - due) * 1000));
    interval.record(late);
    window.record(late);
    arm();
  }, RESOLUTION_MS);
  timer.unref();
}

const ms = (us) => us / 1000;
const stats = (h) =>
  h.count === 0
    ? { count: 0, p50: 0, p99: 0, max: 0 }
    : { count: h.count, p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) };

process.on('SIGUSR2', () => {
  clearTimeout(timer);
  globalThis.gc?.();
  const { heapUsed, external, arrayBuffers } = process.memoryUsage();
  const line = { interval: stats(interval), window: stats(window), heapUsed, external, arrayBuffers };
  process.stderr.write(`loop-delay ${JSON.stringify(line)}\n`);
  if (SNAPSHOTS && collections % SNAPSHOT_EVERY === 0) {
    mkdirSync(SNAPSHOTS, { recursive: true });
    writeHeapSnapshot(path.join(SNAPSHOTS, `heap-${collections}.heapsnapshot`));
  }
  collections++;
  interval.reset();
  arm();
});
process.on('SIGHUP', () => window.reset());
arm();
