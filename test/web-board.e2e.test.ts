import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { browserUnavailable, clickMove } from './support/browser.ts';
import type { TestGameServer } from './support/game.ts';
import { DESKTOP, PHONE, pageAt, pageWidth, snap } from './support/web-pages.ts';
import { browserStack } from './support/web-stack.ts';

const REQUIRED = process.env.TEST_WEB_E2E === 'required';
const missing = browserUnavailable();

/** Waits until the page's move list shows `san` as half-move `ply`. */
async function seesMove(page: Page, ply: number, san: string): Promise<void> {
  await page.locator(`.move-list .san[data-ply="${ply}"]`).filter({ hasText: san }).waitFor();
}

/** How many move sounds the page has played (counted on `<html>`). */
async function soundsPlayed(page: Page): Promise<number> {
  return Number((await page.locator('html').getAttribute('data-move-sounds')) ?? 0);
}

/** A guest who opens a game by link as white (desktop), and a guest who takes black by it (phone). */
async function gameByLink(browser: Browser, base: string) {
  const one = await pageAt(browser, DESKTOP);
  const two = await pageAt(browser, PHONE);
  const white = one.page;
  const black = two.page;
  await white.goto(`${base}/`);
  await white.getByRole('button', { name: 'Play as a guest' }).click();
  await white.getByRole('button', { name: 'Play a friend' }).click();
  await white.getByLabel('Your colour (link)').selectOption('white');
  await white.getByRole('button', { name: 'Create a game link' }).click();
  const link = await white.locator('#share-link').inputValue();
  await black.goto(link);
  await black.getByRole('button', { name: 'Play as a guest' }).click();
  for (const page of [white, black]) await page.locator('.game[data-status="playing"]').waitFor();
  return { white, black, close: () => Promise.all([one.context.close(), two.context.close()]) };
}

