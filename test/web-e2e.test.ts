import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { matchMaker } from '@colyseus/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BACKENDS } from './support/backends.ts';
import { browserUnavailable, clickMove, ensureWebBuild, launchChromium } from './support/browser.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { uniqueName } from './support/server.ts';

const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const PASSWORD = 'correct horse battery';
/** `.ci/run` sets it: there, a machine without chromium fails the suite instead of skipping it. */
const REQUIRED = process.env.TEST_WEB_E2E === 'required';
const missing = browserUnavailable();

/** Both players' pages: A plays on a desktop-sized window, B on a 375 px wide phone screen. */
async function signUp(context: BrowserContext, base: string, username: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.getByRole('radio', { name: 'Sign up' }).check();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up', exact: true }).click();
  await page.locator(`#account [data-username="${username}"]`).waitFor();
  return page;
}

/** Waits until the page's move list shows `san` as half-move `ply`. */
async function seesMove(page: Page, ply: number, san: string): Promise<void> {
  await page.locator(`.move-list .san[data-ply="${ply}"]`).filter({ hasText: san }).waitFor();
}

async function play(mover: Page, watcher: Page, uci: string, ply: number, san: string): Promise<void> {
  await clickMove(mover, uci);
  await seesMove(mover, ply, san);
  await seesMove(watcher, ply, san);
}

