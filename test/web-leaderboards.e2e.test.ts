import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ChessEvent, ClockPair } from '../schema/chess.ts';
import type { GameService } from '../server/services/game.service.ts';
import { ownPglite } from './support/backends.ts';
import { browserUnavailable, ensureWebBuild, launchChromium } from './support/browser.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { type Account, PASSWORD, register } from './support/leaderboards.ts';

const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const REQUIRED = process.env.TEST_WEB_E2E === 'required';
const missing = browserUnavailable();

/** Fool's mate through the record (as the chess room writes it), black winning, ended `endedAt`. */
async function foolsMate(
  games: GameService,
  white: Account,
  black: Account,
  endedAt: number,
): Promise<string> {
  const id = `lbweb${Math.random().toString(36).slice(2, 10)}`;
  const t = endedAt - 6_000;
  await games.create({
    id,
    white: { userId: white.id, name: white.name, bot: null },
    black: { userId: black.id, name: black.name, bot: null },
    timeControl: '3+2',
    initialMs: 180_000,
    incrementMs: 2_000,
    category: 'blitz',
    rated: true,
    startedAt: t,
  });
  const clock: ClockPair = { white: 180_000, black: 180_000 };
  const moves: Array<[string, string, 'white' | 'black']> = [
    ['f2f3', 'f3', 'white'],
    ['e7e5', 'e5', 'black'],
    ['g2g4', 'g4', 'white'],
    ['d8h4', 'Qh4#', 'black'],
  ];
  for (const [i, [uci, san, by]] of moves.entries()) {
    const event = { type: 'move', at: t + (i + 1) * 1000, by, uci } as ChessEvent;
    await games.append(id, i + 2, event, { san, clock });
  }
  await games.finish(id, {
    result: '0-1',
    termination: 'checkmate',
    endedAt,
    pgn: `[White "${white.name}"]\n[Black "${black.name}"]\n[Result "0-1"]\n\n1. f3 e5 2. g4 Qh4# 0-1\n`,
    fen: 'rnb1kbnr/pppp1ppp/8/4p3/6Pq/5P2/PPPPP2P/RNBQKBNR w KQkq - 1 3',
  });
  return id;
}

async function logIn(context: BrowserContext, base: string, who: Account): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.getByRole('radio', { name: 'Log in' }).check();
  await page.getByLabel('Username').fill(who.name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.locator(`#account [data-username="${who.name}"]`).waitFor();
  return page;
}

if (missing && !REQUIRED) {
  describe('leaderboards and profiles in a real browser', () => {
    it(`needs chromium: ${missing}`);
  });
} else {
  describe('leaderboards and profiles in a real browser', function () {
    this.timeout(90_000);
    let server: TestGameServer;
    let browser: Browser;
    let ann: Account;
    let bob: Account;
    let replayOf: string;
    const database = ownPglite();

    before(async function () {
      this.timeout(240_000);
      if (missing) throw new Error(`TEST_WEB_E2E=required, but there is ${missing}`);
      ensureWebBuild();
      await mkdir(ARTIFACTS, { recursive: true });
      // Its ranks are asserted: a board of this suite's players only.
      server = await startGameStack(database, {});
      browser = await launchChromium();
      [ann, bob] = [await register(server.url, 'FR'), await register(server.url, 'DE')];
      const others = [await register(server.url, 'FR'), await register(server.url, 'JP')];
      const games = server.app.services.games;
      const now = Date.now() - 60_000;
      // bob beats ann three times, ann beats the first other once, the second other beats the first twice.
      for (let i = 0; i < 3; i++) replayOf = await foolsMate(games, ann, bob, now + i * 1000);
      await foolsMate(games, others[0]!, ann, now + 4000);
      for (let i = 0; i < 2; i++) await foolsMate(games, others[0]!, others[1]!, now + 5000 + i * 1000);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
      await database.close();
    });

    for (const [size, viewport] of [
      ['desktop', { width: 1100, height: 900 }],
      ['phone', { width: 375, height: 760 }],
    ] as const) {
      it(`${size}: a name in a finished game opens the profile; the leaderboard shows the top and the players around me`, async () => {
        const context = await browser.newContext({ viewport });
        try {
          const page = await logIn(context, server.url, ann);
          await page
            .locator('[data-testid="header-rating"]')
            .filter({ hasText: /^\d+\??$/ })
            .waitFor();

          // A finished game: bob's name links to his profile.
          await page.goto(`${server.url}/games/${replayOf}`);
          await page.locator('.player-link', { hasText: bob.name }).first().click();
          await page.waitForURL(`**/@/${bob.name}`);
          await page.locator('#profile-title').filter({ hasText: bob.name }).waitFor();
          assert.match(
            (await page.locator('tr[data-category="blitz"]').textContent()) ?? '',
            /blitz\s*\d+\?\s*3/,
          );
          assert.equal(await page.locator('.rating-chart polyline[data-pool="blitz"]').count(), 1);
          assert.equal(await page.locator('.recent-results li[data-outcome="win"]').count(), 3);
          await page
            .locator('.ranks li[data-board="chess-wins-weekly"]')
            .filter({ hasText: '#1 of' })
            .waitFor();
          assert.match((await page.locator('.country').textContent()) ?? '', /Germany/);
          await page.screenshot({
            path: path.join(ARTIFACTS, `leaderboards-profile-${size}.png`),
            fullPage: true,
          });

          // The leaderboard: from the header, then the weekly wins board, top first.
          await page.locator('.nav-leaderboards').click();
          await page.locator('.board-list a', { hasText: 'Wins this week' }).click();
          await page.waitForURL('**/leaderboards/chess-wins-weekly');
          await page.locator(`.standings tr[data-username="${bob.name}"][data-rank="1"]`).waitFor();
          await page.screenshot({
            path: path.join(ARTIFACTS, `leaderboards-top-${size}.png`),
            fullPage: true,
          });

          // Around me: ann's own row, marked, between her neighbours.
          await page.getByRole('button', { name: 'Around me' }).click();
          await page.waitForURL('**/leaderboards/chess-wins-weekly?view=around');
          const mine = page.locator(`.standings tr.me[data-username="${ann.name}"]`);
          await mine.waitFor();
          assert.ok(Number(await mine.getAttribute('data-rank')) >= 2);
          assert.ok((await page.locator('.standings tbody tr').count()) >= 2);
          await page.screenshot({
            path: path.join(ARTIFACTS, `leaderboards-around-${size}.png`),
            fullPage: true,
          });

          // By country: only the French players.
          await page.getByRole('button', { name: 'Top' }).click();
          await page.locator('select[name="country"]').selectOption('FR');
          await page.waitForURL('**/leaderboards/chess-wins-weekly?country=FR');
          await page.locator(`.standings tr[data-username="${ann.name}"]`).waitFor();
          assert.equal(await page.locator(`.standings tr[data-username="${bob.name}"]`).count(), 0);
        } finally {
          await context.close();
        }
      });
    }
  });
}
