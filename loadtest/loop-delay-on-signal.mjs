// Preloaded into the measured server by `npm run bench:soak` (`node --expose-gc --import …`), in
// place of gc-on-signal.mjs: the server's event-loop delay over a window, with the bench's own
// forced collections left out of it.
//
// A timer due every RESOLUTION_MS records how late it ran (the delay). Signals:
// - SIGUSR2: a full garbage collection runs with the timer stopped (so a bench can read the
//   resident memory of live objects only without its own collection showing as a stall); then one
//   line goes to stderr, `loop-delay {"interval":{…},"window":{…},"heapUsed":…,"external":…,
//   "arrayBuffers":…,"v8":{…}}`: the delays, each `{ count, p50, p99, max }` in ms, `interval`
//   since the previous SIGUSR2 and `window` since the last SIGHUP (or the start), the bytes of
//   `process.memoryUsage()` after the collection, and V8's own account of its memory (`v8`: the
//   pages it holds in physical memory, in all and by space), which tells a resident memory that
//   grows in V8's pages from one that grows outside them; and `collection`, when the collection
//   began (ms since the epoch) and how long it held the loop, so that a bench can tell the round
//   trips its own collections held up from the others; and `gc`, the server's own collections
//   since the window started, by kind (`minor`: scavenges; `major`: mark-compact; `incremental`
//   and `weakcb`: V8's steps of them), each `{ count, p99, max, totalMs }` of the pauses in ms,
//   the bench's forced collections left out.
// - SIGWINCH: the same, after the collection V8 runs when memory runs short, repeated until V8's
//   pages stop shrinking (`"reduce":true` in the line, `collection.rounds` how many ran): the heap
//   compacted and V8's free pages given back, which an ordinary collection keeps
//   resident for the next allocations (so the RSS after it is the high-water mark of the heap
//   between collections; after this one, what the process keeps).
//   With HEAP_SNAPSHOTS (a folder) in the environment, every HEAP_SNAPSHOT_EVERY-th of these
//   collections (10 unless set; the first included) is followed by a heap snapshot written there
//   (`heap-<n>.heapsnapshot`, n counting the collections), for finding what grows: writing one
//   stops the loop for seconds and is counted in neither histogram.
// - SIGHUP: the window starts again (empty).
// (`monitorEventLoopDelay` cannot be paused this way: the first sample after it is enabled again
// spans the pause, and its histograms cannot be added together.)
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { constants, createHistogram, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, getHeapStatistics, writeHeapSnapshot } from 'node:v8';

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

/** The server's own collections since the window started, by kind; the forced ones left out. */
const GC_KINDS = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};
let pauses = new Map();
/** The forced collections since the window started, `[start, end]` on the performance clock. */
let forced = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const at = entry.startTime;
    if (forced.some(([start, end]) => at >= start && at <= end)) continue;
    const kind = GC_KINDS[entry.detail?.kind] ?? 'other';
    let pause = pauses.get(kind);
    if (!pause) {
      pause = { histogram: createHistogram(), totalMs: 0 };
      pauses.set(kind, pause);
    }
    pause.histogram.record(Math.max(1, Math.round(entry.duration * 1000)));
    pause.totalMs += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });

const ms = (us) => us / 1000;
const stats = (h) =>
  h.count === 0
    ? { count: 0, p50: 0, p99: 0, max: 0 }
    : { count: h.count, p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) };

/**
 * The collection V8 runs when memory runs short, again until V8's pages stop shrinking (by less
 * than a MiB, at most MAX_COMPACTIONS times): each moves the live objects off only so many sparse
 * pages, so after one the pages can still hold nearly twice the live data (seen in the soak:
 * 246–254 MiB of pages for 141 MiB used after one, 154 MiB after two more). How many ran.
 */
const MAX_COMPACTIONS = 8;
function compactFully() {
  let pages = getHeapStatistics().total_physical_size;
  for (let rounds = 1; ; rounds++) {
    globalThis.gc?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    const now = getHeapStatistics().total_physical_size;
    if (pages - now < 2 ** 20 || rounds === MAX_COMPACTIONS) return rounds;
    pages = now;
  }
}

/**
 * Collects the garbage with the timer stopped and prints the line. `reduce`: the collection V8 runs
 * when memory runs short (several passes, the heap compacted, its free pages given back to the
 * system), so the RSS read after it is what the process keeps, without the free pages V8 holds on to
 * for the next allocations.
 */
function collect(reduce) {
  clearTimeout(timer);
  const startedAt = Date.now();
  const began = performance.now();
  let rounds = 1;
  if (reduce) rounds = compactFully();
  else globalThis.gc?.();
  const collection = { startedAt, ms: performance.now() - began, rounds };
  forced.push([began, performance.now()]);
  const { heapUsed, external, arrayBuffers } = process.memoryUsage();
  const v8 = {
    physical: getHeapStatistics().total_physical_size,
    spaces: Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.physical_space_size])),
  };
  const line = {
    interval: stats(interval),
    window: stats(window),
    heapUsed,
    external,
    arrayBuffers,
    v8,
    reduce,
    collection,
    gc: Object.fromEntries(
      [...pauses].map(([kind, { histogram, totalMs }]) => [kind, { ...stats(histogram), totalMs }]),
    ),
  };
  process.stderr.write(`loop-delay ${JSON.stringify(line)}\n`);
  if (!reduce && SNAPSHOTS && collections % SNAPSHOT_EVERY === 0) {
    mkdirSync(SNAPSHOTS, { recursive: true });
    writeHeapSnapshot(path.join(SNAPSHOTS, `heap-${collections}.heapsnapshot`));
  }
  if (!reduce) collections++;
  interval.reset();
  arm();
}

process.on('SIGUSR2', () => collect(false));
process.on('SIGWINCH', () => collect(true));
process.on('SIGHUP', () => {
  window.reset();
  pauses = new Map();
  forced = [];
});
arm();
