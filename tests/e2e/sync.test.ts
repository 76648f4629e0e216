/**
 * Favourites through the browser's bookmarks, in Chromium with the real chrome.bookmarks API.
 * "Another device" is simulated from outside our code path: bookmarks and storage.sync
 * entries are written by code evaluated in the service worker through CDP (as bookmark sync
 * and Chrome Sync write them: we only hear the events).
 *
 * The bookmarks permission: see `grantInProfile` (harness.ts). Before it, the extension has no
 * chrome.bookmarks at all (the permission is not asked for at install).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { bundleStore } from '../../bench/favourites-time';
import { keyHash, shardKey, shardOf } from '../../utils/sync/meta';
import { grantInProfile, type Harness, startHarness } from './harness';
import { select } from './selection';

let h: Harness;
const SWITCH = "Keep favourites in my browser's bookmarks";

/** Runs `fn` in the service worker (the "other device": the browser's own APIs, not our code). */
async function inWorker<T, A>(fn: (arg: A) => Promise<T>, arg: A): Promise<T> {
  const sw = await h.serviceWorker();
  return sw.evaluate(fn as never, arg) as Promise<T>;
}

type Fav = {
  id: string;
  url: string;
  title: string;
  archived?: number;
  tags: string[];
  read: number;
  progress?: number;
  fetched: boolean;
};

/** The favourites as stored (read directly; never written this way). */
function favourites(): Promise<Fav[]> {
  return inWorker(
    () =>
      new Promise<Fav[]>((ok, fail) => {
        const open = indexedDB.open('broadsheet-favourites');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('favourites').objectStore('favourites').getAll();
          req.onsuccess = () => {
            ok(req.result as Fav[]);
            open.result.close();
          };
          req.onerror = () => fail(req.error);
        };
      }),
    null,
  );
}

type Mark = { id: string; title: string; url?: string; parentId?: string };

/** The Broadsheet folder's bookmarks: [in the folder, in its Archive]. */
function folderContents(): Promise<{ top: Mark[]; archive: Mark[]; folderId: string | null }> {
  return inWorker(async () => {
    const found = (await chrome.bookmarks.search({ title: 'Broadsheet' })).filter((n) => !n.url);
    if (!found[0]) return { top: [], archive: [], folderId: null };
    const [tree] = await chrome.bookmarks.getSubTree(found[0].id);
    const pick = (n: { id: string; title: string; url?: string; parentId?: string }) => ({
      id: n.id,
      title: n.title,
      url: n.url,
      parentId: n.parentId,
    });
    const kids = tree?.children ?? [];
    const archive = kids.find((k) => !k.url && k.title === 'Archive');
    return {
      folderId: found[0].id,
      top: kids.filter((k) => k.url).map(pick),
      archive: (archive?.children ?? []).filter((k) => k.url).map(pick),
    };
  }, null);
}

async function until<T>(
  what: string,
  check: () => Promise<T | false | null | undefined>,
  ms = 15_000,
) {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function options(): Promise<Page> {
  const page = await h.context.newPage();
  await page.goto(h.extensionUrl('options.html'));
  await page.getByRole('checkbox', { name: SWITCH }).waitFor();
  return page;
}

const status = (page: Page) => page.locator('section[aria-labelledby="sync-h"] [role="status"]');

beforeAll(async () => {
  h = await startHarness();
  // Not granted at install: the extension cannot see bookmarks at all.
  expect(await inWorker(async () => typeof chrome.bookmarks, null)).toBe('undefined');
  const manifest = await inWorker(async () => chrome.runtime.getManifest(), null);
  expect(manifest.optional_permissions).toEqual(['bookmarks']);
  expect(manifest.permissions).not.toContain('bookmarks');
  await h.restart(() => grantInProfile(h.userDataDir, h.extensionId, 'bookmarks'));
}, 90_000);

afterAll(async () => {
  await h?.close();
});

test('first switch-on: an existing library and an existing folder merge, nothing duplicated, bad bookmarks left alone', async () => {
  // Here: one article saved from the popup.
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}/basic/article-en.html`);
  const popup = await h.saveFromPopup(page);
  await popup.close();
  const [saved] = await favourites();
  expect(saved).toBeDefined();
  // There (another device): the same article with tracking parameters, a new one, and junk.
  await inWorker(
    async (url) => {
      const folder = await chrome.bookmarks.create({ parentId: '2', title: 'Broadsheet' });
      await chrome.bookmarks.create({
        parentId: folder.id,
        title: 'Same one',
        url: `${url}?utm_source=mail#x`,
      });
      await chrome.bookmarks.create({
        parentId: folder.id,
        title: 'From the desktop',
        url: 'http://localhost:1/desk',
      });
      await chrome.bookmarks.create({
        parentId: folder.id,
        title: 'A script',
        url: 'javascript:void(0)',
      });
      const mine = await chrome.bookmarks.create({ parentId: folder.id, title: 'Recipes' });
      await chrome.bookmarks.create({
        parentId: mine.id,
        title: 'Soup',
        url: 'http://localhost:1/soup',
      });
    },
    (saved as Fav).id,
  );

  const opts = await options();
  await expect(status(opts).textContent()).resolves.toBe('Off.');
  await opts.getByRole('checkbox', { name: SWITCH }).check();
  await until('the switch to say it is on', async () =>
    (await status(opts).textContent())?.startsWith('On: 2 favourites'),
  );

  const favs = await favourites();
  expect(favs.map((f) => f.id).sort()).toEqual(
    [(saved as Fav).id, 'http://localhost:1/desk'].sort(),
  );
  expect(favs.find((f) => f.id === 'http://localhost:1/desk')).toMatchObject({
    title: 'From the desktop',
    fetched: false,
  });
  const { top } = await folderContents();
  // The two mirrored bookmarks, the script bookmark untouched; the user's folder untouched.
  expect(top.map((b) => b.url).sort()).toEqual(
    [
      `${(saved as Fav).id}?utm_source=mail#x`,
      'http://localhost:1/desk',
      'javascript:void(0)',
    ].sort(),
  );
  const ignored = opts.getByRole('list', { name: /Left alone in the folder/ });
  await expect(ignored.getByRole('listitem').allTextContents()).resolves.toEqual([
    '“A script”: not a web page address (javascript:)',
    'Folder “Recipes” (1 bookmarks): not made by Broadsheet',
  ]);
  await opts.close();
});

