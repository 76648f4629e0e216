/**
 * Reading that resumes (issue 14): the reader remembers where reading stopped, per favourite,
 * in the page and in reader.html; a progress bar shows it; the list shows it; reaching the end
 * marks the favourite read; read and unread by hand in the list.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Harness, startHarness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const TITLE = 'City council approves night bus network after two-year trial';

const saveFromPopup = async (page: Page) => (await h.saveFromPopup(page)).close();

/** Scrolls the reader's scroller (the dialog in the page) to `fraction` of its room. */
const scrollTo = (dialog: Locator, fraction: number) =>
  dialog.evaluate((el, f) => {
    el.scrollTop = f * (el.scrollHeight - el.clientHeight);
    el.dispatchEvent(new Event('scroll'));
  }, fraction);
const scrolled = (dialog: Locator) =>
  dialog.evaluate((el) => el.scrollTop / (el.scrollHeight - el.clientHeight));
const barValue = async (scope: Locator | Page) =>
  Number(
    await scope
      .getByRole('progressbar', { name: 'Reading progress' })
      .getAttribute('aria-valuenow'),
  );

const favourite = async () => {
  const sw = await h.serviceWorker();
  return sw.evaluate(async () => {
    const req = indexedDB.open('broadsheet-favourites');
    const db: IDBDatabase = await new Promise((ok, ko) => {
      req.onsuccess = () => ok(req.result);
      req.onerror = () => ko(req.error);
    });
    const all: { title: string; progress?: number; read: number }[] = await new Promise((ok) => {
      const r = db.transaction('favourites').objectStore('favourites').getAll();
      r.onsuccess = () => ok(r.result);
    });
    db.close();
    return all[0] ?? null;
  });
};

test('the in-page reader comes back where reading stopped, and the list says how far', async () => {
  const page = await h.context.newPage();
  await page.setViewportSize({ width: 900, height: 400 });
  await page.goto(`${h.siteA.origin}/basic/article-en.html`);
  await saveFromPopup(page);

  let dialog = await h.openReader(page);
  expect(await barValue(dialog)).toBe(0);
  await scrollTo(dialog, 0.5);
  await expect.poll(() => barValue(dialog)).toBe(50);
  await page.keyboard.press('Escape');
  await expect.poll(() => dialog.count()).toBe(0);
  await expect.poll(async () => (await favourite())?.progress ?? 0).toBeCloseTo(0.5, 1);
  expect((await favourite())?.read).toBe(0);

  dialog = await h.openReader(page);
  await expect.poll(() => scrolled(dialog)).toBeGreaterThan(0.45);
  expect(await scrolled(dialog)).toBeLessThan(0.55);
  expect(await barValue(dialog)).toBeGreaterThanOrEqual(45);

  const popup = await h.context.newPage();
  await popup.goto(h.extensionUrl('popup.html'));
  const item = popup.getByRole('listitem').filter({ hasText: TITLE });
  await expect.poll(() => item.textContent()).toContain('50 % read');

  // Reaching the end marks it read.
  await scrollTo(dialog, 1);
  await expect.poll(async () => (await favourite())?.read, { timeout: 5000 }).toBe(1);
  await popup.reload();
  await expect.poll(() => item.getByRole('button', { name: 'Mark as unread' }).count()).toBe(1);
  // And unread again by hand.
  await item.getByRole('button', { name: 'Mark as unread' }).click();
  await expect.poll(() => item.getByRole('button', { name: 'Mark as read' }).count()).toBe(1);
  expect((await favourite())?.read).toBe(0);
  await Promise.all([popup.close(), page.close()]);
});

test('reader.html comes back where reading stopped too', async () => {
  const { popup, reader } = await h.readOffline(TITLE);
  await reader.setViewportSize({ width: 900, height: 400 });
  await reader.evaluate(() => {
    const el = document.scrollingElement as Element;
    el.scrollTop = 0.3 * (el.scrollHeight - el.clientHeight);
  });
  await expect.poll(() => barValue(reader)).toBe(30);
  await expect
    .poll(async () => (await favourite())?.progress ?? 0, { timeout: 5000 })
    .toBeCloseTo(0.3, 1);
  await reader.reload();
  await expect
    .poll(() =>
      reader.evaluate(() => {
        const el = document.scrollingElement as Element;
        return el.scrollTop / (el.scrollHeight - el.clientHeight);
      }),
    )
    .toBeGreaterThan(0.25);
  // Opening it from the list marked it read.
  expect((await favourite())?.read).toBe(1);
  await Promise.all([popup.close(), reader.close()]);
});
