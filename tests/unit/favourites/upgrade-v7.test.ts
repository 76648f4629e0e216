import { openDB } from 'idb';
import { DB_VERSION, wordsFor } from '../../../utils/favourites/db';
import {
  countFavourite,
  type DocRecord,
  emptyStats,
  indexDocs,
  packBucket,
  readTerm,
  siteTerm,
  type Tail,
  type TailBucket,
  unpackBucket,
} from '../../../utils/favourites/postings';
import { createFavouritesStore } from '../../../utils/favourites/store';
import type { Favourite } from '../../../utils/favourites/types';

/** A v6 database as the v6 code left it: docs with site and read terms only, v6 counts. */
async function createV6(name: string, n: number): Promise<Favourite[]> {
  const db = await openDB(name, 6, {
    upgrade(d) {
      const favs = d.createObjectStore('favourites', { keyPath: 'id' });
      favs.createIndex('savedAt', 'savedAt');
      favs.createIndex('seq', 'seq', { unique: true });
      d.createObjectStore('copies', { keyPath: 'id' });
      d.createObjectStore('docs', { keyPath: ['at', 'seq'] });
      d.createObjectStore('terms', { keyPath: 't' });
      d.createObjectStore('tails', { keyPath: 'b' });
      d.createObjectStore('meta', { keyPath: 'k' });
      d.createObjectStore('images', { keyPath: ['fav', 'url'] }).createIndex('fav', 'fav');
      const h = d.createObjectStore('highlights', { keyPath: 'id' });
      h.createIndex('fav', 'fav');
      h.createIndex('at', 'at');
    },
  });
  const stats = emptyStats();
  const favs: Favourite[] = [];
  const docs: DocRecord[] = [];
  const stores = ['favourites', 'copies', 'docs', 'terms', 'tails', 'meta'] as const;
  const tx = db.transaction([...stores], 'readwrite');
  const tagSets = [['Médias'], ['medias', 'Politique'], [], ['politique']];
  for (let i = 0; i < n; i++) {
    const id = `https://site${i % 3}.example/story/${i}`;
    const fav: Favourite = {
      id,
      url: id,
      normalizedUrl: id,
      title: `Story ${i}`,
      site: `site${i % 3}.example`,
      wordCount: 3,
      savedAt: 1000 + i,
      updatedAt: 1000 + i,
      read: (i % 2) as 0 | 1,
      tags: tagSets[i % 4] ?? [],
      fetched: true,
      seq: ++stats.seq,
      ...(i % 5 === 0 ? { archived: 1 as const, archivedAt: 5 } : {}),
    };
    const text = `Body of story ${i} walrus${i}`;
    favs.push(fav);
    // v6 counted site and read only.
    countFavourite(stats, { ...fav, archived: 0, tags: [] }, 1);
    await tx.objectStore('favourites').put(fav);
    await tx.objectStore('copies').put({ id, html: `<p>${text}</p>`, text });
    const w = [...wordsFor(fav, text), siteTerm(fav.site), readTerm(fav.read)].join(' ');
    docs.push({ at: -fav.savedAt, seq: fav.seq, w, ix: '' });
  }
  // The newest one was saved just before the upgrade: its postings are still behind.
  const behind = docs.pop() as DocRecord;
  await tx.objectStore('docs').put(behind);
  await tx.objectStore('meta').put({ ...stats, dirty: [[behind.at, behind.seq]] });
  await indexDocs(tx as never, docs);
  // v6 kept the filter terms' tails in two-character buckets ("\u0001s", "\u0001r").
  const tails = tx.objectStore('tails');
  const filterBuckets = (await tails.getAll(IDBKeyRange.bound('\u0001', '\u0001\uffff'))).map((b) =>
    unpackBucket(b as TailBucket),
  );
  const old = new Map<string, Map<string, Tail>>();
  for (const group of filterBuckets) {
    for (const [term, tail] of group) {
      const b = term.slice(0, 2);
      if (!old.has(b)) old.set(b, new Map());
      old.get(b)?.set(term, tail);
    }
  }
  await tails.delete(IDBKeyRange.bound('\u0001', '\u0001\uffff'));
  for (const [b, group] of old) await tails.put(packBucket(b, group));
  expect([...old.keys()].sort()).toEqual(['\u0001r', '\u0001s']);
  await tx.done;
  db.close();
  return favs;
}

describe('database upgrade v6 → v7', () => {
  it('reindexes archived state and tags; nothing lost, counts equal', async () => {
    const name = `test-v6-${Math.random()}`;
    const v6 = await createV6(name, 60);
    const store = createFavouritesStore(name);
    const db = await store.db();
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBe(7);
    expect(await store.count()).toBe(60);
    expect(await store.count({ read: true })).toBe(30);
    // The filter tails moved to buckets of their own; the site and read filters still work.
    expect(
      (await db.getAllKeys('tails')).filter((k) => k.length === 2 && k.startsWith('\u0001')),
    ).toEqual([]);
    expect((await store.listPage({ site: 'site1.example', limit: 100 })).length).toBe(20);
    expect((await store.listPage({ read: true, site: 'site2.example', limit: 100 })).length).toBe(
      v6.filter((f) => f.read && f.site === 'site2.example').length,
    );
    expect(await db.count('copies')).toBe(60);
    expect(await store.listPage({ limit: 100 })).toEqual([...v6].reverse());
    // Archived: every fifth.
    const archived = v6.filter((f) => f.archived).map((f) => f.id);
    expect(archived).toHaveLength(12);
    expect(await store.count({ archived: true })).toBe(12);
    expect(await store.count({ archived: false })).toBe(48);
    expect((await store.listPage({ archived: true, limit: 100 })).map((f) => f.id).sort()).toEqual(
      archived.sort(),
    );
    // Tags: case and accent variants counted as one, in the first spelling seen.
    expect(await store.listTags()).toEqual([
      { name: 'Médias', count: 30 },
      { name: 'Politique', count: 30 },
    ]);
    const medias = v6.filter((f) => f.tags.length && f.tags[0]?.toLowerCase().startsWith('m'));
    expect((await store.listPage({ tag: 'MEDIAS', limit: 100 })).length).toBe(medias.length);
    expect(await store.count({ tag: 'politique', archived: false })).toBe(
      v6.filter((f) => !f.archived && f.tags.some((t) => /politique/i.test(t))).length,
    );
    // Search is whole, the doc that was behind included.
    expect((await store.search('walrus7')).items.map((f) => f.id)).toEqual([v6[7]?.id]);
    expect((await store.search('walrus59')).items.map((f) => f.id)).toEqual([v6[59]?.id]);
    expect((await store.search('story', { tag: 'medias', limit: 100 })).total).toBe(medias.length);
    await store.close();
  });
});
