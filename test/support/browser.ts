import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Debian's chromium, or the one `TEST_CHROMIUM_PATH` names. */
export const CHROMIUM_PATH = process.env.TEST_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that let chromium run headless in a container without a GPU, a sandbox or the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the browser tests cannot run here, if they cannot. */
export function browserUnavailable(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `no chromium at ${CHROMIUM_PATH} (apt-get install chromium)`;
}

/** Headless chromium with a fresh temporary profile (playwright's own). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Where the web app's build goes (`npm run build:web`). */
export const WEB_BUILD = path.join(REPO_ROOT, 'dist/web');

/** What the build is made of: a change to any of these makes the build stale. */
const WEB_INPUTS = ['web', 'client-sdk', 'schema', 'package-lock.json'].map((p) => path.join(REPO_ROOT, p));

function newestChange(file: string): number {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(file)) newest = Math.max(newest, newestChange(path.join(file, entry)));
  return newest;
}

/** Whether `dist/web` is missing or older than any of its sources. */
export function webBuildIsStale(): boolean {
  const index = path.join(WEB_BUILD, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return WEB_INPUTS.some((input) => existsSync(input) && newestChange(input) > built);
}

/** Builds the web app with Vite (as `npm run build:web` does); returns how long it took, ms. */
export function buildWebApp(): number {
  const started = performance.now();
  const vite = path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js');
  const run = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`the web build failed:\n${run.stdout}\n${run.stderr}`);
  return performance.now() - started;
}

/** Builds the web app unless its build is up to date. */
export function ensureWebBuild(): void {
  if (webBuildIsStale()) buildWebApp();
}

/**
 * Clicks the centre of a square of the chessground board on the page, as a player would with a
 * mouse (the board is one canvas of pieces: squares are found by geometry and orientation).
 */
export async function clickSquare(page: Page, square: string): Promise<void> {
  const board = page.locator('.board .cg-wrap');
  const box = await board.boundingBox();
  if (!box) throw new Error('no board on the page');
  const orientation = await page.locator('.board').getAttribute('data-orientation');
  const file = square.charCodeAt(0) - 'a'.charCodeAt(0);
  const rank = Number(square[1]) - 1;
  const size = box.width / 8;
  const column = orientation === 'black' ? 7 - file : file;
  const row = orientation === 'black' ? rank : 7 - rank;
  await page.mouse.click(box.x + (column + 0.5) * size, box.y + (row + 0.5) * size);
}

/** Plays a move by clicking its two squares. */
export async function clickMove(page: Page, uci: string): Promise<void> {
  await clickSquare(page, uci.slice(0, 2));
  await clickSquare(page, uci.slice(2, 4));
}
