import { exportAll } from '../../../utils/favourites/export';
import {
  createHighlightsStore,
  type HighlightInput,
  parseHighlightInput,
} from '../../../utils/favourites/highlights-store';
import { importFavourites, parseImport } from '../../../utils/favourites/import';
import { article, freshStore } from './helpers';

const input = (exact: string, start: number, extra: Partial<HighlightInput> = {}) => ({
  quote: { exact, prefix: 'before ', suffix: ' after' },
  position: { start, end: start + exact.length },
  colour: 'yellow' as const,
  ...extra,
});

async function setup() {
  const store = freshStore();
  const highlights = createHighlightsStore(store);
  const a = await store.saveArticle(article(), { now: 1000 });
  const b = await store.saveArticle(
    article({ url: 'https://other.example/b', title: 'Harbour news' }),
    { now: 2000 },
  );
  return { store, highlights, a, b };
}

describe('highlights store', () => {
  it('adds, lists one favourite in reading order and all newest first', async () => {
    const { highlights, a, b } = await setup();
    const late = await highlights.add(a.id, input('discuss the new budget', 30), 300);
    const early = await highlights.add(a.id, input('The council met', 0), 400);
    const other = await highlights.add(b.id, input('harbour', 5, { colour: 'blue' }), 200);
    expect(late?.fav).toBe(a.id);
    expect(late?.id).not.toBe(early?.id);
    expect((await highlights.listByFavourite(a.id)).map((h) => h.id)).toEqual([
      early?.id,
      late?.id,
    ]);
    expect((await highlights.listAll()).map((h) => h.id)).toEqual([early?.id, late?.id, other?.id]);
    expect((await highlights.listAll(1)).length).toBe(1);
    expect(await highlights.count()).toBe(3);
  });

  it('refuses a highlight for a favourite that is not saved, and malformed ones', async () => {
    const { highlights, a } = await setup();
    expect(await highlights.add('https://nowhere.example/x', input('text', 0))).toBeNull();
    expect(await highlights.count()).toBe(0);
    await expect(
      highlights.add(a.id, { ...input('x', 0), colour: 'red' as never }),
    ).rejects.toThrow();
    expect(parseHighlightInput({ ...input('', 0) })).toBeNull();
    expect(parseHighlightInput({ ...input('abc', 0), position: { start: 5, end: 2 } })).toBeNull();
    expect(parseHighlightInput({ ...input('abc', 0), note: 42 })).toBeNull();
    expect(parseHighlightInput('abc')).toBeNull();
  });

  it('updates note and colour; a note with markup is kept as the text it is', async () => {
    const { highlights, a } = await setup();
    const h = await highlights.add(a.id, input('The council met', 0), 100);
    const note = '<b>bold</b> & <img src=x onerror=alert(1)>\r\nsecond line';
    const updated = await highlights.update(h?.id ?? '', { note, colour: 'green' }, 200);
    expect(updated?.note).toBe('<b>bold</b> & <img src=x onerror=alert(1)>\nsecond line');
    expect(updated?.colour).toBe('green');
    expect(updated?.updatedAt).toBe(200);
    expect(updated?.at).toBe(100);
    const cleared = await highlights.update(h?.id ?? '', { note: '   ' });
    expect(cleared).not.toHaveProperty('note');
    expect(await highlights.update('missing', { note: 'x' })).toBeNull();
  });

  it('removes one highlight and puts it back', async () => {
    const { highlights, a } = await setup();
    const h = await highlights.add(a.id, input('The council met', 0));
    const removed = await highlights.remove(h?.id ?? '');
    expect(removed?.id).toBe(h?.id);
    expect(await highlights.count()).toBe(0);
    await highlights.restore(removed ? [removed] : []);
    expect((await highlights.get(h?.id ?? ''))?.quote.exact).toBe('The council met');
  });

  it('searches quotes and notes, case and accents folded, newest first', async () => {
    const { highlights, a, b } = await setup();
    await highlights.add(a.id, input('Le Conseil a voté', 0, { note: 'À relire' }), 100);
    await highlights.add(b.id, input('the harbour master', 3, { note: 'ask about the vote' }), 200);
    await highlights.add(b.id, input('forty minutes', 40), 300);
    const ids = async (q: string, fav?: string) =>
      (await highlights.search(q, fav ? { fav } : {})).map((h) => h.quote.exact);
    expect(await ids('conseil vote')).toEqual(['Le Conseil a voté']);
    expect(await ids('VOT')).toEqual(['the harbour master', 'Le Conseil a voté']);
    expect(await ids('relire')).toEqual(['Le Conseil a voté']);
    expect(await ids('vote', b.id)).toEqual(['the harbour master']);
    expect(await ids('')).toHaveLength(3);
    expect(await ids('nothing like it')).toEqual([]);
  });

  it('removing a favourite removes its highlights; its Undo restores them', async () => {
    const { store, highlights, a, b } = await setup();
    await highlights.add(a.id, input('The council met', 0, { note: 'mine' }));
    await highlights.add(a.id, input('new budget', 40));
    const kept = await highlights.add(b.id, input('harbour', 5));
    const removed = await store.removeFavourite(a.id);
    expect(removed?.highlights).toHaveLength(2);
    expect(await highlights.listByFavourite(a.id)).toEqual([]);
    expect((await highlights.listAll()).map((h) => h.id)).toEqual([kept?.id]);
    if (removed) await store.restoreFavourite(removed);
    const back = await highlights.listByFavourite(a.id);
    expect(back.map((h) => h.quote.exact)).toEqual(['The council met', 'new budget']);
    expect(back[0]?.note).toBe('mine');
  });

  it('deleting everything deletes the highlights too', async () => {
    const { store, highlights, a } = await setup();
    await highlights.add(a.id, input('The council met', 0));
    await store.write((w) => w.clear());
    expect(await highlights.count()).toBe(0);
  });
});

