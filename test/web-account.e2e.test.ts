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
        await ann.page.getByLabel('Player').fill(ben.username);
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
        await ann.page.getByLabel('Player').fill(ben.username);
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
  });
}
