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
      // The console's lists hold only this suite's tournaments.
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

    it('the console and the public list show 50 tournaments, more on demand, and the console the finished ones, on a desktop and a phone', async () => {
      // 52 upcoming ones (three creators: each may act 30 times a minute), far enough ahead not to start.
      const creators = await Promise.all([0, 1, 2].map(() => newPlayer(server.url)));
      const at = Date.now() + 30 * 24 * 3600_000;
      const made: string[] = [];
      for (let i = 0; i < 52; i++) {
        const { id } = await new Tournaments(creators[i % 3]!.rookery).create({
          name: `Paged swiss ${i + 1}`,
          game: 'chess',
          options: { timeControl: '5+3' },
          format: 'swiss',
          rounds: 3,
          startsAt: at + i * 60_000,
        });
        made.push(id);
      }
      const api = client(server.url);
      const admin = (await api.post('/api/auth/login', { username: adminName, password: PASSWORD })).body
        .accessToken as string;
      const { id: ended } = await new Tournaments(creators[0]!.rookery).create({
        name: 'Called off',
        game: 'chess',
        options: { timeControl: '5+3' },
        format: 'swiss',
        rounds: 3,
        startsAt: at,
      });
      const end = await api.post(`/api/admin/tournaments/${ended}/end`, { reason: 'no venue' }, admin);
      assert.equal(end.body.status, 'finished', JSON.stringify(end.body));
      // Through the SDK: the first 50, then the rest from `next`.
      const sdk = new Tournaments(creators[0]!.rookery);
      const first = await sdk.listPage({ status: 'upcoming' });
      assert.equal(first.tournaments.length, 50);
      const rest = await sdk.listPage({ status: 'upcoming' }, { after: first.next!, limit: 10 });
      assert.deepEqual(
        [...first.tournaments, ...rest.tournaments].map((t) => t.id),
        made,
        'every upcoming one, soonest first',
      );
      assert.equal(rest.next, null);
      const active = new Set(
        (await api.get('/api/admin/tournaments?limit=50', admin)).body.tournaments.map(
          (t: { id: string }) => t.id,
        ),
      );
      assert.equal(active.size, 50);

      for (const size of [DESKTOP, PHONE]) {
        const { context, page } = await pageAt(browser, size);
        await page.goto(`${server.url}/admin/tournaments`);
        await page.getByLabel('Username').fill(adminName);
        await page.getByLabel('Password').fill(PASSWORD);
        await page.getByRole('button', { name: 'Log in', exact: true }).click();
        const rows = page.locator('.admin-table tbody tr');
        await page.getByRole('heading', { name: 'Running and upcoming (50+)' }).waitFor();
        assert.equal(await rows.count(), 50);
        await page.getByRole('button', { name: 'Show more' }).scrollIntoViewIfNeeded();
        await snap(page, 'admin-tournaments-first-page', { fullPage: false });
        await page.getByRole('button', { name: 'Show more' }).click();
        await page.getByRole('heading', { name: /^Running and upcoming \(\d+\)$/ }).waitFor();
        const ids = await page
          .locator('.admin-table [data-tournament]')
          .evaluateAll((links) => links.map((a) => a.getAttribute('data-tournament')));
        assert.equal(new Set(ids).size, ids.length, 'none twice');
        for (const id of made) assert.ok(ids.includes(id), `${id} listed`);
        assert.ok(!ids.includes(ended), 'a finished one is not among them');
        assert.equal(await page.getByRole('button', { name: 'Show more' }).count(), 0, 'nothing more');
        assert.ok((await pageWidth(page)) <= size.width, 'the list fits');
        await snap(page, 'admin-tournaments-all');

        await page
          .getByRole('navigation', { name: 'Tournaments by state' })
          .getByRole('link', { name: 'Finished' })
          .click();
        await page.locator(`.admin-table [data-tournament="${ended}"]`).waitFor();
        await page.getByRole('heading', { name: /^Finished \(\d+\)$/ }).waitFor();
        assert.ok(
          !(
            await page
              .locator('.admin-table [data-tournament]')
              .evaluateAll((l) => l.map((a) => a.getAttribute('data-tournament')))
          ).includes(made[0]!),
        );
        assert.ok((await pageWidth(page)) <= size.width, 'the finished list fits');
        await snap(page, 'admin-tournaments-finished');

        // The public list: the first 50 upcoming, then the rest below them.
        await page.goto(`${server.url}/tournaments`);
        const items = page.locator('.tournament-list li');
        await page.locator('.tournaments[data-loaded="true"]').waitFor();
        assert.equal(await items.count(), 50);
        // The list's end, where the rest is asked for: the screen as the player sees it there.
        await page.getByRole('button', { name: 'More tournaments' }).scrollIntoViewIfNeeded();
        await snap(page, 'tournament-list-first-page', { fullPage: false });
        await page.getByRole('button', { name: 'More tournaments' }).click();
        await page.getByRole('button', { name: 'More tournaments' }).waitFor({ state: 'hidden' });
        const listed = await items.evaluateAll((li) => li.map((e) => e.getAttribute('data-tournament')));
        for (const id of made) assert.ok(listed.includes(id), `${id} in the public list`);
        assert.equal(new Set(listed).size, listed.length, 'none twice in the public list');
        assert.deepEqual(
          listed.filter((id) => made.includes(id!)),
          made,
          'soonest first, across the pages',
        );
        assert.ok((await pageWidth(page)) <= size.width, 'the public list fits');
        await snap(page, 'tournament-list-all');
        await context.close();
      }
    });
  });
}
