import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { OVERLAY_GRACE_MS } from '../../utils/content/timing';
import { COMMENT_CASES } from '../fixtures/cleanup/cases';
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

const visible = (selector: string) =>
  page.evaluate(
    (sel) => [...document.querySelectorAll(sel)].map((el) => el.checkVisibility()),
    selector,
  );
const showComments = () => page.getByRole('button', { name: /^Show comments/ });

/** Scrolls with a real mouse wheel; true when the page moved. */
async function wheelScrolls(): Promise<boolean> {
  await page.mouse.move(600, 400);
  const before = await page.evaluate(() => window.scrollY);
  await page.mouse.wheel(0, 500);
  await expect
    .poll(() => page.evaluate(() => window.scrollY), { timeout: 3000 })
    .toBeGreaterThan(before);
  return true;
}

test.each(COMMENT_CASES)(
  '%s: comments %s folded behind a button, article paragraphs in %s visible',
  async (file, section, body) => {
    await page.goto(`${h.siteA.origin}/cleanup/${file}`);
    // A platform's mount that its script has not filled (none runs here) is folded with its
    // button hidden: there is nothing to show yet.
    const empty = await page.evaluate(
      (sel) => !!document.querySelector(sel)?.matches(':empty'),
      section,
    );
    await expect
      .poll(() => page.locator('[data-broadsheet-show-comments]').count(), { timeout: 5000 })
      .toBe(1);
    expect(await showComments().count()).toBe(empty ? 0 : 1);
    expect(await visible(section)).toEqual([false]);
    const paragraphs = await visible(`${body} p`);
    expect(paragraphs.length).toBeGreaterThanOrEqual(4);
    expect(paragraphs.every(Boolean)).toBe(true);
    // The button stands just before the section, outside it.
    const placed = await page.evaluate((sel) => {
      const s = document.querySelector(sel);
      const b = s?.previousElementSibling;
      return b?.tagName === 'BUTTON' && !s?.contains(b);
    }, section);
    expect(placed).toBe(true);
  },
);

test('the seed page: overlay gone, scroll-lock undone, comments folded, article whole', async () => {
  await page.goto(`${h.siteA.origin}/cleanup/seed-fr.html`);
  await expect
    .poll(() => page.getByText('Please Wait...').isVisible(), { timeout: OVERLAY_GRACE_MS + 3000 })
    .toBe(false);
  expect(await wheelScrolls()).toBe(true);
  expect((await visible('.entry-content p')).every(Boolean)).toBe(true);
  expect(await showComments().count()).toBe(1);
  expect(await page.getByText('Enfin une coopération').isVisible()).toBe(false);

  const popup = await h.openPopup(page);
  await expect
    .poll(() => popup.getByText('1 overlay removed · 1 comment section hidden').count())
    .toBe(1);
  await popup.close();

  // "Show comments…" brings the thread back for this page.
  await showComments().click();
  await expect.poll(() => page.getByText('Enfin une coopération').isVisible()).toBe(true);
  expect(await showComments().count()).toBe(0);
});

test('a lock left with no overlay over it is undone once the reader tries to scroll', async () => {
  await page.goto(`${h.siteA.origin}/cleanup/stuck-lock-no-overlay.html`);
  // The loader went, its lock stayed (the site's stylesheet): nothing on the page says so.
  await page.waitForTimeout(OVERLAY_GRACE_MS + 500);
  const locked = () =>
    page.evaluate(() => getComputedStyle(document.documentElement).overflowY === 'hidden');
  expect(await locked()).toBe(true);
  // The reader's first turn of the wheel moves nothing: the lock is undone, and the next one scrolls.
  await page.mouse.move(600, 400);
  await page.mouse.wheel(0, 400);
  await expect.poll(locked, { timeout: 3000 }).toBe(false);
  expect(await wheelScrolls()).toBe(true);
  expect((await visible('.article-body p')).every(Boolean)).toBe(true);
});

test('overlays and comments inserted after load are handled too', async () => {
  await page.goto(`${h.siteA.origin}/cleanup/late-overlay.html`);
  await page.waitForSelector('.page-loader', { state: 'attached' });
  await expect
    .poll(() => visible('.page-loader'), { timeout: OVERLAY_GRACE_MS + 4000 })
    .toEqual([false]);
  expect(await wheelScrolls()).toBe(true);

  await page.goto(`${h.siteA.origin}/cleanup/late-comments.html`);
  await page.waitForSelector('.talk-back', { state: 'attached', timeout: 5000 });
  await expect
    .poll(() => visible('.talk-back, #disqus_thread'), { timeout: 5000 })
    .toEqual([false, false]);
  expect((await visible('.article-body p')).every(Boolean)).toBe(true);
});

test('trap pages stay whole: no fold, reader-opened dialogs and inline loaders kept', async () => {
  for (const file of ['trap-opinion-comment.html', 'trap-loading-chart.html']) {
    await page.goto(`${h.siteA.origin}/cleanup/${file}`);
    await page.waitForTimeout(OVERLAY_GRACE_MS + 800);
    expect(await showComments().count(), file).toBe(0);
    expect((await visible('.article-body p')).every(Boolean), file).toBe(true);
  }
  expect(await page.getByText('Loading chart…').isVisible()).toBe(true);

  await page.goto(`${h.siteA.origin}/cleanup/trap-comment-period.html`);
  await page.waitForTimeout(500);
  expect((await visible('.article-body p')).every(Boolean)).toBe(true);

  for (const [file, dialog] of [
    ['trap-cookie-consent.html', '#consent-layer'],
    ['trap-reader-modal.html', '.lightbox'],
  ]) {
    await page.goto(`${h.siteA.origin}/cleanup/${file}`);
    await page.waitForTimeout(OVERLAY_GRACE_MS + 800);
    expect(await visible(dialog as string), file).toEqual([true]);
  }
});

test('the per-site switch in the popup unfolds and refolds at once, no reload', async () => {
  await page.goto(`${h.siteA.origin}/cleanup/platform-disqus.html`);
  await expect.poll(() => visible('section.comments-wrap')).toEqual([false]);
  const popup = await h.openPopup(page);
  const box = popup.getByRole('checkbox', { name: 'Fold away comment sections' });
  await expect.poll(() => box.isChecked()).toBe(true);
  await box.uncheck();
  await expect.poll(() => visible('section.comments-wrap')).toEqual([true]);
  expect(await showComments().count()).toBe(0);
  // Other sites keep the default.
  const other = await h.context.newPage();
  await other.goto(`${h.siteB.origin}/cleanup/platform-disqus.html`);
  await expect.poll(() => other.getByRole('button', { name: /^Show comments/ }).count()).toBe(1);
  await box.check();
  await expect.poll(() => visible('section.comments-wrap')).toEqual([false]);
  await Promise.all([popup.close(), other.close()]);
});

test('a single-page app: the verdict follows pushState navigation', async () => {
  await page.goto(`${h.siteA.origin}/basic/spa.html`);
  const tabId = await h.tabIdOf(page);
  const popup = await h.openPopup(tabId);
  await expect.poll(() => popup.getByRole('status').textContent()).toBe('No article detected');
  await popup.close();
  await page.click('#story');
  const again = await h.openPopup(tabId);
  await expect
    .poll(() => again.getByRole('status').textContent(), { timeout: 8000 })
    .toBe('Article detected');
  await again.close();
});
