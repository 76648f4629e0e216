import { createHighlightsStore } from '../../../utils/favourites/highlights-store';
import { makeSnippet } from '../../../utils/favourites/snippet';
import { article, freshStore } from './helpers';

async function seed(n = 12) {
  const store = freshStore();
  const ids: string[] = [];
  const titles = ['Zebra crossing', 'apple harvest', 'Écoles rurales', 'Banana trade'];
  for (let i = 0; i < n; i++) {
    const fav = await store.saveArticle(
      article({
        url: `https://${['b', 'a', 'c'][i % 3]}.example/story/${i}`,
        title: `${titles[i % 4]} ${i}`,
        siteName: undefined,
        textContent: `Paragraph ${i} about the harbour. Later the ferry${i} left the quay at dawn.`,
      }),
      { now: 1000 + i },
    );
    ids.push(fav.id);
  }
  return { store, ids };
}

describe('library: archive, filters, sorting', () => {
  it('archives and unarchives many in one transaction, counted and filtered', async () => {
    const { store, ids } = await seed();
    const change = await store.setArchived(ids.slice(0, 5), true);
    expect(change.changed).toBe(5);
    expect(await store.count({ archived: true })).toBe(5);
    expect(await store.count({ archived: false })).toBe(7);
    expect((await store.listPage({ archived: false })).map((f) => f.id)).toEqual(
      ids.slice(5).reverse(),
    );
    const fav = await store.getFavourite(ids[0] ?? '');
    expect(fav?.archived).toBe(1);
    expect(fav?.archivedAt).toBeGreaterThan(0);
    // Archiving again changes nothing; Undo puts the records back.
    expect((await store.setArchived(ids.slice(0, 5), true)).changed).toBe(0);
    await store.undoChange(change);
    expect(await store.count({ archived: true })).toBe(0);
    expect((await store.getFavourite(ids[0] ?? ''))?.archived ?? 0).toBe(0);
    await store.close();
  });

  it('marks many read, removes many and restores them', async () => {
    const { store, ids } = await seed();
    await store.setReadMany(ids.slice(0, 4), true);
    expect(await store.count({ read: true })).toBe(4);
    const removed = await store.removeMany(ids.slice(0, 6));
    expect(removed).toHaveLength(6);
    expect(await store.count()).toBe(6);
    expect((await store.search('ferry3')).total).toBe(0);
    await store.restoreMany(removed);
    expect(await store.count()).toBe(12);
    expect(await store.count({ read: true })).toBe(4);
    expect((await store.search('ferry3')).items.map((f) => f.id)).toEqual([ids[3]]);
    expect((await store.getCopy(ids[3] ?? ''))?.text).toContain('ferry3');
    await store.close();
  });

  it('removing many takes their highlights, and Undo gives them back', async () => {
    const { store, ids } = await seed(4);
    const highlights = createHighlightsStore(store);
    const id = ids[1] ?? '';
    await highlights.add(id, {
      quote: { exact: 'ferry1', prefix: '', suffix: '' },
      position: { start: 0, end: 6 },
      colour: 'yellow',
      note: 'kept',
    });
    expect(await highlights.listByFavourite(id)).toHaveLength(1);
    const removed = await store.removeMany(ids.slice(0, 3));
    expect(await highlights.listByFavourite(id)).toHaveLength(0);
    await store.restoreMany(removed);
    const back = await highlights.listByFavourite(id);
    expect(back.map((h) => h.note)).toEqual(['kept']);
    await store.close();
  });

  it('a bulk change that fails lands not at all', async () => {
    const { store, ids } = await seed(6);
    const db = await store.db();
    // The transaction fails half-way: a put of a record that breaks the seq index's uniqueness.
    const other = await store.getFavourite(ids[1] ?? '');
    await expect(
      store.write(async (w) => {
        const first = await store.getFavourite(ids[0] ?? '');
        if (!first || !other) throw new Error('missing');
        await w.put({ ...first, archived: 1 }, first);
        await w.put({ ...other, seq: first.seq, archived: 1 }, other);
      }),
    ).rejects.toThrow();
    expect(await db.count('favourites')).toBe(6);
    expect(await store.count({ archived: true })).toBe(0);
    expect((await store.getFavourite(ids[0] ?? ''))?.archived).toBeUndefined();
    await store.close();
  });

  it('sorts by date saved, title or site, and filters by tag, site, read and archived', async () => {
    const { store, ids } = await seed();
    const titles = (await store.library({ sort: 'title', limit: 100 })).items.map((f) => f.title);
    expect(titles.slice(0, 4)).toEqual([
      'apple harvest 1',
      'apple harvest 5',
      'apple harvest 9',
      'Banana trade 3',
    ]);
    // Accents sort with their letter (É with E), not after Z.
    expect(titles.indexOf('Écoles rurales 2')).toBeLessThan(titles.indexOf('Zebra crossing 0'));
    const sites = (await store.library({ sort: 'site', limit: 100 })).items.map((f) => f.site);
    expect(sites).toEqual([...sites].sort());
    expect((await store.library({ sort: 'saved', limit: 3 })).items.map((f) => f.id)).toEqual(
      ids.slice(-3).reverse(),
    );
    await store.addTag([ids[1], ids[4], ids[7]] as string[], 'Sea');
    await store.setArchived([ids[4] as string], true);
    const tagged = await store.library({ tag: 'sea', archived: false, sort: 'title' });
    expect(tagged.total).toBe(2);
    expect(tagged.items.map((f) => f.id)).toEqual([ids[1], ids[7]]);
    const siteRead = await store.library({ site: 'a.example', read: false });
    expect(siteRead.total).toBe(4);
    // Paging a sorted list from memory is consistent, and a write makes it fresh.
    const page1 = await store.library({ sort: 'title', offset: 0, limit: 5 });
    const page2 = await store.library({ sort: 'title', offset: 5, limit: 5 });
    expect(new Set([...page1.items, ...page2.items].map((f) => f.id)).size).toBe(10);
    await store.setTags(ids[0] as string, ['x']);
    expect((await store.library({ sort: 'title', tag: 'x' })).total).toBe(1);
    await store.close();
  });

  it('searches with snippets where the match is, the match marked', async () => {
    const { store, ids } = await seed();
    const result = await store.library({ text: 'ferry5' });
    expect(result.items.map((f) => f.id)).toEqual([ids[5]]);
    const [snippet] = await store.snippets([ids[5] as string], 'ferry5');
    expect(snippet?.id).toBe(ids[5]);
    const [start, end] = snippet?.marks[0] ?? [0, 0];
    expect(snippet?.text.slice(start, end)).toBe('ferry5');
    expect(await store.snippets([ids[5] as string], '')).toEqual([]);
    await store.close();
  });
});

