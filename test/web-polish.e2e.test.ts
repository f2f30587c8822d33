import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { BOT_LEVELS } from '../schema/chess.ts';
import { browserUnavailable } from './support/browser.ts';
import type { TestGameServer } from './support/game.ts';
import { uniqueName } from './support/server.ts';
import { asGuest, DESKTOP, PHONE, pageAt, pageWidth, signUp, snap } from './support/web-pages.ts';
import { browserStack, QUICK_QUEUE_DEFAULTS } from './support/web-stack.ts';

const REQUIRED = process.env.TEST_WEB_E2E === 'required';
const missing = browserUnavailable();

const QUEUE_PROFILES = JSON.stringify({
  defaults: QUICK_QUEUE_DEFAULTS,
  profiles: [
    { id: 'bullet-rated', label: 'Bullet 1+0 rated', timeControl: '1+0', rated: true },
    { id: 'blitz-rated', label: 'Blitz 5+3 rated', timeControl: '5+3', rated: true },
    { id: 'blitz-casual', label: 'Blitz 5+3 casual', timeControl: '5+3', rated: false },
    { id: 'rapid-casual', label: 'Rapid 10+5 casual', timeControl: '10+5', rated: false },
    { id: 'pairs-casual', label: 'Consultation 5+3', timeControl: '5+3', rated: false, teamSize: 2 },
  ],
});

/** The lobby's list of who is online has arrived. */
function online(page: Page) {
  return page.locator('#online-h .count:not([data-count="0"])');
}

/** Starts a game against the computer from the start page and waits until it is played. */
async function playComputer(page: Page, color: 'white' | 'black'): Promise<void> {
  await page.getByRole('button', { name: 'Play the computer' }).click();
  await page.getByLabel('Your colour', { exact: true }).selectOption(color);
  await page.locator('#bot-start').click();
  await page.locator('.game[data-status="playing"]').waitFor();
}

/** Plays e4 by typing it, waits for the computer's answer, and resigns. */
async function oneMoveThenResign(page: Page): Promise<void> {
  const input = page.getByLabel('Type a move');
  await input.fill('e4');
  await input.press('Enter');
  await page.locator('.move-list .san[data-ply="2"]').waitFor();
  await page.getByRole('button', { name: 'Resign' }).click();
  await page.getByRole('button', { name: 'Confirm resignation' }).click();
  await page.locator('.status[data-result]').waitFor();
}

