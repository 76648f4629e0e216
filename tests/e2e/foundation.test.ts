import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { EXTENSION_DIR, type Harness, startHarness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const statusOf = async (popup: import('playwright-core').Page) => {
  const status = popup.getByRole('status');
  await expect
    .poll(async () => status.textContent(), { timeout: 10_000 })
    .toMatch(/^(Article detected|No article detected)$/);
  return status.textContent();
};

test('the extension loads with its own id and a localized name', async () => {
  expect(h.extensionId).toMatch(/^[a-p]{32}$/);
  const sw = await h.serviceWorker();
  const name = await sw.evaluate(() => chrome.runtime.getManifest().name);
  const localized = await sw.evaluate(() => chrome.i18n.getMessage('extName'));
  expect(name).toBe('Broadsheet');
  expect(localized).toBe('Broadsheet');
  const raw = JSON.parse(readFileSync(`${EXTENSION_DIR}/manifest.json`, 'utf8'));
  expect(raw.name).toBe('__MSG_extName__');
});

test('the content script reports each page and the popup shows that tab', async () => {
  const article = await h.context.newPage();
  await article.goto(`${h.siteA.origin}/basic/article-en.html`);
  const home = await h.context.newPage();
  await home.goto(`${h.siteB.origin}/basic/index.html`);

  const popupA = await h.openPopup(article);
  expect(await statusOf(popupA)).toBe('Article detected');
  const popupB = await h.openPopup(home);
  expect(await statusOf(popupB)).toBe('No article detected');

  // The toolbar tooltip is per tab too.
  const sw = await h.serviceWorker();
  const ids = [await h.tabIdOf(article), await h.tabIdOf(home)];
  const titles = await sw.evaluate(
    (tabIds) => Promise.all(tabIds.map((tabId) => chrome.action.getTitle({ tabId }))),
    ids,
  );
  expect(titles[0]).toContain('Article detected');
  expect(titles[1]).toContain('No article detected');
  await Promise.all([article.close(), home.close(), popupA.close(), popupB.close()]);
});

test('a stopped service worker wakes up and still answers the popup', async () => {
  const article = await h.context.newPage();
  await article.goto(`${h.siteA.origin}/basic/article-en.html`);
  const tabId = await h.tabIdOf(article);
  const first = await h.openPopup(tabId);
  expect(await statusOf(first)).toBe('Article detected');
  await first.close();

  await h.stopServiceWorker(); // throws unless CDP reports the worker stopped

  const again = await h.openPopup(tabId);
  expect(await statusOf(again)).toBe('Article detected');
  await Promise.all([article.close(), again.close()]);
});