test('another device adds, renames, archives, unarchives and removes a bookmark: the favourite follows', async () => {
  const { folderId } = await folderContents();
  const id = await inWorker(
    (parentId) =>
      chrome.bookmarks
        .create({ parentId, title: 'Harbour news', url: 'http://localhost:1/harbour' })
        .then((b) => b.id),
    folderId as string,
  );
  const t0 = Date.now();
  await until('the favourite to appear', async () =>
    (await favourites()).some((f) => f.id === 'http://localhost:1/harbour'),
  );
  console.info(
    `bookmark added there → favourite here: ${Date.now() - t0} ms (polled every 100 ms)`,
  );

  await inWorker(
    (b) => chrome.bookmarks.update(b, { title: 'Harbour news, renamed' }).then(() => {}),
    id,
  );
  await until(
    'the rename',
    async () =>
      (await favourites()).find((f) => f.id === 'http://localhost:1/harbour')?.title ===
      'Harbour news, renamed',
  );

  await inWorker(
    async ({ b, parentId }) => {
      const archive = await chrome.bookmarks.create({ parentId, title: 'Archive' });
      await chrome.bookmarks.move(b, { parentId: archive.id });
    },
    { b: id, parentId: folderId as string },
  );
  await until(
    'the archive',
    async () =>
      (await favourites()).find((f) => f.id === 'http://localhost:1/harbour')?.archived === 1,
  );
  await inWorker((a) => chrome.bookmarks.move(a.b, { parentId: a.parentId }).then(() => {}), {
    b: id,
    parentId: folderId as string,
  });
  await until(
    'the unarchive',
    async () =>
      (await favourites()).find((f) => f.id === 'http://localhost:1/harbour')?.archived === 0,
  );

  await inWorker((b) => chrome.bookmarks.remove(b), id);
  await until(
    'the removal',
    async () => !(await favourites()).some((f) => f.id === 'http://localhost:1/harbour'),
  );
});