if (missing && !REQUIRED) {
  describe('at the board, in a real browser', () => {
    it(`needs chromium: ${missing}`);
  });
} else {
  describe('at the board, in a real browser', function () {
    this.timeout(90_000);
    let server: TestGameServer;
    let browser: Browser;
    browserStack({ CHESS_BOT_DELAY_MS: '50' }, (stack) => {
      ({ server, browser } = stack);
    });

    it('the tab tells whose move it is, moves sound until muted, a premove is played on its turn, captures are counted, and the board flips', async () => {
      const { white, black, close } = await gameByLink(browser, server.url);
      try {
        await white.waitForFunction(() => document.title.startsWith('Your move'));
        assert.equal(await black.title(), 'Waiting for the opponent · Rookery');
        assert.equal(await white.locator('html').getAttribute('data-your-move'), 'true');
        assert.match(
          (await white.locator('link[rel="icon"]').getAttribute('href')) ?? '',
          /^data:image\/svg/,
        );

        const before = await soundsPlayed(black);
        await clickMove(white, 'e2e4');
        await seesMove(black, 1, 'e4');
        await black.waitForFunction(() => document.title.startsWith('Your move'));
        await white.waitForFunction(() => document.title.startsWith('Waiting'));
        assert.equal(await soundsPlayed(black), before + 1, 'a move sounds');
        assert.equal(await black.locator('html').getAttribute('data-last-sound'), 'move');

        // White sets a premove on black's turn; black's answer makes it legal, and it is played.
        await clickMove(white, 'd2d4');
        await white.locator('.board[data-premove="d2d4"]').waitFor({ timeout: 5_000 });
        await clickMove(black, 'e7e5');
        for (const page of [white, black]) await seesMove(page, 3, 'd4');
        assert.equal(await white.locator('.board').getAttribute('data-premove'), null);

        // Black turns the sound off: the capture is counted on white's page, not on black's.
        await black.locator('#sound-toggle').click();
        assert.equal(await black.locator('#sound-toggle').getAttribute('aria-pressed'), 'false');
        const muted = await soundsPlayed(black);
        const heard = await soundsPlayed(white);
        await clickMove(black, 'e5d4');
        for (const page of [white, black]) await seesMove(page, 4, 'exd4');
        await white.waitForFunction((n) => Number(document.documentElement.dataset.moveSounds) > n, heard);
        assert.equal(await white.locator('html').getAttribute('data-last-sound'), 'capture');
        assert.equal(await soundsPlayed(black), muted, 'no sound while muted');

        // Black took a pawn: shown beside black's name on both pages, one point up.
        for (const [page, bar] of [
          [white, '.player-bar.top'],
          [black, '.player-bar.bottom'],
        ] as const) {
          const material = page.locator(`${bar} .material`);
          await page.locator(`${bar} .material[data-advantage="1"]`).waitFor();
          assert.equal(await material.locator('.captured').textContent(), '♟');
          assert.equal(await material.getAttribute('aria-label'), 'took a pawn, +1');
        }

        await snap(white, 'board-game');
        await snap(black, 'board-game');
        assert.ok((await pageWidth(black)) <= PHONE.width, 'the phone page fits');

        // Flipping puts black at the bottom of white's board, pieces and players both.
        await white.getByRole('button', { name: 'Flip board' }).click();
        assert.equal(await white.locator('.board').getAttribute('data-orientation'), 'black');
        assert.equal(await white.locator('.player-bar.bottom').getAttribute('data-color'), 'black');
        await white.getByRole('button', { name: 'Flip board' }).click();
        assert.equal(await white.locator('.board').getAttribute('data-orientation'), 'white');
        // A flipped board still plays: white's move by clicks, as before.
        await clickMove(white, 'd1d4');
        await seesMove(black, 5, 'Qxd4');
      } finally {
        await close();
      }
    });

    it('the board and piece themes, dark mode and the sound choice are remembered by the browser after a reload', async () => {
      for (const size of [DESKTOP, PHONE]) {
        const { context, page } = await pageAt(browser, size);
        try {
          await page.goto(`${server.url}/`);
          const html = page.locator('html');
          assert.equal(await html.getAttribute('data-theme'), 'light');
          await page.getByRole('button', { name: 'Dark mode' }).click();
          assert.equal(await html.getAttribute('data-theme'), 'dark');
          await page.getByRole('button', { name: 'Play as a guest' }).click();
          await page.getByRole('button', { name: 'Play the computer' }).click();
          await page.getByRole('button', { name: 'Start the game' }).click();
          await page.locator('.game[data-status="playing"]').waitFor();
          await page.locator('.board-style summary').click();
          await page.getByLabel('Board', { exact: true }).selectOption('blue');
          await page.getByLabel('Pieces').selectOption('glyphs');
          await page.locator('#sound-toggle').click();
          assert.equal(await html.getAttribute('data-board'), 'blue');

          await page.reload();
          await page.locator('.game[data-status="playing"]').waitFor();
          assert.equal(await html.getAttribute('data-theme'), 'dark');
          assert.equal(await html.getAttribute('data-board'), 'blue');
          assert.equal(await html.getAttribute('data-pieces'), 'glyphs');
          assert.equal(await page.locator('#sound-toggle').getAttribute('aria-pressed'), 'false');
          assert.equal(
            await page.getByRole('button', { name: 'Dark mode' }).getAttribute('aria-pressed'),
            'true',
          );
          assert.equal(await page.getByLabel('Board', { exact: true }).inputValue(), 'blue');
          const background = await page.evaluate(
            () => getComputedStyle(document.documentElement).backgroundColor,
          );
          assert.equal(background, 'rgb(22, 21, 18)', 'the page is dark');
          const piece = await page
            .locator('.cg-wrap .white.king')
            .evaluate((el) => getComputedStyle(el, '::before').content);
          assert.equal(piece, '"♚"', 'the simple pieces are drawn with glyphs');
          await snap(page, 'board-dark-blue-glyphs');
        } finally {
          await context.close();
        }
      }
    });
  });
}