describe('highlights in the JSON export and import', () => {
  const sanitize = (html: string) => html;

  it('an export carries them, and importing it into an empty profile brings them back', async () => {
    const { store, highlights, a } = await setup();
    const h = await highlights.add(a.id, input('The council met', 0, { note: '<i>why</i>' }), 500);
    const text = (await exportAll(store)).join('');
    const file = JSON.parse(text);
    const entry = file.favourites.find((f: { url: string }) => f.url === a.url);
    expect(entry.highlights).toEqual([
      {
        id: h?.id,
        quote: { exact: 'The council met', prefix: 'before ', suffix: ' after' },
        position: { start: 0, end: 15 },
        colour: 'yellow',
        note: '<i>why</i>',
        at: new Date(500).toISOString(),
        updatedAt: new Date(500).toISOString(),
      },
    ]);
    expect(file.favourites.find((f: { url: string }) => f.url !== a.url).highlights).toBe(
      undefined,
    );

    const fresh = freshStore();
    const parsed = parseImport(text, { sanitize });
    expect(parsed.rejected).toEqual([]);
    await importFavourites(fresh, parsed.accepted);
    const back = await createHighlightsStore(fresh).listAll();
    expect(back).toEqual([{ ...h, fav: a.id }]);
    // Importing the same file again adds nothing twice.
    await importFavourites(fresh, parseImport(text, { sanitize }).accepted);
    expect(await createHighlightsStore(fresh).count()).toBe(1);
  });

  it('malformed highlights in a file are left out; the favourite still comes in', async () => {
    const file = {
      format: 'broadsheet-favourites',
      version: 1,
      exportedAt: new Date(0).toISOString(),
      favourites: [
        {
          url: 'https://news.example.com/a',
          title: 'A',
          savedAt: new Date(1000).toISOString(),
          read: false,
          tags: [],
          highlights: [
            { id: 'ok-1', ...input('fine', 0), at: new Date(2000).toISOString() },
            { id: 'no-quote', position: { start: 0, end: 1 }, at: 1 },
            { id: '<script>', ...input('bad id', 0), at: 1 },
            'junk',
          ],
        },
      ],
    };
    const parsed = parseImport(JSON.stringify(file), { sanitize });
    expect(parsed.accepted).toHaveLength(1);
    expect(parsed.accepted[0]?.highlights?.map((h) => h.id)).toEqual(['ok-1']);
  });
});