test('saved and removed here: the bookmark follows; tags and read state come from storage.sync', async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteB.origin}/basic/article-fr.html`);
  const popup = await h.saveFromPopup(page);
  const mine = (await favourites()).find((f) => f.id.startsWith(h.siteB.origin)) as Fav;
  await until('its bookmark', async () =>
    (await folderContents()).top.some((b) => b.url === mine.id),
  );

  // Another device tagged it and read it: its storage.sync entry arrives (Chrome Sync writes it).
  const h10 = keyHash(mine.id);
  await inWorker(
    async ({ key, entry }) => {
      const cur = ((await chrome.storage.sync.get(key))[key] as unknown[]) ?? [];
      await chrome.storage.sync.set({ [key]: [...cur, entry] });
    },
    {
      key: shardKey(shardOf(h10)),
      entry: [h10, (Date.now() + 60_000).toString(36), 1, 400, 2, 'from the desktop'],
    },
  );
  await until('the tags, read state and progress from the other device', async () => {
    const f = (await favourites()).find((x) => x.id === mine.id);
    return f?.tags.includes('from the desktop') && f.read === 1 && f.progress === 0.4;
  });

  // Removed here (the popup's Remove): the bookmark goes, and other devices get a tombstone.
  await popup.locator('.tab-panel').getByRole('button', { name: 'Remove', exact: true }).click();
  await until(
    'the bookmark to go',
    async () => !(await folderContents()).top.some((b) => b.url === mine.id),
  );
  await until('a tombstone in storage.sync', async () =>
    inWorker(
      async (h) =>
        JSON.stringify((await chrome.storage.sync.get('bs:x'))['bs:x'] ?? []).includes(h),
      h10,
    ),
  );
  await popup.close();
  await page.close();
});

/** An extension page with the favourites store bundled in it (`__bsStore`), as the bench does. */
async function storePage(path = 'library.html'): Promise<Page> {
  const page = await h.context.newPage();
  await page.goto(h.extensionUrl(path));
  storeCode ??= await bundleStore();
  await page.evaluate(storeCode);
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page;
}
let storeCode: string | undefined;

type StoreInPage = {
  saveLink(u: string, t: string): Promise<unknown>;
  getFavourite(id: string): Promise<Record<string, unknown> | null>;
  write(
    fn: (w: { put(r: unknown, e?: unknown): Promise<unknown> }) => Promise<void>,
  ): Promise<void>;
};

test('archived, unarchived and renamed here (the library, the store): the bookmark follows', async () => {
  const url = 'http://localhost:1/here-archive';
  const page = await storePage();
  await page.evaluate(
    (u) => (globalThis as never as { __bsStore: StoreInPage }).__bsStore.saveLink(u, 'Quay works'),
    url,
  );
  await until('its bookmark', async () => (await folderContents()).top.some((b) => b.url === url));

  // Archive: the library's own button on that row.
  await page.reload();
  const list = page.getByRole('list', { name: 'Favourites' });
  const row = list.getByRole('listitem').filter({ hasText: 'Quay works' });
  await row.getByRole('button', { name: 'Archive', exact: true }).click();
  await until('the bookmark in Archive', async () => {
    const { top, archive } = await folderContents();
    return archive.some((b) => b.url === url) && !top.some((b) => b.url === url);
  });

  // Unarchive: the same button, in the Archived view.
  await page.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Archived' });
  await row.getByRole('button', { name: 'Unarchive', exact: true }).click();
  await until('the bookmark back in the folder', async () => {
    const { top, archive } = await folderContents();
    return top.some((b) => b.url === url) && !archive.some((b) => b.url === url);
  });

  // Renamed here (a save with a new title, through the store): the bookmark is renamed.
  await page.evaluate('globalThis.__name ??= (f) => f');
  await page.evaluate(storeCode as string);
  await page.evaluate(async (u) => {
    const store = (globalThis as never as { __bsStore: StoreInPage }).__bsStore;
    const fav = await store.getFavourite(u);
    await store.write(async (w) => {
      await w.put({ ...fav, title: 'Quay works, renamed', updatedAt: Date.now() }, fav);
    });
  }, url);
  await until(
    'the rename',
    async () =>
      (await folderContents()).top.find((b) => b.url === url)?.title === 'Quay works, renamed',
  );
  await page.close();
});

test('a burst of 300 saves here: every one mirrored, storage.sync written within its rate', async () => {
  const page = await storePage('options.html');
  // Every storage.sync write the extension makes is heard here (one event a write).
  await page.evaluate(() => {
    const w = window as never as { __writes: number };
    w.__writes = 0;
    chrome.storage.onChanged.addListener((_c, area) => {
      if (area === 'sync') w.__writes++;
    });
  });
  const n = 300;
  const started = Date.now();
  await page.evaluate(async (count) => {
    const store = (globalThis as never as { __bsStore: StoreInPage }).__bsStore;
    for (let i = 0; i < count; i++) await store.saveLink(`http://localhost:1/burst/${i}`, `B ${i}`);
  }, n);
  await until(
    'all mirrored',
    async () => (await folderContents()).top.filter((b) => b.url?.includes('/burst/')).length === n,
    120_000,
  );
  // The debounced metadata writes land.
  await new Promise((r) => setTimeout(r, 6_000));
  const minutes = (Date.now() - started) / 60_000;
  const writes = await page.evaluate(() => (window as never as { __writes: number }).__writes);
  const st = await inWorker(
    async () =>
      (await chrome.storage.local.get('sync:status'))['sync:status'] as {
        meta?: { errors: number };
        error?: string;
      },
    null,
  );
  expect(st.meta?.errors ?? 0).toBe(0);
  expect(st.error).toBeUndefined();
  // Chrome allows 120 writes a minute and 1 800 an hour: one write a save would break both.
  expect(writes).toBeGreaterThan(0);
  expect(writes).toBeLessThanOrEqual(Math.ceil(minutes * 120));
  expect(writes).toBeLessThan(n / 10);

  // What the options page shows as storage.sync's use is what storage.sync holds (the engine
  // keeps the figure from its writes and storage.onChanged, without reading it all again).
  const held = await inWorker(async () => {
    const all = await chrome.storage.sync.get(null);
    let bytes = 0;
    for (const [k, v] of Object.entries(all)) {
      bytes += k.length + new TextEncoder().encode(JSON.stringify(v)).length;
    }
    return {
      bytes,
      items: Object.keys(all).length,
      chrome: await chrome.storage.sync.getBytesInUse(null),
      text: JSON.stringify(all),
    };
  }, null);
  const shown = await inWorker(
    async () =>
      (
        (await chrome.storage.local.get('sync:status'))['sync:status'] as {
          meta?: { bytes: number; items: number };
        }
      ).meta,
    null,
  );
  console.info(
    `storage.sync: ${held.bytes} bytes in ${held.items} items (Chrome's getBytesInUse: ${held.chrome}); the status says ${shown?.bytes} / ${shown?.items}`,
  );
  expect(shown).toMatchObject({ bytes: held.bytes, items: held.items });
  expect(held.items).toBeGreaterThan(1);
  // Only fields travel there: no offline copy (the article saved from the popup first is still
  // a favourite here, with its copy).
  expect(held.text).not.toContain('night bus network permanent');
  expect((await favourites()).some((f) => f.fetched && f.id.startsWith(h.siteA.origin))).toBe(true);
  await page.close();
}, 180_000);

