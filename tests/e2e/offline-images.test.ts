/**
 * Offline copies that are whole: a saved article's images are stored with it and shown from
 * there in reader.html once the site can no longer be reached; bad images are left out and
 * said; a link saved without its text can be fetched from reader.html.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { type Harness, startHarness } from './harness';

const THREE = 'The harbour gets its trams back, and the market moves to the quay';
const BAD = 'Ferry timetable changes for the winter crossings';
const LINK = "Lighthouse keepers' cottages open to visitors";

let h: Harness;
const files = mkdtempSync(join(tmpdir(), 'broadsheet-images-'));
beforeAll(async () => {
  h = await startHarness();
});
// Back online after each test, passed or not.
afterEach(async () => {
  await h?.context.unrouteAll();
});
afterAll(async () => {
  await h?.close();
  rmSync(files, { recursive: true, force: true });
});

async function saveFromPopup(page: Page): Promise<void> {
  const popup = await h.openPopup(page);
  const save = popup.getByRole('button', { name: 'Save to favourites' });
  await expect.poll(() => save.getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('false');
  await save.click();
  await expect.poll(() => save.getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('true');
  await popup.close();
}

/** How many image records the extension's database holds (0 when it has no such store). */
async function storedImages(): Promise<number> {
  const sw = await h.serviceWorker();
  return sw.evaluate(
    () =>
      new Promise<number>((ok) => {
        const open = indexedDB.open('broadsheet-favourites');
        open.onerror = () => ok(-1);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('images')) {
            db.close();
            ok(0);
            return;
          }
          const count = db.transaction('images').objectStore('images').count();
          count.onsuccess = () => {
            db.close();
            ok(count.result);
          };
          count.onerror = () => ok(-1);
        };
      }),
  );
}

/** Waits for `n` stored images, or gives up after a while (the assertions then say why). */
async function settle(n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await storedImages()) < n && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every request to the fixture site from now on fails, as if the machine were offline. */
async function goOffline(): Promise<void> {
  const origin = h.siteA.origin.replace(/[.]/g, '\\.');
  await h.context.route(new RegExp(`^${origin}/`), (route) => route.abort('internetdisconnected'));
  const page = h.context.pages()[0] ?? (await h.context.newPage());
  const cdp = await h.context.newCDPSession(page);
  await cdp.send('Network.clearBrowserCache');
  await cdp.detach();
}

async function imagesIn(reader: Page) {
  const imgs = reader.locator('.bs-content img');
  await expect.poll(() => imgs.count(), { timeout: 10_000 }).toBeGreaterThan(0);
  await reader.waitForFunction(
    () =>
      [...document.querySelectorAll('.bs-content img')].every(
        (i) => (i as HTMLImageElement).complete,
      ),
    null,
    { timeout: 10_000 },
  );
  return imgs.evaluateAll((list) =>
    list.map((i) => {
      const img = i as HTMLImageElement;
      return { src: img.currentSrc || img.src, w: img.naturalWidth, h: img.naturalHeight };
    }),
  );
}

test('a page with three images, saved, then read offline: all three images shown', async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}/images/three-images.html`);
  const started = Date.now();
  await saveFromPopup(page);
  console.log(`save answered in ${Date.now() - started} ms (images stored after the text)`);
  await settle(3);
  await page.close();

  await goOffline();
  // The site really is out of reach now: the original image URL fails from the page itself.
  const { reader } = await h.readOffline(THREE);
  const direct = await reader.evaluate(async (url) => {
    try {
      await fetch(url, { cache: 'no-store' });
      return 'loaded';
    } catch {
      return 'failed';
    }
  }, `${h.siteA.origin}/images/harbour.png`);
  expect(direct).toBe('failed');

  const shown = await imagesIn(reader);
  console.log('offline images:', JSON.stringify(shown.map(({ w, h: ht }) => [w, ht])));
  expect(shown).toHaveLength(3);
  expect(shown.map((i) => [i.w, i.h])).toEqual([
    [120, 80],
    [90, 60],
    [64, 64],
  ]);
  for (const img of shown) expect(img.src.startsWith('blob:')).toBe(true);
  // Nothing was left out, so no note.
  expect(await reader.getByRole('note').count()).toBe(0);
  // The stored copy keeps the original addresses.
  const sw = await h.serviceWorker();
  const html = await sw.evaluate(
    () =>
      new Promise<string>((ok) => {
        const open = indexedDB.open('broadsheet-favourites');
        open.onsuccess = () => {
          const get = open.result.transaction('copies').objectStore('copies').getAll();
          get.onsuccess = () => {
            open.result.close();
            ok((get.result as { html: string }[]).map((c) => c.html).join('\n'));
          };
        };
      }),
  );
  expect(html).toContain('/images/harbour.png');
  expect(html).not.toContain('blob:');
  await reader.close();
});

test('an SVG with script and an HTML page under an image name are left out, and said', async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}/images/bad-images.html`);
  const before = await storedImages();
  await saveFromPopup(page);
  await settle(before + 1);
  await page.close();
  await goOffline();
  const { reader } = await h.readOffline(BAD);
  const note = reader.getByRole('note');
  await note.waitFor({ timeout: 10_000 });
  const text = (await note.textContent()) ?? '';
  console.log(`note: "${text}"`);
  expect(text).toContain('1 SVG');
  expect(text).toContain('1 not an image');
  const shown = await imagesIn(reader);
  // The one good image shows from its blob; the two others are left as they were, unloaded.
  expect(shown.filter((i) => i.src.startsWith('blob:') && i.w === 120)).toHaveLength(1);
  expect(await storedImages()).toBe(before + 1);
  expect(await reader.title()).not.toBe('svg ran');
  await reader.close();
});

test('a link imported without its text gets its article the first time reader.html opens it, without a click', async () => {
  const csv = join(files, 'one.csv');
  const url = `${h.siteA.origin}/images/link-only.html`;
  writeFileSync(csv, `title,url,time_added,tags,status\n"${LINK}",${url},1700000000,,unread\n`);
  const options = await h.context.newPage();
  await options.goto(h.extensionUrl('options.html'));
  await options.getByLabel('Import').setInputFiles(csv);
  await expect
    .poll(() => options.locator('.fav-import-result').textContent(), { timeout: 15_000 })
    .toContain('Import done');
  await options.close();

  const before = await storedImages();
  const { reader } = await h.readOffline(LINK);
  await expect
    .poll(() => reader.locator('.bs-content').textContent(), { timeout: 15_000 })
    .toContain('forty volunteers');
  // Its image came with it: shown from the database even with the site gone.
  await settle(before + 1);
  await goOffline();
  await reader.reload();
  await expect
    .poll(() => reader.locator('.bs-content').textContent(), { timeout: 10_000 })
    .toContain('forty volunteers');
  const shown = await imagesIn(reader);
  expect(shown.map((i) => [i.src.startsWith('blob:'), i.w])).toEqual([[true, 64]]);
});
