import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { applyGolf, createGolf, type Golf } from '../rooms/games/golf/game.ts';
import { golfModule } from '../rooms/games/golf/module.ts';
import type { GameExportDto } from '../schema/games.ts';
import { browserUnavailable } from './support/browser.ts';
import type { TestGameServer } from './support/game.ts';
import { DESKTOP, PHONE, pageWidth, snap } from './support/web-pages.ts';
import { browserStack } from './support/web-stack.ts';

const REQUIRED = process.env.TEST_WEB_E2E === 'required';
const missing = browserUnavailable();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where a page's table stands for its player. */
type Phase = 'wait' | 'choose' | 'drawn' | 'ended';

/** The page's phase and its last-turn warning, read in one look (a state may arrive between two). */
function lookOf(page: Page): Promise<{ phase: Phase; warning: string }> {
  // One expression, no inner function: the callback is sent to the page as its text.
  return page.evaluate(() => ({
    phase: (document.querySelector('#golf-replay')
      ? 'ended'
      : !document.querySelector('.golf-board.my-turn')
        ? 'wait'
        : document.querySelector('#golf-deck.playable')
          ? 'choose'
          : document.querySelector('#golf-discard-drawn')
            ? 'drawn'
            : 'wait') as Phase,
    warning: document.querySelector('#golf-last-turn')?.textContent ?? '',
  }));
}

async function phaseOf(page: Page): Promise<Phase> {
  return (await lookOf(page)).phase;
}

/** The first face-down card of one's own grid, or -1. */
const firstDown = (page: Page) =>
  page.evaluate(() => {
    const back = document.querySelector('.golf-seat.mine button.slot .golf-card.back');
    return Number(back?.closest('button')?.getAttribute('data-index') ?? -1);
  });

/**
 * One turn when it is this page's: draw from the deck, then keep the card in the first face-down
 * position (or discard it once every card is up). By mouse, or by keyboard alone: the arrow keys
 * move between the grid's cards and Enter plays one.
 */
async function playTurn(page: Page, keyboard: boolean, discardAndFlip = false): Promise<boolean> {
  if ((await phaseOf(page)) !== 'choose') return false;
  if (keyboard) {
    await page.locator('#golf-deck').focus();
    await page.keyboard.press('Enter');
  } else await page.locator('#golf-deck').click();
  await page.locator('#golf-discard-drawn').waitFor();
  const down = await firstDown(page);
  if (down < 0) await page.locator('#golf-discard-drawn').click();
  else if (discardAndFlip) {
    // The table's rule: a discard turns up a card, which the player picks next.
    await page.locator('#golf-discard-drawn').click();
    await page.locator('#golf-status').filter({ hasText: 'choose the face-down card to turn up' }).waitFor();
    await page.locator(`.golf-seat.mine button.slot[data-index="${down}"]`).click();
    await page.locator(`.golf-seat.mine button.slot[data-index="${down}"] .golf-card.face`).waitFor();
  } else if (keyboard) {
    await page.locator('.golf-seat.mine button.slot[data-index="0"]').focus();
    if (down >= 3) await page.keyboard.press('ArrowDown');
    for (let i = 0; i < down % 3; i++) await page.keyboard.press('ArrowRight');
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('data-index')),
      String(down),
      'the arrow keys reach the card',
    );
    await page.keyboard.press('Enter');
  } else await page.locator(`.golf-seat.mine button.slot[data-index="${down}"]`).click();
  await page.waitForFunction(() => !document.querySelector('#golf-discard-drawn'));
  return true;
}

/** The game after each event of its log, from its export (the truth the pages are checked against). */
async function truth(base: string, id: string): Promise<{ doc: GameExportDto; games: Golf[] }> {
  const doc = (await (await fetch(`${base}/api/games/${id}/export`)).json()) as GameExportDto;
  const parsed = golfModule.parseOptions(doc.options);
  assert.ok(parsed.ok);
  const games: Golf[] = [];
  let game = createGolf(parsed.value);
  for (const { event } of doc.events) {
    const next = applyGolf(game, event);
    assert.ok(next.ok);
    game = next.value;
    games.push(game);
  }
  return { doc, games };
}

