import { openDB } from 'idb';
import { DB_VERSION } from '../../../utils/favourites/db';
import { createFavouritesStore } from '../../../utils/favourites/store';

/** Writes a database exactly as the v1 code did: one store, copies inline, read boolean. */
async function createV1(name: string) {
  const db = await openDB(name, 1, {
    upgrade(database) {
      const store = database.createObjectStore('favourites', { keyPath: 'id' });
      store.createIndex('savedAt', 'savedAt');
    },
  });
  const records = [
    {
      id: 'https://www.example-journal.fr/a',
      url: 'https://www.example-journal.fr/a?utm_source=x',
      title: 'La rédaction répond',
      siteName: 'Le Journal',
      byline: 'Hélène',
      savedAt: 1000,
      read: true,
      tags: ['médias'],
      wordCount: 6,
      html: '<p>Un article sur le kraken.</p>',
      text: 'Un article sur le kraken.',
    },
    {
      id: 'https://news.example.com/b',
      url: 'https://news.example.com/b',
      title: 'Link saved, never fetched',
      savedAt: 2000,
      read: false,
    },
    ...Array.from({ length: 50 }, (_, i) => ({
      id: `https://bulk.example.org/${i}`,
      url: `https://bulk.example.org/${i}`,
      title: `Bulk ${i}`,
      savedAt: 3000 + i,
      updatedAt: 4000 + i,
      read: i % 2 === 0,
      tags: [],
      html: `<p>Body ${i}</p>`,
      text: `Body ${i} zebra${i}`,
    })),
  ];
  const tx = db.transaction('favourites', 'readwrite');
  for (const r of records) await tx.store.put(r);
  await tx.done;
  db.close();
  return records;
}

describe('database upgrade v1 → current', () => {
  it('keeps every record and moves copies out', async () => {
    const name = `test-upgrade-${Math.random()}`;
    const v1 = await createV1(name);
    const store = createFavouritesStore(name);
    expect((await store.db()).version).toBe(DB_VERSION);
    expect(await store.count()).toBe(v1.length);

    for (const old of v1) {
      const fav = await store.getFavourite(old.id);
      expect(fav).not.toBeNull();
      expect(fav?.url).toBe(old.url);
      expect(fav?.title).toBe(old.title);
      expect(fav?.savedAt).toBe(old.savedAt);
      expect(fav?.read).toBe(old.read ? 1 : 0);
      expect(fav).not.toHaveProperty('html');
      expect(fav).not.toHaveProperty('text');
      const copy = await store.getCopy(old.id);
      if ('text' in old) expect(copy).toEqual({ id: old.id, html: old.html, text: old.text });
      else expect(copy).toBeNull();
      expect(fav?.fetched).toBe('text' in old);
    }
    const first = await store.getFavourite('https://www.example-journal.fr/a');
    expect(first?.tags).toEqual(['médias']);
    expect(first?.site).toBe('example-journal.fr');

    // The new indexes work on upgraded data.
    expect((await store.search('kraken')).items.map((f) => f.id)).toEqual([
      'https://www.example-journal.fr/a',
    ]);
    expect((await store.search('zebra7')).items.map((f) => f.title)).toEqual(['Bulk 7']);
    expect(await store.count({ read: true })).toBe(26);
    expect((await store.listPage({ limit: 1 }))[0]?.title).toBe('Bulk 49');
    await store.close();
  });

  it('creates an empty current database from scratch', async () => {
    const store = createFavouritesStore(`test-new-${Math.random()}`);
    const db = await store.db();
    expect([...db.objectStoreNames].sort()).toEqual([
      'copies',
      'docs',
      'favourites',
      'highlights',
      'images',
      'meta',
      'tails',
      'terms',
    ]);
    expect([...db.transaction('favourites').store.indexNames].sort()).toEqual(['savedAt', 'seq']);
    await store.close();
  });
});
