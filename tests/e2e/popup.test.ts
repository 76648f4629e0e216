/**
 * The toolbar popup, on the built extension in Chromium: what it says before and after a save,
 * tags, Remove with Undo, its links, readable site names, pages where Broadsheet cannot run,
 * and the reader opened from it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Harness, startHarness } from './harness';

const TITLE_EN = 'City council approves night bus network after two-year trial';
const TITLE_FR = 'Le port fluvial retrouve ses péniches de marchandises';
const UNAVAILABLE = "Broadsheet can't run on this page";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const titles = (popup: Page) =>
  popup.getByRole('list', { name: 'Favourites' }).getByRole('listitem').locator('a.fav-title');

/** The ids of every tab, as the extension sees them. */
async function tabIds(): Promise<number[]> {
  const sw = await h.serviceWorker();
  return sw.evaluate(async () => (await chrome.tabs.query({})).flatMap((t) => t.id ?? []));
}

/**
 * A tab showing `url` (which the extension may not be allowed to see), and its id: the one tab
 * that was not there before.
 */
async function openTab(url: string): Promise<{ page: Page; tabId: number }> {
  const before = new Set(await tabIds());
  const page = await h.context.newPage();
  await page.goto(url).catch(() => undefined); // an aborted or refused load still leaves the tab
  let added: number[] = [];
  await expect
    .poll(async () => {
      added = (await tabIds()).filter((id) => !before.has(id));
      return added.length;
    })
    .toBe(1);
  return { page, tabId: added[0] as number };
}

/** Opens the popup for a tab, recording every text its status ever showed. */
async function popupRecordingStatus(tabId: number): Promise<Page> {
  const popup = await h.context.newPage();
  await popup.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __statusSeen: string[] }).__statusSeen = seen;
    const record = () => {
      const text = document.querySelector('[role="status"]')?.textContent ?? '';
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    };
    new MutationObserver(record).observe(document, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
  await popup.goto(h.extensionUrl(`popup.html?tab=${tabId}`));
  return popup;
}

const statusSeen = (popup: Page) =>
  popup.evaluate(() => (window as unknown as { __statusSeen: string[] }).__statusSeen);

test('before saving, the popup shows the article title and its reading time', async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}/basic/article-en.html`);
  const popup = await h.openPopup(page);
  const panel = popup.locator('.tab-panel');
  // The article's own headline, without the " | The Riverside Courier" of its <title>.
  await expect.poll(() => panel.locator('.tab-title').textContent()).toBe(TITLE_EN);
  await expect.poll(() => panel.locator('.tab-meta').textContent()).toMatch(/^\d+ min read/);
  expect(
    await popup.getByRole('button', { name: 'Save to favourites' }).getAttribute('aria-pressed'),
  ).toBe('false');
  await Promise.all([popup.close(), page.close()]);
});

test('once saved: "Saved", tags kept with Enter and suggested, a second press keeps it, Remove has Undo', async () => {
  const en = await h.context.newPage();
  await en.goto(`${h.siteA.origin}/basic/article-en.html`);
  let popup = await h.saveFromPopup(en);
  const save = popup.getByRole('button', { name: 'Save to favourites' });
  // A clear saved state: its words, and the Save button pressed.
  expect(await popup.locator('.saved-panel').textContent()).toContain('Saved');
  expect(await save.getAttribute('aria-pressed')).toBe('true');
  const tags = popup.getByRole('textbox', { name: 'Tags' });
  await tags.fill('transport, city hall');
  await tags.press('Enter');
  await expect.poll(() => popup.getByText('Tags kept').count()).toBe(1);

  // A second press keeps the favourite (it used to delete it, and its copy, without a word).
  await save.click();
  await expect.poll(() => save.getAttribute('aria-pressed')).toBe('true');
  await expect.poll(() => titles(popup).allTextContents()).toEqual([TITLE_EN]);
  await popup.close();

  // Opened again: the tags are there, in the popup and in the list.
  popup = await h.openPopup(en);
  await expect
    .poll(() => popup.getByRole('textbox', { name: 'Tags' }).inputValue())
    .toBe('transport, city hall');
  await popup.close();

  // Another article suggests the tags already in use.
  const fr = await h.context.newPage();
  await fr.goto(`${h.siteB.origin}/basic/article-fr.html`);
  popup = await h.saveFromPopup(fr);
  const frTags = popup.getByRole('textbox', { name: 'Tags' });
  await frTags.fill('river, tr');
  const list = await frTags.getAttribute('list');
  expect(list).toBeTruthy();
  await expect
    .poll(() =>
      popup.evaluate(
        (id) =>
          [...document.querySelectorAll(`datalist#${id} option`)].map((o) =>
            o.getAttribute('value'),
          ),
        list as string,
      ),
    )
    .toContain('river, transport');
  await frTags.press('Enter');

  // Remove, then Undo: the favourite comes back whole, tags and offline copy included.
  await popup.getByRole('button', { name: 'Remove', exact: true }).first().click();
  const frSave = popup.getByRole('button', { name: 'Save to favourites' });
  await expect.poll(() => frSave.getAttribute('aria-pressed')).toBe('false');
  await expect.poll(() => titles(popup).allTextContents()).toEqual([TITLE_EN]);
  expect(await popup.getByRole('textbox', { name: 'Tags' }).count()).toBe(0);
  await popup.locator('.tab-panel').getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => frSave.getAttribute('aria-pressed')).toBe('true');
  await expect.poll(() => titles(popup).allTextContents()).toEqual([TITLE_FR, TITLE_EN]);
  await expect
    .poll(() => popup.getByRole('textbox', { name: 'Tags' }).inputValue())
    .toBe('river, tr');
  // The tab knows it is saved again (its toolbar badge).
  const sw = await h.serviceWorker();
  const tabId = await h.tabIdOf(fr);
  expect(await sw.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('★');
  await popup.close();
  const { popup: list2, reader } = await h.readOffline(TITLE_FR);
  expect(await reader.locator('body').textContent()).toContain('péniches');
  await Promise.all([list2.close(), reader.close(), en.close(), fr.close()]);
});

