/**
 * Firefox smoke test: Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi, with
 * the Firefox build installed as a temporary add-on. The seed page is cleaned and saved to
 * favourites through the background page.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, onTestFailed, test } from 'vitest';
import { OVERLAY_GRACE_MS } from '../../utils/content/timing';
import { type FirefoxSession, openExtensionPage, startFirefox, waitFor } from './firefox';
import { FIXTURES_DIR } from './harness';
import { type Site, serve } from './server';

const TITLE = 'Lavrov et Kerry évoquent des opérations conjointes en Syrie';

let ff: FirefoxSession | undefined;
let site: Site | undefined;
let page: Page;
let seedUrl: string;

/** The extension's own `browser` global, inside code evaluated in an extension page. */
type ExtensionGlobal = { browser: typeof chrome };

beforeAll(async () => {
  site = await serve(FIXTURES_DIR, '127.0.0.1');
  ff = await startFirefox();
  page = await ff.browser.newPage();
  seedUrl = `${site.origin}/cleanup/seed-fr.html`;
});

afterAll(async () => {
  // FIREFOX_LOGS=1 shows what the browser said even when every test passes.
  if (process.env.FIREFOX_LOGS) console.info(`Firefox said:\n${ff?.logs().join('\n')}`);
  await ff?.close();
  await site?.close();
});

function reportBrowserLogs() {
  onTestFailed(() => {
    const lines = ff?.logs() ?? [];
    if (lines.length) console.warn(`Firefox said:\n${lines.join('\n')}`);
  });
}

const visible = (p: Page, selector: string) =>
  p.evaluate(
    (sel) => [...document.querySelectorAll(sel)].map((el) => el.checkVisibility()),
    selector,
  );

test('the seed page: overlay gone, scroll-lock undone, comments folded, article whole', async () => {
  reportBrowserLogs();
  expect(ff?.addonId).toBe('broadsheet@broadsheet.example');
  await page.goto(seedUrl, { waitUntil: 'load' });

  await waitFor(
    'the "Please Wait..." overlay to go',
    async () => !(await visible(page, '#preloader')).some(Boolean),
    OVERLAY_GRACE_MS + 3000,
  );
  expect(
    await page.evaluate(() =>
      [...document.querySelectorAll('p')].some(
        (p) => p.textContent?.includes('Please Wait...') && p.checkVisibility(),
      ),
    ),
  ).toBe(false);

  // The scroll-lock is undone: the page moves under a real mouse wheel.
  expect(await page.evaluate(() => getComputedStyle(document.body).overflowY)).not.toBe('hidden');
  await page.mouse.move(600, 400);
  const before = await page.evaluate(() => window.scrollY);
  await page.mouse.wheel({ deltaY: 500 });
  await waitFor(
    'the page to scroll',
    async () => (await page.evaluate(() => window.scrollY)) > before,
    3000,
  );

  const paragraphs = await visible(page, '.entry-content p');
  expect(paragraphs.length).toBeGreaterThanOrEqual(4);
  expect(paragraphs.every(Boolean)).toBe(true);

  await waitFor(
    'the comment section to fold',
    async () => (await visible(page, 'section.post-comments')).join() === 'false',
  );
  const fold = await page.evaluate(() => {
    const section = document.querySelector('section.post-comments');
    const before = section?.previousElementSibling;
    const buttons = [...document.querySelectorAll('button')].filter((b) =>
      b.textContent?.trim().startsWith('Show comments'),
    );
    return {
      buttons: buttons.length,
      placed: before?.tagName === 'BUTTON' && buttons[0] === before && !section?.contains(before),
      commentShown: [...document.querySelectorAll('.post-message p')].some((p) =>
        p.checkVisibility(),
      ),
    };
  });
  expect(fold).toEqual({ buttons: 1, placed: true, commentShown: false });
});

test('saves the seed page to favourites through the background page', async () => {
  reportBrowserLogs();
  if (!ff) throw new Error('Firefox did not start');
  if (page.url() !== seedUrl) await page.goto(seedUrl, { waitUntil: 'load' });
  const popup = await ff.browser.newPage();
  try {
    await openExtensionPage(popup, ff.extensionUrl('popup.html'));
    const tabId = await popup.evaluate(async (url) => {
      const tabs = await (globalThis as unknown as ExtensionGlobal).browser.tabs.query({});
      return tabs.find((t) => t.url === url)?.id ?? null;
    }, seedUrl);
    expect(tabId).toEqual(expect.any(Number));

    await openExtensionPage(popup, ff.extensionUrl(`popup.html?tab=${tabId}`));
    await waitFor(
      'the popup to say "Article detected"',
      async () =>
        (
          await popup.evaluate(() =>
            [...document.querySelectorAll('[role="status"]')].map((s) => s.textContent?.trim()),
          )
        ).includes('Article detected'),
      8000,
    );

    const save = await popup.waitForSelector(
      '::-p-aria([name="Save to favourites"][role="button"])',
      { timeout: 5000 },
    );
    if (!save) throw new Error('no "Save to favourites" button');
    const pressed = () => save.evaluate((b) => b.getAttribute('aria-pressed'));
    expect(await pressed()).toBe('false');
    await save.click();
    await waitFor('"Save to favourites" to be pressed', async () => (await pressed()) === 'true');

    const listed = () =>
      popup.evaluate(() =>
        [...document.querySelectorAll('ul[aria-label="Favourites"], [role="list"]')]
          .filter((l) => l.getAttribute('aria-label') === 'Favourites')
          .flatMap((l) => [...l.querySelectorAll('a')].map((a) => a.textContent?.trim())),
      );
    await waitFor('the Favourites list to show the article', async () =>
      (await listed()).includes(TITLE),
    );
    // Nothing in the extension threw along the way (background page, popup, content scripts).
    expect(ff.logs().filter((l) => l.startsWith('JavaScript error: moz-extension:'))).toEqual([]);
  } finally {
    await popup.close().catch(() => {});
  }
});

