import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { browserUnavailable } from './support/browser.ts';
import type { TestGameServer } from './support/game.ts';
import { waitUntil } from './support/wait.ts';
import { asGuest, DESKTOP, PHONE, pageWidth, snap } from './support/web-pages.ts';
import { browserStack, QUICK_QUEUE_DEFAULTS } from './support/web-stack.ts';

const REQUIRED = process.env.TEST_WEB_E2E === 'required';
const missing = browserUnavailable();

/** A chess queue and a golf one whose tables of two start after a second. */
const QUEUE_PROFILES = JSON.stringify({
  defaults: QUICK_QUEUE_DEFAULTS,
  profiles: [
    { id: 'blitz-casual', label: 'Blitz 5+3 casual', timeControl: '5+3', rated: false },
    {
      id: 'golf-casual',
      label: 'Golf casual',
      game: 'golf',
      rated: false,
      minSeats: 2,
      maxSeats: 6,
      fillWaitSeconds: 1,
      options: { holes: 1 },
    },
  ],
});

type Guest = Awaited<ReturnType<typeof asGuest>>;

/** The golf table a page was taken to (`/golf/<id>`), once the player sits at it. */
async function tableOf(page: Page): Promise<string> {
  await page.waitForURL(/\/golf\/[A-Za-z0-9_-]+$/);
  await page.getByRole('heading', { name: /^Golf · hole 1 of/ }).waitFor();
  await page.getByText('you', { exact: true }).waitFor();
  return new URL(page.url()).pathname.split('/').at(-1)!;
}

