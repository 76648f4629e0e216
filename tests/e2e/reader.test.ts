import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Harness, startHarness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const TITLE = 'Lavrov et Kerry évoquent des opérations conjointes en Syrie';

const openFromPopup = (page: Page) => h.openReader(page);

test('opens from the popup on the seed page with the article alone', async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}/cleanup/seed-fr.html`);
  await page.evaluate(() => window.scrollTo(0, 300));
  const dialog = await openFromPopup(page);
  expect(await dialog.getAttribute('aria-modal')).toBe('true');
  const headings = dialog.getByRole('heading', { level: 1 });
  expect(await headings.allTextContents()).toEqual([TITLE]);
  const text = await dialog.innerText();
  expect(text).toContain('Sergueï Lavrov et son homologue américain John Kerry');
  expect(text).toContain('cessez-le-feu en Syrie à compter du 27 février');
  for (const junk of [
    'folder_open',
    'access_time',
    'AJOUTER AUX FAVORIS',
    'Please Wait',
    'Enfin une coopération',
  ]) {
    expect(text).not.toContain(junk);
  }
  // The page underneath does not scroll while the reader is open.
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).toBe(
    'hidden',
  );

  await page.keyboard.press('Escape');
  await expect.poll(() => dialog.count()).toBe(0);
  expect(await page.evaluate(() => window.scrollY)).toBe(300);
  await page.close();
});

test('focus stays inside, Close gives focus back, and nothing of the page CSS reaches in', async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}/basic/article-en.html`);
  await page.addStyleTag({
    content:
      'h1 { color: rgb(255, 0, 0) !important; } * { font-family: Comic Sans MS !important; }',
  });
  await page.getByRole('link', { name: 'Maria Okafor' }).focus();
  const dialog = await openFromPopup(page);
  const color = await dialog
    .getByRole('heading', { level: 1 })
    .evaluate((el) => getComputedStyle(el).color);
  expect(color).not.toBe('rgb(255, 0, 0)');
  for (let i = 0; i < 40; i++) await page.keyboard.press('Tab');
  const inside = await page.evaluate(() => document.activeElement?.tagName.toLowerCase());
  expect(inside).toBe('broadsheet-reader');
  await dialog.getByRole('button', { name: 'Close reader view' }).click();
  await expect.poll(() => dialog.count()).toBe(0);
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Maria Okafor');
  await page.close();
});

test('a page without an article says so and offers to try anyway', async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}/basic/index.html`);
  const dialog = await openFromPopup(page);
  await expect.poll(() => dialog.getByRole('button', { name: 'Try anyway' }).count()).toBe(1);
  expect(await dialog.innerText()).toMatch(/no article/i);
  await dialog.getByRole('button', { name: 'Try anyway' }).click();
  await expect
    .poll(() => dialog.innerText())
    .toContain('City council approves night bus network after two-year trial');
  await page.close();
});

test('settings persist across pages and sites', async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}/basic/article-en.html`);
  const dialog = await openFromPopup(page);
  await dialog.getByRole('button', { name: 'Reader settings' }).click();
  await dialog.getByRole('button', { name: 'Dark' }).click();
  await page.keyboard.press('Escape');

  const other = await h.context.newPage();
  await other.goto(`${h.siteB.origin}/basic/article-fr.html`);
  const d2 = await openFromPopup(other);
  await d2.getByRole('button', { name: 'Reader settings' }).click();
  await expect
    .poll(() => d2.getByRole('button', { name: 'Dark' }).getAttribute('aria-pressed'))
    .toBe('true');
  await Promise.all([page.close(), other.close()]);
});

test('saving from the popup while the reader is open shows in the reader toolbar', async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}/basic/article-en.html?reader=saved`);
  const dialog = await openFromPopup(page);
  const inReader = dialog.getByRole('button', { name: 'Save to favourites' });
  await expect.poll(() => inReader.getAttribute('aria-pressed')).toBe('false');
  const popup = await h.openPopup(page);
  await popup.getByRole('button', { name: 'Save to favourites' }).click();
  await expect.poll(() => inReader.getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true');
  await Promise.all([popup.close(), page.close()]);
});

test('Save to favourites in the reader keeps the article and its offline copy', async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}/cleanup/seed-fr.html`);
  const dialog = await openFromPopup(page);
  const save = dialog.getByRole('button', { name: 'Save to favourites' });
  await save.click();
  await expect.poll(() => save.getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('true');

  // The copy saved from the reader holds the article's HTML (serialized only when saved).
  const { popup, reader: offline } = await h.readOffline(TITLE);
  expect(await offline.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
  const text = await offline.locator('body').innerText();
  expect(text).toContain('cessez-le-feu en Syrie à compter du 27 février');
  expect(text).not.toContain('AJOUTER AUX FAVORIS');
  await Promise.all([offline.close(), popup.close(), page.close()]);
});
