import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Harness, startHarness } from './harness';

const TITLE_EN = 'City council approves night bus network after two-year trial';
const TITLE_FR = 'Le port fluvial retrouve ses péniches de marchandises';

let h: Harness;
const profile = mkdtempSync(join(tmpdir(), 'broadsheet-fav-'));
beforeAll(async () => {
  h = await startHarness({ userDataDir: profile });
});
afterAll(async () => {
  await h?.close();
  rmSync(profile, { recursive: true, force: true });
});

const saveFromPopup = (page: Page) => h.saveFromPopup(page);

const titles = (popup: Page) =>
  popup.getByRole('list', { name: 'Favourites' }).getByRole('listitem').getByRole('link').filter({
    hasNotText: 'Read offline',
  });

test('saves on two sites into one list, newest first, and marks the tab', async () => {
  const a = await h.context.newPage();
  await a.goto(`${h.siteA.origin}/basic/article-en.html?utm_source=newsletter#top`);
  (await saveFromPopup(a)).close();
  const b = await h.context.newPage();
  await b.goto(`${h.siteB.origin}/basic/article-fr.html`);
  const popup = await saveFromPopup(b);

  await expect.poll(() => titles(popup).allTextContents()).toEqual([TITLE_FR, TITLE_EN]);
  await expect.poll(() => popup.getByText('2 saved').count()).toBe(1);
  expect(await titles(popup).nth(1).getAttribute('href')).toContain('127.0.0.1');

  const sw = await h.serviceWorker();
  const tabId = await h.tabIdOf(b);
  expect(await sw.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('★');
  await Promise.all([a.close(), b.close(), popup.close()]);
});

test('search finds a word that only one article body holds, without its accent', async () => {
  const popup = await h.context.newPage();
  await popup.goto(h.extensionUrl('popup.html'));
  await popup.getByRole('searchbox', { name: 'Search favourites' }).fill('redaction');
  await expect.poll(() => titles(popup).allTextContents()).toEqual([TITLE_FR]);
  await popup.getByRole('searchbox', { name: 'Search favourites' }).fill('councillors');
  await expect.poll(() => titles(popup).allTextContents()).toEqual([TITLE_EN]);
  await popup.close();
});

test('Read offline shows the saved copy in the reader page', async () => {
  const { popup, reader } = await h.readOffline(TITLE_EN);
  expect(await reader.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE_EN);
  expect(await reader.locator('body').innerText()).toContain('1.2 million passengers');
  await Promise.all([reader.close(), popup.close()]);
});

test('the list survives a browser restart; Remove can be undone', async () => {
  await h.restart();
  const popup = await h.context.newPage();
  await popup.goto(h.extensionUrl('popup.html'));
  await expect.poll(() => titles(popup).allTextContents()).toEqual([TITLE_FR, TITLE_EN]);

  const item = popup.getByRole('listitem').filter({ hasText: TITLE_FR });
  await item.getByRole('button', { name: 'Remove' }).click();
  await expect.poll(() => titles(popup).allTextContents()).toEqual([TITLE_EN]);
  await popup.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => titles(popup).allTextContents()).toEqual([TITLE_FR, TITLE_EN]);
  await popup.close();
});

test('export, then import into a fresh profile, gives the same list', async () => {
  const options = await h.context.newPage();
  await options.goto(h.extensionUrl('options.html'));
  const [download] = await Promise.all([
    options.waitForEvent('download'),
    options.getByRole('button', { name: 'Export' }).click(),
  ]);
  const file = join(profile, 'export.json');
  await download.saveAs(file);
  await options.close();

  const fresh = await startHarness();
  try {
    const opts = await fresh.context.newPage();
    await opts.goto(fresh.extensionUrl('options.html'));
    await opts.getByLabel('Import').setInputFiles(file);
    await expect.poll(() => opts.getByText('2 saved').count(), { timeout: 15_000 }).toBe(1);
    const popup = await fresh.context.newPage();
    await popup.goto(fresh.extensionUrl('popup.html'));
    await expect.poll(() => titles(popup).allTextContents()).toEqual([TITLE_FR, TITLE_EN]);
  } finally {
    await fresh.close();
  }
});