test('the same URL saved on two "devices": one favourite, one bookmark', async () => {
  const { folderId } = await folderContents();
  const before = (await favourites()).length;
  await inWorker(async (parentId) => {
    // Bookmark sync brings the other device's copy of an article this device has too.
    await chrome.bookmarks.create({
      parentId,
      title: 'Desk again',
      url: 'http://localhost:1/desk?fbclid=abc',
    });
    await chrome.bookmarks.create({ parentId, title: 'Twice', url: 'http://localhost:1/twice' });
    await chrome.bookmarks.create({
      parentId,
      title: 'Twice',
      url: 'http://localhost:1/twice#again',
    });
  }, folderId as string);
  await until('the new favourite', async () =>
    (await favourites()).some((f) => f.id === 'http://localhost:1/twice'),
  );
  await until('the duplicates to merge', async () => {
    const urls = (await folderContents()).top.map((b) => b.url ?? '');
    return (
      urls.filter((u) => u.includes('/desk')).length === 1 &&
      urls.filter((u) => u.includes('/twice')).length === 1
    );
  });
  expect((await favourites()).length).toBe(before + 1);
});

test('the worker stopped in the middle of a merge: the next start finishes it, no duplicates', async () => {
  const opts = await options();
  await opts.getByRole('checkbox', { name: SWITCH }).uncheck();
  await until('off', async () =>
    (await status(opts).textContent())?.startsWith('Off. Your favourites'),
  );
  const { folderId } = await folderContents();
  await inWorker(async (parentId) => {
    await Promise.all(
      Array.from({ length: 1500 }, (_, i) =>
        chrome.bookmarks.create({
          parentId,
          title: `Story ${i}`,
          url: `http://localhost:1/story/${i}`,
        }),
      ),
    );
  }, folderId as string);
  const before = (await favourites()).length;
  await opts.getByRole('checkbox', { name: SWITCH }).check();
  await new Promise((r) => setTimeout(r, 300));
  await h.stopServiceWorker();
  // Any message wakes the worker; its start-up merge takes the rest of the work up.
  await opts.evaluate(() => chrome.runtime.sendMessage({ type: 'sync:status' }));
  const during = (await favourites()).length;
  await until(
    'the merge to finish',
    async () => (await favourites()).length === before + 1500,
    30_000,
  );
  const favs = await favourites();
  expect(new Set(favs.map((f) => f.id)).size).toBe(favs.length);
  const { top } = await folderContents();
  const stories = top.filter((b) => b.url?.includes('/story/'));
  expect(stories).toHaveLength(1500);
  console.info(
    `merge stopped at ${during - before}/1500 favourites; after restart ${favs.length - before}/1500, ${stories.length} bookmarks`,
  );

  // The other direction: every favourite needs its bookmark made again (the folder went while
  // sync was off, so nothing asks), and the worker stops while they are being made.
  await opts.getByRole('checkbox', { name: SWITCH }).uncheck();
  await until('off', async () =>
    (await status(opts).textContent())?.startsWith('Off. Your favourites'),
  );
  await inWorker(
    (id) => chrome.bookmarks.removeTree(id),
    (await folderContents()).folderId as string,
  );
  await opts.getByRole('checkbox', { name: SWITCH }).check();
  await until('bookmarks being made', async () => (await folderContents()).top.length > 0, 15_000);
  const made = (await folderContents()).top.length;
  await h.stopServiceWorker();
  await opts.evaluate(() => chrome.runtime.sendMessage({ type: 'sync:status' }));
  await until(
    'every bookmark made',
    async () => {
      const { top, archive } = await folderContents();
      return top.length + archive.length === favs.length;
    },
    30_000,
  );
  await new Promise((r) => setTimeout(r, 1000));
  const again = await folderContents();
  const urls = [...again.top, ...again.archive].map((b) => b.url);
  expect(urls).toHaveLength(favs.length);
  expect(new Set(urls).size).toBe(favs.length);
  expect((await favourites()).length).toBe(favs.length);
  console.info(
    `bookmarks: stopped at ${made}/${favs.length}; after restart ${urls.length}, all different`,
  );
  await opts.close();
}, 120_000);

test('the folder deleted: nothing is removed before the user answers; "keep them" puts it back', async () => {
  const opts = await options();
  await until('on', async () => (await status(opts).textContent())?.startsWith('On:'));
  const count = (await favourites()).length;
  const { folderId } = await folderContents();
  await inWorker((id) => chrome.bookmarks.removeTree(id), folderId as string);
  const alert = opts.getByRole('alert');
  await alert.waitFor({ timeout: 15_000 });
  await expect(alert.textContent()).resolves.toContain(
    'The bookmark folder “Broadsheet” was deleted',
  );
  expect((await favourites()).length).toBe(count);
  await alert.getByRole('button', { name: 'Keep them and put their bookmarks back' }).click();
  await until(
    'the folder back, whole',
    async () => {
      const { top, archive } = await folderContents();
      return top.filter((b) => b.url?.startsWith('http')).length + archive.length === count;
    },
    30_000,
  );
  expect((await favourites()).length).toBe(count);
  await opts.close();
}, 90_000);

