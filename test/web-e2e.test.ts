import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { matchMaker } from '@colyseus/core';
import type { Browser, Page } from 'playwright-core';
import { Matchmaking } from '../client-sdk/index.ts';
import type { GameDto } from '../schema/games.ts';
import { browserUnavailable, clickMove } from './support/browser.ts';
import { newPlayer } from './support/chess.ts';
import type { TestGameServer } from './support/game.ts';
import { uniqueName } from './support/server.ts';
import { ARTIFACTS, asGuest, guestAgainstComputer, signUp } from './support/web-pages.ts';
import { browserStack, QUICK_QUEUE_DEFAULTS } from './support/web-stack.ts';

/** `.ci/run` sets it: there, a machine without chromium fails the suite instead of skipping it. */
const REQUIRED = process.env.TEST_WEB_E2E === 'required';
const missing = browserUnavailable();

/**
 * The queues of these tests: ticks of 100 ms, and bands that take in any newcomer at once (every
 * new account has the same provisional rating). A party of two needs teams of two.
 */
const QUEUE_PROFILES = JSON.stringify({
  defaults: QUICK_QUEUE_DEFAULTS,
  profiles: [
    { id: 'blitz-rated', label: 'Blitz 5+3 rated', timeControl: '5+3', rated: true },
    { id: 'blitz-casual', label: 'Blitz 5+3 casual', timeControl: '5+3', rated: false },
    { id: 'pairs-casual', label: 'Consultation 5+3', timeControl: '5+3', rated: false, teamSize: 2 },
  ],
});

/** Waits until the page's move list shows `san` as half-move `ply`. */
async function seesMove(page: Page, ply: number, san: string): Promise<void> {
  await page.locator(`.move-list .san[data-ply="${ply}"]`).filter({ hasText: san }).waitFor();
}

/** The game a page shows (`/play/:id`). */
function gameIdOf(page: Page): string {
  const id = /\/play\/([A-Za-z0-9_-]+)$/.exec(new URL(page.url()).pathname)?.[1];
  assert.ok(id, `a game page: ${page.url()}`);
  return id;
}

