/**
 * `npm run bench:web`: what the browser app weighs and how soon its first page shows.
 *
 * 1. Builds the app (`vite build`, as `npm run build:web`) and reports every file of the build,
 *    raw and gzipped (level 6, what a compressing proxy sends by default), with the JavaScript's
 *    total against its budget of 300 KB gzipped.
 * 2. Starts the real server (`server/main.ts` in a child process, serving that build, on PGlite
 *    in a temporary folder) and loads `/` in Debian's chromium (headless, the end-to-end tests'
 *    flags) LOADS times on loopback, each in a fresh profile (nothing cached), then LOADS times
 *    again by reloading one page (assets cached). Figures, median and worst: first contentful
 *    paint, the app's first view in the page (`rookery:rendered`, marked by `web/src/main.ts`
 *    once the view is built), and largest contentful paint.
 * 3. The baseline, in the same run and browser: a static page of the same text and no script,
 *    served by a plain `node:http` server on loopback; the ratios are to its first paint.
 * 4. A live game left open: PAGES pages, each a guest's game against the computer with the
 *    guest's clock running (one move each played), then IDLE seconds with nobody acting; the CPU
 *    time of every chromium process over them (from /proc: run it with no other chromium on the
 *    machine), against the same number of baseline pages left open as long and the browser with
 *    no page, ROUNDS times alternated.
 *
 * A measurement, not a test: it never fails on a missed budget. Options (argv `--loads=20` or
 * environment): LOADS (15), PAGES (4), IDLE (10, s), ROUNDS (2). Needs chromium
 * (`TEST_CHROMIUM_PATH`, default /usr/bin/chromium).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { browserUnavailable, buildWebApp, launchChromium, WEB_BUILD } from '../test/support/browser.ts';
import { guestAgainstComputer } from '../test/support/web-pages.ts';
import {
  fmt,
  freePort,
  markdownTable,
  ms,
  numberOption,
  percentile,
  processesCpuMs,
  startServer,
  waitForHealth,
} from './support.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUDGET_BYTES = 300 * 1024;
const BOOT_TIMEOUT_MS = 60_000;

function loadsOption(): number {
  const arg = process.argv.slice(2).find((a) => a.startsWith('--loads='));
  const raw = arg ? arg.slice('--loads='.length) : process.env.LOADS;
  const value = raw ? Number(raw) : 15;
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`LOADS must be a whole number ≥ 1, not "${raw}"`);
  return value;
}

interface BuiltFile {
  name: string;
  raw: number;
  gzip: number;
}

function buildFiles(dir: string, prefix = ''): BuiltFile[] {
  const out: BuiltFile[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      out.push(...buildFiles(full, `${prefix}${entry}/`));
      continue;
    }
    const bytes = readFileSync(full);
    out.push({ name: `${prefix}${entry}`, raw: bytes.length, gzip: gzipSync(bytes, { level: 6 }).length });
  }
  return out;
}

const kb = (bytes: number) => `${fmt(bytes / 1024, 1)} KB`;

interface Load {
  fcp: number;
  rendered: number;
  lcp: number;
}

/**
 * Reads the paint timings of the page just loaded, once it has painted (LCP settles then). Sent
 * as source text: the compiled form of a function would carry helpers the page does not have.
 */
const READ_TIMINGS = `new Promise((resolve) => {
  let lcp = NaN;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) lcp = entry.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  requestAnimationFrame(() => setTimeout(() => resolve({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    rendered: performance.getEntriesByName('rookery:rendered')[0]?.startTime ?? NaN,
    lcp,
  }), 50));
})`;

function timings(page: Page): Promise<Load> {
  return page.evaluate(READ_TIMINGS) as Promise<Load>;
}

/** LOADS cold loads (a fresh profile each), then LOADS warm reloads of one page. */
async function measure(browser: Browser, url: string, loads: number, ready: string) {
  const cold: Load[] = [];
  for (let i = 0; i < loads; i += 1) {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.locator(ready).waitFor();
    cold.push(await timings(page));
    await context.close();
  }
  const warm: Load[] = [];
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  for (let i = 0; i < loads; i += 1) {
    await page.reload({ waitUntil: 'load' });
    await page.locator(ready).waitFor();
    warm.push(await timings(page));
  }
  await context.close();
  return { cold, warm };
}

function stat(values: number[]): { median: number; max: number } {
  const sorted = Float64Array.from(values.filter(Number.isFinite)).sort();
  return { median: percentile(sorted, 50), max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN };
}