describe('snippets', () => {
  it('marks each matching word, accents and case folded, as ranges of plain text', () => {
    const s = makeSnippet('Les Écoles de la ville. Une école <b>rurale</b> ferme.', 'ecole');
    expect(s?.marks.map(([a, b]) => s.text.slice(a, b))).toEqual(['Écoles', 'école']);
    expect(s?.text).toContain('<b>rurale</b>');
    expect(makeSnippet('nothing here', 'zebra')).toBeNull();
  });

  it('cuts long text around the first match', () => {
    const text = `${'word '.repeat(200)}needle ${'tail '.repeat(200)}`;
    const s = makeSnippet(text, 'need');
    expect(s?.text.startsWith('…')).toBe(true);
    expect(s?.text.endsWith('…')).toBe(true);
    expect(s?.text.length).toBeLessThan(220);
    const [a, b] = s?.marks[0] ?? [0, 0];
    expect(s?.text.slice(a, b)).toBe('needle');
  });
});

describe('the popup list (not archived)', () => {
  it('pages the newest not archived, however many archived are in the way', async () => {
    const store = freshStore();
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) {
      ids.push((await store.saveLink(`https://p.example/${i}`, `P${i}`, { now: 1000 + i })).id);
    }
    // The newest 100 archived: the walk gives up and the postings answer.
    await store.setArchived(ids.slice(20), true);
    const page = await store.listPage({ archived: false, limit: 10 });
    expect(page.map((f) => f.id)).toEqual(ids.slice(10, 20).reverse());
    expect((await store.listPage({ archived: false, offset: 15, limit: 10 })).length).toBe(5);
    // A few archived: the walk skips them.
    await store.setArchived(ids.slice(20), false);
    await store.setArchived([ids[119], ids[117]] as string[], true);
    const walked = await store.listPage({ archived: false, offset: 1, limit: 3 });
    expect(walked.map((f) => f.title)).toEqual(['P116', 'P115', 'P114']);
    await store.close();
  });
});

describe('bulk changes on many', () => {
  it('tags 400 of 500 (read in one request) and leaves the others', async () => {
    const store = freshStore();
    const ids: string[] = [];
    await store.write(async (w) => {
      for (let i = 0; i < 500; i++) {
        const id = `https://m.example/${i}`;
        ids.push(id);
        await w.put({
          id,
          url: id,
          normalizedUrl: id,
          title: `M${i}`,
          site: 'm.example',
          wordCount: 0,
          savedAt: i,
          updatedAt: i,
          read: 0,
          tags: [],
          fetched: false,
        });
      }
    });
    const change = await store.addTag([...ids.slice(0, 400), 'https://gone.example/'], 'many');
    expect(change.changed).toBe(400);
    expect(await store.count({ tag: 'many' })).toBe(400);
    expect((await store.getFavourite(ids[450] as string))?.tags).toEqual([]);
    expect((await store.search('many')).total).toBe(400);
    await store.close();
  });
});

describe('afterCommonStart (the postings diff of a doc whose end changed)', () => {
  it('cuts whole shared terms only', async () => {
    const { afterCommonStart } = await import('../../../utils/favourites/postings');
    expect(afterCommonStart('x y z', 'x y')).toEqual([' z', '']);
    expect(afterCommonStart('x yz', 'x y')).toEqual(['yz', 'y']);
    expect(afterCommonStart('x y', 'x yz')).toEqual(['y', 'yz']);
    expect(afterCommonStart('abc', 'abd')).toEqual(['abc', 'abd']);
    expect(afterCommonStart('x y', 'x z')).toEqual(['y', 'z']);
    expect(afterCommonStart('xy z', 'x z')).toEqual(['xy z', 'x z']);
    expect(afterCommonStart('a b', 'a b')).toEqual(['', '']);
    expect(afterCommonStart('', 'a')).toEqual(['', 'a']);
    expect(afterCommonStart('a', '')).toEqual(['a', '']);
  });
});
