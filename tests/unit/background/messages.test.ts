/**
 * The background's message gate, with WXT's fake browser: only our own contexts get an answer,
 * and only for messages in our exact words. A page or another extension gets nothing.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background';
import { createFavouritesStore, favouritesStore } from '@/utils/favourites/store';

type Sender = { id?: string; tab?: { id: number }; url?: string };
type Trigger = (message: unknown, sender: Sender) => Promise<unknown[]>;
const trigger: Trigger = (message, sender) =>
  (fakeBrowser.runtime.onMessage.trigger as unknown as Trigger)(message, sender);
/** The fake browser's namespaces, to put in what it does not implement. */
const fakeApi = () => fakeBrowser as unknown as Record<string, Record<string, unknown>>;

const article = {
  url: 'https://news.example/2026/harbour-budget',
  title: 'Harbour budget passes',
  contentHtml: '<p>The harbour board approved its budget.</p>',
  textContent: 'The harbour board approved its budget.',
};

let ours: Sender;
beforeEach(async () => {
  await favouritesStore.close();
  indexedDB.deleteDatabase('broadsheet-favourites');
  // Listeners the fake browser does not implement; these tests do not use them.
  const noop = { addListener: () => {} };
  fakeApi().contextMenus = { ...fakeApi().contextMenus, onClicked: noop };
  fakeApi().commands = { ...fakeApi().commands, onCommand: noop };
  background.main();
  ours = { id: fakeBrowser.runtime.id, tab: { id: 7 }, url: 'https://news.example/' };
});

test('answers our own contexts', async () => {
  expect(await trigger({ type: 'ping' }, ours)).toEqual([{ ok: true, value: 'pong' }]);
});

test('another extension, or a sender without an id, gets no answer at all', async () => {
  for (const sender of [{ id: 'some-other-extension', tab: { id: 7 } }, { tab: { id: 7 } }, {}]) {
    expect(await trigger({ type: 'ping' }, sender)).toEqual([undefined]);
    expect(await trigger({ type: 'fav:save-article', article }, sender)).toEqual([undefined]);
    expect(await trigger({ type: 'tab:get-state', tabId: 7 }, sender)).toEqual([undefined]);
  }
  expect(await createFavouritesStore().count()).toBe(0);
});

test('unknown types and wrong shapes from our own contexts get no answer', async () => {
  for (const message of [
    { type: 'fav:delete-everything' },
    { type: 'PING' },
    { type: 'tab:get-state', tabId: '7' },
    { type: 'tab:get-state', tabId: 7.5 },
    { type: 'fav:toggle-tab' },
    { type: 'fav:prepare', tabId: 'all' },
    { type: 'fav:save-article', article: [article] },
    { type: 'reader:state', open: 'yes' },
    { type: 'page:report', report: { url: 'https://news.example/' } },
    null,
    'ping',
    42,
  ]) {
    expect(await trigger(message, ours), JSON.stringify(message)).toEqual([undefined]);
  }
});

test('a right-shaped save with a javascript: URL is refused with an error, nothing stored', async () => {
  const [reply] = await trigger(
    { type: 'fav:save-article', article: { ...article, url: 'javascript:alert(1)' } },
    ours,
  );
  expect(reply).toMatchObject({ ok: false });
  expect(await createFavouritesStore().count()).toBe(0);
});

test('a report keeps no javascript: canonical URL in the tab state', async () => {
  await trigger(
    {
      type: 'page:report',
      report: {
        url: 'https://news.example/a',
        canonicalUrl: 'javascript:alert(1)',
        title: '<img src=x onerror=alert(1)>',
        detection: { isArticle: true, reasons: ['x'] },
        cleanup: { overlays: 1e9, comments: -1 },
      },
    },
    ours,
  );
  const { 'tab:7': state } = await fakeBrowser.storage.session.get('tab:7');
  expect(state).toMatchObject({ url: 'https://news.example/a', cleanup: { comments: 0 } });
  expect(state).not.toHaveProperty('canonicalUrl');
  expect((state as { cleanup: { overlays: number } }).cleanup.overlays).toBeLessThanOrEqual(1e4);
});

/** Toolbar drawing and messages to tabs: not what these tests are about. */
function stubToolbarAndTabs() {
  const resolved = async () => {};
  fakeApi().action = {
    setTitle: resolved,
    setBadgeText: resolved,
    setBadgeBackgroundColor: resolved,
    setIcon: resolved,
  };
  fakeApi().tabs = {
    ...fakeApi().tabs,
    sendMessage: async () => {
      throw new Error('no reader in that tab');
    },
  };
}