/** A page of the same words as the app's start page, without any script or stylesheet. */
const BASELINE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rookery</title></head>
<body><header><a href="/">Rookery</a></header><main><h1 class="ready">Play chess</h1>
<p>Against the computer, anyone at your time control, or a friend by link.</p>
<form><p><label>Username <input></label></p><p><label>Password <input type="password"></label></p>
<button>Log in</button> <button type="button">Play as a guest</button></form></main></body></html>`;

/** The CPU seconds of every chromium process on the machine (user and system, from /proc). */
async function chromiumCpuSeconds(): Promise<number> {
  const pids: number[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const name = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
    if (name.trim() === 'chromium') pids.push(Number(pid));
  }
  let spentMs = 0;
  for (const cpu of (await processesCpuMs(pids)).values()) spentMs += cpu;
  return spentMs / 1000;
}

/** A guest's game against the computer on `page`, one move each, the guest's clock running. */
async function liveGame(page: Page, base: string): Promise<void> {
  await guestAgainstComputer(page, base);
  const input = page.getByLabel('Type a move');
  await input.fill('e4');
  await input.press('Enter');
  await page.locator('.move-list .san[data-ply="2"]').waitFor();
}

/**
 * Chromium's CPU in % of a core while `pages` pages opened by `open` are left for `idleMs` (none:
 * the browser alone). The pages settle for 3 s first, and the browser after the last ones closed.
 */
async function idleCpu(browser: Browser, pages: number, idleMs: number, open: (page: Page) => Promise<void>) {
  const contexts = await Promise.all(
    Array.from({ length: pages }, () => browser.newContext({ viewport: { width: 1100, height: 900 } })),
  );
  try {
    for (const context of contexts) await open(await context.newPage());
    await sleep(3_000);
    const before = await chromiumCpuSeconds();
    await sleep(idleMs);
    return (100 * ((await chromiumCpuSeconds()) - before)) / (idleMs / 1000);
  } finally {
    for (const context of contexts) await context.close();
  }
}

/**
 * ROUNDS times: the browser alone, then PAGES baseline pages, then PAGES live games, each left
 * IDLE seconds; a page's CPU is its readings' excess over the browser alone, divided by PAGES.
 */
async function pagesLeftOpen(browser: Browser, appUrl: string, baseUrl: string) {
  const pages = Math.floor(numberOption('PAGES', 4, 1));
  const idleMs = numberOption('IDLE', 10, 1) * 1000;
  const rounds = Math.floor(numberOption('ROUNDS', 2, 1));
  console.log(
    `${rounds} rounds of ${pages} baseline pages and ${pages} live games, each left ${fmt(idleMs / 1000)} s…`,
  );
  const rows: string[][] = [];
  for (let round = 1; round <= rounds; round += 1) {
    const alone = await idleCpu(browser, 0, idleMs, async () => undefined);
    const base = await idleCpu(browser, pages, idleMs, (page) => page.goto(baseUrl).then(() => undefined));
    const game = await idleCpu(browser, pages, idleMs, (page) => liveGame(page, appUrl));
    const [basePage, gamePage] = [(base - alone) / pages, (game - alone) / pages];
    rows.push([String(round), `${fmt(alone, 2)}%`, `${fmt(basePage, 2)}%`, `**${fmt(gamePage, 2)}%**`]);
  }
  return { pages, idleMs, rows };
}

async function main(): Promise<void> {
  const loads = loadsOption();
  const missing = browserUnavailable();
  if (missing) throw new Error(`bench:web needs chromium: ${missing}`);

  console.log('building the web app…');
  const buildMs = buildWebApp();
  const files = buildFiles(WEB_BUILD);
  const js = files.filter((f) => f.name.endsWith('.js'));
  const jsGzip = js.reduce((sum, f) => sum + f.gzip, 0);
  const jsRaw = js.reduce((sum, f) => sum + f.raw, 0);

  const port = await freePort();
  const server = await startServer(REPO_ROOT, port, { NODE_ENV: 'test' });
  const baseline = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(BASELINE_PAGE);
  });
  let browser: Browser | undefined;
  try {
    await waitForHealth(server, BOOT_TIMEOUT_MS);
    await new Promise<void>((resolve) => baseline.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(baseline.address() as AddressInfo).port}/`;
    browser = await launchChromium();
    console.log(`loading / ${loads} times cold and ${loads} times warm, and the baseline page as often…`);
    const app = await measure(browser, `${server.baseUrl}/`, loads, 'main h1');
    const base = await measure(browser, baseUrl, loads, 'h1.ready');
    const version = browser.version();
    const open = await pagesLeftOpen(browser, server.baseUrl, baseUrl);

    console.log(`\n## Web app (npm run bench:web)\n`);
    console.log(`build: ${ms(buildMs)}; chromium ${version}; ${loads} loads each\n`);
    console.log(
      markdownTable(
        ['file', 'raw', 'gzip'],
        files.map((f) => [f.name.replace(/-[\w-]{8}\./, '-[hash].'), kb(f.raw), kb(f.gzip)]),
      ),
    );
    console.log(
      `\nJavaScript: ${kb(jsRaw)} raw, **${kb(jsGzip)} gzipped** of a ${kb(BUDGET_BYTES)} budget ` +
        `(${fmt((100 * jsGzip) / BUDGET_BYTES, 0)}%: ${jsGzip <= BUDGET_BYTES ? 'within' : 'OVER'})\n`,
    );
    const rows: string[][] = [];
    for (const [label, run] of [
      ['cold (fresh profile)', 'cold'],
      ['warm (reload, cached)', 'warm'],
    ] as const) {
      const baseFcp = stat(base[run].map((l) => l.fcp)).median;
      const row = (page: string, loadsOf: Load[], key: keyof Load) => {
        const s = stat(loadsOf.map((l) => l[key]));
        rows.push([label, page, ms(s.median), ms(s.max), `${fmt(s.median / baseFcp, 1)}×`]);
      };
      row('app: first contentful paint', app[run], 'fcp');
      row('app: first view rendered', app[run], 'rendered');
      row('app: largest contentful paint', app[run], 'lcp');
      row('baseline: first contentful paint', base[run], 'fcp');
    }
    console.log(markdownTable(['loads', 'what', 'median', 'worst', '× baseline FCP'], rows));
    console.log(
      `\nLeft open: chromium's CPU, % of a core, the browser alone and a page over it ` +
        `(${open.pages} pages at a time, ${fmt(open.idleMs / 1000)} s each)\n`,
    );
    console.log(
      markdownTable(['round', 'browser alone', 'baseline page', 'live game, its clock running'], open.rows),
    );
  } finally {
    await browser?.close();
    baseline.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