if (missing && !REQUIRED) {
  describe('golf in a real browser', () => {
    it(`needs chromium: ${missing}`);
  });
} else {
  describe('golf in a real browser', function () {
    this.timeout(180_000);
    let server: TestGameServer;
    let browser: Browser;
    browserStack({ CHESS_BOT_DELAY_MS: '50' }, (stack) => {
      ({ server, browser } = stack);
    });

    for (const [size, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      it(`two people and a computer play a whole hole at a private table with house rules, then open its replay, whose steps never carry a card before it was turned (${size})`, async () => {
        const contexts: BrowserContext[] = [];
        const open = async () => {
          const context = await browser.newContext({ viewport });
          await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
          contexts.push(context);
          return context.newPage();
        };
        try {
          const host = await open();
          await host.goto(`${server.url}/`);
          await host.getByRole('button', { name: 'Play as a guest' }).click();
          await host.locator('#account [data-username]').waitFor();
          await host.getByRole('button', { name: 'New golf table' }).click();
          // "Play a friend" has a golf picker too: the labels are looked for in this dialog.
          const dialog = host.getByRole('dialog', { name: 'New golf table' });
          await dialog.getByLabel('Players', { exact: true }).selectOption('3');
          await dialog.getByLabel('Computer players among them').selectOption('1');
          await dialog.getByLabel('Holes', { exact: true }).selectOption('1');
          await host.locator('#golf-rule-superKings').check();
          await host.locator('#golf-rule-knockPenalty').check();
          // On the phone the table also turns up a card with every discard (flip mode "always").
          if (size === 'phone') await dialog.getByLabel('A discard turns up a card').selectOption('always');
          await snap(host, `golf-new-table-${size}`);
          await host.getByRole('button', { name: 'Open the table' }).click();
          await host.waitForURL(/\/golf\/[A-Za-z0-9_-]+$/);
          const link = await host.locator('#golf-table-link').inputValue();
          const id = link.split('/').pop()!;
          assert.match((await host.locator('#golf-rules').textContent()) ?? '', /Super kings/);
          assert.match((await host.locator('#golf-rules').textContent()) ?? '', /Knock penalty/);

          const friend = await open();
          await friend.goto(link);
          await friend.getByRole('button', { name: 'Play as a guest' }).click();
          for (const page of [host, friend]) await page.locator('.golf-board .golf-seat.mine').waitFor();
          assert.equal(await host.locator('.golf-seat').count(), 3, 'three grids on the table');
          assert.equal(
            await host.locator('.golf-seat.mine .golf-card.face').count(),
            2,
            'two cards up from the deal',
          );
          assert.equal(await host.locator('.golf-seat:not(.mine) .golf-card.back').count(), 8);
          await snap(host, `golf-table-start-${size}`);

          // The turn's countdown: the same seat named on both pages, and its seconds going down.
          const countdown = async (page: Page) => {
            const text = (await page.locator('#golf-timer').textContent()) ?? '';
            const found = /^(.+) · (\d+) s left$/.exec(text);
            assert.ok(found, `a countdown is shown: "${text}"`);
            return { whose: found[1]!, seconds: Number(found[2]) };
          };
          await host
            .locator('#golf-timer')
            .filter({ hasText: /^Your turn · \d+ s left$/ })
            .waitFor();
          const first = await countdown(host);
          assert.ok(first.seconds <= 30, `within the table's 30 s turn: ${first.seconds}`);
          const hostName = (await host.locator('.golf-seat.mine .seat-name').first().textContent())?.trim();
          assert.equal((await countdown(friend)).whose, `${hostName}'s turn`);
          await host.waitForFunction(
            (before) =>
              Number(/(\d+) s left/.exec(document.querySelector('#golf-timer')?.textContent ?? '')?.[1]) <
              before,
            first.seconds,
          );
          assert.equal((await countdown(host)).whose, 'Your turn', 'the same turn, counting down');

          let warned = false;
          let turns = 0;
          const deadline = Date.now() + 90_000;
          while ((await phaseOf(host)) !== 'ended' || (await phaseOf(friend)) !== 'ended') {
            assert.ok(Date.now() < deadline, 'the hole ends');
            for (const [page, keyboard] of [
              [host, false],
              [friend, true],
            ] as const) {
              // A person whose last turn it is sees the warning until they play it. The warning
              // and the phase are read in one look: read apart, a state arriving between the two
              // reads made a last turn that was played without its warning being looked at.
              const { phase, warning } = await lookOf(page);
              if (phase !== 'choose') continue;
              if (!warned && warning.startsWith('Last turn!')) {
                warned = true;
                await snap(page, `golf-last-turn-${size}`);
              }
              const flipping = size === 'phone' && page === host && turns === 0;
              if (await playTurn(page, keyboard, flipping)) turns++;
            }
            if (turns === 2) await snap(friend, `golf-table-playing-${size}`);
            await sleep(50);
          }
          assert.ok(turns >= 4, `both people played (${turns} turns)`);
          assert.ok(warned, 'the last turn was announced');
          for (const page of [host, friend]) {
            assert.ok((await pageWidth(page)) <= viewport.width, 'nothing sticks out sideways');
            assert.match((await page.locator('#golf-status').textContent()) ?? '', /wins? with/);
            assert.equal(await page.locator('.golf-card.back').count(), 0, 'every card is shown at the end');
          }
          await snap(host, `golf-table-ended-${size}`);

          // The replay: each step is fetched as it is shown; no step carries a card still face down.
          const received: string[] = [];
          const pending: Array<Promise<void>> = [];
          friend.on('response', (res) => {
            if (/\/api\/games\/[^/]+\/replay/.test(res.url()))
              pending.push(res.text().then((text) => void received.push(text)));
          });
          await friend.locator('#golf-replay').click();
          await friend.waitForURL(/\/games\//);
          await friend.locator('#golf-step').filter({ hasText: 'step 1 of' }).waitFor();
          const { games } = await truth(server.url, id);
          const hidden = (game: Golf) =>
            game.status !== 'playing'
              ? []
              : [
                  ...game.grids.flatMap((g, s) => g.filter((_, i) => !game.up[s]![i])),
                  ...(game.phase === 'drawn' && game.drawn ? [game.drawn] : []),
                ];
          // Every step of the hole, one arrow key at a time (the last is the scored hole).
          for (let step = 0; step < games.length - 1; step++) {
            await friend
              .locator('#golf-step')
              .filter({ hasText: `step ${step + 1} of` })
              .waitFor();
            await Promise.all(pending);
            const bytes = received.join('');
            for (const card of hidden(games[step]!))
              assert.ok(
                !bytes.includes(JSON.stringify(card)),
                `step ${step}: ${card} reached the page before it was turned`,
              );
            if (games[step]!.status === 'playing')
              assert.equal(
                await friend.locator('.golf-card.face').count(),
                games[step]!.up.flat().filter(Boolean).length +
                  (games[step]!.discard.length > 0 ? 1 : 0) +
                  (games[step]!.phase === 'took' ? 1 : 0),
                `step ${step}: the cards up as they were in play`,
              );
            if (step === 2) await snap(friend, `golf-replay-step-${size}`);
            await friend.keyboard.press('ArrowRight');
          }
          await friend.keyboard.press('End');
          await friend
            .locator('#golf-step')
            .filter({ hasText: /wins? with/ })
            .waitFor();
          assert.equal(await friend.locator('.golf-card.back').count(), 0, 'the last step shows every card');
          assert.ok((await pageWidth(friend)) <= viewport.width);
          await snap(friend, `golf-replay-end-${size}`);

          // The whole game is there to download, as the export route gives it.
          const href = (await friend.locator('#golf-export').getAttribute('href')) ?? '';
          const exported = (await (await fetch(`${server.url}${href}`)).json()) as GameExportDto;
          assert.equal(exported.format, 'rookery-game');
          assert.equal(exported.options.superKings, true);

          // Its link is copied, and opens the replay.
          await friend.locator('#golf-replay-link-copy').click();
          await friend.getByText('Link copied.').waitFor();
          const copied = await friend.evaluate(() => navigator.clipboard.readText());
          assert.equal(copied, `${server.url}/games/${id}`);
          const viewer = await open();
          await viewer.goto(copied);
          await viewer.locator('#golf-step').filter({ hasText: 'step 1 of' }).waitFor();
        } finally {
          for (const context of contexts) await context.close();
        }
      });
    }
  });
}
