/**
 * Faults in the built extension: the service worker stopped mid-save, mid-import and
 * mid-export; storage full; two pages writing at once; the browser closed mid-import.
 * Whatever happens, every favourite is stored whole or not at all, and the page says so.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Harness, startHarness } from './harness';

let h: Harness;
const profile = mkdtempSync(join(tmpdir(), 'broadsheet-faults-'));
const files = mkdtempSync(join(tmpdir(), 'broadsheet-faults-files-'));
beforeAll(async () => {
  h = await startHarness({ userDataDir: profile });
});
afterAll(async () => {
  await h?.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

/** A Pocket CSV export of `rows` distinct articles, spread over 40 sites. */
function pocketCsv(name: string, rows: number): string {
  const lines = ['title,url,time_added,tags,status'];
  for (let i = 0; i < rows; i++) {
    const title = `"${name} story ${i}: council, harbour, ""trams"" and the budget"`;
    const url = `https://news${i % 40}.example/${name}/2025/story-${i}.html`;
    lines.push(`${title},${url},${1_700_000_000 + i * 60},${name}|local,unread`);
  }
  const file = join(files, `${name}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

interface Integrity {
  favourites: number;
  copies: number;
  /** Favourites marked as having an offline copy that have none: half-written. */
  fetchedWithoutCopy: number;
  /** Copies with no favourite: half-written. */
  orphanCopies: number;
  urls: string[];
}

/** Reads the database directly from an extension page (never creating it). */
function integrity(page: Page): Promise<Integrity> {
  return page.evaluate(
    () =>
      new Promise<Integrity>((ok, fail) => {
        const empty = {
          favourites: 0,
          copies: 0,
          fetchedWithoutCopy: 0,
          orphanCopies: 0,
          urls: [],
        };
        const open = indexedDB.open('broadsheet-favourites');
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => (open.error?.name === 'AbortError' ? ok(empty) : fail(open.error));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['favourites', 'copies']);
          const favs = tx.objectStore('favourites').getAll();
          const copies = tx.objectStore('copies').getAllKeys();
          tx.oncomplete = () => {
            db.close();
            const withCopy = new Set(copies.result.map(String));
            const ids = new Set(favs.result.map((f: { id: string }) => f.id));
            ok({
              favourites: favs.result.length,
              copies: copies.result.length,
              fetchedWithoutCopy: favs.result.filter(
                (f: { id: string; fetched: boolean }) => f.fetched && !withCopy.has(f.id),
              ).length,
              orphanCopies: [...withCopy].filter((id) => !ids.has(id)).length,
              urls: favs.result.map((f: { url: string }) => f.url),
            });
          };
          tx.onerror = () => fail(tx.error);
        };
      }),
  );
}

function expectWhole(state: Integrity) {
  expect(state.fetchedWithoutCopy, 'favourites without their offline copy').toBe(0);
  expect(state.orphanCopies, 'offline copies without their favourite').toBe(0);
}

/** A page of ours to look at the database from. */
async function inspector(): Promise<Page> {
  const page = await h.context.newPage();
  await page.goto(h.extensionUrl('reader.html'));
  return page;
}

/** The number of favourites, read from an extension page. */
function countOf(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((ok, fail) => {
        const open = indexedDB.open('broadsheet-favourites');
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => (open.error?.name === 'AbortError' ? ok(0) : fail(open.error));
        open.onsuccess = () => {
          const q = open.result.transaction('favourites').objectStore('favourites').count();
          q.onsuccess = () => {
            open.result.close();
            ok(q.result);
          };
          q.onerror = () => fail(q.error);
        };
      }),
  );
}

/** Starts the service worker (a message does), so stopping it means something. */
async function wakeWorker(page: Page) {
  expect(await page.evaluate(() => chrome.runtime.sendMessage({ type: 'ping' }))).toEqual({
    ok: true,
    value: 'pong',
  });
}

const importStatus = (options: Page) => options.locator('.fav-import-result').innerText();

test('the worker stopped in the middle of a save: stored whole or reported; the popup recovers', async () => {
  const cases = [
    [h.siteA, 'basic/article-en.html', '1.2 million passengers'],
    [h.siteA, 'basic/article-fr.html', 'péniches'],
    [h.siteB, 'basic/article-en.html', '1.2 million passengers'],
  ] as const;
  const outcomes: string[] = [];
  for (const [i, [site, path, text]] of cases.entries()) {
    const url = `${site.origin}/${path}`;
    const page = await h.context.newPage();
    await page.goto(url);
    const popup = await h.openPopup(page);
    await expect.poll(() => popup.locator('#tab-status').textContent()).toBe('Article detected');
    const save = popup.getByRole('button', { name: 'Save to favourites' });
    const alert = popup.locator('.tab-panel [role="alert"]');
    await save.click();
    await popup.waitForTimeout(i * 150); // a different moment each time
    await h.stopServiceWorker();
    // Settled: either the button says saved, or the popup says what went wrong.
    await expect
      .poll(
        async () =>
          (await save.getAttribute('aria-pressed')) === 'true' || (await alert.count()) > 0,
        { timeout: 15_000 },
      )
      .toBe(true);
    const reported = (await alert.count()) > 0 ? await alert.innerText() : null;
    const db = await inspector();
    let state = await integrity(db);
    expectWhole(state);
    const stored = state.urls.includes(url);
    outcomes.push(
      `stopped ${i * 150} ms after the click: ${stored ? 'stored whole' : 'not stored'}, ` +
        `${reported ? `reported "${reported}"` : 'no error'}`,
    );
    if (!stored) expect(reported, 'not stored and not reported').not.toBeNull();
    if (stored) {
      // Stored means whole: Read offline shows its text.
      const id = await db.evaluate(
        (u) =>
          new Promise<string>((ok) => {
            const open = indexedDB.open('broadsheet-favourites');
            open.onsuccess = () => {
              const all = open.result.transaction('favourites').objectStore('favourites').getAll();
              all.onsuccess = () => {
                ok(all.result.find((f: { url: string }) => f.url === u).id);
                open.result.close();
              };
            };
          }),
        url,
      );
      await db.goto(h.extensionUrl(`reader.html?id=${encodeURIComponent(id)}`));
      await expect.poll(() => db.locator('body').innerText(), { timeout: 10_000 }).toContain(text);
    }

    // The popup recovers without a reload: the button works again, and says the truth (once
    // saved, `Remove` is what removes; a press of Save never does).
    await expect.poll(() => save.isEnabled()).toBe(true);
    const pressedBefore = await save.getAttribute('aria-pressed');
    const next =
      pressedBefore === 'true'
        ? popup.locator('.tab-panel').getByRole('button', { name: 'Remove', exact: true })
        : save;
    await expect.poll(() => next.isEnabled()).toBe(true);
    await next.click();
    await expect
      .poll(() => save.getAttribute('aria-pressed'), { timeout: 15_000 })
      .toBe(pressedBefore === 'true' ? 'false' : 'true');
    expect(await alert.count()).toBe(0);
    state = await integrity(db);
    expectWhole(state);
    // After an error the second click is a retry: the page ends up saved, not removed.
    expect(state.urls.includes(url)).toBe(pressedBefore !== 'true');
    await Promise.all([page.close(), popup.close(), db.close()]);
  }
  console.log(`save with the worker stopped:\n  ${outcomes.join('\n  ')}`);
});

test('the worker stopped after storing, before answering: Save again keeps the favourite', async () => {
  const url = `${h.siteB.origin}/basic/article-fr.html`;
  const page = await h.context.newPage();
  await page.goto(url);
  const popup = await h.openPopup(page);
  await expect.poll(() => popup.locator('#tab-status').textContent()).toBe('Article detected');
  await wakeWorker(popup);
  // A stopper ready before the click: it has to act within milliseconds of the write.
  const cdp = await h.context.newCDPSession(page);
  const versions = new Map<
    string,
    { versionId: string; scriptURL: string; runningStatus: string }
  >();
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) versions.set(v.versionId, v);
  });
  await cdp.send('ServiceWorker.enable');
  await expect
    .poll(() => [...versions.values()].some((v) => v.runningStatus === 'running'))
    .toBe(true);
  const before = await countOf(popup);
  const landed = popup.evaluate(
    (n) =>
      new Promise<void>((ok) => {
        const tick = () => {
          const open = indexedDB.open('broadsheet-favourites');
          open.onsuccess = () => {
            const q = open.result.transaction('favourites').objectStore('favourites').count();
            q.onsuccess = () => {
              open.result.close();
              if (q.result > n) ok();
              else setTimeout(tick, 0);
            };
          };
        };
        tick();
      }),
    before,
  );
  const save = popup.getByRole('button', { name: 'Save to favourites' });
  await save.click();
  await landed;
  for (const v of versions.values()) {
    if (v.scriptURL.includes(h.extensionId) && v.runningStatus === 'running') {
      await cdp.send('ServiceWorker.stopWorker', { versionId: v.versionId });
    }
  }
  await cdp.detach();
  const alert = popup.locator('.tab-panel [role="alert"]');
  await expect
    .poll(
      async () => (await save.getAttribute('aria-pressed')) === 'true' || (await alert.count()) > 0,
      { timeout: 15_000 },
    )
    .toBe(true);
  const firstPress = (await alert.count()) > 0 ? `reported "${await alert.innerText()}"` : 'saved';
  // Whatever the popup heard, the button it shows does what it says: `Save to favourites`
  // saves; once saved, `Remove` removes (a second press of Save never does).
  const pressed = await save.getAttribute('aria-pressed');
  const next =
    pressed === 'true'
      ? popup.locator('.tab-panel').getByRole('button', { name: 'Remove', exact: true })
      : save;
  await expect.poll(() => next.isEnabled()).toBe(true);
  await next.click();
  await expect
    .poll(
      async () =>
        `${await save.getAttribute('aria-pressed')} ${await alert.allTextContents()}`.trim(),
      { timeout: 15_000 },
    )
    .toBe(pressed === 'true' ? 'false' : 'true');
  const db = await inspector();
  const state = await integrity(db);
  expectWhole(state);
  expect(state.urls.includes(url)).toBe(pressed !== 'true');
  console.log(
    `worker stopped right after the write: first press ${firstPress}; ` +
      `second press left it ${state.urls.includes(url) ? 'saved' : 'removed'}`,
  );
  await Promise.all([page.close(), popup.close(), db.close()]);
});

test('the worker stopped in the middle of an import and of an export: all or nothing, said', async () => {
  const file = pocketCsv('stop-import', 5000);
  const db = await inspector();
  const before = (await integrity(db)).favourites;
  const options = await h.context.newPage();
  await options.goto(h.extensionUrl('options.html'));
  await wakeWorker(options);
  // While the import runs, anyone reading sees none of it or all of it.
  const seen = new Set<number>();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) seen.add((await countOf(db)) - before);
  })();
  await options.getByLabel('Import').setInputFiles(file);
  await options.locator('progress').waitFor({ state: 'attached' });
  await h.stopServiceWorker();
  await expect.poll(() => options.locator('progress').count(), { timeout: 30_000 }).toBe(0);
  sampling = false;
  await sampler;
  seen.add((await countOf(db)) - before);
  console.log(`import of 5000 with the worker stopped: counts seen ${[...seen].join(', ')}`);
  expect([...seen].every((n) => n === 0 || n === 5000)).toBe(true);
  const status = await importStatus(options);
  expect(status).toMatch(/Import done: 5000 new|Nothing was imported/);
  if (status.includes('Import done')) expect(seen.has(5000)).toBe(true);
  expectWhole(await integrity(db));

  const total = (await integrity(db)).favourites;
  await wakeWorker(options);
  const [download] = await Promise.all([
    options.waitForEvent('download', { timeout: 20_000 }),
    options.getByRole('button', { name: 'Export' }).click(),
    h.stopServiceWorker(),
  ]);
  const out = join(files, 'export.json');
  await download.saveAs(out);
  const exported = JSON.parse(readFileSync(out, 'utf8'));
  expect(exported.format).toBe('broadsheet-favourites');
  expect(exported.favourites).toHaveLength(total);
  expect(await options.locator('.fav-data [role="alert"]').count()).toBe(0);
  await Promise.all([options.close(), db.close()]);
});

test('storage full: a clear message, and nothing already saved is lost', async () => {
  const db = await inspector();
  const before = await integrity(db);
  expect(before.favourites).toBeGreaterThan(0);
  const options = await h.context.newPage();
  // The 501st write of this page fails as a full disk makes IndexedDB fail.
  await options.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    let writes = 0;
    IDBObjectStore.prototype.put = function (
      this: IDBObjectStore,
      ...args: [unknown, IDBValidKey?]
    ) {
      if (++writes > 500) {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return put.apply(this, args);
    };
  });
  await options.goto(h.extensionUrl('options.html'));
  await options.getByLabel('Import').setInputFiles(pocketCsv('quota', 2000));
  await expect
    .poll(() => importStatus(options), { timeout: 20_000 })
    .toContain('Not enough storage space');
  const status = await importStatus(options);
  console.log(`quota: "${status}"`);
  expect(status).toContain('Nothing already saved was lost');
  const after = await integrity(db);
  expect(after.favourites).toBe(before.favourites);
  expect(after.copies).toBe(before.copies);
  expect(after.urls.sort()).toEqual(before.urls.sort());
  await Promise.all([options.close(), db.close()]);
});

test('two pages importing at once: both land, no blocked hang', async () => {
  const db = await inspector();
  const before = (await integrity(db)).favourites;
  const [a, b] = await Promise.all([h.context.newPage(), h.context.newPage()]);
  await Promise.all([
    a.goto(h.extensionUrl('options.html')),
    b.goto(h.extensionUrl('options.html')),
  ]);
  const started = Date.now();
  await Promise.all([
    a.getByLabel('Import').setInputFiles(pocketCsv('left', 2000)),
    b.getByLabel('Import').setInputFiles(pocketCsv('right', 2000)),
  ]);
  for (const p of [a, b]) {
    await expect
      .poll(() => importStatus(p), { timeout: 30_000 })
      .toContain('Import done: 2000 new');
  }
  console.log(`two concurrent imports of 2000: both done in ${Date.now() - started} ms`);
  const after = await integrity(db);
  expect(after.favourites).toBe(before + 4000);
  expectWhole(after);
  await Promise.all([a.close(), b.close(), db.close()]);
});

test('the browser closed in the middle of importing 10 000 rows: all there or none', async () => {
  const file = pocketCsv('closed', 10_000);
  let db = await inspector();
  const before = (await integrity(db)).favourites;
  await db.close();
  const options = await h.context.newPage();
  await options.goto(h.extensionUrl('options.html'));
  await options.getByLabel('Import').setInputFiles(file);
  // The rows are parsed and some are written (the bar moved): now the browser goes.
  await options.locator('progress[max="10000"]').waitFor({ state: 'attached', timeout: 20_000 });
  const progress = await options.evaluate(
    () =>
      new Promise<string>((ok) => {
        const check = () => {
          const bar = document.querySelector('progress');
          const value = Number(bar?.getAttribute('value') ?? 0);
          if (!bar || value > 0) ok(bar ? String(value) : 'finished');
          else requestAnimationFrame(check);
        };
        check();
      }),
  );
  await h.restart();
  db = await inspector();
  const after = await integrity(db);
  console.log(
    `browser closed at progress ${progress}/10000: ${after.favourites - before} rows after restart`,
  );
  expect([0, 10_000]).toContain(after.favourites - before);
  expectWhole(after);
  await db.close();
});