test('switched off: both sides stay as they are, and it says so', async () => {
  const opts = await options();
  const favs = (await favourites()).length;
  const marks = (await folderContents()).top.length;
  await opts.getByRole('checkbox', { name: SWITCH }).uncheck();
  await until(
    'off',
    async () =>
      (await status(opts).textContent()) ===
      'Off. Your favourites and the bookmark folder “Broadsheet” were both left as they are: nothing was removed on either side.',
  );
  expect((await favourites()).length).toBe(favs);
  expect((await folderContents()).top.length).toBe(marks);
  // A bookmark removed while off changes nothing here.
  const first = (await folderContents()).top.find((b) => b.url?.includes('/story/'));
  await inWorker((id) => chrome.bookmarks.remove(id), first?.id as string);
  await new Promise((r) => setTimeout(r, 500));
  expect((await favourites()).length).toBe(favs);
  await opts.close();
});

/**
 * Counts, in an extension page, every permission request and every `sync:set` message it
 * makes (each still made): what a click asked for, seen from the page itself.
 */
async function spyOnAsks(page: Page) {
  const took = await page.evaluate(() => {
    const w = window as never as { __asked: string[] };
    w.__asked = [];
    const perms = chrome.permissions as unknown as Record<string, (...a: unknown[]) => unknown>;
    const request = perms.request?.bind(chrome.permissions);
    const spyRequest = (...args: unknown[]) => {
      w.__asked.push(`permissions.request ${JSON.stringify(args[0])}`);
      return request?.(...args);
    };
    perms.request = spyRequest;
    const runtime = chrome.runtime as unknown as Record<string, (...a: unknown[]) => unknown>;
    const send = runtime.sendMessage?.bind(chrome.runtime);
    const spySend = (...args: unknown[]) => {
      const type = (args[0] as { type?: string })?.type ?? '';
      if (type === 'sync:set') w.__asked.push(`message ${JSON.stringify(args[0])}`);
      return send?.(...args);
    };
    runtime.sendMessage = spySend;
    return perms.request === spyRequest && runtime.sendMessage === spySend;
  });
  expect(took).toBe(true);
}
const asked = (page: Page) =>
  page.evaluate(() => (window as never as { __asked: string[] }).__asked);

test('the library offers the mirror once: "Turn on" switches it on; never offered again', async () => {
  // Off (the test before): the offer is there, by role and name.
  const page = await h.context.newPage();
  await page.goto(h.extensionUrl('library.html'));
  const offer = page.getByRole('region', {
    name: "Keep favourites in my browser's bookmarks, so they follow you to your other devices.",
  });
  await offer.waitFor();
  await spyOnAsks(page);
  await offer.getByRole('button', { name: 'Turn on' }).click();
  await until('the mirror on', async () =>
    inWorker(
      async () =>
        ((await chrome.storage.local.get('sync:status'))['sync:status'] as { on?: boolean })?.on ===
        true,
      null,
    ),
  );
  await page
    .getByRole('status')
    .filter({ hasText: /^On: [\d,]+ favourites/ })
    .waitFor();
  // The click asked for the permission, then for the mirror (the spy sees what the page asks).
  expect(await asked(page)).toEqual([
    'permissions.request {"permissions":["bookmarks"]}',
    'message {"type":"sync:set","on":true}',
  ]);
  const opts = await options();
  await until('the options switch on too', async () =>
    opts.getByRole('checkbox', { name: SWITCH }).isChecked(),
  );
  // Off again from the options page: the library, reloaded, does not offer it again.
  await opts.getByRole('checkbox', { name: SWITCH }).uncheck();
  await until('off', async () => (await status(opts).textContent())?.startsWith('Off.'));
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Library' }).waitFor();
  await page.getByRole('list', { name: 'Favourites' }).getByRole('listitem').first().waitFor();
  expect(await offer.count()).toBe(0);
  await opts.close();
  await page.close();
});

test('the library offer declined ("No, thanks"): not switched on, no permission asked, never offered again', async () => {
  // A profile where the offer was never answered (the test before accepted it), sync off.
  await inWorker(() => chrome.storage.local.remove('bs:sync-offer'), null);
  const syncOn = () =>
    inWorker(
      async () =>
        ((await chrome.storage.local.get('sync:status'))['sync:status'] as { on?: boolean })?.on ===
        true,
      null,
    );
  expect(await syncOn()).toBe(false);
  const page = await h.context.newPage();
  await page.goto(h.extensionUrl('library.html'));
  const offer = page.getByRole('region', {
    name: "Keep favourites in my browser's bookmarks, so they follow you to your other devices.",
  });
  await offer.waitFor();
  await spyOnAsks(page);
  await offer.getByRole('button', { name: 'No, thanks' }).click();
  await until('the offer to go', async () => (await offer.count()) === 0);
  await until('the answer kept', async () =>
    inWorker(
      async () =>
        (await chrome.storage.local.get('bs:sync-offer'))['bs:sync-offer'] === 'dismissed',
      null,
    ),
  );
  expect(await asked(page)).toEqual([]);
  expect(await syncOn()).toBe(false);
  const opts = await options();
  expect(await opts.getByRole('checkbox', { name: SWITCH }).isChecked()).toBe(false);
  await expect(status(opts).textContent()).resolves.toMatch(/^Off\./);
  await opts.close();

  // Reloaded (and opened again in a new tab): not offered again.
  for (const fresh of [false, true]) {
    const lib = fresh ? await h.context.newPage() : page;
    if (fresh) await lib.goto(h.extensionUrl('library.html'));
    else await lib.reload();
    await lib.getByRole('heading', { level: 1, name: 'Library' }).waitFor();
    await lib.getByRole('list', { name: 'Favourites' }).getByRole('listitem').first().waitFor();
    // The offer waits for two storage reads, quicker than the rows: give it a moment anyway.
    await new Promise((r) => setTimeout(r, 500));
    expect(
      await lib
        .getByRole('region', {
          name: "Keep favourites in my browser's bookmarks, so they follow you to your other devices.",
        })
        .count(),
    ).toBe(0);
    if (fresh) await lib.close();
  }
  expect(await syncOn()).toBe(false);
  await page.close();
});