if (missing && !REQUIRED) {
  describe('web app in a real browser', () => {
    it(`needs chromium: ${missing}`);
  });
} else {
  describe('web app in a real browser', function () {
    this.timeout(90_000);
    let server: TestGameServer;
    let browser: Browser;

    before(async function () {
      this.timeout(180_000);
      if (missing) throw new Error(`TEST_WEB_E2E=required, but there is ${missing}`);
      ensureWebBuild();
      await mkdir(ARTIFACTS, { recursive: true });
      server = await startGameStack(BACKENDS[0]!, { CHESS_BOT_DELAY_MS: '50' });
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    it('two players sign up, meet by a challenge link, mate by clicking squares, and step through the replay', async () => {
      const desktop = await browser.newContext({
        viewport: { width: 1100, height: 900 },
        acceptDownloads: true,
      });
      const phone = await browser.newContext({ viewport: { width: 375, height: 760 } });
      try {
        const white = await signUp(desktop, server.url, uniqueName('web'));
        const black = await signUp(phone, server.url, uniqueName('web'));

        await white.getByLabel('Your colour (challenge)').selectOption('white');
        await white.getByRole('button', { name: 'Challenge a friend' }).click();
        const link = await white.locator('#share-link').inputValue();
        const gameId = /\/play\/([A-Za-z0-9_-]+)$/.exec(link)?.[1];
        assert.ok(gameId, `a link to the game: ${link}`);

        await black.goto(link);
        for (const page of [white, black]) await page.locator('.game[data-status="playing"]').waitFor();
        assert.equal(await white.locator('.board').getAttribute('data-orientation'), 'white');
        assert.equal(await black.locator('.board').getAttribute('data-orientation'), 'black');

        await play(white, black, 'f2f3', 1, 'f3');
        await play(black, white, 'e7e5', 2, 'e5');
        await play(white, black, 'g2g4', 3, 'g4');
        await play(black, white, 'd8h4', 4, 'Qh4#');
        for (const page of [white, black]) {
          await page.locator('.status[data-result="0-1"]').waitFor();
          assert.equal(await page.locator('.status').textContent(), 'Black wins by checkmate');
        }
        const overflow = await black.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(overflow <= 375, `the phone page is ${overflow} px wide`);
        await white.locator('.board').screenshot({ path: path.join(ARTIFACTS, 'web-e2e-mate.png') });
        await black.screenshot({ path: path.join(ARTIFACTS, 'web-e2e-mate-375px.png'), fullPage: true });

        // The replay, reached from the finished game, then opened cold from its link.
        await white.getByRole('button', { name: 'Replay and download' }).click();
        await white.waitForURL(`**/games/${gameId}`);
        const replay = white.locator('section.replay');
        await replay.locator('.result[data-result="0-1"]').waitFor();
        assert.equal(await replay.getAttribute('data-ply'), '4');
        assert.deepEqual(await white.locator('.move-list .san').allTextContents(), [
          'f3',
          'e5',
          'g4',
          'Qh4#',
        ]);

        await white.keyboard.press('Home');
        assert.equal(await replay.getAttribute('data-ply'), '0');
        assert.match(
          (await white.locator('.board').getAttribute('data-fen')) ?? '',
          /^rnbqkbnr\/pppppppp\/8\/8\/8\/8\/PPPPPPPP\/RNBQKBNR w/,
        );
        await white.keyboard.press('ArrowRight');
        assert.equal(await replay.getAttribute('data-ply'), '1');
        assert.match((await white.locator('.board').getAttribute('data-fen')) ?? '', /5P2\/PPPPP1PP/);
        await white.getByRole('button', { name: 'Next move' }).click();
        assert.equal(await replay.getAttribute('data-ply'), '2');
        await white.locator('.move-list .san[data-ply="3"]').click();
        assert.equal(await replay.getAttribute('data-ply'), '3');
        assert.equal(await white.locator('.move-list .san[aria-current]').textContent(), 'g4');
        await white.keyboard.press('ArrowLeft');
        assert.equal(await replay.getAttribute('data-ply'), '2');
        await white.keyboard.press('End');
        assert.equal(await replay.getAttribute('data-ply'), '4');
        // A 5+3 game that lasted seconds: both clocks still show about five minutes.
        for (const clock of await white.locator('.player-bar .clock').allTextContents())
          assert.match(clock, /^[45]:\d\d$/);
        await white.locator('.board').screenshot({ path: path.join(ARTIFACTS, 'web-e2e-replay-board.png') });

        const [download] = await Promise.all([
          white.waitForEvent('download'),
          white.getByRole('link', { name: 'Download PGN' }).click(),
        ]);
        const pgn = await readFile(await download.path(), 'utf8');
        assert.match(pgn, /1\. f3 \{ \[%clk [^\]]+\] \} e5 .*2\. g4 .*Qh4#/s);
        assert.match(pgn, /0-1\s*$/);

        await black.goto(`${server.url}/games/${gameId}`);
        await black.locator('section.replay .result[data-result="0-1"]').waitFor();
        assert.equal(await black.locator('section.replay').getAttribute('data-ply'), '4');
      } finally {
        await desktop.close();
        await phone.close();
      }
    });

    it('a guest plays the computer by typed moves; the game survives a reload and dropped connections', async () => {
      const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
      try {
        const page = await context.newPage();
        await page.goto(`${server.url}/`);
        await page.getByRole('button', { name: 'Play as a guest' }).click();
        await page.getByLabel('Your colour', { exact: true }).selectOption('white');
        await page.getByRole('button', { name: 'Play the computer' }).click();
        await page.locator('.game[data-status="playing"]').waitFor();

        const input = page.getByLabel('Type a move');
        await input.fill('Ke3');
        await input.press('Enter');
        await page.locator('.notice').filter({ hasText: 'not a legal move' }).waitFor();
        await input.fill('e4');
        await input.press('Enter');
        await seesMove(page, 1, 'e4');
        await page.locator('.move-list .san[data-ply="2"]').waitFor();

        await page.reload();
        await page.locator('.game[data-status="playing"]').waitFor();
        await seesMove(page, 1, 'e4');
        await page.locator('.status').filter({ hasText: 'Your move' }).waitFor();
        await input.fill('g1f3');
        await input.press('Enter');
        await seesMove(page, 3, 'Nf3');
        await page.locator('.move-list .san[data-ply="4"]').waitFor();

        // The network drops (the server sees the socket die without a close). Within its first
        // 5 s in a room the SDK does not reconnect by itself: the page joins the game again.
        const gameId = new URL(page.url()).pathname.split('/').at(-1)!;
        const dropConnection = () => {
          for (const client of matchMaker.getLocalRoomById(gameId)!.clients)
            (client.ref as unknown as { terminate(): void }).terminate();
        };
        const game = page.locator('section.game');
        dropConnection();
        await page.locator('section.game[data-drops="1"] .banner[hidden]').waitFor({ state: 'attached' });
        await input.fill('d2d4');
        await input.press('Enter');
        await seesMove(page, 5, 'd4');
        await page.locator('.move-list .san[data-ply="6"]').waitFor();
        // Later, the SDK's own reconnection takes over, on the same session.
        await sleep(5_500);
        dropConnection();
        await page.locator('section.game[data-drops="2"] .banner[hidden]').waitFor({ state: 'attached' });
        assert.equal(await game.getAttribute('data-status'), 'playing');
        await page.getByRole('button', { name: 'Resign' }).click();
        await page.getByRole('button', { name: 'Confirm resignation' }).click();
        await page.locator('.status').filter({ hasText: 'Black wins by resignation' }).waitFor();
      } finally {
        await context.close();
      }
    });

    it('a friend opens the challenge link signed out and joins as a guest, a third watches, and a pawn promotes to the piece chosen', async () => {
      const contexts = await Promise.all(
        [0, 1, 2].map(() => browser.newContext({ viewport: { width: 900, height: 900 } })),
      );
      try {
        const [white, black, watcher] = await Promise.all(contexts.map((c) => c.newPage()));
        await white!.goto(`${server.url}/`);
        await white!.getByRole('button', { name: 'Play as a guest' }).click();
        await white!.getByLabel('Your colour (challenge)').selectOption('white');
        await white!.getByRole('button', { name: 'Challenge a friend' }).click();
        const link = await white!.locator('#share-link').inputValue();

        await black!.goto(link);
        await black!.getByRole('heading', { name: 'Join this game' }).waitFor();
        await black!.getByRole('button', { name: 'Play as a guest' }).click();
        for (const page of [white!, black!]) await page.locator('.game[data-status="playing"]').waitFor();
        await watcher!.goto(link);
        await watcher!.getByRole('button', { name: 'Just watch' }).click();
        await watcher!.locator('.status').filter({ hasText: 'watching' }).waitFor();
        assert.equal(await watcher!.getByLabel('Type a move').isVisible(), false);

        const moves: [string, string][] = [
          ['a2a4', 'a4'],
          ['b7b5', 'b5'],
          ['a4b5', 'axb5'],
          ['a7a6', 'a6'],
          ['b5a6', 'bxa6'],
          ['c8b7', 'Bb7'],
          ['a6b7', 'axb7'],
          ['b8c6', 'Nc6'],
        ];
        for (const [i, [uci, san]] of moves.entries()) {
          const [mover, other] = i % 2 === 0 ? [white!, black!] : [black!, white!];
          await play(mover, other, uci, i + 1, san);
        }
        await clickMove(white!, 'b7a8');
        await white!.getByRole('dialog', { name: 'Promote the pawn to' }).waitFor();
        await white!.getByRole('button', { name: 'Promote to knight' }).click();
        for (const page of [white!, black!, watcher!]) await seesMove(page, 9, 'bxa8=N');
        assert.match((await watcher!.locator('.board').getAttribute('data-fen')) ?? '', /^N/);
      } finally {
        for (const context of contexts) await context.close();
      }
    });

    it('keeps the API and its JSON 404s apart from the app', async () => {
      const page = await fetch(`${server.url}/play/someGame`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
      const missingRoute = await fetch(`${server.url}/api/nothing-here`);
      assert.equal(missingRoute.status, 404);
      assert.equal(((await missingRoute.json()) as { error: { code: string } }).error.code, 'NOT_FOUND');
      const notAnAppPath = await fetch(`${server.url}/somewhere/else`);
      assert.equal(notAnAppPath.status, 404);
      assert.match(notAnAppPath.headers.get('content-type') ?? '', /application\/json/);
    });
  });
}