test('the popup links to the library and to the options page', async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}/basic/article-en.html`);
  const popup = await h.openPopup(page);
  expect(await popup.getByRole('link', { name: 'Library' }).getAttribute('href')).toBe(
    h.extensionUrl('library.html'),
  );
  const [options] = await Promise.all([
    h.context.waitForEvent('page'),
    popup.getByRole('link', { name: 'Options' }).click(),
  ]);
  await options.waitForLoadState();
  expect(options.url()).toBe(h.extensionUrl('options.html'));
  await Promise.all([options.close(), popup.close(), page.close()]);
});

test('site names in the list are readable, at the popup width and at 320 px', async () => {
  const popup = await h.context.newPage();
  await popup.goto(h.extensionUrl('popup.html'));
  await expect.poll(() => titles(popup).count()).toBeGreaterThan(0);
  for (const width of [380, 320]) {
    await popup.setViewportSize({ width, height: 600 });
    await popup.evaluate((w) => {
      document.body.style.width = `${w}px`;
    }, width);
    const sites = await popup.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.fav-site')].map((el) => ({
        text: el.textContent,
        shown: el.clientWidth,
        needed: el.scrollWidth,
      })),
    );
    expect(sites.map((s) => s.text)).toContain('The Riverside Courier');
    for (const s of sites)
      expect(s.needed, `${s.text} at ${width} px`).toBeLessThanOrEqual(s.shown);
    // Nothing wider than the popup.
    expect(await popup.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      width,
    );
  }
  await popup.close();
});

test('on pages where Broadsheet cannot run, the popup says so at once', async () => {
  const options = h.extensionUrl('options.html');
  const pages = [
    'about:blank',
    'data:text/html,<title>x</title><p>A page of its own</p>',
    'chrome://version/',
    options,
    `view-source:${h.siteA.origin}/basic/article-en.html`,
    'https://chromewebstore.google.com/category/extensions',
  ];
  for (const url of pages) {
    const { page, tabId } = await openTab(url);
    const popup = await popupRecordingStatus(tabId);
    await expect.poll(() => popup.getByRole('status').first().textContent()).toBe(UNAVAILABLE);
    expect(await statusSeen(popup), url).toEqual([UNAVAILABLE]);
    expect(await popup.getByRole('button', { name: 'Reader view' }).isDisabled()).toBe(true);
    await Promise.all([popup.close(), page.close()]);
  }
  // A page where it runs still says what it found.
  const { page, tabId } = await openTab(`${h.siteA.origin}/basic/article-en.html`);
  const popup = await popupRecordingStatus(tabId);
  await expect.poll(() => popup.getByRole('status').first().textContent()).toBe('Article detected');
  expect(await statusSeen(popup)).not.toContain(UNAVAILABLE);
  await Promise.all([popup.close(), page.close()]);
});

test('opening the reader from the popup closes the popup', async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}/basic/index.html`);
  await page.goto(`${h.siteA.origin}/basic/article-en.html?closes`);
  const popup = await h.openPopup(page);
  const button = popup.getByRole('button', { name: 'Reader view' });
  await expect.poll(() => button.isEnabled()).toBe(true);
  const closed = popup.waitForEvent('close', { timeout: 15_000 });
  await button.click();
  await closed;
  await page.getByRole('dialog', { name: 'Reader view' }).waitFor();
  await page.close();
});