if (missing && !REQUIRED) {
  describe('golf in the web lobby', () => {
    it(`needs chromium: ${missing}`);
  });
} else {
  describe('golf in the web lobby', function () {
    this.timeout(90_000);
    let server: TestGameServer;
    let browser: Browser;
    browserStack({ QUEUE_PROFILES }, (stack) => {
      ({ server, browser } = stack);
    });

    it('quick play shows a golf tile with its seats beside the clocks, and two players who click it are sent to one table', async () => {
      const contexts = await Promise.all(
        [DESKTOP, PHONE].map((viewport) => browser.newContext({ viewport })),
      );
      try {
        const [a, b] = (await Promise.all(contexts.map((c) => asGuest(c, server.url)))) as [Guest, Guest];
        const tile = (page: Page) => page.getByRole('button', { name: 'Play Golf casual' });
        for (const { page } of [a, b]) {
          await tile(page).waitFor();
          assert.match((await tile(page).textContent()) ?? '', /Golf\s*2–6 players/);
          await snap(page, 'web-golf-quick-play');
        }
        assert.ok((await pageWidth(b.page)) <= PHONE.width, 'nothing sticks out on a phone');
        await Promise.all([tile(a.page).click(), tile(b.page).click()]);
        const [ta, tb] = await Promise.all([tableOf(a.page), tableOf(b.page)]);
        assert.equal(ta, tb);
      } finally {
        await Promise.all(contexts.map((c) => c.close()));
      }
    });

    it('a golf seek of three seats lists its game and table; two players join it seat by seat and all three go to the table', async () => {
      const contexts = await Promise.all(
        [DESKTOP, DESKTOP, PHONE].map((viewport) => browser.newContext({ viewport })),
      );
      try {
        const [host, ann, ben] = (await Promise.all(contexts.map((c) => asGuest(c, server.url)))) as [
          Guest,
          Guest,
          Guest,
        ];
        await host.page.locator('#seek-game').selectOption('golf');
        assert.equal(await host.page.locator('#seek-time').isVisible(), false, 'golf has no clock');
        await host.page.locator('#seek-seats').selectOption('3');
        await host.page.getByRole('button', { name: 'Post a seek' }).click();
        await host.page.getByRole('button', { name: 'Cancel my seek' }).waitFor();

        const join = (page: Page) => page.getByRole('button', { name: `Join ${host.name}'s table` });
        const row = (page: Page) => page.locator(`.seeks li[data-game="golf"][data-username="${host.name}"]`);
        await join(ann.page).click();
        await ann.page.getByRole('button', { name: 'Give up my place' }).waitFor();
        await row(ben.page).filter({ hasText: 'Golf · 3 seats casual · 2/3 taken' }).waitFor();
        await snap(ben.page, 'web-golf-seek');
        await snap(ann.page, 'web-golf-seek');
        await join(ben.page).click();
        const tables = await Promise.all([host, ann, ben].map((p) => tableOf(p.page)));
        assert.equal(new Set(tables).size, 1, tables.join());
      } finally {
        await Promise.all(contexts.map((c) => c.close()));
      }
    });

    it('a player challenges another to golf with house rules in "Play a friend"; once accepted both sit at one table, which the Watch tab links to', async () => {
      const contexts = await Promise.all(
        [DESKTOP, PHONE, PHONE].map((viewport) => browser.newContext({ viewport })),
      );
      try {
        const [ann, ben, watcher] = (await Promise.all(contexts.map((c) => asGuest(c, server.url)))) as [
          Guest,
          Guest,
          Guest,
        ];
        await ann.page.getByRole('button', { name: 'Play a friend' }).click();
        await ann.page.locator('#challenge-user').fill(ben.name);
        await ann.page.locator('#challenge-game').selectOption('golf');
        assert.equal(await ann.page.locator('#challenge-time').isVisible(), false, 'golf has no clock');
        await ann.page.locator('#challenge-golf-holes').selectOption('1');
        await ann.page.locator('.challenge-golf summary').click();
        await ann.page.locator('#challenge-golf-rule-superKings').check();
        await snap(ann.page, 'web-golf-challenge');
        await ann.page.getByRole('button', { name: 'Challenge', exact: true }).click();

        const offer = ben.page.locator(`.challenges li[data-from="${ann.name}"]`);
        await offer.filter({ hasText: 'golf, 1 hole, casual' }).waitFor();
        await snap(ben.page, 'web-golf-challenged');
        assert.ok((await pageWidth(ben.page)) <= PHONE.width, 'nothing sticks out on a phone');
        await offer.getByRole('button', { name: 'Accept' }).click();
        const [ta, tb] = await Promise.all([tableOf(ann.page), tableOf(ben.page)]);
        assert.equal(ta, tb, 'one table');
        for (const { page } of [ann, ben]) {
          assert.match((await page.locator('#golf-rules').textContent()) ?? '', /Super kings/);
          assert.equal(await page.locator('.golf-seat').count(), 2, 'a table of two');
        }

        // Who is online shows both at play, each with a link to watch the golf table.
        await watcher.page.getByRole('tab', { name: 'Online' }).click();
        for (const { name } of [ann, ben]) {
          const watch = watcher.page.getByRole('link', { name: `Watch ${name}` });
          await watch.waitFor();
          assert.equal(await watch.getAttribute('href'), `/golf/${ta}`);
        }
        // The lobby's Watch tab lists the table with its players and opens its page.
        await watcher.page.getByRole('tab', { name: 'Watch' }).click();
        const listed = watcher.page.locator(`.live-games li[data-game="golf"][data-game-id="${ta}"]`);
        await listed.filter({ hasText: ann.name }).filter({ hasText: ben.name }).waitFor();
        assert.match((await listed.textContent()) ?? '', /^Golf · /);
        // The heading counts every live game; with fewer than the lobby lists, those it shows.
        const counted = async () => [
          await watcher.page.locator('#live-h .count').getAttribute('data-count'),
          String(await watcher.page.locator('.live-games li[data-game-id]').count()),
        ];
        await waitUntil(async () => new Set(await counted()).size === 1);
        await snap(watcher.page, 'web-golf-watch-tab');
        await listed.getByRole('link').click();
        await watcher.page.waitForURL(new RegExp(`/golf/${ta}$`));
        await watcher.page.getByRole('heading', { name: /^Golf · hole 1 of 1/ }).waitFor();
      } finally {
        await Promise.all(contexts.map((c) => c.close()));
      }
    });
  });
}