// The copy's HTML must arrive whole (Firefox's messaging drops an accessor property: the copy was
// saved without its HTML, so without images, until the article went as plain data).
test('a saved copy shows its three images from the database, with the site gone', async () => {
  reportBrowserLogs();
  if (!ff) throw new Error('Firefox did not start');
  // A site of its own, stopped once the page is saved.
  const own = await serve(FIXTURES_DIR, '127.0.0.1');
  const url = `${own.origin}/images/three-images.html`;
  const tab = await ff.browser.newPage();
  const popup = await ff.browser.newPage();
  try {
    await tab.goto(url, { waitUntil: 'load' });
    await openExtensionPage(popup, ff.extensionUrl('popup.html'));
    const tabId = await popup.evaluate(async (u) => {
      const tabs = await (globalThis as unknown as ExtensionGlobal).browser.tabs.query({});
      return tabs.find((t) => t.url === u)?.id ?? null;
    }, url);
    await openExtensionPage(popup, ff.extensionUrl(`popup.html?tab=${tabId}`));
    const save = await popup.waitForSelector(
      '::-p-aria([name="Save to favourites"][role="button"])',
      { timeout: 8000 },
    );
    if (!save) throw new Error('no "Save to favourites" button');
    await waitFor('the popup to know the article', async () =>
      (
        await popup.evaluate(() =>
          [...document.querySelectorAll('[role="status"]')].map((s) => s.textContent?.trim()),
        )
      ).includes('Article detected'),
    );
    await save.click();
    const readLink = () =>
      popup.evaluate(() => {
        const item = [...document.querySelectorAll('li')].find((li) =>
          li.textContent?.includes('The harbour gets its trams back'),
        );
        const a = [...(item?.querySelectorAll('a') ?? [])].find(
          (x) => x.textContent?.trim() === 'Read offline',
        );
        return a?.href ?? null;
      });
    await waitFor('the saved copy in the list', async () => !!(await readLink()), 10_000);
    const href = (await readLink()) as string;
    // The images are fetched just after the text is saved: wait until the copy says so.
    const stored = () =>
      popup.evaluate(async () => {
        const open = indexedDB.open('broadsheet-favourites');
        const db = await new Promise<IDBDatabase>((ok, ko) => {
          open.onsuccess = () => ok(open.result);
          open.onerror = () => ko(open.error);
        });
        const n = await new Promise<number>((ok, ko) => {
          const r = db.transaction('images').objectStore('images').count();
          r.onsuccess = () => ok(r.result);
          r.onerror = () => ko(r.error);
        });
        db.close();
        return n;
      });
    await waitFor('three images stored', async () => (await stored()) >= 3, 15_000);
    await own.close();
    const reader = await ff.browser.newPage();
    try {
      await openExtensionPage(reader, href);
      await waitFor('the copy and its images', async () =>
        reader.evaluate(() => {
          const imgs = [...document.querySelectorAll<HTMLImageElement>('.bs-content img')];
          return (
            imgs.length === 3 &&
            imgs.every((i) => i.complete && i.naturalWidth > 0 && i.src.startsWith('blob:'))
          );
        }),
      );
    } finally {
      await reader.close().catch(() => {});
    }
  } finally {
    await Promise.all([tab.close(), popup.close()].map((p) => p.catch(() => {})));
    await own.close().catch(() => {});
  }
});

// The reader's content script reads the page again with its own `fetch` (Firefox runs a content
// script's requests with the add-on's principal, not the page's): it must still get the page.
test('a page its own script emptied: the article is read again from its address', async () => {
  reportBrowserLogs();
  if (!ff) throw new Error('Firefox did not start');
  const url = `${site?.origin}/reader/emptied-by-script-en.html`;
  const tab = await ff.browser.newPage();
  const popup = await ff.browser.newPage();
  try {
    await tab.goto(url, { waitUntil: 'load' });
    await waitFor('the page to show its error screen', async () =>
      (await tab.evaluate(() => document.body.innerText)).includes('not available right now'),
    );
    await openExtensionPage(popup, ff.extensionUrl('popup.html'));
    const text = await popup.evaluate(async (u) => {
      const b = (globalThis as unknown as ExtensionGlobal).browser;
      const id = (await b.tabs.query({})).find((t) => t.url === u)?.id;
      if (id === undefined) return 'no tab';
      await b.tabs.executeScript(id, { file: '/reader-view.js' });
      const article = (await b.tabs.sendMessage(id, { type: 'reader:extract' })) as {
        textContent?: string;
      } | null;
      return article?.textContent ?? 'no article';
    }, url);
    expect(text).toContain('a crate of plums bound for the market on the far shore.');
    expect(text).not.toContain('not available right now');
  } finally {
    await popup.close().catch(() => {});
    await tab.close().catch(() => {});
  }
});