test('link-only favourites fetched all at once, on request: copies saved, nothing else changed, failures said; the worker stopped meanwhile changes nothing', async () => {
  const o = h.siteA.origin;
  const wanted = [`${o}/reader/seed-fr.html`, `${o}/reader/quotes-fr.html`];
  const failing = [`${o}/reader/no-article.html`, `${o}/nowhere.html`];
  const page = await storePage('options.html');
  await page.evaluate(
    async ({ urls, archive }) => {
      const store = (globalThis as never as { __bsStore: StoreInPage }).__bsStore as StoreInPage & {
        setArchived(ids: string[], on: boolean): Promise<unknown>;
        setTags(id: string, tags: string[]): Promise<unknown>;
      };
      for (const u of urls) await store.saveLink(u, `Link ${u.split('/').pop()}`);
      await store.setArchived([archive], true);
      await store.setTags(archive, ['from the desktop']);
    },
    { urls: [...wanted, ...failing], archive: wanted[0] as string },
  );
  await page.reload();
  const section = page.getByRole('region', { name: 'Offline copies of link-only favourites' });
  const button = section.getByRole('button', { name: 'Fetch their offline copies now' });
  await button.waitFor();
  const before = await section.getByText(/favourites are links only/).textContent();
  const total = Number(/^[\d,]+/.exec(before ?? '')?.[0]?.replace(/,/g, '') ?? 0);
  expect(total).toBeGreaterThanOrEqual(4);
  await button.click();
  // The run is the page's own: the worker stopped in the middle of it changes nothing.
  await h.stopServiceWorker();
  const line = section.locator('.fetch-all-status');
  await until(
    'the run to end',
    async () => (await line.textContent())?.startsWith('Done:'),
    60_000,
  );
  // Woken again (a message from the page), to read the database from it.
  await page.evaluate(() => chrome.runtime.sendMessage({ type: 'ping' }));
  const text = (await line.textContent()) ?? '';
  const [, done, of, failed] = /Done: ([\d,]+) of ([\d,]+).*?([\d,]+) failed/.exec(text) ?? [];
  expect(Number(of?.replace(/,/g, ''))).toBe(total);
  expect(Number(done?.replace(/,/g, '')) + Number(failed?.replace(/,/g, ''))).toBe(total);

  const favs = await favourites();
  for (const u of wanted) expect(favs.find((f) => f.id === u)?.fetched).toBe(true);
  for (const u of failing) expect(favs.find((f) => f.id === u)?.fetched).toBe(false);
  // Its copy is there, and where it was in the library (archived, tagged) did not change.
  expect(favs.find((f) => f.id === wanted[0])).toMatchObject({
    archived: 1,
    tags: ['from the desktop'],
  });
  await page.evaluate(storeCode as string);
  const copy = await page.evaluate(
    (id) =>
      (
        globalThis as never as {
          __bsStore: { getCopy(id: string): Promise<{ text: string } | null> };
        }
      ).__bsStore.getCopy(id),
    wanted[1] as string,
  );
  expect(copy?.text.length ?? 0).toBeGreaterThan(200);
  const failures = section.getByRole('list', {
    name: 'Could not be fetched (still saved as links)',
  });
  const items = await failures.getByRole('listitem').allTextContents();
  expect(items.some((i) => i.includes('HTTP 404'))).toBe(true);
  // What is left is counted again: only the ones that failed.
  await until('the count again', async () =>
    (await section.getByText(/favourites are links only/).textContent())?.startsWith(
      `${Number(failed?.replace(/,/g, '')).toLocaleString('en-US')} favourites`,
    ),
  );
  await page.close();
}, 120_000);

/** The switch on again from the options page (the tests before left it off). */
async function switchedOn(): Promise<Page> {
  const opts = await options();
  const box = opts.getByRole('checkbox', { name: SWITCH });
  if (!(await box.isChecked())) await box.check();
  await until('on', async () => (await status(opts).textContent())?.startsWith('On:'), 30_000);
  return opts;
}

