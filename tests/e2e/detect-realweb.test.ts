/**
 * The real web's other kinds of page (threads, lyrics, shops, records, landing, video and
 * sign-up pages) are not articles, articles that embed those things still are, and a stuck
 * "Please Wait..." comes down while a slow resource still holds the page's `load` back.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { OVERLAY_GRACE_MS } from '../../utils/content/timing';
import { type Harness, startHarness } from './harness';

let h: Harness;
let page: Page;
beforeAll(async () => {
  h = await startHarness();
  page = await h.context.newPage();
});
afterAll(async () => {
  await h?.close();
});

/** The popup's status line and the line under it, for `file` of tests/fixtures/detect. */
async function verdict(file: string): Promise<{ status: string; kind: string }> {
  await page.goto(`${h.siteA.origin}/detect/${file}`);
  const popup = await h.openPopup(page);
  const status = popup.getByRole('status');
  await expect.poll(() => status.textContent()).toMatch(/article/i);
  const text = (await status.textContent()) ?? '';
  const kind = (await popup.locator('.tab-panel .summary').allTextContents()).join(' ');
  await popup.close();
  return { status: text, kind };
}

test.each([
  ['discussion-thread.html', 'a discussion thread'],
  ['discussion-link-ld.html', 'a discussion thread'],
  ['lyrics.html', 'song lyrics'],
  ['lyrics-stanzas.html', 'song lyrics'],
  ['product.html', 'a shop page'],
  ['product-plain.html', 'a shop page'],
  ['product-og-article.html', 'a shop page'],
  ['record-registry.html', 'registry record'],
  ['record-database.html', 'registry record'],
  ['record-repository.html', 'registry record'],
  ['landing.html', 'a home page'],
  ['video-plain.html', 'a video page'],
  ['newsletter.html', 'a newsletter sign-up page'],
])('%s: "No article detected", and the popup says it looks like %s', async (file, words) => {
  const v = await verdict(file);
  expect(v.status).toBe('No article detected');
  expect(v.kind).toContain(words);
});

test.each([
  'article-with-video.html',
  'article-with-product.html',
  'article-with-newsletter.html',
  'article-with-comments.html',
  'article-short-entry.html',
])('%s: an article that embeds one is still an article', async (file) => {
  const v = await verdict(file);
  expect(v.status).toBe('Article detected');
  expect(v.kind).not.toMatch(/Looks like/);
});

test('a loader that appears after the grace period comes down too, before `load`', async () => {
  await page.goto(`${h.siteA.origin}/cleanup/stuck-overlay-late-slow-load.html`, {
    waitUntil: 'domcontentloaded',
  });
  const overlay = page.getByText('Please Wait...');
  await expect.poll(() => overlay.isVisible(), { timeout: 6000 }).toBe(true);
  await expect.poll(() => overlay.isVisible(), { timeout: OVERLAY_GRACE_MS + 4000 }).toBe(false);
  expect(await page.evaluate(() => document.readyState)).not.toBe('complete');
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).not.toBe(
    'hidden',
  );
  expect(await page.getByText('The harbour authority voted on Tuesday').isVisible()).toBe(true);
});

test('a stuck overlay comes down, and the page scrolls, before a slow pixel lets `load` fire', async () => {
  await page.goto(`${h.siteA.origin}/cleanup/stuck-overlay-slow-load.html`, {
    waitUntil: 'domcontentloaded',
  });
  const overlay = page.getByText('Please Wait...');
  expect(await overlay.isVisible()).toBe(true);
  await expect.poll(() => overlay.isVisible(), { timeout: OVERLAY_GRACE_MS + 4000 }).toBe(false);
  // The pixel is still loading: the page's own loader, waiting for `load`, never got its turn.
  expect(await page.evaluate(() => document.readyState)).not.toBe('complete');
  await page.mouse.move(600, 400);
  await page.mouse.wheel(0, 500);
  await expect
    .poll(() => page.evaluate(() => window.scrollY), { timeout: 3000 })
    .toBeGreaterThan(0);
  expect(await page.evaluate(() => document.readyState)).not.toBe('complete');
  expect(await page.getByText('The harbour authority voted on Tuesday').isVisible()).toBe(true);
});
