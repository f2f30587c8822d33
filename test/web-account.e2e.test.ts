import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BACKENDS } from './support/backends.ts';
import { browserUnavailable, ensureWebBuild, launchChromium } from './support/browser.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { client, uniqueName } from './support/server.ts';
import { startSmtp, type TestSmtp, tokenIn } from './support/smtp.ts';

const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const PASSWORD = 'correct horse battery';
const REQUIRED = process.env.TEST_WEB_E2E === 'required';
const missing = browserUnavailable();

const SIZES = [
  { name: 'desktop', viewport: { width: 1100, height: 900 } },
  { name: '375px', viewport: { width: 375, height: 760 } },
];

if (missing && !REQUIRED) {
  describe("the account's pages in a real browser", () => {
    it(`needs chromium: ${missing}`);
  });
} else {
  describe("the account's pages in a real browser", function () {
    this.timeout(120_000);
    let server: TestGameServer;
    let smtp: TestSmtp;
    let browser: Browser;

    before(async function () {
      this.timeout(240_000);
      if (missing) throw new Error(`TEST_WEB_E2E=required, but there is ${missing}`);
      ensureWebBuild();
      await mkdir(ARTIFACTS, { recursive: true });
      smtp = await startSmtp();
      server = await startGameStack(BACKENDS[0]!, { SMTP_URL: smtp.url });
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await server?.close();
      await smtp?.close();
    });

    /** A new account with an address, signed in through the page's form. */
    async function signUp(context: BrowserContext, email?: string) {
      const username = uniqueName('w');
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      await page.getByRole('radio', { name: 'Sign up' }).check();
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill(PASSWORD);
      if (email) await page.getByLabel('Email (optional)').fill(email);
      await page.getByRole('button', { name: 'Sign up', exact: true }).click();
      await page.locator(`#account [data-username="${username}"]`).waitFor();
      return { page, username };
    }
    const mailTo = async (to: string) => {
      await server.app.services.passwordReset.idle();
      await server.app.mail.idle();
      return smtp.nextMail(to);
    };
    const shot = (page: Page, name: string) =>
      page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

    for (const size of SIZES) {
      it(`verifies the address by the mailed link, lists and ends sessions, and resets the password (${size.name})`, async () => {
        const context = await browser.newContext({ viewport: size.viewport });
        try {
          const email = `${uniqueName('w')}@example.org`.toLowerCase();
          const { page, username } = await signUp(context, email);
          const token = tokenIn(await mailTo(email), '/verify-email');
          await page.goto(`${server.url}/settings`);
          await page.locator('.email-state').filter({ hasText: 'not verified yet' }).waitFor();
          await page.goto(`${server.url}/verify-email?token=${token}`);
          await page
            .getByRole('status')
            .filter({ hasText: `${email} is verified` })
            .waitFor();
          await shot(page, `web-account-verified-${size.name}`);

          // The same account on another device: listed, then signed out from here.
          const other = await client(server.url).post('/api/auth/login', { username, password: PASSWORD });
          await page.goto(`${server.url}/settings`);
          await page.locator('.email-state').filter({ hasText: '— verified' }).waitFor();
          await page.locator('.sessions li').nth(1).waitFor();
          assert.equal(await page.locator('.sessions li').count(), 2);
          await shot(page, `web-account-settings-${size.name}`);
          await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
          await page.waitForFunction(() => document.querySelectorAll('.sessions li').length === 1);
          const refused = await client(server.url).get('/api/me', other.body.accessToken);
          assert.equal(refused.body.error.code, 'SESSION_ENDED');

          // A forgotten password, from the login form's link to the mailed one.
          const fresh = await context.newPage();
          await fresh.goto(`${server.url}/reset-password`);
          await fresh.getByLabel('Your verified email address').fill(email);
          await fresh.getByRole('button', { name: 'Send me a link' }).click();
          await fresh
            .getByRole('status')
            .filter({ hasText: 'a link to reset its password is on its way' })
            .waitFor();
          const reset = tokenIn(await mailTo(email), '/reset-password');
          await fresh.goto(`${server.url}/reset-password?token=${reset}`);
          await fresh.getByLabel('New password').fill('a brand new passphrase');
          await fresh.getByRole('button', { name: 'Set the password' }).click();
          await fresh.getByRole('status').filter({ hasText: 'every device was signed out' }).waitFor();
          await shot(fresh, `web-account-reset-${size.name}`);
          const login = await client(server.url).post('/api/auth/login', {
            username,
            password: 'a brand new passphrase',
          });
          assert.equal(login.status, 200);
        } finally {
          await context.close();
        }
      });
    }

    it('adds a friend, sees the request in the bell and the inbox, accepts it, blocks and unblocks', async () => {
      const desktop = await browser.newContext({ viewport: SIZES[0]!.viewport });
      const phone = await browser.newContext({ viewport: SIZES[1]!.viewport });
      try {
        const ann = await signUp(desktop);
        const ben = await signUp(phone);
        await ann.page.goto(`${server.url}/friends`);
        await ann.page.getByLabel('Player', { exact: true }).fill(ben.username);
        await ann.page.getByRole('button', { name: 'Add friend' }).click();
        await ann.page.getByText(`Waiting for: ${ben.username}`).waitFor();

        await ben.page.goto(`${server.url}/friends`);
        await ben.page.locator('#account .bell').filter({ hasText: 'Inbox 1' }).waitFor();
        await shot(ben.page, 'web-account-friends-request-375px');
        await ben.page
          .locator(`[data-request="${ann.username}"]`)
          .getByRole('button', { name: 'Accept' })
          .click();
        await ben.page.locator(`[data-friend="${ann.username}"]`).waitFor();
        await ben.page.goto(`${server.url}/inbox`);
        await ben.page.locator('.inbox li[data-type="friend_request"]').waitFor();
        await ben.page
          .locator('#account .bell')
          .filter({ hasText: /^Inbox$/ })
          .waitFor();
        await shot(ben.page, 'web-account-inbox-375px');

        await ann.page.goto(`${server.url}/friends`);
        await ann.page.locator(`[data-friend="${ben.username}"]`).waitFor();
        await ann.page.getByLabel('Player', { exact: true }).fill(ben.username);
        await ann.page.getByRole('button', { name: 'Block' }).click();
        await ann.page.locator(`[data-blocked="${ben.username}"]`).waitFor();
        assert.equal(await ann.page.locator('[data-friend]').count(), 0);
        await shot(ann.page, 'web-account-friends-desktop');
        await ann.page
          .locator(`[data-blocked="${ben.username}"]`)
          .getByRole('button', { name: 'Unblock' })
          .click();
        await ann.page.getByText('Nobody.').waitFor();
      } finally {
        await desktop.close();
        await phone.close();
      }
    });

    for (const size of SIZES) {
      it(`challenges an online friend from the friends list and the friend accepts; invites them to a party (${size.name})`, async () => {
        const mine = await browser.newContext({ viewport: size.viewport });
        const theirs = await browser.newContext({ viewport: SIZES.find((s) => s !== size)!.viewport });
        try {
          const ann = await signUp(mine);
          const ben = await signUp(theirs);
          await ann.page.goto(`${server.url}/friends`);
          await ann.page.getByLabel('Player', { exact: true }).fill(ben.username);
          await ann.page.getByRole('button', { name: 'Add friend' }).click();
          await ann.page.getByText(`Waiting for: ${ben.username}`).waitFor();
          await ben.page.goto(`${server.url}/friends`);
          await ben.page
            .locator(`[data-request="${ann.username}"]`)
            .getByRole('button', { name: 'Accept' })
            .click();
          await ben.page.locator(`[data-friend="${ann.username}"]`).waitFor();

          // Ben closes the app: offline, he has no buttons; back in the lobby, he has.
          await ben.page.close();
          const friend = ann.page.locator(`[data-friend="${ben.username}"]`);
          const shows = async (status: string) => {
            for (let i = 0; i < 40; i++) {
              await ann.page.goto(`${server.url}/friends`);
              await friend.waitFor();
              if ((await friend.textContent())?.includes(status)) return;
              await ann.page.waitForTimeout(250);
            }
            assert.fail(`${ben.username} never showed ${status}`);
          };
          await shows('offline');
          assert.equal(await friend.getByRole('button', { name: `Challenge ${ben.username}` }).count(), 0);
          ben.page = await theirs.newPage();
          await ben.page.goto(`${server.url}/`);
          await ben.page
            .locator(`.people li[data-username="${ben.username}"]`)
            .waitFor({ state: 'attached' });
          await shows('online');

          // An invitation to a party: Ann has none, so one is opened; Ben is told in his lobby.
          await friend.getByRole('button', { name: `Invite ${ben.username} to your party` }).click();
          await ann.page.getByText(`${ben.username} is invited to your party`).waitFor();
          // On a phone the party is a tab of the lobby.
          const partyTab = ben.page.getByRole('tab', { name: 'Party' });
          if (await partyTab.isVisible()) await partyTab.click();
          await ben.page
            .locator('.invites li')
            .filter({ hasText: `${ann.username} invites you` })
            .waitFor();
          await shot(
            ben.page,
            `web-account-friends-invited-${size.name === 'desktop' ? '375px' : 'desktop'}`,
          );
          await shot(ann.page, `web-account-friends-online-${size.name}`);

          // The challenge: the dialog opens with Ben's name; Ben accepts in the lobby.
          await friend.getByRole('button', { name: `Challenge ${ben.username}` }).click();
          assert.equal(await ann.page.locator('#challenge-user').inputValue(), ben.username);
          await shot(ann.page, `web-account-friends-challenge-${size.name}`);
          await ann.page
            .locator('#friend-dialog')
            .getByRole('button', { name: 'Challenge', exact: true })
            .click();
          await ann.page
            .locator('.challenges li[data-outcome="pending"]')
            .filter({ hasText: `Your challenge to ${ben.username}` })
            .waitFor();
          const offer = ben.page.locator(`.challenges li[data-from="${ann.username}"]`);
          await offer.getByRole('button', { name: 'Accept' }).click();
          for (const page of [ann.page, ben.page])
            await page.locator('.game[data-status="playing"]').waitFor();
          assert.equal(new URL(ann.page.url()).pathname, new URL(ben.page.url()).pathname);
          assert.match(new URL(ann.page.url()).pathname, /^\/play\//);
        } finally {
          await mine.close();
          await theirs.close();
        }
      });
    }
  });
}