describe('Save to favourites after a lost answer', () => {
  const tabState = (saved: boolean) => ({
    url: article.url,
    title: article.title,
    detection: { isArticle: true, reasons: [] },
    cleanup: { overlays: 0, comments: 0 },
    readerOpen: false,
    saved,
    updatedAt: 0,
  });

  beforeEach(stubToolbarAndTabs);

  test('a tab still saying "not saved" keeps the favourite its lost save stored', async () => {
    // The worker stored the favourite, then stopped before telling the tab or the popup.
    await favouritesStore.saveArticle({ ...article, wordCount: 6, readingMinutes: 1 });
    await fakeBrowser.storage.session.set({ 'tab:7': tabState(false) });

    // The popup still shows `Save`: pressing it again is a retry, not a removal.
    expect(await trigger({ type: 'fav:toggle-tab', tabId: 7 }, ours)).toEqual([
      { ok: true, value: { saved: true } },
    ]);
    expect(await favouritesStore.isSaved(article.url)).toBe(true);
    const { 'tab:7': state } = await fakeBrowser.storage.session.get('tab:7');
    expect(state).toMatchObject({ saved: true });

    // Now the tab says saved: the next press removes, as the button says.
    expect(await trigger({ type: 'fav:toggle-tab', tabId: 7 }, ours)).toEqual([
      { ok: true, value: { saved: false } },
    ]);
    expect(await favouritesStore.isSaved(article.url)).toBe(false);
  });

  test('the reader toolbar behaves the same', async () => {
    await favouritesStore.saveArticle({ ...article, wordCount: 6, readingMinutes: 1 });
    await fakeBrowser.storage.session.set({ 'tab:7': tabState(false) });
    const [reply] = await trigger({ type: 'fav:save-article', article }, ours);
    expect(reply).toEqual({ ok: true, value: { saved: true } });
    expect(await favouritesStore.isSaved(article.url)).toBe(true);
  });

  test("the reader's Save pressed on a saved page never removes it (only Remove, with Undo, does)", async () => {
    await favouritesStore.saveArticle({ ...article, wordCount: 6, readingMinutes: 1 });
    await fakeBrowser.storage.session.set({ 'tab:7': tabState(true) });
    for (let i = 0; i < 2; i++) {
      const [reply] = await trigger({ type: 'fav:save-article', article }, ours);
      expect(reply).toEqual({ ok: true, value: { saved: true } });
      expect(await favouritesStore.isSaved(article.url)).toBe(true);
    }
  });
});

describe('Save with the intent the button showed', () => {
  beforeEach(stubToolbarAndTabs);

  test('save: true on a page already saved (and marked so) keeps it; save: false removes', async () => {
    await favouritesStore.saveArticle({ ...article, wordCount: 6, readingMinutes: 1 });
    await fakeBrowser.storage.session.set({
      'tab:7': {
        url: article.url,
        title: article.title,
        detection: { isArticle: true, reasons: [] },
        cleanup: { overlays: 0, comments: 0 },
        readerOpen: false,
        saved: true,
        updatedAt: 0,
      },
    });
    // The worker saved and marked the tab, then stopped before the popup heard: a retry.
    for (let i = 0; i < 2; i++) {
      expect(await trigger({ type: 'fav:toggle-tab', tabId: 7, save: true }, ours)).toEqual([
        { ok: true, value: { saved: true } },
      ]);
      expect(await favouritesStore.isSaved(article.url)).toBe(true);
    }
    for (let i = 0; i < 2; i++) {
      expect(await trigger({ type: 'fav:toggle-tab', tabId: 7, save: false }, ours)).toEqual([
        { ok: true, value: { saved: false } },
      ]);
      expect(await favouritesStore.isSaved(article.url)).toBe(false);
    }
  });

  test('a non-boolean intent is refused', async () => {
    expect(await trigger({ type: 'fav:toggle-tab', tabId: 7, save: 'yes' }, ours)).toEqual([
      undefined,
    ]);
  });
});

