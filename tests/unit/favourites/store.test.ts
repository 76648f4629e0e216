import { StoreError } from '../../../utils/favourites/errors';
import { createFavouritesStore } from '../../../utils/favourites/store';
import { article, freshStore } from './helpers';

describe('favourites store: saving', () => {
  it('saves an article with its copy apart from the metadata', async () => {
    const store = freshStore();
    const fav = await store.saveArticle(
      article({ url: 'https://www.example.com/a?utm_source=x#top' }),
      { now: 1000 },
    );
    expect(fav.id).toBe('https://www.example.com/a');
    expect(fav.url).toBe('https://www.example.com/a?utm_source=x#top');
    expect(fav.site).toBe('example.com');
    expect(fav.read).toBe(0);
    expect(fav.fetched).toBe(true);
    expect(fav).not.toHaveProperty('html');
    expect(fav).not.toHaveProperty('text');
    const copy = await store.getCopy(fav.id);
    expect(copy?.text).toContain('council met on Tuesday');
    expect(await store.isSaved('https://www.example.com/a?fbclid=zzz')).toBe(true);
    expect(await store.isSaved('https://www.example.com/b')).toBe(false);
  });

  it('saving twice updates, never duplicates, and keeps the first savedAt', async () => {
    const store = freshStore();
    await store.saveArticle(article({ title: 'First title' }), { now: 1000 });
    const second = await store.saveArticle(
      article({
        url: 'https://news.example.com/politics/council-budget?utm_medium=social',
        title: 'New title',
        textContent: 'updated body',
      }),
      { now: 5000 },
    );
    expect(await store.count()).toBe(1);
    expect(second.savedAt).toBe(1000);
    expect(second.updatedAt).toBe(5000);
    expect(second.title).toBe('New title');
    expect((await store.getCopy(second.id))?.text).toBe('updated body');
  });

  it('uses the canonical URL on the same site as the identity', async () => {
    const store = freshStore();
    await store.saveArticle(
      article({
        url: 'https://m.example.com/s/1',
        canonicalUrl: 'https://www.example.com/story/1',
      }),
    );
    await store.saveArticle(article({ url: 'https://www.example.com/story/1?utm_source=x' }));
    expect(await store.count()).toBe(1);
  });

  it('refuses a non-http URL with a typed error', async () => {
    const store = freshStore();
    await expect(store.saveArticle(article({ url: 'javascript:alert(1)' }))).rejects.toMatchObject({
      code: 'invalid',
    });
  });

  it('saveLink stores an unfetched entry and never downgrades a saved article', async () => {
    const store = freshStore();
    const link = await store.saveLink('https://blog.example.org/post?utm_source=x', ' Link text ', {
      now: 10,
    });
    expect(link.fetched).toBe(false);
    expect(link.title).toBe('Link text');
    expect(await store.getCopy(link.id)).toBeNull();
    await store.saveArticle(article());
    const again = await store.saveLink('https://news.example.com/politics/council-budget', 'x');
    expect(again.fetched).toBe(true);
    expect(again.title).toBe('Council debates the budget');
  });

  it('ten concurrent saves from separate connections all land', async () => {
    const name = `test-concurrent-${Math.random()}`;
    const stores = Array.from({ length: 10 }, () => createFavouritesStore(name));
    await Promise.all(
      stores.map((s, i) =>
        s.saveArticle(article({ url: `https://site${i}.example.com/a`, title: `Article ${i}` })),
      ),
    );
    // Plus ten concurrent updates of one same article: still one record.
    await Promise.all(stores.map((s, i) => s.saveArticle(article({ title: `Same ${i}` }))));
    expect(await stores[0]?.count()).toBe(11);
    for (const s of stores) await s.close();
  });
});

