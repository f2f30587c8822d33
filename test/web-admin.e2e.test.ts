import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { GolfRooms, LobbyClient, type StaffNotice } from '../client-sdk/index.ts';
import { SESSION_CLOSE_CODES } from '../schema/moderation.ts';
import { BACKENDS } from './support/backends.ts';
import { browserUnavailable, ensureWebBuild, launchChromium } from './support/browser.ts';
import { newPlayer, PASSWORD, playMoves, startGame } from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { client, uniqueName } from './support/server.ts';
import { waitUntil } from './support/wait.ts';
import { staffAction } from './support/web-pages.ts';

const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const REQUIRED = process.env.TEST_WEB_E2E === 'required';
const missing = browserUnavailable();

if (missing && !REQUIRED) {
  describe('the staff console in a real browser', () => {
    it(`needs chromium: ${missing}`);
  });
} else {
  describe('the staff console in a real browser', function () {
    this.timeout(120_000);
    let server: TestGameServer;
    let browser: Browser;
    const adminName = uniqueName('root');

    before(async function () {
      this.timeout(180_000);
      if (missing) throw new Error(`TEST_WEB_E2E=required, but there is ${missing}`);
      ensureWebBuild();
      await mkdir(ARTIFACTS, { recursive: true });
      server = await startGameStack(BACKENDS[0]!, { ADMIN_USERNAME: adminName, ADMIN_PASSWORD: PASSWORD });
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    it('an admin bans a playing user, pauses and resumes a game, adjudicates another and opens the monitor', async () => {
      const banned = await startGame(server.url);
      const victim = banned.players.white;
      const lobby = await LobbyClient.join(victim.rookery, { chess: victim.chess });
      const closes = [banned.white.room, lobby.room].map(
        (room) => new Promise<number>((resolve) => room.onLeave((code: number) => resolve(code))),
      );
      const paused = await startGame(server.url);
      await playMoves(paused, ['e2e4', 'e7e5']);
      const told: StaffNotice[] = [];
      paused.black.onStaff((n) => told.push(n));
      const judged = await startGame(server.url);
      // Both first moves made: a game without them is aborted after 30 s, which a slow run passes.
      await playMoves(judged, ['d2d4', 'd7d5']);
      // A golf table against the computer, its first turn the person's, to pause as well.
      const golfer = await newPlayer(server.url);
      const golf = await new GolfRooms(golfer.rookery, server.url).vsComputer({ players: 2, turnMs: 60_000 });
      await golf.until((view) => view.status === 'playing');
      const golfTold: StaffNotice[] = [];
      golf.onStaff((notice) => golfTold.push(notice));

      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      const page = await context.newPage();
      const first = await page.goto(`${server.url}/admin`);
      assert.equal(first?.status(), 401, 'no admin session yet');
      await page.getByLabel('Username').fill(adminName);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in', exact: true }).click();
      await page.locator('.admin-nav').waitFor();

      // Users: find the player, ban them.
      await page.getByLabel('Search users').fill(victim.username);
      await page.getByRole('button', { name: 'Search' }).click();
      await page.locator(`a[data-user="${victim.username}"]`).click();
      await page.locator(`h1[data-username="${victim.username}"]`).waitFor();
      await page.screenshot({ path: `${ARTIFACTS}admin-user-desktop.png`, fullPage: true });
      const sent = Date.now();
      await staffAction(page, '.admin-actions', 'ban', { reason: 'cheating in e2e' });
      assert.deepEqual(await Promise.all(closes), [SESSION_CLOSE_CODES.banned, SESSION_CLOSE_CODES.banned]);
      console.log(`      the banned user's sockets closed ${Date.now() - sent} ms after the click`);
      await page.locator('[data-state="banned"]').waitFor();

      // Games: pause and resume one, adjudicate another.
      await page.getByRole('link', { name: 'Games' }).click();
      const row = (id: string) => `tr:has([data-game="${id}"])`;
      await page.locator(row(paused.id)).waitFor();
      /** A spectator of the page at `path`, at a size, past its "Just watch", once `ready` holds. */
      const watch = async (
        path: string,
        size: 'desktop' | 'phone',
        ready: (watcher: Page) => Promise<void>,
      ) => {
        const viewport = size === 'desktop' ? { width: 1100, height: 900 } : { width: 375, height: 760 };
        const watcherContext = await browser.newContext({ viewport });
        const watcher = await watcherContext.newPage();
        await watcher.goto(`${server.url}${path}`);
        await watcher.getByRole('button', { name: 'Just watch' }).click();
        await ready(watcher);
        return { watcher, watcherContext, size };
      };
      const watchingChess = (watcher: Page) =>
        watcher.locator('.status').filter({ hasText: 'watching' }).waitFor();
      // Watched on a desktop while staff pause it; on a phone, opened during the pause.
      const whiteClock = (watcher: Page) =>
        watcher.getByRole('timer', { name: /White's clock/ }).textContent();
      const desk = await watch(`/play/${paused.id}`, 'desktop', watchingChess);
      await staffAction(page, row(paused.id), 'pause', { reason: 'checking a report' });
      await paused.black.until(() => told.some((n) => n.action === 'paused'));
      await desk.watcher.getByText('Staff paused the game: checking a report').waitFor();
      assert.equal(
        await desk.watcher.locator('section.game').getAttribute('data-drops'),
        null,
        "staff's notice is not counted as a lost connection",
      );
      const phoneWatch = await watch(`/play/${paused.id}`, 'phone', watchingChess);
      await phoneWatch.watcher.getByText('Staff paused the game.').waitFor();
      for (const { watcher } of [desk, phoneWatch])
        await watcher.locator('.status').filter({ hasText: 'Paused by staff · watching' }).waitFor();
      const stood = await whiteClock(desk.watcher);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      assert.equal(await whiteClock(desk.watcher), stood, "white's clock stands during the pause");
      assert.equal(await whiteClock(phoneWatch.watcher), stood, 'as a watcher who came during it sees');
      await desk.watcher.screenshot({ path: `${ARTIFACTS}admin-paused-game-desktop.png`, fullPage: true });
      await phoneWatch.watcher.screenshot({
        path: `${ARTIFACTS}admin-paused-game-phone.png`,
        fullPage: true,
      });
      await staffAction(page, row(paused.id), 'resume', { reason: 'all clear' });
      await paused.black.until(() => told.some((n) => n.action === 'resumed'));
      // Running again: the banner goes and white's clock counts down from where it stood.
      await desk.watcher.getByText('Staff paused the game: checking a report').waitFor({ state: 'hidden' });
      await desk.watcher.locator('.status').filter({ hasText: 'White to move · watching' }).waitFor();
      await desk.watcher.waitForFunction(
        (shown) =>
          !document.querySelector('[role="timer"][aria-label^="White"]')?.textContent?.includes(shown),
        stood ?? '',
      );
      await Promise.all([desk.watcherContext.close(), phoneWatch.watcherContext.close()]);
      await page.screenshot({ path: `${ARTIFACTS}admin-games-desktop.png`, fullPage: true });
      // Someone watches the game staff end, on a desktop and on a phone.
      const watching = await Promise.all(
        (['desktop', 'phone'] as const).map((size) => watch(`/play/${judged.id}`, size, watchingChess)),
      );
      await staffAction(page, row(judged.id), 'adjudicate', {
        scores: '0,1',
        reason: 'opponent left for good',
      });
      // A golf table paused: its page says so, and the turn's timer stands, on a desktop and a phone.
      const golfWatchers = await Promise.all(
        (['desktop', 'phone'] as const).map((size) =>
          watch(`/golf/${golf.gameId}`, size, (watcher) =>
            watcher.locator('#golf-timer').filter({ hasText: /\d/ }).waitFor(),
          ),
        ),
      );
      await staffAction(page, row(golf.gameId), 'pause', { reason: 'a card dispute' });
      await waitUntil(() => golfTold.some((n) => n.action === 'paused' && n.reason === 'a card dispute'));
      for (const { watcher } of golfWatchers)
        await watcher
          .locator('#golf-status')
          .filter({ hasText: 'Staff paused the game: wait for them.' })
          .waitFor();
      const golfTimer = (golfPage: Page) => golfPage.locator('#golf-timer').textContent();
      const golfStood = await golfTimer(golfWatchers[0]!.watcher);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      for (const { watcher, size } of golfWatchers) {
        assert.equal(await golfTimer(watcher), golfStood, `the turn's timer stands (${size})`);
        await watcher.screenshot({ path: `${ARTIFACTS}admin-paused-golf-${size}.png`, fullPage: true });
      }
      await staffAction(page, row(golf.gameId), 'resume', { reason: 'settled' });
      await golfWatchers[0]!.watcher.locator('#golf-status').filter({ hasText: 'is playing' }).waitFor();
      await Promise.all(golfWatchers.map(({ watcherContext }) => watcherContext.close()));
      await golf.leave();

      const record = await client(server.url).get(`/api/games/${judged.id}`);
      assert.equal(record.body.status, 'ended');
      assert.equal(record.body.termination, 'adjudicated');
      assert.equal(record.body.result, '0-1');
      // The game's page shows it ended, as its own endings do, and why.
      for (const { watcher, watcherContext, size } of watching) {
        await watcher.locator('.status').filter({ hasText: 'Black wins by adjudication' }).waitFor();
        await watcher.getByText('Staff ended the game: opponent left for good').waitFor();
        await watcher.locator('.game[data-status="ended"]').waitFor();
        await watcher.screenshot({ path: `${ARTIFACTS}admin-adjudicated-game-${size}.png`, fullPage: true });
        await watcherContext.close();
      }

      await page.getByRole('link', { name: 'System' }).click();
      await page.getByRole('heading', { name: 'Nodes' }).waitFor();
      await page.getByRole('link', { name: 'Audit log' }).click();
      await page.getByRole('table', { name: 'Audit log' }).waitFor();

      // The monitor, behind the same session.
      const monitor = await page.goto(`${server.url}/admin/monitor/`);
      assert.equal(monitor?.status(), 200);
      await page.screenshot({ path: `${ARTIFACTS}admin-monitor-desktop.png` });

      // The same console on a phone.
      const phone = await browser.newContext({ viewport: { width: 375, height: 760 } });
      const cookies = await context.cookies();
      await phone.addCookies(cookies);
      const phonePage = await phone.newPage();
      await phonePage.goto(`${server.url}/`);
      await phonePage.evaluate(
        (session) => localStorage.setItem('rookery.session', session),
        await page.evaluate(() => localStorage.getItem('rookery.session') ?? ''),
      );
      await phonePage.goto(`${server.url}/admin/users/${victim.username}`);
      await phonePage.locator('[data-state="banned"]').waitFor();
      await phonePage.screenshot({ path: `${ARTIFACTS}admin-user-phone.png`, fullPage: true });
      await phonePage.goto(`${server.url}/admin/games`);
      await phonePage.getByRole('table', { name: 'Recent games' }).waitFor();
      await phonePage.screenshot({ path: `${ARTIFACTS}admin-games-phone.png`, fullPage: true });
      await phone.close();
      await context.close();
    });

    it('an anonymous visitor gets 401 and a player 403 (or 401 without a staff session) on every admin page, the monitor and the API', async () => {
      const api = client(server.url);
      const player = (await api.post('/api/auth/guest')).body.accessToken as string;
      const context = await browser.newContext();
      const page = await context.newPage();
      for (const path of [
        '/admin',
        '/admin/users',
        '/admin/games',
        '/admin/system',
        '/admin/audit',
        '/admin/monitor/',
      ]) {
        assert.equal((await page.goto(`${server.url}${path}`))?.status(), 401, path);
        const withPlayer = await fetch(`${server.url}${path}`, {
          headers: { cookie: `rookery_staff=${player}` },
        });
        assert.equal(withPlayer.status, 403, path);
      }
      for (const path of ['/api/admin/users', '/api/admin/games', '/api/admin/system', '/api/admin/audit']) {
        assert.equal((await api.get(path)).status, 401, path);
        assert.equal((await api.get(path, player)).status, 403, path);
      }
      assert.equal((await api.post('/api/admin/session', undefined, player)).status, 403);
      // A signed-in player who opens /admin is told it is not for them.
      await page.goto(`${server.url}/`);
      await page.getByRole('button', { name: 'Play as a guest' }).click();
      await page.locator('#account [data-username]').waitFor();
      await page.goto(`${server.url}/admin`);
      await page.getByRole('heading', { name: 'Forbidden' }).waitFor();
      await context.close();
    });
  });
}