describe('Save prepared while the popup is open', () => {
  beforeEach(stubToolbarAndTabs);

  test('the article is extracted once, before the press; the press only writes it', async () => {
    const calls = { inject: 0, extract: 0 };
    let injected = false;
    fakeApi().tabs = {
      ...fakeApi().tabs,
      get: async () => ({ id: 7, url: article.url, title: article.title }),
      sendMessage: async (_tab: number, message: { type: string }) => {
        if (!injected) throw new Error('Receiving end does not exist');
        if (message.type !== 'reader:extract') return undefined;
        calls.extract++;
        return { ...article, wordCount: 6, readingMinutes: 1 };
      },
    };
    fakeApi().scripting = {
      executeScript: async (details: { files?: string[] }) => {
        if (details.files) {
          calls.inject++;
          injected = true;
          return [];
        }
        return [{ result: injected }];
      },
    };
    expect(await trigger({ type: 'fav:prepare', tabId: 7 }, ours)).toEqual([
      { ok: true, value: null },
    ]);
    // Asked again (hovering Save after the popup's own request): nothing more is done.
    await trigger({ type: 'fav:prepare', tabId: 7 }, ours);
    await vi.waitFor(() => expect(calls.extract).toBe(1));
    expect(await favouritesStore.isSaved(article.url)).toBe(false);

    expect(await trigger({ type: 'fav:toggle-tab', tabId: 7, save: true }, ours)).toEqual([
      { ok: true, value: { saved: true } },
    ]);
    expect(calls).toEqual({ inject: 1, extract: 1 });
    expect((await favouritesStore.getCopy(favouritesStore.idFor(article.url) ?? ''))?.text).toBe(
      article.textContent,
    );
  });
});

describe('the popup and the reader on tags and previews', () => {
  beforeEach(stubToolbarAndTabs);

  const tabState = (saved: boolean) => ({
    url: article.url,
    title: `${article.title} | The Site`,
    detection: { isArticle: true, reasons: [] },
    cleanup: { overlays: 0, comments: 0 },
    readerOpen: false,
    saved,
    updatedAt: 0,
  });

  test("a tab's reader reads and sets its favourite's tags; none when the page is not saved", async () => {
    await fakeBrowser.storage.session.set({ 'tab:7': tabState(false) });
    expect(await trigger({ type: 'fav:get-tags' }, ours)).toEqual([{ ok: true, value: null }]);
    expect(await trigger({ type: 'fav:set-tags', tags: ['x'] }, ours)).toEqual([
      { ok: true, value: null },
    ]);
    expect(await favouritesStore.isSaved(article.url)).toBe(false);

    await favouritesStore.saveArticle({ ...article, wordCount: 6, readingMinutes: 1 });
    await favouritesStore.saveArticle({
      ...article,
      url: 'https://news.example/other',
      wordCount: 6,
      readingMinutes: 1,
    });
    await fakeBrowser.storage.session.set({ 'tab:7': tabState(true) });
    const [set] = await trigger(
      { type: 'fav:set-tags', tags: ['Harbour', 'harbour', '<b>budget</b>', ''] },
      ours,
    );
    expect(set).toEqual({ ok: true, value: ['Harbour', '<b>budget</b>'] });
    expect(await trigger({ type: 'fav:get-tags' }, ours)).toEqual([
      {
        ok: true,
        value: { tags: ['Harbour', '<b>budget</b>'], known: ['<b>budget</b>', 'Harbour'] },
      },
    ]);
    // From outside a tab (no sender tab), there is no "its favourite".
    const [noTab] = await trigger({ type: 'fav:get-tags' }, { id: ours.id });
    expect(noTab).toMatchObject({ ok: false });
  });

  test('fav:preview answers the article title and reading time, extracting it once for the save', async () => {
    let extracts = 0;
    fakeApi().tabs = {
      ...fakeApi().tabs,
      get: async () => ({ id: 7, url: article.url, title: `${article.title} | The Site` }),
      sendMessage: async (_tab: number, message: { type: string }) => {
        if (message.type !== 'reader:extract') return undefined;
        extracts++;
        return { ...article, wordCount: 900, readingMinutes: 4 };
      },
    };
    await fakeBrowser.storage.session.set({ 'tab:7': tabState(false) });
    expect(await trigger({ type: 'fav:preview', tabId: 7 }, ours)).toEqual([
      { ok: true, value: { title: article.title, readingMinutes: 4 } },
    ]);
    await trigger({ type: 'fav:toggle-tab', tabId: 7, save: true }, ours);
    expect(extracts).toBe(1);
    expect(await favouritesStore.isSaved(article.url)).toBe(true);
  });
});

test('sync is switched only from our own pages, never from a content script', async () => {
  const fromPage = await trigger({ type: 'sync:set', on: true }, ours);
  expect(fromPage).toEqual([{ ok: false, error: 'this message must come from an extension page' }]);
  const decide = await trigger({ type: 'sync:decide', choice: 'remove' }, ours);
  expect(decide).toEqual([{ ok: false, error: 'this message must come from an extension page' }]);
  // Malformed ones get no answer at all.
  expect(await trigger({ type: 'sync:decide', choice: 'everything' }, ours)).toEqual([undefined]);
  expect(await trigger({ type: 'sync:set', on: 'yes' }, ours)).toEqual([undefined]);
});