/** Who is online, as the lobby of `page` shows a player. */
function online(page: Page, username: string, status: 'idle' | 'playing') {
  return page.locator(
    `ul[aria-label="Players online"] li[data-username="${username}"][data-status="${status}"]`,
  );
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
    browserStack({ CHESS_BOT_DELAY_MS: '50', QUEUE_PROFILES }, (stack) => {
      ({ server, browser } = stack);
    });

    it('two players sign up, are matched by the same quick-play queue, mate by clicking squares, and step through the replay', async () => {
      const desktop = await browser.newContext({
        viewport: { width: 1100, height: 900 },
        acceptDownloads: true,
      });
      const phone = await browser.newContext({ viewport: { width: 375, height: 760 } });
      try {
        const phoneName = uniqueName('web');
        const first = await signUp(desktop, server.url, uniqueName('web'));
        const second = await signUp(phone, server.url, phoneName);

        // The start page is the lobby: the other player is there, and the phone's page fits.
        await online(first, phoneName, 'idle').waitFor();
        const lobbyWidth = await second.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(lobbyWidth <= 375, `the phone's lobby is ${lobbyWidth} px wide`);
        await second.screenshot({ path: path.join(ARTIFACTS, 'web-e2e-lobby-375px.png'), fullPage: true });

        // One searches alone and is told where the search stands; the other joins the same queue.
        const queue = (page: Page) => page.getByRole('button', { name: 'Play Blitz 5+3 rated' });
        await queue(first).click();
        await first.locator('.search-phase').filter({ hasText: 'Searching: Blitz 5+3 rated' }).waitFor();
        await first
          .locator('.search-figures')
          .filter({ hasText: /^Searching \d+–\d+, 1 player in this pool$/ })
          .waitFor();
        await first
          .locator('.search-wait')
          .filter({ hasText: /^waited \d+ s/ })
          .waitFor();
        assert.equal(await queue(first).isDisabled(), true, 'one search at a time');
        await queue(second).click();

        for (const page of [first, second]) await page.locator('.game[data-status="playing"]').waitFor();
        const gameId = gameIdOf(first);
        assert.equal(gameIdOf(second), gameId, 'the queue seated both in one game');
        const stored = (await (await fetch(`${server.url}/api/games/${gameId}`)).json()) as GameDto;
        assert.equal(stored.rated, true);
        assert.equal(stored.timeControl, '5+3');
        const firstIsWhite = (await first.locator('.board').getAttribute('data-orientation')) === 'white';
        const [white, black] = firstIsWhite ? [first, second] : [second, first];
        assert.equal(await white.locator('.board').getAttribute('data-orientation'), 'white');
        assert.equal(await black.locator('.board').getAttribute('data-orientation'), 'black');

        await play(white, black, 'f2f3', 1, 'f3');
        await play(black, white, 'e7e5', 2, 'e5');
        // White's clock runs: the page counts it down by itself, and black's stands.
        const clockOf = (color: string) => `.player-bar .clock[aria-label^="${color}'s clock"]`;
        const clock = (color: string) => white.locator(clockOf(color));
        const [whiteShown, blackShown] = [
          await clock('White').textContent(),
          await clock('Black').textContent(),
        ];
        await white.waitForFunction(
          ([selector, shown]) => document.querySelector(selector)?.textContent !== shown,
          [clockOf('White'), whiteShown] as const,
          { timeout: 3_000 },
        );
        assert.equal(await clock('Black').textContent(), blackShown, "black's clock stands");
        await play(white, black, 'g2g4', 3, 'g4');
        await play(black, white, 'd8h4', 4, 'Qh4#');
        for (const page of [white, black]) {
          await page.locator('.status[data-result="0-1"]').waitFor();
          assert.equal(await page.locator('.status').textContent(), 'Black wins by checkmate');
        }
        const overflow = await second.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(overflow <= 375, `the phone page is ${overflow} px wide`);
        await white.locator('.board').screenshot({ path: path.join(ARTIFACTS, 'web-e2e-mate.png') });
        await second.screenshot({ path: path.join(ARTIFACTS, 'web-e2e-mate-375px.png'), fullPage: true });

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

    it('the lobby shows who is online and what they play: a challenge declined, a seek accepted, a live game watched from the list, and a chat that refuses a flood', async () => {
      const contexts = await Promise.all(
        [0, 1, 2].map(() => browser.newContext({ viewport: { width: 1000, height: 900 } })),
      );
      try {
        const [aName, bName] = [uniqueName('web'), uniqueName('web')];
        const a = await signUp(contexts[0]!, server.url, aName);
        const b = await signUp(contexts[1]!, server.url, bName);
        const { page: watcher } = await asGuest(contexts[2]!, server.url);

        for (const name of [aName, bName]) await online(watcher, name, 'idle').waitFor();
        assert.ok(Number(await watcher.locator('#online-h .count').getAttribute('data-count')) >= 3);
        // Anyone online is found by name, beyond the names the list shows.
        await watcher.getByRole('searchbox', { name: 'Find a player' }).fill(bName.toUpperCase());
        await watcher.getByRole('button', { name: 'Search' }).click();
        const found = watcher.locator(`ul[aria-label="Players found"] li[data-username="${bName}"]`);
        assert.match((await found.textContent()) ?? '', new RegExp(`Challenge ${bName}`));
        // A guest may queue for casual games only, and is told why.
        assert.equal(await watcher.getByRole('radio', { name: 'Rated' }).isDisabled(), true);
        assert.equal(await watcher.getByRole('button', { name: 'Play Blitz 5+3 casual' }).isEnabled(), true);
        assert.match(
          (await watcher.locator('#rated-needs-account').textContent()) ?? '',
          /Rated queues need an account/,
        );

        // The chat reaches everyone; the sixth line within ten seconds is refused, and said so.
        const say = watcher.locator('#lobby-chat-text');
        await say.fill('hello from the rail');
        await say.press('Enter');
        await a.locator('#lobby-chat .chat-log li').filter({ hasText: 'hello from the rail' }).waitFor();
        const refusal = watcher.locator('#lobby-chat .error');
        for (let i = 0; i < 6 && !(await refusal.textContent()); i++) {
          await say.fill(`line ${i}`);
          await say.press('Enter');
          // Said (the box is emptied) or refused (the reason is shown).
          await watcher.waitForFunction(
            () =>
              (document.getElementById('lobby-chat-text') as HTMLInputElement).value === '' ||
              !!document.querySelector('#lobby-chat .error')?.textContent,
          );
        }
        assert.match((await refusal.textContent()) ?? '', /at most 5 lines/);
        assert.equal(await say.inputValue(), 'line 4', 'the refused line stays in the box');

        // B picks A from the list of players and challenges; A declines, and B is told.
        await b.getByRole('button', { name: `Challenge ${aName}` }).click();
        assert.equal(await b.locator('#challenge-user').inputValue(), aName);
        await b.getByRole('button', { name: 'Challenge', exact: true }).click();
        const offer = a.locator(`.challenges li[data-from="${bName}"]`);
        await offer.filter({ hasText: `${bName} (1500) challenges you: 5+3 rated` }).waitFor();
        await offer.getByRole('button', { name: 'Decline' }).click();
        await b.locator('.challenges li[data-outcome="declined"]').filter({ hasText: 'declined' }).waitFor();

        // A posts a casual seek; B sees and takes it: both are taken to the new game.
        await a.locator('#seek-rated').uncheck();
        await a.getByRole('button', { name: 'Post a seek' }).click();
        await a.getByRole('button', { name: 'Cancel my seek' }).waitFor();
        await b.getByRole('button', { name: `Accept ${aName}'s seek` }).waitFor();
        await b.screenshot({ path: path.join(ARTIFACTS, 'web-e2e-lobby.png'), fullPage: true });
        await b.getByRole('button', { name: `Accept ${aName}'s seek` }).click();
        for (const page of [a, b]) await page.locator('.game[data-status="playing"]').waitFor();
        const gameId = gameIdOf(a);
        assert.equal(gameIdOf(b), gameId);

        // The watcher's lobby shows them playing, and the game among the live ones; a click watches.
        await online(watcher, aName, 'playing')
          .getByRole('link', { name: `Watch ${aName}` })
          .waitFor();
        const listed = watcher.locator(`.live-games li[data-game-id="${gameId}"]`);
        await listed
          .filter({ hasText: aName })
          .filter({ hasText: bName })
          .filter({ hasText: '5+3 casual' })
          .waitFor();
        await listed.getByRole('link').click();
        await watcher.waitForURL(`**/play/${gameId}`);
        await watcher.locator('.status').filter({ hasText: 'watching' }).waitFor();
        const aIsWhite = (await a.locator('.board').getAttribute('data-orientation')) === 'white';
        const [white, black] = aIsWhite ? [a, b] : [b, a];
        await play(white, black, 'e2e4', 1, 'e4');
        await seesMove(watcher, 1, 'e4');
        // The players are still in the lobby while they play (the page keeps the connection).
        await white.getByRole('button', { name: 'Resign' }).click();
        await white.getByRole('button', { name: 'Confirm resignation' }).click();
        await watcher.locator('.status[data-result]').filter({ hasText: 'by resignation' }).waitFor();
        await watcher.goto(`${server.url}/`);
        await online(watcher, aName, 'idle').waitFor();
        await watcher.locator(`.live-games li[data-game-id="${gameId}"]`).waitFor({ state: 'detached' });
      } finally {
        for (const context of contexts) await context.close();
      }
    });

    it('a party of two is formed by its invitation link, gets ready, chats, is queued by its leader, plays its match on one side, and is still together afterwards', async () => {
      const contexts = await Promise.all(
        [0, 1].map(() => browser.newContext({ viewport: { width: 1000, height: 900 } })),
      );
      try {
        const [leadName, mateName] = [uniqueName('web'), uniqueName('web')];
        const lead = await signUp(contexts[0]!, server.url, leadName);
        const mate = await signUp(contexts[1]!, server.url, mateName);
        await online(lead, mateName, 'idle').waitFor();

        await lead.getByRole('button', { name: 'Create a party' }).click();
        const link = await lead.locator('#party-link').inputValue();
        const code = /\/party\/([A-Z2-9]{6})$/.exec(link)?.[1];
        assert.ok(code, `an invitation link: ${link}`);
        assert.equal(await lead.locator('.party-code').textContent(), code);
        // An invitation by name reaches the mate's lobby; the mate follows the link instead.
        await lead.locator('#party-invite').fill(mateName);
        await lead.getByRole('button', { name: 'Invite', exact: true }).click();
        await lead.getByText(`Invitation sent to ${mateName}.`).waitFor();
        await mate.getByRole('button', { name: `Join ${leadName}'s party` }).waitFor();
        await mate.goto(link);
        await mate.waitForURL(`${server.url}/`);
        await mate.locator(`.in-party[data-code="${code}"]`).waitFor();
        for (const page of [lead, mate]) {
          await page.locator('.members li').nth(1).waitFor();
          assert.equal(await page.locator('.members li').count(), 2);
          await page
            .locator(`.members li[data-user-id]`)
            .filter({ hasText: leadName })
            .filter({ hasText: 'leader' })
            .waitFor();
        }
        // Only the leader has the leader's controls.
        await lead.getByRole('button', { name: `Remove ${mateName}` }).waitFor();
        assert.equal(await mate.locator('.leader-controls').isVisible(), false);

        await mate.locator('#party-chat-text').fill('ready when you are');
        await mate.locator('#party-chat-text').press('Enter');
        await lead.locator('#party-chat .chat-log li').filter({ hasText: 'ready when you are' }).waitFor();

        // The queue must fit the party, and everyone must be ready.
        const choice = lead.locator('#party-queue');
        assert.equal(await choice.locator('option[value="blitz-casual"]').isDisabled(), true);
        assert.equal(await choice.inputValue(), 'pairs-casual');
        await lead.getByRole('button', { name: 'Queue the party' }).click();
        await lead.locator('.party .error').filter({ hasText: /ready/i }).waitFor();
        for (const page of [lead, mate]) await page.getByLabel("I'm ready").check();
        for (const page of [lead, mate])
          await page.locator('.members li[data-ready="true"]').nth(1).waitFor();
        await lead.getByRole('button', { name: 'Queue the party' }).click();
        for (const page of [lead, mate])
          await page
            .locator('.party-status')
            .filter({ hasText: 'The party is searching: Consultation 5+3' })
            .waitFor();

        // Two players of a program make the other team; every member is taken to the game.
        const solos = await Promise.all([newPlayer(server.url), newPlayer(server.url)]);
        const solosPlaying = Promise.all(
          solos.map((p) =>
            new Matchmaking(p.rookery, p.chess).play({ queue: 'pairs-casual', timeoutMs: 20_000 }),
          ),
        );
        for (const page of [lead, mate]) await page.locator('.game[data-status="playing"]').waitFor();
        const gameId = gameIdOf(lead);
        assert.equal(gameIdOf(mate), gameId);
        const games = await solosPlaying;
        assert.equal(games[0]!.gameId, gameId);
        const side = await lead.locator('.board').getAttribute('data-orientation');
        assert.equal(
          await mate.locator('.board').getAttribute('data-orientation'),
          side,
          'one side for the party',
        );
        const other = games.find((g) => g.color)!;
        // The party's moves can come from the member who is not its captain.
        if (side === 'white') {
          await clickMove(mate, 'e2e4');
          await seesMove(lead, 1, 'e4');
          await other.move('e7e5');
          await seesMove(mate, 2, 'e5');
        } else {
          await other.move('e2e4');
          await seesMove(mate, 1, 'e4');
          await clickMove(mate, 'e7e5');
          await seesMove(lead, 2, 'e5');
        }
        await lead.getByRole('button', { name: 'Resign' }).click();
        await lead.getByRole('button', { name: 'Confirm resignation' }).click();
        for (const page of [lead, mate])
          await page.locator('.status[data-result]').filter({ hasText: 'by resignation' }).waitFor();

        // Back in the lobby, the party is still there, waiting for a new ready check.
        await lead.getByRole('link', { name: 'Rookery' }).click();
        await lead.locator(`.in-party[data-code="${code}"]`).waitFor();
        await lead.locator('.party-status').filter({ hasText: 'Not queued' }).waitFor();
        assert.equal(await lead.locator('.members li').count(), 2);
        assert.equal(await lead.locator('.members li[data-ready="true"]').count(), 0);
      } finally {
        for (const context of contexts) await context.close();
      }
    });

    it('a guest plays the computer by typed moves; the game survives a reload and dropped connections', async () => {
      const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
      try {
        const page = await context.newPage();
        await guestAgainstComputer(page, server.url);

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
        await white!.getByRole('button', { name: 'Play a friend' }).click();
        await white!.getByLabel('Your colour (link)').selectOption('white');
        await white!.getByRole('button', { name: 'Create a game link' }).click();
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
      const invitation = await fetch(`${server.url}/party/ABC234`);
      assert.equal(invitation.status, 200);
      assert.match(invitation.headers.get('content-type') ?? '', /^text\/html/);
      const missingRoute = await fetch(`${server.url}/api/nothing-here`);
      assert.equal(missingRoute.status, 404);
      assert.equal(((await missingRoute.json()) as { error: { code: string } }).error.code, 'NOT_FOUND');
      const notAnAppPath = await fetch(`${server.url}/somewhere/else`);
      assert.equal(notAnAppPath.status, 404);
      assert.match(notAnAppPath.headers.get('content-type') ?? '', /application\/json/);
    });
  });
}
