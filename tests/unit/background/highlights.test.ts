/**
 * The in-page reader's highlights go through the background (a content script never opens
 * IndexedDB). Each tab reaches only its own page's favourite's highlights.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background';
import { createHighlightsStore } from '@/utils/favourites/highlights-store';
import { favouritesStore } from '@/utils/favourites/store';

type Sender = { id?: string; tab?: { id: number }; url?: string };
type Trigger = (message: unknown, sender: Sender) => Promise<unknown[]>;
const trigger: Trigger = (message, sender) =>
  (fakeBrowser.runtime.onMessage.trigger as unknown as Trigger)(message, sender);
const fakeApi = () => fakeBrowser as unknown as Record<string, Record<string, unknown>>;
const ask = async (message: unknown, tab = 7) =>
  (await trigger(message, { id: fakeBrowser.runtime.id, tab: { id: tab } }))[0] as
    | { ok: true; value: unknown }
    | { ok: false; error: string }
    | undefined;

const article = {
  url: 'https://news.example/2026/harbour-budget',
  title: 'Harbour budget passes',
  contentHtml: '<p>The harbour board approved its budget on Tuesday.</p>',
  textContent: 'The harbour board approved its budget on Tuesday.',
};
const highlight = {
  quote: { exact: 'approved its budget', prefix: 'The harbour board ', suffix: ' on Tuesday.' },
  position: { start: 18, end: 37 },
  colour: 'green',
};
const tabState = (url: string) => ({
  url,
  title: 'x',
  detection: { isArticle: true, reasons: [] },
  cleanup: { overlays: 0, comments: 0 },
  readerOpen: true,
  saved: false,
  updatedAt: 0,
});

beforeEach(async () => {
  await favouritesStore.close();
  indexedDB.deleteDatabase('broadsheet-favourites');
  const noop = { addListener: () => {} };
  const resolved = async () => {};
  fakeApi().contextMenus = { ...fakeApi().contextMenus, onClicked: noop };
  fakeApi().commands = { ...fakeApi().commands, onCommand: noop };
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
  background.main();
  await fakeBrowser.storage.session.set({
    'tab:7': tabState(article.url),
    'tab:8': tabState('https://other.example/another-story'),
  });
});

const highlights = () => createHighlightsStore(favouritesStore);

test('the first highlight on a page not saved yet saves it, then keeps the highlight', async () => {
  const reply = await ask({ type: 'hl:add', highlight, article });
  expect(reply).toMatchObject({ ok: true, value: { savedNow: true } });
  expect(await favouritesStore.isSaved(article.url)).toBe(true);
  const { 'tab:7': state } = await fakeBrowser.storage.session.get('tab:7');
  expect(state).toMatchObject({ saved: true });
  const [stored] = await highlights().listAll();
  expect(stored).toMatchObject({ fav: favouritesStore.idFor(article.url), colour: 'green' });

  // Saved now: the next one does not save again.
  const again = await ask({ type: 'hl:add', highlight, article });
  expect(again).toMatchObject({ ok: true, value: { savedNow: false } });
  expect(await highlights().count()).toBe(2);
  const list = await ask({ type: 'hl:list' });
  expect((list as { value: unknown[] }).value).toHaveLength(2);
});

test('without the article, an unsaved page gets no highlight and nothing is stored', async () => {
  const reply = await ask({ type: 'hl:add', highlight });
  expect(reply).toEqual({ ok: true, value: { highlight: null, savedNow: false } });
  expect(await favouritesStore.count()).toBe(0);
  expect(await highlights().count()).toBe(0);
});

test("a tab cannot read, change or remove another page's highlights", async () => {
  await ask({ type: 'hl:add', highlight, article });
  const [mine] = await highlights().listAll();
  const id = mine?.id as string;
  expect(await ask({ type: 'hl:list' }, 8)).toEqual({ ok: true, value: [] });
  expect(await ask({ type: 'hl:update', id, patch: { note: 'from elsewhere' } }, 8)).toEqual({
    ok: true,
    value: null,
  });
  expect(await ask({ type: 'hl:remove', id }, 8)).toEqual({ ok: true, value: false });
  expect((await highlights().get(id))?.note).toBeUndefined();

  // Its own tab can.
  const updated = await ask({ type: 'hl:update', id, patch: { note: '<b>mine</b>' } });
  expect(updated).toMatchObject({ ok: true, value: { note: '<b>mine</b>' } });
  expect(await ask({ type: 'hl:remove', id })).toEqual({ ok: true, value: true });
  expect(await highlights().count()).toBe(0);

  // Undo: only onto the tab's own page's favourite.
  const back = { ...mine, note: '<b>mine</b>' };
  expect(await ask({ type: 'hl:restore', highlight: back }, 8)).toEqual({ ok: true, value: false });
  expect(await highlights().count()).toBe(0);
  expect(await ask({ type: 'hl:restore', highlight: back })).toEqual({ ok: true, value: true });
  expect((await highlights().get(id))?.note).toBe('<b>mine</b>');
});

test('malformed highlight messages get no answer at all', async () => {
  for (const message of [
    { type: 'hl:add' },
    { type: 'hl:add', highlight: { ...highlight, colour: 'red' } },
    { type: 'hl:add', highlight: { ...highlight, quote: { exact: '' } } },
    { type: 'hl:add', highlight, article: 'not an article' },
    { type: 'hl:update', id: 'x', patch: {} },
    { type: 'hl:update', id: 'x', patch: { colour: 'black' } },
    { type: 'hl:update', id: '../../etc', patch: { note: 'x' } },
    { type: 'hl:remove', id: 42 },
    { type: 'hl:restore', highlight: { ...highlight, id: 'x' } },
  ]) {
    expect(await ask(message), JSON.stringify(message)).toBeUndefined();
  }
});