test("the reader's Save control adds tags, in the page and in reader.html, with suggestions", async () => {
  // Not saved: no tags to edit.
  const unsaved = await h.context.newPage();
  await unsaved.goto(`${h.siteA.origin}/cleanup/seed-fr.html`);
  const d0 = await h.openReader(unsaved);
  expect(
    await d0.getByRole('button', { name: 'Save to favourites' }).getAttribute('aria-pressed'),
  ).toBe('false');
  expect(await d0.getByRole('button', { name: 'Tags', exact: true }).count()).toBe(0);
  await unsaved.close();

  // Saved (by the tests above, with tags): in the page.
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}/basic/article-en.html`);
  const dialog = await h.openReader(page);
  const open = dialog.getByRole('button', { name: 'Tags', exact: true });
  await open.click();
  expect(await open.getAttribute('aria-expanded')).toBe('true');
  const box = dialog.getByRole('textbox', { name: 'Tags' });
  await expect.poll(() => box.inputValue()).toBe('transport, city hall');
  await box.fill('transport, city hall, ri');
  const list = await box.getAttribute('list');
  await expect
    .poll(() =>
      dialog
        .locator(`datalist#${list} option`)
        .evaluateAll((o) => o.map((e) => e.getAttribute('value'))),
    )
    .toContain('transport, city hall, river');
  await box.fill('transport, city hall, night buses');
  await box.press('Enter');
  await expect.poll(() => dialog.getByText('Tags kept').count()).toBe(1);
  // Escape closes the popover, and focus goes back to its button.
  await box.press('Escape');
  await expect.poll(() => open.getAttribute('aria-expanded')).toBe('false');
  expect(await dialog.count()).toBe(1);

  let popup = await h.openPopup(page);
  await expect
    .poll(() => popup.getByRole('textbox', { name: 'Tags' }).inputValue())
    .toBe('transport, city hall, night buses');
  await popup.close();

  // reader.html: the saved copy's Save control.
  const { popup: p2, reader } = await h.readOffline(TITLE_FR);
  await reader.getByRole('button', { name: 'Tags', exact: true }).click();
  const offlineBox = reader.getByRole('textbox', { name: 'Tags' });
  await expect.poll(() => offlineBox.inputValue()).toBe('river, tr');
  await offlineBox.fill('river, barges');
  await offlineBox.press('Enter');
  await expect.poll(() => reader.getByText('Tags kept').count()).toBe(1);
  await Promise.all([p2.close(), reader.close()]);
  const fr = await h.context.newPage();
  await fr.goto(`${h.siteB.origin}/basic/article-fr.html`);
  popup = await h.openPopup(fr);
  await expect
    .poll(() => popup.getByRole('textbox', { name: 'Tags' }).inputValue())
    .toBe('river, barges');
  await Promise.all([popup.close(), fr.close(), page.close()]);
});

test("removing the tab's own favourite from the list shows in the panel and on the tab", async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}/basic/article-en.html`);
  const popup = await h.openPopup(page);
  const save = popup.getByRole('button', { name: 'Save to favourites' });
  await expect.poll(() => save.getAttribute('aria-pressed')).toBe('true');
  const item = popup.getByRole('listitem').filter({ hasText: TITLE_EN });
  await item.getByRole('button', { name: 'Remove' }).click();
  await expect.poll(() => save.getAttribute('aria-pressed')).toBe('false');
  const sw = await h.serviceWorker();
  const tabId = await h.tabIdOf(page);
  await expect
    .poll(() => sw.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId))
    .toBe('');
  await popup.locator('.fav-undo').getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => save.getAttribute('aria-pressed')).toBe('true');
  await expect
    .poll(() => sw.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId))
    .toBe('★');
  await Promise.all([popup.close(), page.close()]);
});
