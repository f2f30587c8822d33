import { mkdir } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { BACKENDS, ownPglite } from './backends.ts';
import { browserUnavailable, ensureWebBuild, launchChromium } from './browser.ts';
import { startGameStack, type TestGameServer } from './game.ts';
import { ARTIFACTS } from './web-pages.ts';

/**
 * Queue defaults for the browser suites' quick-play queues: ticks of 100 ms, and bands that take in
 * any newcomer at once (every new account has the same provisional rating).
 */
export const QUICK_QUEUE_DEFAULTS = {
  game: 'chess',
  teams: 2,
  teamSize: 1,
  regions: ['eu'],
  widening: { initialBand: 50, growthPerSecond: 100, maxBand: 400, relaxRegionAfterSeconds: 1 },
  minQuality: 0.2,
  tickMs: 100,
  seatTimeoutSeconds: 10,
};

export interface BrowserStack {
  server: TestGameServer;
  browser: Browser;
}

/**
 * The browser suites' shared setup, as mocha hooks of the calling `describe`: before its tests, a
 * game server (first backend, built web app, `env` added) and chromium are started and handed to
 * `started`; after them both are closed. Without chromium the hook fails (the suites skip
 * themselves before calling this unless `TEST_WEB_E2E=required`).
 */
export function browserStack(
  env: Record<string, string>,
  started: (stack: BrowserStack) => void,
  { ownDatabase = false }: { ownDatabase?: boolean } = {},
): void {
  let server: TestGameServer | undefined;
  let browser: Browser | undefined;
  const backend = ownDatabase ? ownPglite() : BACKENDS[0]!;
  before(async function () {
    this.timeout(180_000);
    const missing = browserUnavailable();
    if (missing) throw new Error(`TEST_WEB_E2E=required, but there is ${missing}`);
    ensureWebBuild();
    await mkdir(ARTIFACTS, { recursive: true });
    server = await startGameStack(backend, env);
    browser = await launchChromium();
    started({ server, browser });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (ownDatabase) await backend.close();
  });
}
