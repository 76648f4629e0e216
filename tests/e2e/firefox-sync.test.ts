/**
 * Firefox smoke test of the bookmarks mirror: Firefox ESR with the Firefox build, the switch
 * in the options page, and "another device" writing bookmarks through browser.bookmarks in an
 * extension page (not our code path). Firefox answers optional permission requests without a
 * prompt when `extensions.webextOptionalPermissionPrompts` is false, so the switch's own
 * permissions.request() is granted (the click is a real one, a user gesture).
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, onTestFailed, test } from 'vitest';
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
      getSubTree(id: string): Promise<Bm[]>;
    };
    permissions: { contains(p: { permissions: string[] }): Promise<boolean> };
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
