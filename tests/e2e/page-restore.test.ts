/**
 * Leaving the reader gives back the page exactly as it was just before it opened, the
 * clean-up's own changes included (issue 14): one owner of page changes, each with its undo.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { OVERLAY_GRACE_MS } from '../../utils/content/timing';
import { type Harness, startHarness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Whether a real mouse wheel moves the page. */
async function wheelScrolls(page: Page): Promise<boolean> {
  await page.mouse.move(600, 400);
  const before = await page.evaluate(() => window.scrollY);
  await page.mouse.wheel(0, 600);
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline) {
    if ((await page.evaluate(() => window.scrollY)) > before) return true;
    await page.waitForTimeout(50);
  }
  return false;
}

const inlineStyles = (page: Page) =>
  page.evaluate(() => [
    document.documentElement.getAttribute('style'),
    document.body.getAttribute('style'),
    document.documentElement.className,
    document.body.className,
  ]);

test('the seed page: after the clean-up undid its scroll-lock, opening and closing the reader leaves it scrolling', async () => {
  const page = await h.context.newPage();
  await page.setViewportSize({ width: 1280, height: 600 });
  await page.goto(`${h.siteA.origin}/cleanup/seed-fr.html`);
  await expect
    .poll(() => page.getByText('Please Wait...').isVisible(), { timeout: OVERLAY_GRACE_MS + 4000 })
    .toBe(false);
  expect(await wheelScrolls(page)).toBe(true);
  await page.evaluate(() => window.scrollTo(0, 0));
  const before = await inlineStyles(page);

  const dialog = await h.openReader(page);
  // While the reader is open the page under it does not scroll.
  expect(await page.evaluate(() => getComputedStyle(document.body).overflowY)).toBe('hidden');
  await page.keyboard.press('Escape');
  await expect.poll(() => dialog.count()).toBe(0);

  expect(await inlineStyles(page)).toEqual(before);
  expect(await wheelScrolls(page)).toBe(true);
  await page.close();
});

test('twice over, and with the comments shown again in between: the page still scrolls', async () => {
  const page = await h.context.newPage();
  await page.setViewportSize({ width: 1280, height: 600 });
  await page.goto(`${h.siteA.origin}/cleanup/seed-fr.html`);
  await expect
    .poll(() => page.getByText('Please Wait...').isVisible(), { timeout: OVERLAY_GRACE_MS + 4000 })
    .toBe(false);
  const before = await inlineStyles(page);
  for (let i = 0; i < 2; i++) {
    const dialog = await h.openReader(page);
    await dialog.getByRole('button', { name: 'Close reader view' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
  }
  await page.getByRole('button', { name: /^Show comments/ }).click();
  expect(await inlineStyles(page)).toEqual(before);
  expect(await wheelScrolls(page)).toBe(true);
  await page.close();
});