if (missing && !REQUIRED) {
  describe('web app polish in a real browser', () => {
    it(`needs chromium: ${missing}`);
  });
} else {
  describe('web app polish in a real browser', function () {
    this.timeout(90_000);
    let server: TestGameServer;
    let browser: Browser;
    browserStack({ CHESS_BOT_DELAY_MS: '50', QUEUE_PROFILES }, (stack) => {
      ({ server, browser } = stack);
    });

    it('hidden things stay hidden: the email field in Log in mode, "Leave the queue" when the party is not queued', async () => {
      for (const size of [DESKTOP, PHONE]) {
        const { context, page } = await pageAt(browser, size);
        try {
          await page.goto(`${server.url}/`);
          await page.getByRole('button', { name: 'Log in', exact: true }).waitFor();
          assert.equal(await page.getByText('Email (optional)').isVisible(), false, 'log in: no email');
          await page.getByRole('radio', { name: 'Sign up' }).check();
          assert.equal(await page.getByText('Email (optional)').isVisible(), true, 'sign up: email');
          await snap(page, 'polish-sign-up');
          await page.getByRole('radio', { name: 'Log in' }).check();
          assert.equal(await page.getByText('Email (optional)').isVisible(), false);

          await page.getByRole('button', { name: 'Play as a guest' }).click();
          if (size === PHONE) await page.getByRole('tab', { name: 'Party' }).click();
          await page.getByRole('button', { name: 'Create a party' }).click();
          await page.getByRole('button', { name: 'Queue the party' }).waitFor();
          assert.equal(await page.getByRole('button', { name: 'Leave the queue' }).isVisible(), false);
        } finally {
          await context.close();
        }
      }
    });

    it('an unknown page is an HTML 404 that says so; the API and programs still get JSON', async () => {
      for (const size of [DESKTOP, PHONE]) {
        const { context, page } = await pageAt(browser, size);
        try {
          const response = await page.goto(`${server.url}/no/such/page`);
          assert.equal(response?.status(), 404);
          assert.match(response?.headers()['content-type'] ?? '', /^text\/html/);
          await page.getByRole('heading', { name: 'Page not found' }).waitFor();
          assert.match(await page.title(), /Page not found/);
          await page.getByRole('link', { name: 'Back to the start' }).waitFor();
          await snap(page, 'polish-404');
        } finally {
          await context.close();
        }
      }
      const program = await fetch(`${server.url}/no/such/page`, { headers: { accept: 'application/json' } });
      assert.equal(program.status, 404);
      assert.match(program.headers.get('content-type') ?? '', /application\/json/);
      const api = await fetch(`${server.url}/api/no-such-route`, { headers: { accept: 'text/html' } });
      assert.equal(api.status, 404);
      assert.match(api.headers.get('content-type') ?? '', /application\/json/);
    });

    it("a phone's header shows a guest's whole name, and recent games say who won", async () => {
      const { context, page } = await pageAt(browser, PHONE);
      try {
        await page.goto(`${server.url}/`);
        await page.getByRole('button', { name: 'Play as a guest' }).click();
        const who = page.locator('#account .who');
        await who.waitFor();
        const name = (await who.getAttribute('data-username')) ?? '';
        assert.match(name, /^Guest-/);
        const fits = await who.evaluate((el) => el.scrollWidth <= el.clientWidth);
        assert.equal(fits, true, 'the name is not cut off');
        // biome-ignore lint/performance/useDomNodeTextContent: what is shown, without hidden parts
        assert.equal((await who.innerText()).trim(), name, 'the whole name is shown');
        assert.ok((await pageWidth(page)) <= PHONE.width);
        await snap(page, 'polish-guest-home');

        await playComputer(page, 'white');
        await oneMoveThenResign(page);
        await page.getByRole('link', { name: 'Rookery' }).click();
        const recent = page.locator('ul[aria-label="Recent games"] li').first();
        await recent.filter({ hasText: 'Lost' }).waitFor();
        assert.equal(await recent.getAttribute('data-outcome'), 'loss');
        assert.match((await recent.textContent()) ?? '', /Black wins by resignation/);
      } finally {
        await context.close();
      }
    });

    it('a rating reads the same in the game and in its replay: provisional with a "?"', async () => {
      const { context, page } = await pageAt(browser, DESKTOP);
      try {
        const name = uniqueName('web');
        await page.close();
        const player = await signUp(context, server.url, name);
        await playComputer(player, 'white');
        const bar = player.locator('.player-bar.bottom .player-name');
        await bar.filter({ hasText: `${name} (1500?)` }).waitFor();
        await oneMoveThenResign(player);
        await player.goto(`${server.url}/games/${new URL(player.url()).pathname.split('/').at(-1)}`);
        await player.locator('section.replay').waitFor();
        assert.equal(
          await player.locator('.player-bar.bottom .player-name').textContent(),
          `${name} (1500?)`,
        );
        await snap(player, 'polish-replay');
        const phone = await browser.newContext({ viewport: PHONE });
        try {
          const replay = await phone.newPage();
          await replay.goto(player.url());
          await replay.locator('section.replay').waitFor();
          await replay.getByText(`${name} (1500?)`).waitFor();
          assert.ok((await pageWidth(replay)) <= PHONE.width);
          await snap(replay, 'polish-replay');
        } finally {
          await phone.close();
        }
      } finally {
        await context.close();
      }
    });

    it('a challenge to a guest is casual: rated is not offered', async () => {
      const contexts = await Promise.all([browser.newContext({ viewport: DESKTOP }), browser.newContext()]);
      try {
        const name = uniqueName('web');
        const host = await signUp(contexts[0]!, server.url, name);
        const guest = await asGuest(contexts[1]!, server.url);
        await host.getByRole('button', { name: `Challenge ${guest.name}` }).click();
        const rated = host.locator('#challenge-rated');
        assert.equal(await rated.isChecked(), false);
        assert.equal(await rated.isDisabled(), true);
        await host.locator('#challenge-guest').filter({ hasText: 'guests play casual games' }).waitFor();
        await host.getByRole('button', { name: 'Challenge', exact: true }).click();
        await guest.page
          .locator(`.challenges li[data-from="${name}"]`)
          .filter({ hasText: '5+3 casual' })
          .waitFor();
      } finally {
        for (const context of contexts) await context.close();
      }
    });

    it('the lobby: a grid of time controls with a rated/casual switch, the computer and a friend in dialogs, and the rest in tabs that fit a phone in two screens', async () => {
      for (const size of [PHONE, DESKTOP]) {
        const { context } = await pageAt(browser, size);
        try {
          const page = await signUp(context, server.url, uniqueName('web'));
          const tiles = page.locator('.tc-grid button.tc');
          await tiles.first().waitFor();
          // One player a side, shortest first; the switch shows the other mode's queues.
          assert.deepEqual(await page.locator('.tc-grid .tc-clock').allTextContents(), ['1+0', '5+3']);
          assert.equal(await tiles.first().getAttribute('aria-label'), 'Play Bullet 1+0 rated');
          await page.getByRole('radio', { name: 'Casual' }).check();
          assert.deepEqual(await page.locator('.tc-grid .tc-clock').allTextContents(), ['5+3', '10+5']);
          await page.getByRole('radio', { name: 'Rated' }).check();
          await online(page).waitFor({ state: 'attached' });
          assert.ok((await pageWidth(page)) <= size.width, 'nothing sticks out sideways');
          await snap(page, 'polish-lobby');

          const chatTop = await page
            .locator('.lobby-chat')
            .evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
          if (size === PHONE) {
            assert.ok(chatTop <= 2 * size.height, `the chat starts at ${chatTop} px on a phone`);
            // On a phone, one tab at a time.
            assert.equal(await page.locator('.seek-board').isVisible(), true);
            assert.equal(await page.locator('.online').isVisible(), false);
            await page.getByRole('tab', { name: 'Online' }).click();
            assert.equal(await page.locator('.online').isVisible(), true);
            assert.equal(await page.locator('.seek-board').isVisible(), false);
            await snap(page, 'polish-lobby-online-tab');
          } else {
            for (const panel of ['.seek-board', '.online', '.party', '.lobby-chat'])
              assert.equal(await page.locator(panel).first().isVisible(), true, `${panel} on a screen`);
            assert.equal(await page.getByRole('tab', { name: 'Online' }).isVisible(), false);
          }

          await page.getByRole('button', { name: 'Play the computer' }).click();
          const levels = page.locator('#bot-level option');
          assert.deepEqual(await levels.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)), [
            ...BOT_LEVELS,
          ]);
          await page.getByRole('dialog', { name: 'Play the computer' }).waitFor();
          await snap(page, 'polish-computer-dialog');
          await page.keyboard.press('Escape');
          await page.getByRole('dialog', { name: 'Play the computer' }).waitFor({ state: 'hidden' });

          await page.getByRole('button', { name: 'Play a friend' }).click();
          await page.getByRole('dialog', { name: 'Play a friend' }).waitFor();
          assert.equal(
            await page.locator('#link-rated').isChecked(),
            false,
            'a game by link is casual at first',
          );
          await snap(page, 'polish-friend-dialog');
          await page.getByRole('button', { name: 'Close' }).click();
          await page.getByRole('dialog', { name: 'Play a friend' }).waitFor({ state: 'hidden' });
        } finally {
          await context.close();
        }
      }
    });
  });
}
