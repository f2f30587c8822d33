import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { type TournamentClient, Tournaments } from '../client-sdk/index.ts';
import { browserUnavailable } from './support/browser.ts';
import { newPlayer, type Player } from './support/chess.ts';
import type { TestGameServer } from './support/game.ts';
import { uniqueName } from './support/server.ts';
import { playAll } from './support/tournaments.ts';
import { DESKTOP, PHONE, pageWidth, signUp, snap } from './support/web-pages.ts';
import { browserStack } from './support/web-stack.ts';

const REQUIRED = process.env.TEST_WEB_E2E === 'required';
const missing = browserUnavailable();

/** Nothing sticks out sideways (the bracket scrolls inside its own panel). */
async function fits(page: Page, what: string): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  assert.ok((await pageWidth(page)) <= width, `${what} fits ${width} px`);
}

/** The player's name in a match's side, once it is there. */
function side(page: Page, match: string, name: string, extra = '') {
  return page.locator(`.bracket-match[data-match="${match}"] .slot${extra}[data-name="${name}"]`);
}

if (missing && !REQUIRED) {
  describe('a knockout in a real browser', () => {
    it(`needs chromium: ${missing}`);
  });
} else {
  describe('a knockout in a real browser', function () {
    this.timeout(180_000);
    let server: TestGameServer;
    let browser: Browser;
    browserStack({ TOURNAMENT_SEAT_DEADLINE: '30', TOURNAMENT_ROUND_GAP: '0' }, (stack) => {
      ({ server, browser } = stack);
    });

    for (const [label, size] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      it(`${label}: a knockout made from the form is shown as a bracket, and the winner of a first-round game goes on to the final`, async () => {
        const context = await browser.newContext({ viewport: size });
        try {
          const annName = uniqueName('ka');
          const ann = await signUp(context, server.url, annName);
          await ann.goto(`${server.url}/tournaments/new`);

          // A knockout asks for its own options, not for rounds or tie-breaks; each elimination its own.
          await ann.getByLabel('Format', { exact: true }).selectOption('knockout');
          assert.equal(await ann.getByLabel('Rounds', { exact: true }).isVisible(), false);
          assert.equal(await ann.getByLabel('First', { exact: true }).isVisible(), false);
          assert.equal(await ann.getByLabel('Tie-break sets at most').isVisible(), false);
          await ann.getByLabel('Tie-break games', { exact: true }).fill('2');
          assert.equal(await ann.getByLabel('Tie-break sets at most').isVisible(), true);
          await ann.getByLabel('Tie-break games', { exact: true }).fill('0');
          await ann.getByLabel('Elimination', { exact: true }).selectOption('double');
          assert.equal(await ann.getByLabel('A match for third place').isVisible(), false);
          assert.equal(await ann.getByLabel(/second grand final/).isChecked(), true);
          await ann.getByLabel('Elimination', { exact: true }).selectOption('single');
          assert.equal(await ann.getByLabel(/second grand final/).isVisible(), false);

          // The server's refusal of a knockout option is shown by its field.
          const title = `Cup ${uniqueName('')}`;
          await ann.getByLabel('Name', { exact: true }).fill(title);
          await ann.getByLabel('Games per match', { exact: true }).fill('13');
          await ann.getByLabel('Most players', { exact: true }).fill('4');
          await ann.getByLabel('Minutes from now', { exact: true }).fill('0.35');
          await ann.getByRole('button', { name: 'Create the tournament' }).click();
          await ann.locator('[data-error-for="knockout.games"]').filter({ hasText: /12/ }).waitFor();
          assert.equal(
            await ann.getByLabel('Games per match', { exact: true }).getAttribute('aria-invalid'),
            'true',
          );
          await fits(ann, 'the refused knockout form');
          await snap(ann, 'knockout-form-refused');

          await ann.getByLabel('Games per match', { exact: true }).fill('1');
          await ann.getByLabel('A match for third place').check();
          await ann.getByRole('button', { name: 'Create the tournament' }).click();
          await ann.getByRole('heading', { name: title }).waitFor();
          const id = new URL(ann.url()).pathname.split('/').at(-1)!;
          await ann.locator('.tournament-bracket').filter({ hasText: 'drawn at the start' }).waitFor();
          await ann
            .locator('.tournament-facts')
            .filter({ hasText: 'with a match for third place' })
            .waitFor();

          // Equal ratings keep the order of entry: Ann is seed 1, then Ben, Carl and Dan (over the API).
          await ann.getByRole('button', { name: 'Join', exact: true }).click();
          await ann.locator(`.tournament-standings tr[data-name="${annName}"]`).waitFor();
          const [ben, carl, dan] = await Promise.all([0, 1, 2].map(() => newPlayer(server.url)));
          const clients = [ben, carl, dan].map((p) => new Tournaments(p!.rookery));
          for (const c of clients) await c.join(id);
          const [benLive, carlLive, danLive] = await Promise.all(clients.map((c) => c.follow(id)));
          await ann.locator('.tournament-standings tbody tr').nth(3).waitFor();

          // Dan (black against Ann) resigns at once. Ben and Carl open their semi-final (a game with
          // no first move is aborted) and Carl (black) resigns it once Ann has seen her own result
          // in the bracket. Then each resigns every game they have black in.
          let release!: () => void;
          const released = new Promise<void>((resolve) => {
            release = resolve;
          });
          const opening = async (player: Player, live: TournamentClient, seat: number, uci: string) => {
            const first = await live.nextGame(90_000);
            assert.equal(first.seat, seat, `${player.username} sits at ${seat} in the semi-final`);
            const game = await player.chess.joinGame(first.gameId);
            await game.until((s) => s.status === 'playing', 30_000);
            await game.until((s) => s.moves.length === seat, 30_000);
            await game.move(uci);
            if (seat === 1) {
              await released;
              await game.resign();
            }
            await game.until((s) => s.status === 'ended', 90_000);
            await game.leave();
            return playAll(player, live);
          };
          const all = Promise.all([
            opening(ben!, benLive!, 0, 'e2e4'),
            opening(carl!, carlLive!, 1, 'e7e5'),
            playAll(dan!, danLive!),
          ]);
          all.catch(() => undefined);

          // At the start Ann is taken to her semi-final, which Dan resigns.
          await ann.waitForURL(/\/play\/[A-Za-z0-9_-]+$/, { timeout: 60_000 });
          const semiFinal = new URL(ann.url()).pathname;
          await ann.locator('.status[data-result="1-0"]').waitFor({ timeout: 30_000 });

          await ann.getByRole('link', { name: '← Back to the tournament' }).click();
          await ann.waitForURL(`**/tournaments/${id}`);
          // The bracket: two semi-finals of seeds 1–4 and 2–3, Ann through to the final.
          await side(ann, 'W1-1', annName, '.won').waitFor();
          await side(ann, 'W1-2', ben!.username).waitFor();
          await side(ann, 'W1-2', carl!.username).waitFor();
          await side(ann, 'W2-1', annName).waitFor();
          await ann.locator('.bracket-match[data-match="W1-2"][data-status="playing"]').waitFor();
          await ann
            .locator('.bracket-match[data-match="W2-1"] .slot[data-side="b"]')
            .filter({ hasText: 'Winner of W1-2' })
            .waitFor();
          const semi = ann.locator('.bracket-match[data-match="W1-1"]');
          assert.equal(await semi.locator('.seed').first().textContent(), '1');
          assert.match(
            (await semi.locator('.match-games .game-link').getAttribute('href')) ?? '',
            /^\/games\//,
          );
          assert.equal(await semi.locator(`a.player-link[href="/@/${annName}"]`).count(), 1);
          assert.equal(await semi.locator('.slot.won .slot-score').textContent(), '1');
          await ann
            .locator(`.tournament-standings tr[data-name="${dan!.username}"][data-stage="out"]`)
            .waitFor();
          await ann
            .locator(`.tournament-standings tr[data-name="${annName}"][data-rank="1"][data-stage="in"]`)
            .waitFor();
          // The other semi-final is on: its game is there to watch.
          const watch = ann.locator('.bracket-match[data-match="W1-2"] .game-link');
          assert.equal(await watch.textContent(), 'Watch');
          assert.match((await watch.getAttribute('href')) ?? '', /^\/play\//);
          await fits(ann, 'the bracket after a semi-final');
          await snap(ann, 'knockout-bracket');

          // Carl resigns: the final is made and Ann is taken to it; Ben resigns it (black), and
          // Carl and Dan play for third place.
          release();
          await ann.waitForURL((url) => /^\/play\//.test(url.pathname) && url.pathname !== semiFinal, {
            timeout: 60_000,
          });
          await ann.locator('.status[data-result="1-0"]').waitFor({ timeout: 30_000 });
          await all;
          await ann.getByRole('link', { name: '← Back to the tournament' }).click();
          await ann.waitForURL(`**/tournaments/${id}`);
          await ann.locator('.tournament-status[data-status="finished"]').waitFor();
          await side(ann, 'W2-1', annName, '.won').waitFor();
          await side(ann, 'W2-1', ben!.username, '.lost').waitFor();
          await ann.locator('.bracket-match[data-match="3RD"][data-status="decided"]').waitFor();
          await ann.locator('.bracket-champion').filter({ hasText: annName }).waitFor();
          const standings = ann.locator('.tournament-standings');
          await standings
            .locator(`tr[data-name="${annName}"][data-rank="1"]`)
            .filter({ hasText: 'Champion' })
            .waitFor();
          await standings
            .locator(`tr[data-name="${ben!.username}"][data-rank="2"]`)
            .filter({ hasText: 'Runner-up' })
            .waitFor();
          await standings.locator('tr[data-rank="3"]').filter({ hasText: 'Third' }).waitFor();
          await standings.locator('tr[data-rank="4"]').filter({ hasText: 'Fourth' }).waitFor();
          await fits(ann, 'the finished knockout');
          await snap(ann, 'knockout-finished');
        } finally {
          await context.close();
        }
      });
    }
  });
}
