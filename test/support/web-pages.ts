import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Where the browser suites put their screenshots (looked at by people, kept out of git). */
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
export const PASSWORD = 'correct horse battery';

/** The two sizes every page is checked at. */
export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 375, height: 812 } as const;

/** A new account, signed up in the page's form; the start page (the lobby) is shown then. */
export async function signUp(context: BrowserContext, base: string, username: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.getByRole('radio', { name: 'Sign up' }).check();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up', exact: true }).click();
  await page.locator(`#account [data-username="${username}"]`).waitFor();
  return page;
}

/** A guest on the start page; resolves with the page and the guest's username. */
export async function asGuest(context: BrowserContext, base: string): Promise<{ page: Page; name: string }> {
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: 'Play as a guest' }).click();
  const who = page.locator('#account [data-username]');
  await who.waitFor();
  return { page, name: (await who.getAttribute('data-username')) ?? '' };
}

/**
 * On `page` at `base`: a guest starts a game against the computer as white (at `level`, or the
 * form's default), and the game screen shows it playing.
 */
export async function guestAgainstComputer(page: Page, base: string, level?: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: 'Play as a guest' }).click();
  await page.locator('#account [data-username]').waitFor();
  await page.getByRole('button', { name: 'Play the computer' }).click();
  if (level !== undefined) await page.getByLabel('Level', { exact: true }).selectOption(level);
  await page.getByLabel('Your colour', { exact: true }).selectOption('white');
  await page.getByRole('button', { name: 'Start the game' }).click();
  await page.locator('.game[data-status="playing"]').waitFor();
}

/** A page of its own browser context at `size` (close the context when done). */
export async function pageAt(
  browser: Browser,
  size: { width: number; height: number },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: size });
  return { context, page: await context.newPage() };
}

/** A full-page screenshot into the artifacts, named `<name>-<width>px.png`. */
export async function snap(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({
    path: path.join(ARTIFACTS, `${name}-${width}px.png`),
    fullPage: options.fullPage ?? true,
  });
}

/** The page is no wider than its viewport (nothing sticks out sideways on a phone). */
export async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/**
 * Opens the staff console's action `name` within `scope`, gives the fields, and confirms it. A form
 * that stays open fails with what it says (the command's error), or says it said nothing.
 */
export async function staffAction(
  page: Page,
  scope: string,
  name: string,
  fields: Record<string, string>,
): Promise<void> {
  const group = page.locator(scope);
  await group.locator(`[data-open="${name}"]`).click();
  const form = group.locator(`form[data-action="${name}"]`);
  for (const [field, value] of Object.entries(fields))
    await form.locator(`input[name="${field}"]`).fill(value);
  await form.getByRole('button', { name: /^Confirm/ }).click();
  try {
    await form.waitFor({ state: 'hidden' });
  } catch (err) {
    const said = (await form.getByRole('alert').textContent())?.trim();
    throw new Error(
      `the "${name}" form stayed open, saying ${said ? `"${said}"` : 'nothing (no answer yet)'}`,
      {
        cause: err,
      },
    );
  }
}
