/**
 * Firefox smoke test of the bookmarks mirror: Firefox ESR with the Firefox build, the switch
 * in the options page, and "another device" writing bookmarks through browser.bookmarks in an
 * extension page (not our code path). Firefox answers optional permission requests without a
 * prompt when `extensions.webextOptionalPermissionPrompts` is false, so the switch's own
 * permissions.request() is granted (the click is a real one, a user gesture).
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, onTestFailed, test } from 'vitest';
import { keyHash, shardKey, shardOf } from '../../utils/sync/meta';
import { type FirefoxSession, openExtensionPage, startFirefox, waitFor } from './firefox';

let ff: FirefoxSession | undefined;
let options: Page;

type Bm = {
  id: string;
  title: string;
  url?: string;
  parentId?: string;
  children?: Bm[];
};
type Ext = {
  browser: {
    bookmarks: {
      search(q: { title?: string; url?: string }): Promise<Bm[]>;
      create(d: { parentId?: string; title: string; url?: string }): Promise<Bm>;
      update(id: string, c: { title: string }): Promise<Bm>;
      remove(id: string): Promise<void>;
      move(id: string, d: { parentId: string }): Promise<Bm>;
      getSubTree(id: string): Promise<Bm[]>;
    };
    permissions: { contains(p: { permissions: string[] }): Promise<boolean> };
    storage: {
      sync: {
        get(k: string): Promise<Record<string, unknown>>;
        set(v: Record<string, unknown>): Promise<void>;
      };
    };
  };
};

beforeAll(async () => {
  ff = await startFirefox({ prefs: { 'extensions.webextOptionalPermissionPrompts': false } });
  options = await ff.browser.newPage();
  await openExtensionPage(options, ff.extensionUrl('options.html'));
});

afterAll(async () => {
  await ff?.close();
});

function titles(): Promise<Record<string, string>> {
  return options.evaluate(
    () =>
      new Promise<Record<string, string>>((ok) => {
        const open = indexedDB.open('broadsheet-favourites');
        open.onsuccess = () => {
          const req = open.result.transaction('favourites').objectStore('favourites').getAll();
          req.onsuccess = () => {
            const out: Record<string, string> = {};
            for (const f of req.result as { id: string; title: string }[]) out[f.id] = f.title;
            open.result.close();
            ok(out);
          };
        };
        open.onerror = () => ok({});
      }),
  );
}

type Fav = { id: string; title: string; tags: string[]; archived?: number };

function favourite(id: string): Promise<Fav | null> {
  return options.evaluate(
    (key) =>
      new Promise<Fav | null>((ok) => {
        const open = indexedDB.open('broadsheet-favourites');
        open.onsuccess = () => {
          const req = open.result.transaction('favourites').objectStore('favourites').get(key);
          req.onsuccess = () => {
            open.result.close();
            ok((req.result as Fav | undefined) ?? null);
          };
        };
        open.onerror = () => ok(null);
      }),
    id,
  );
}

const statusText = () =>
  options.evaluate(
    () =>
      document.querySelector('section[aria-labelledby="sync-h"] [role="status"]')?.textContent ??
      '',
  );

test('switch on, then a bookmark added, renamed and removed there; a favourite removed here', async () => {
  onTestFailed(() => console.warn(`Firefox said:\n${ff?.logs().join('\n')}`));
  expect(
    await options.evaluate(() =>
      (globalThis as unknown as Ext).browser.permissions.contains({ permissions: ['bookmarks'] }),
    ),
  ).toBe(false);
  const box = await options.waitForSelector(
    '::-p-aria([name="Keep favourites in my browser\'s bookmarks"][role="checkbox"])',
  );
  await box?.click();
  await waitFor(
    'the switch to say it is on',
    async () => (await statusText()).startsWith('On: 0 favourites'),
    15_000,
  );

  const id = await options.evaluate(async () => {
    const api = (globalThis as unknown as Ext).browser.bookmarks;
    const [folder] = (await api.search({ title: 'Broadsheet' })).filter((b) => !b.url);
    const b = await api.create({
      parentId: folder?.id,
      title: 'From the laptop',
      url: 'http://127.0.0.1:9/laptop',
    });
    return b.id;
  });
  await waitFor(
    'the favourite',
    async () => (await titles())['http://127.0.0.1:9/laptop'] === 'From the laptop',
    10_000,
  );

  await options.evaluate(
    (b) =>
      (globalThis as unknown as Ext).browser.bookmarks.update(b, {
        title: 'Renamed on the laptop',
      }),
    id,
  );
  await waitFor(
    'the rename',
    async () => (await titles())['http://127.0.0.1:9/laptop'] === 'Renamed on the laptop',
    10_000,
  );

  await options.evaluate((b) => (globalThis as unknown as Ext).browser.bookmarks.remove(b), id);
  await waitFor(
    'the removal',
    async () => !('http://127.0.0.1:9/laptop' in (await titles())),
    10_000,
  );

  // Here → there: a second bookmark arrives, then the popup's Remove takes the favourite away.
  await options.evaluate(async () => {
    const api = (globalThis as unknown as Ext).browser.bookmarks;
    const [folder] = (await api.search({ title: 'Broadsheet' })).filter((b) => !b.url);
    await api.create({
      parentId: folder?.id,
      title: 'Second story',
      url: 'http://127.0.0.1:9/second',
    });
  });
  await waitFor(
    'the second favourite',
    async () => 'http://127.0.0.1:9/second' in (await titles()),
    10_000,
  );
  const popup = await ff!.browser.newPage();
  await openExtensionPage(popup, ff!.extensionUrl('popup.html'));
  const remove = await popup.waitForSelector('::-p-aria([name="Remove"][role="button"])', {
    timeout: 10_000,
  });
  await remove?.click();
  await waitFor(
    'its bookmark to go',
    async () =>
      (
        await options.evaluate(() =>
          (globalThis as unknown as Ext).browser.bookmarks.search({
            url: 'http://127.0.0.1:9/second',
          }),
        )
      ).length === 0,
    10_000,
  );
  await popup.close();
});

test('archived here and unarchived there; tags from another device through storage.sync', async () => {
  onTestFailed(() => console.warn(`Firefox said:\n${ff?.logs().join('\n')}`));
  const url = 'http://127.0.0.1:9/third';
  const { bid, folderId } = await options.evaluate(async (u) => {
    const api = (globalThis as unknown as Ext).browser.bookmarks;
    const [folder] = (await api.search({ title: 'Broadsheet' })).filter((b) => !b.url);
    const b = await api.create({ parentId: folder?.id, title: 'Third story', url: u });
    return { bid: b.id, folderId: folder?.id as string };
  }, url);
  await waitFor(
    'the favourite',
    async () => (await favourite(url))?.title === 'Third story',
    10_000,
  );
  const parentOf = () =>
    options.evaluate(async (u) => {
      const api = (globalThis as unknown as Ext).browser.bookmarks;
      const [b] = await api.search({ url: u });
      if (!b?.parentId) return null;
      const [parent] = await api.getSubTree(b.parentId);
      return { id: parent?.id, title: parent?.title };
    }, url);

  // Here: the library's Archive on its row. The bookmark moves to Broadsheet/Archive.
  const library = await ff!.browser.newPage();
  await openExtensionPage(library, ff!.extensionUrl('library.html'));
  await waitFor(
    'its row',
    () =>
      library.evaluate(() =>
        [...document.querySelectorAll('li.lib-row')].some((li) =>
          li.textContent?.includes('Third story'),
        ),
      ),
    10_000,
  );
  await library.evaluate(() => {
    const row = [...document.querySelectorAll('li.lib-row')].find((li) =>
      li.textContent?.includes('Third story'),
    );
    const button = [...(row?.querySelectorAll('.lib-actions button') ?? [])].find(
      (b) => b.textContent === 'Archive',
    ) as HTMLButtonElement;
    button.click();
  });
  await waitFor(
    'the bookmark in Archive',
    async () => (await parentOf())?.title === 'Archive',
    10_000,
  );
  expect((await favourite(url))?.archived).toBe(1);

  // There: moved back out of Archive, as bookmark sync from another device would.
  await options.evaluate(
    ({ b, parentId }) => (globalThis as unknown as Ext).browser.bookmarks.move(b, { parentId }),
    { b: bid, parentId: folderId },
  );
  await waitFor('unarchived here', async () => !(await favourite(url))?.archived, 10_000);

  // Another device's tags, in its storage.sync entry (Firefox Sync writes it).
  const h = keyHash(url);
  await options.evaluate(
    async ({ key, entry }) => {
      const area = (globalThis as unknown as Ext).browser.storage.sync;
      const cur = ((await area.get(key))[key] as unknown[]) ?? [];
      await area.set({ [key]: [...cur, entry] });
    },
    {
      key: shardKey(shardOf(h)),
      entry: [h, (Date.now() + 60_000).toString(36), 1, 0, 0, 'from firefox'],
    },
  );
  await waitFor(
    'the tag from the other device',
    async () => (await favourite(url))?.tags.includes('from firefox'),
    10_000,
  );
  await library.close();
});
