/**
 * `npm run bench:metrics`: what a `/metrics` scrape costs a node holding many connections. CONNECTIONS
 * (10,000) TCP connections are opened to a server in this process (so it holds twice as many
 * sockets), then the node's registry (`createMetrics`) and, as the baseline, prom-client's default
 * metrics as they come are scraped in turn, alternated, SCRAPES (10) times each after two to warm
 * up. Printed for each: the longest the event loop was held during a scrape (a `setImmediate`
 * chain's widest gap, median over the scrapes) and the scrape's whole time, their ratio to the
 * baseline, and both registries' `process_open_fds` (the same count, read two ways).
 */
import net from 'node:net';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { createMetrics } from '../server/platform/metrics.ts';
import { numberOption, percentile } from './support.ts';

const N = Math.floor(numberOption('CONNECTIONS', 10_000, 1));
const SCRAPES = Math.floor(numberOption('SCRAPES', 10, 1));
const server = net.createServer(() => {});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const { port } = server.address() as net.AddressInfo;
const socks: net.Socket[] = [];
for (let i = 0; i < N; i++) {
  const s = net.connect(port, '127.0.0.1');
  socks.push(s);
  if (i % 500 === 0) await new Promise((r) => s.once('connect', r));
}
await new Promise((r) => setTimeout(r, 1000));

/** The longest the event loop was held during `registry.metrics()`, and the scrape's whole time. */
async function scrape(registry: Registry) {
  let longest = 0;
  let last = performance.now();
  let on = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  const started = performance.now();
  await registry.metrics();
  const whole = performance.now() - started;
  on = false;
  await new Promise((r) => setImmediate(r));
  return { longest, whole };
}
/** The median of `xs`, which it sorts in place (each is read only for its median). */
function median(xs: number[]): number {
  xs.sort((a, b) => a - b);
  return percentile(xs, 50);
}
const before = new Registry();
collectDefaultMetrics({ register: before });
const after = createMetrics().registry;
const runs = {
  before: { held: [] as number[], whole: [] as number[] },
  after: { held: [] as number[], whole: [] as number[] },
};
for (let i = 0; i < SCRAPES + 2; i++) {
  for (const [label, registry] of [
    ['before', before],
    ['after', after],
  ] as const) {
    const { longest, whole } = await scrape(registry);
    if (i < 2) continue;
    runs[label].held.push(longest);
    runs[label].whole.push(whole);
  }
}
const fds = /^process_open_fds (\d+)$/m;
console.log(`${N} connections (${2 * N} sockets in this process), ${SCRAPES} scrapes each, alternated`);
const words = { before: "prom-client's defaults (baseline)", after: "the node's registry" };
for (const label of ['before', 'after'] as const)
  console.log(
    `${words[label]}: event loop held up to ${median(runs[label].held).toFixed(1)} ms (median of the scrapes' longest), scrape ${median(runs[label].whole).toFixed(1)} ms`,
  );
console.log(
  `ratio to the baseline: loop held ${(median(runs.after.held) / median(runs.before.held)).toFixed(2)}×, scrape ${(median(runs.after.whole) / median(runs.before.whole)).toFixed(2)}×`,
);
console.log(
  `process_open_fds: before ${fds.exec(await before.metrics())?.[1]}, after ${fds.exec(await after.metrics())?.[1]}`,
);
process.exit(0);
