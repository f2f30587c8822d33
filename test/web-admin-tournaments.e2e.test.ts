import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { Tournaments } from '../client-sdk/index.ts';
import { browserUnavailable } from './support/browser.ts';
import { newPlayer, PASSWORD } from './support/chess.ts';
import type { TestGameServer } from './support/game.ts';
import { client, uniqueName } from './support/server.ts';
import { DESKTOP, PHONE, pageAt, pageWidth, snap, staffAction } from './support/web-pages.ts';
import { browserStack } from './support/web-stack.ts';

const REQUIRED = process.env.TEST_WEB_E2E === 'required';
const missing = browserUnavailable();

if (missing && !REQUIRED) {
  describe('the staff console’s tournaments in a real browser', () => {
    it(`needs chromium: ${missing}`);
  });
} else {
  describe('the staff console’s tournaments in a real browser', function () {
    this.timeout(150_000);
    const adminName = uniqueName('root');
    let server: TestGameServer;
    let browser: Browser;
    browserStack(
      {
        ADMIN_USERNAME: adminName,
        ADMIN_PASSWORD: PASSWORD,
        TOURNAMENT_SEAT_DEADLINE: '30',
        TOURNAMENT_ROUND_GAP: '0',
      },
      (stack) => {
        ({ server, browser } = stack);
      },
      // The console lists the tournaments not finished, at most 50: only this suite's.
      { ownDatabase: true },
    );

    it('an admin pauses and resumes a running tournament, disqualifies a player, adjudicates a game and ends it, on a desktop and a phone', async () => {
      const players = await Promise.all([0, 1, 2, 3].map(() => newPlayer(server.url)));
      const clients = players.map((p) => new Tournaments(p.rookery));
      const { id } = await clients[0]!.create({
        name: 'Console swiss',
        game: 'chess',
        options: { timeControl: '5+3' },
        format: 'swiss',
        rounds: 2,
        startsAt: Date.now() + 1_000,
      });
      for (const c of clients) await c.join(id);
      const lives = await Promise.all(clients.map((c) => c.follow(id)));
      const notices = await Promise.all(lives.map((l) => l.nextGame(20_000)));
      const games = await Promise.all(players.map((p, i) => p.chess.joinGame(notices[i]!.gameId)));
      await Promise.all(games.map((g) => g.until((s) => s.status === 'playing')));
      const victim = notices.findIndex((n) => n.board === 0 && n.seat === 1);

      const { context, page } = await pageAt(browser, DESKTOP);
      const first = await page.goto(`${server.url}/admin/tournaments`);
      assert.equal(first?.status(), 401, 'no admin session yet');
      await page.getByLabel('Username').fill(adminName);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in', exact: true }).click();
      await page
        .getByRole('navigation', { name: 'Console' })
        .getByRole('link', { name: 'Tournaments' })
        .click();
      const row = `tr:has([data-tournament="${id}"])`;
      await page.locator(row).waitFor();

      // The list: pause (the players are told), then resume.
      await staffAction(page, row, 'pause', { reason: 'checking a report' });
      assert.equal((await lives[0]!.nextStaff(5_000)).action, 'paused');
      await page.locator(`${row} [data-state="paused"]`).waitFor();
      await snap(page, 'admin-tournaments');
      await staffAction(page, row, 'resume', { reason: 'all clear' });
      assert.equal((await lives[0]!.nextStaff(5_000)).action, 'resumed');
      await page.locator(`${row} [data-state="running"]`).waitFor();

      // The tournament's page: disqualify a player, adjudicate the other game.
      await page.locator(`a[data-tournament="${id}"]`).click();
      await page.locator(`h1[data-tournament="${id}"]`).waitFor();
      await staffAction(page, `tr:has([data-player="${players[victim]!.username}"])`, 'disqualify', {
        reason: 'abuse in the chat',
      });
      await lives[0]!.until((s) => s.standings.some((r) => r.disqualified));
      await page
        .locator(`tr:has([data-player="${players[victim]!.username}"])`)
        .getByText('disqualified')
        .waitFor();
      await staffAction(page, 'tr:has([data-board="2"])', 'adjudicate', {
        result: '½-½',
        reason: 'the clock broke',
      });
      const api = client(server.url);
      const after = (await api.get(`/api/tournaments/${id}`)).body;
      assert.deepEqual(after.rounds[0].boards[1].result, { white: 0.5, black: 0.5, forfeit: false });
      await lives[0]!.until((s) => s.round === 2 && s.boards.every((b) => b.gameId !== ''), 20_000);
      await page.reload();
      await page.getByRole('heading', { name: 'Round 2' }).waitFor();
      await snap(page, 'admin-tournament');

      await staffAction(page, '.panel:has([data-open="end"])', 'end', { reason: 'the venue closes' });
      await page.locator('[data-state="running"]').getByText('ending').waitFor();
      assert.equal((await api.get(`/api/tournaments/${id}`)).body.endedEarly, true);

      // The same pages on a phone.
      const phone = await pageAt(browser, PHONE);
      await phone.context.addCookies(await context.cookies());
      await phone.page.goto(`${server.url}/`);
      const session = await page.evaluate(() => localStorage.getItem('rookery.session') ?? '');
      await phone.page.evaluate((s) => localStorage.setItem('rookery.session', s), session);
      await phone.page.goto(`${server.url}/admin/tournaments`);
      await phone.page.locator(row).waitFor();
      assert.ok((await pageWidth(phone.page)) <= PHONE.width, 'the list fits the phone');
      await snap(phone.page, 'admin-tournaments');
      await phone.page.goto(`${server.url}/admin/tournaments/${id}`);
      await phone.page.getByRole('heading', { name: 'Round 2' }).waitFor();
      await phone.page.locator('tr:has([data-board="1"]) [data-open="adjudicate"]').click();
      assert.ok((await pageWidth(phone.page)) <= PHONE.width, 'the tournament fits the phone, a form open');
      await snap(phone.page, 'admin-tournament');
      await phone.context.close();
      await context.close();
      for (const g of games) await g.leave();
      for (const live of lives) await live.leave();
    });
  });
}