describe('favourites store: remove, restore, read', () => {
  it('removes with its copy and restores exactly', async () => {
    const store = freshStore();
    const fav = await store.saveArticle(article());
    const removed = await store.removeFavourite(fav.id);
    expect(removed?.favourite).toEqual(fav);
    expect(removed?.copy?.text).toContain('council');
    expect(await store.count()).toBe(0);
    expect(await store.getCopy(fav.id)).toBeNull();
    expect(await store.removeFavourite(fav.id)).toBeNull();
    if (removed) await store.restoreFavourite(removed);
    expect(await store.getFavourite(fav.id)).toEqual(fav);
    expect((await store.getCopy(fav.id))?.text).toContain('council');
  });

  it('markRead sets 0/1 and the read filter follows it', async () => {
    const store = freshStore();
    const a = await store.saveArticle(article({ url: 'https://a.example.com/1' }), { now: 1 });
    await store.saveArticle(article({ url: 'https://b.example.com/1' }), { now: 2 });
    expect((await store.markRead(a.id, true))?.read).toBe(1);
    expect(await store.count({ read: true })).toBe(1);
    expect(await store.count({ read: false })).toBe(1);
    expect(await store.markRead('https://nope.example.com/', true)).toBeNull();
  });

  it('setProgress remembers how far reading got; reaching the end marks read, the filter follows', async () => {
    const store = freshStore();
    const a = await store.saveArticle(article({ url: 'https://a.example.com/1' }), { now: 1 });
    const half = await store.setProgress(a.id, 0.5);
    expect(half?.progress).toBe(0.5);
    expect(half?.read).toBe(0);
    expect(await store.count({ read: false })).toBe(1);
    const end = await store.setProgress(a.id, 0.995);
    expect(end?.read).toBe(1);
    expect(await store.count({ read: true })).toBe(1);
    // Scrolling back up keeps it read, and values are clamped.
    expect((await store.setProgress(a.id, -3))?.read).toBe(1);
    expect((await store.getFavourite(a.id))?.progress).toBe(0);
    expect(await store.setProgress('https://nope.example.com/', 0.4)).toBeNull();
    // The copy is untouched.
    expect((await store.getCopy(a.id))?.text).toContain('council');
  });
});

describe('favourites store: listing', () => {
  async function seeded() {
    const store = freshStore();
    for (let i = 0; i < 25; i++) {
      const site = i % 3 === 0 ? 'alpha.example.com' : 'beta.example.org';
      await store.saveArticle(article({ url: `https://${site}/n/${i}`, title: `Story ${i}` }), {
        now: 1_000 + i,
        read: i % 2 === 0,
      });
    }
    return store;
  }

  it('lists newest first with offset and limit', async () => {
    const store = await seeded();
    const first = await store.listPage({ limit: 5 });
    expect(first.map((f) => f.title)).toEqual([
      'Story 24',
      'Story 23',
      'Story 22',
      'Story 21',
      'Story 20',
    ]);
    const next = await store.listPage({ offset: 5, limit: 3 });
    expect(next.map((f) => f.title)).toEqual(['Story 19', 'Story 18', 'Story 17']);
    expect(await store.listPage({ offset: 100, limit: 5 })).toEqual([]);
  });

  it('filters by site, read state and both', async () => {
    const store = await seeded();
    const alpha = await store.listPage({ site: 'alpha.example.com', limit: 100 });
    expect(alpha.map((f) => f.title).slice(0, 3)).toEqual(['Story 24', 'Story 21', 'Story 18']);
    expect(alpha).toHaveLength(9);
    // A page further down: few matches are fetched and sorted, then the page is cut.
    const page = await store.listPage({ site: 'alpha.example.com', offset: 1, limit: 2 });
    expect(page.map((f) => f.title)).toEqual(['Story 21', 'Story 18']);
    const unread = await store.listPage({ read: false, limit: 100 });
    expect(unread.every((f) => f.read === 0)).toBe(true);
    expect(unread).toHaveLength(12);
    const both = await store.listPage({ site: 'alpha.example.com', read: true, limit: 100 });
    expect(both.map((f) => f.title)).toEqual([
      'Story 24',
      'Story 18',
      'Story 12',
      'Story 6',
      'Story 0',
    ]);
    expect(await store.count({ site: 'alpha.example.com', read: true })).toBe(5);
    expect(await store.listSites()).toEqual([
      { site: 'beta.example.org', count: 16 },
      { site: 'alpha.example.com', count: 9 },
    ]);
  });
});

