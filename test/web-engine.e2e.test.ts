import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { browserUnavailable } from './support/browser.ts';
import { bothSeeEnd, playMoves, startGame } from './support/chess.ts';
import type { TestGameServer } from './support/game.ts';
import { guestAgainstComputer } from './support/web-pages.ts';
import { browserStack } from './support/web-stack.ts';

const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const REQUIRED = process.env.TEST_WEB_E2E === 'required';
const missing = browserUnavailable();

/** A guest plays the computer at `level` as white: the page shows the engine's answer to 1. e4. */
async function playComputer(page: Page, base: string, level: string): Promise<void> {
  await guestAgainstComputer(page, base, level);
  const input = page.getByLabel('Type a move');
  await input.fill('e4');
  await input.press('Enter');
  await page.locator('.move-list .san[data-ply="1"]').filter({ hasText: 'e4' }).waitFor();
  // The engine answers (a first search also loads it into its worker).
  await page.locator('.move-list .san[data-ply="2"]').waitFor({ timeout: 60_000 });
  await page.locator('.status').filter({ hasText: 'Your move' }).waitFor();
}

if (missing && !REQUIRED) {
  describe('the engine in the browser', () => {
    it(`needs chromium: ${missing}`);
  });
} else {
  describe('the engine in the browser', function () {
    this.timeout(120_000);
    let server: TestGameServer;
    let browser: Browser;
    browserStack(
      { CHESS_BOT_DELAY_MS: '50', ENGINE_CPU_SHARE: '1', ENGINE_ROOMS_WAIT_LIMIT: '1' },
      (stack) => {
        ({ server, browser } = stack);
      },
    );

    for (const level of ['stockfish-1', 'stockfish-8']) {
      it(`a guest plays the computer at ${level}, and it answers with the engine`, async () => {
        const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
        try {
          const page = await context.newPage();
          await playComputer(page, server.url, level);
          await page.getByRole('button', { name: 'Resign' }).click();
          await page.getByRole('button', { name: 'Confirm resignation' }).click();
          await page.locator('.status').filter({ hasText: 'Black wins by resignation' }).waitFor();
        } finally {
          await context.close();
        }
      });
    }

    it('the replay of a finished game shows the evaluation graph and marks the blunder', async () => {
      const game = await startGame(server.url);
      await playMoves(game, ['f2f3', 'e7e5', 'g2g4', 'd8h4']);
      await bothSeeEnd(game);
      const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
      try {
        const page = await context.newPage();
        await page.goto(`${server.url}/games/${game.id}`);
        await page.locator('.analysis svg.eval-graph').waitFor({ timeout: 60_000 });
        const blunder = page.locator('.move-list .san[data-ply="3"][data-mark="blunder"]');
        await blunder.waitFor();
        assert.match((await blunder.textContent()) ?? '', /g4\?\?/);
        assert.equal(await page.locator('.eval-graph circle.mark.blunder').count(), 1);
        // A click on the graph's start goes to the first position; the cursor follows.
        const graph = page.locator('.analysis svg.eval-graph');
        const box = (await graph.boundingBox())!;
        await page.mouse.click(box.x + 2, box.y + box.height / 2);
        await page.locator('section.game.replay[data-ply="0"]').waitFor();
        await page.locator('.analysis-status').filter({ hasText: 'Evaluation:' }).waitFor();
        await page.screenshot({ path: `${ARTIFACTS}replay-analysis.png`, fullPage: true });
      } finally {
        await context.close();
      }
    });
  });
}