test('bad bookmarks arriving while on: left alone and listed with their reason; untitled and 5 000-character titles; the background carries on', async () => {
  const opts = await switchedOn();
  // What the options page says is and is not synced.
  await opts
    .getByText(/^Synced: each favourite's address and title .*Not synced: offline copies/)
    .waitFor();
  const { folderId } = await folderContents();
  const made = await inWorker(async (parentId) => {
    const bad = [
      ['A data page', 'data:text/html,<p>hello</p>'],
      ['A local file', 'file:///tmp/notes.txt'],
      ['A place query', 'place:sort=8&maxResults=10'],
    ];
    const ok: string[] = [];
    for (const [title, url] of bad) {
      // Chromium may refuse an address it cannot parse: only those it made are expected.
      const b = await chrome.bookmarks
        .create({ parentId, title: title as string, url: url as string })
        .catch(() => null);
      if (b?.url) ok.push(b.url);
    }
    await chrome.bookmarks.create({ parentId, title: '', url: 'http://localhost:1/untitled' });
    await chrome.bookmarks.create({
      parentId,
      title: 'Long '.repeat(1000).trim(),
      url: 'http://localhost:1/long',
    });
    return ok;
  }, folderId as string);
  console.info(`bad bookmarks Chromium made: ${made.join(', ')}`);
  expect(made.length).toBeGreaterThanOrEqual(2);
  await until('the two web pages as favourites', async () => {
    const ids = (await favourites()).map((f) => f.id);
    return ids.includes('http://localhost:1/untitled') && ids.includes('http://localhost:1/long');
  });
  const favs = await favourites();
  // No title: the favourite shows its address; a 5 000-character one is cut at 1 000.
  expect(favs.find((f) => f.id === 'http://localhost:1/untitled')?.title).toBe(
    'http://localhost:1/untitled',
  );
  const long = favs.find((f) => f.id === 'http://localhost:1/long')?.title ?? '';
  expect(Array.from(long).length).toBeLessThanOrEqual(1000);
  expect(Array.from(long).length).toBeGreaterThan(990);
  expect(long.startsWith('Long Long')).toBe(true);
  // None of the others became a favourite, and each is listed with its reason.
  for (const url of made) expect(favs.some((f) => f.url === url)).toBe(false);
  const ignored = opts.getByRole('list', { name: /Left alone in the folder/ });
  await until('the list of what was left alone', async () => {
    const items = await ignored.getByRole('listitem').allTextContents();
    return made.every((url) =>
      items.some((i) => i.includes(`not a web page address (${url.split(':')[0]}:)`)),
    );
  });
  // What the user made by hand is as it was: every bad bookmark, the long title uncut.
  const { top } = await folderContents();
  for (const url of made) expect(top.some((b) => b.url === url)).toBe(true);
  expect(top.find((b) => b.url === 'http://localhost:1/long')?.title.length).toBe(
    'Long '.repeat(1000).trim().length,
  );
  // The background carries on: the next bookmark arrives as usual.
  await inWorker(
    (parentId) =>
      chrome.bookmarks
        .create({ parentId, title: 'After the bad ones', url: 'http://localhost:1/after' })
        .then(() => {}),
    folderId as string,
  );
  await until('the next favourite', async () =>
    (await favourites()).some((f) => f.id === 'http://localhost:1/after'),
  );
  await opts.close();
}, 60_000);

test('tags set here go to storage.sync; a removal on another device (its tombstone) removes the favourite and its bookmark here', async () => {
  const url = 'http://localhost:1/tombstoned';
  const page = await storePage();
  await page.evaluate(
    (u) => (globalThis as never as { __bsStore: StoreInPage }).__bsStore.saveLink(u, 'Ferry'),
    url,
  );
  await until('its bookmark', async () => (await folderContents()).top.some((b) => b.url === url));
  await page.evaluate(
    (u) =>
      (
        globalThis as never as {
          __bsStore: { setTags(id: string, tags: string[]): Promise<unknown> };
        }
      ).__bsStore.setTags(u, ['harbour board']),
    url,
  );
  const hash = keyHash(url);
  // Here → there: its entry in storage.sync carries the tag, for the other devices.
  await until('its tags in storage.sync', async () =>
    inWorker(
      async ({ key, h }) => {
        const shard = ((await chrome.storage.sync.get(key))[key] as unknown[][]) ?? [];
        return shard.some((e) => e[0] === h && e.includes('harbour board'));
      },
      { key: shardKey(shardOf(hash)), h: hash },
    ),
  );
  // There → here: another device removed it; its tombstone arrives before its bookmark's removal.
  await inWorker(
    async ({ h, at }) => {
      const cur = ((await chrome.storage.sync.get('bs:x'))['bs:x'] as unknown[]) ?? [];
      await chrome.storage.sync.set({ 'bs:x': [[h, at], ...cur] });
    },
    { h: hash, at: (Date.now() + 1000).toString(36) },
  );
  await until('the favourite and its bookmark gone', async () => {
    const gone = !(await favourites()).some((f) => f.id === url);
    return gone && !(await folderContents()).top.some((b) => b.url === url);
  });
  await page.close();
});

test('a favourite that came as a bookmark is a link until opened there: reader.html fetches its copy the first time it opens it', async () => {
  const url = `${h.siteB.origin}/reader/seed-fr.html`;
  const title = 'Read on the train';
  const { folderId } = await folderContents();
  await inWorker(
    ({ parentId, u, t }) => chrome.bookmarks.create({ parentId, title: t, url: u }).then(() => {}),
    { parentId: folderId as string, u: url, t: title },
  );
  await until('the link-only favourite', async () =>
    (await favourites()).some((f) => f.id === url && f.fetched === false),
  );
  const { popup, reader } = await h.readOffline(title);
  await until(
    'its copy shown',
    async () =>
      (await reader.locator('.bs-content').textContent())?.includes('Les ministres français'),
    20_000,
  );
  await until('its copy stored', async () =>
    (await favourites()).some((f) => f.id === url && f.fetched === true),
  );
  // Still one bookmark. The copy brought the article's own headline as the favourite's title,
  // and the bookmark follows it (a rename here, like any other).
  const fav = (await favourites()).find((f) => f.id === url) as Fav;
  expect(fav.title).not.toBe(title);
  await until('the bookmark renamed after it', async () => {
    const marks = (await folderContents()).top.filter((b) => b.url === url);
    return marks.length === 1 && marks[0]?.title === fav.title;
  });
  await reader.close();
  await popup.close();
}, 60_000);

test("highlight counts: one made here goes to storage.sync; another device's count is shown in the library; the export carries the highlights, which stay here", async () => {
  await (await switchedOn()).close();
  const page = await h.context.newPage();
  await page.goto(`${h.siteB.origin}/basic/article-en.html`);
  const save = await h.saveFromPopup(page);
  await save.close();
  const mine = (await favourites()).find((f) =>
    f.id.startsWith(`${h.siteB.origin}/basic/article-en`),
  ) as Fav;
  // Here → there: a highlight made in reader.html; its favourite's entry carries the count.
  const reader = await h.context.newPage();
  await reader.goto(h.extensionUrl(`reader.html?id=${encodeURIComponent(mine.id)}`));
  await select(reader, 'make the night bus network permanent');
  await reader.getByRole('button', { name: 'Highlight', exact: true }).click();
  await reader.locator('.bs-content mark[data-highlight-id]').first().waitFor();
  const hash = keyHash(mine.id);
  const entry = (h: string) =>
    inWorker(
      async ({ key, h }) =>
        (((await chrome.storage.sync.get(key))[key] as unknown[][]) ?? []).find((e) => e[0] === h),
      { key: shardKey(shardOf(h)), h },
    );
  await until('the count in its storage.sync entry', async () => (await entry(hash))?.[4] === 1);

  // There → here: another device has 4 highlights on a favourite this one has only as a link.
  const url = 'http://localhost:1/highlighted-elsewhere';
  const { folderId } = await folderContents();
  await inWorker(
    ({ parentId, u }) =>
      chrome.bookmarks.create({ parentId, title: 'Marked up elsewhere', url: u }).then(() => {}),
    { parentId: folderId as string, u: url },
  );
  await until('its favourite', async () => (await favourites()).some((f) => f.id === url));
  const other = keyHash(url);
  await inWorker(
    async ({ key, e }) => {
      const cur = ((await chrome.storage.sync.get(key))[key] as unknown[]) ?? [];
      await chrome.storage.sync.set({ [key]: [...cur, e] });
    },
    { key: shardKey(shardOf(other)), e: [other, (Date.now() + 60_000).toString(36), 0, 0, 4] },
  );
  const library = await h.context.newPage();
  const rowMeta = async (t: string) =>
    (await library
      .getByRole('listitem')
      .filter({ hasText: t })
      .locator('.lib-meta')
      .textContent()) ?? '';
  await until("the other device's count in the library", async () => {
    await library.goto(h.extensionUrl('library.html'));
    await library.getByRole('listitem').filter({ hasText: 'Marked up elsewhere' }).waitFor();
    return (await rowMeta('Marked up elsewhere')).includes('4 highlights on another device');
  });
  // Its own highlight, on the row of the copy that has it (siteA's has the same title).
  const own = library.locator(`li:has(a.lib-title[href="${mine.url}"]) .lib-meta`);
  expect(await own.textContent()).toContain('1 highlight');
  expect(await own.textContent()).not.toContain('another device');

  // The export, with sync on, still carries everything: the highlight and the copy that stay
  // on this device, and the favourite that is only a link here.
  const opts = await h.context.newPage();
  await opts.goto(h.extensionUrl('options.html'));
  const [download] = await Promise.all([
    opts.waitForEvent('download', { timeout: 20_000 }),
    opts.getByRole('button', { name: 'Export' }).click(),
  ]);
  type Exported = {
    normalizedUrl?: string;
    url: string;
    offline?: { text: string };
    highlights?: { quote: { exact: string } }[];
  };
  const file = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
    favourites: Exported[];
  };
  const out = file.favourites.find((f) => f.url === mine.url);
  expect(out?.offline?.text).toContain('make the night bus network permanent');
  expect(out?.highlights?.map((x) => x.quote.exact)).toEqual([
    'make the night bus network permanent',
  ]);
  const link = file.favourites.find((f) => f.url === url);
  expect(link).toBeDefined();
  expect(link?.offline).toBeUndefined();
  for (const p of [opts, library, reader, page]) await p.close();
}, 60_000);

test('the folder deleted, and "Remove them too": the mirrored favourites go, the folder is made again', async () => {
  const opts = await switchedOn();
  const before = (await favourites()).length;
  expect(before).toBeGreaterThan(0);
  const { folderId } = await folderContents();
  await inWorker((id) => chrome.bookmarks.removeTree(id), folderId as string);
  const alert = opts.getByRole('alert');
  await alert.waitFor({ timeout: 15_000 });
  // Asked first: nothing removed yet.
  expect((await favourites()).length).toBe(before);
  await alert.getByRole('button', { name: 'Remove them too' }).click();
  await until('the favourites removed', async () => (await favourites()).length === 0, 30_000);
  await until('said so', async () =>
    (await status(opts).textContent())?.startsWith('On: 0 favourites'),
  );
  expect(await alert.count()).toBe(0);
  await opts.close();
}, 60_000);