describe('favourites store: search', () => {
  async function seeded() {
    const store = freshStore();
    await store.saveArticle(
      article({
        url: 'https://journal.example.fr/a',
        title: 'La rédaction répond',
        siteName: 'Le Journal',
        byline: 'Hélène Dupont',
        textContent: 'Un texte sur le kraken des profondeurs.',
      }),
      { now: 1, tags: ['Médias'] },
    );
    await store.saveArticle(
      article({
        url: 'https://news.example.com/b',
        title: 'Newsroom answers readers',
        siteName: 'Example News',
        textContent: 'Editors explain how the redaction of documents works.',
      }),
      { now: 2 },
    );
    await store.saveArticle(
      article({
        url: 'https://news.example.com/c',
        title: 'Weather: storms ahead',
        textContent: 'Rain.',
      }),
      { now: 3, read: true },
    );
    return store;
  }
  const titles = (r: { items: { title: string }[] }) => r.items.map((f) => f.title);

  it('is case- and accent-insensitive, newest first', async () => {
    const store = await seeded();
    expect(titles(await store.search('REDACTION'))).toEqual([
      'Newsroom answers readers',
      'La rédaction répond',
    ]);
    expect(titles(await store.search('rédaction répond'))).toEqual(['La rédaction répond']);
  });

  it('matches each word as a prefix and intersects words', async () => {
    const store = await seeded();
    expect(titles(await store.search('redac'))).toHaveLength(2);
    expect(titles(await store.search('redac doc'))).toEqual(['Newsroom answers readers']);
    expect(titles(await store.search('zzz redac'))).toEqual([]);
  });

  it('finds words only in the offline text, the author, the site and tags', async () => {
    const store = await seeded();
    expect(titles(await store.search('kraken'))).toEqual(['La rédaction répond']);
    expect(titles(await store.search('helene'))).toEqual(['La rédaction répond']);
    expect(titles(await store.search('medias'))).toEqual(['La rédaction répond']);
    expect(titles(await store.search('journal.example'))).toEqual(['La rédaction répond']);
  });

  it('combines with site and read filters and counts the total', async () => {
    const store = await seeded();
    expect(titles(await store.search('redaction', { site: 'news.example.com' }))).toEqual([
      'Newsroom answers readers',
    ]);
    expect(titles(await store.search('storms', { read: false }))).toEqual([]);
    const limited = await store.search('redaction', { limit: 1 });
    expect(limited.total).toBe(2);
    expect(limited.items).toHaveLength(1);
    const all = await store.search('   ');
    expect(all.total).toBe(3);
  });
});

describe('favourites store: quota', () => {
  it('turns QuotaExceededError into StoreError quota and loses nothing', async () => {
    const store = freshStore();
    const kept = await store.saveArticle(article({ title: 'Kept' }), { now: 1 });
    const original = IDBObjectStore.prototype.put;
    let calls = 0;
    IDBObjectStore.prototype.put = function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      calls++;
      // Let the metadata write through, fail on the copy: the whole save must roll back.
      if (calls % 2 === 0)
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return original.apply(this, args);
    } as typeof original;
    try {
      const error = await store
        .saveArticle(article({ url: 'https://news.example.com/other', title: 'Too big' }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe('quota');
      expect((error as StoreError).message).toMatch(/storage space/);
      const overwrite = await store
        .saveArticle(article({ title: 'Overwritten?' }), { now: 2 })
        .catch((e: unknown) => e);
      expect((overwrite as StoreError).code).toBe('quota');
    } finally {
      IDBObjectStore.prototype.put = original;
    }
    expect(await store.count()).toBe(1);
    expect(await store.getFavourite('https://news.example.com/other')).toBeNull();
    expect(await store.getFavourite(kept.id)).toEqual(kept);
  });
});
