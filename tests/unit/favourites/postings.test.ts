import { openDB } from 'idb';
import { DB_VERSION, wordsFor } from '../../../utils/favourites/db';
import { importFavourites } from '../../../utils/favourites/import';
import {
  applyChanges,
  bucketOf,
  docTerms,
  emptyStats,
  indexDocs,
  packBucket,
  TAIL_MIN,
  TAIL_SHARE,
  unpackBucket,
} from '../../../utils/favourites/postings';
import { createFavouritesStore, type FavouritesStore } from '../../../utils/favourites/store';
import type { FavouriteInput } from '../../../utils/favourites/types';
import { article, freshStore } from './helpers';

/** Postings as a rebuild from the favourites and copies would make them. */
async function expectedPostings(store: FavouritesStore): Promise<Map<string, number[]>> {
  const db = await store.db();
  const favs = await db.getAll('favourites');
  const out = new Map<string, number[]>();
  for (const fav of favs) {
    const docs = await db.getAll('docs');
    const doc = docs.find((d) => d.seq === fav.seq);
    expect(doc, `doc of ${fav.id}`).toBeDefined();
    for (const term of new Set(doc?.w.split(' '))) {
      out.set(
        term,
        [...(out.get(term) ?? []), fav.seq].sort((a, b) => a - b),
      );
    }
  }
  return out;
}

/** Each term's seqs: its base and its tail together (and no seq in both). */
async function postings(store: FavouritesStore): Promise<Map<string, number[]>> {
  const db = await store.db();
  const out = new Map((await db.getAll('terms')).map((p) => [p.t, [...p.d]]));
  for (const bucket of await db.getAll('tails')) {
    for (const [t, tail] of unpackBucket(bucket)) {
      expect(bucketOf(t)).toBe(bucket.b);
      const base = out.get(t) ?? [];
      for (const seq of tail.d) expect(base, `seq ${seq} of "${t}" in both`).not.toContain(seq);
      out.set(
        t,
        [...base, ...tail.d].sort((a, b) => a - b),
      );
    }
  }
  return out;
}

async function dirtyCount(store: FavouritesStore): Promise<number> {
  const db = await store.db();
  const listed = (await db.get('meta', 'stats'))?.dirty ?? [];
  const marked = (await db.getAll('docs')).filter((d) => d.ix !== undefined).length;
  expect(marked).toBe(listed.length);
  return listed.length;
}

const titles = (r: { items: { title: string }[] }) => r.items.map((f) => f.title);

describe('search index (postings) and counts', () => {
  it('search is exact before the postings catch up, and after', async () => {
    const store = freshStore();
    await store.saveArticle(
      article({
        url: 'https://a.example.com/1',
        title: 'Harbour storm',
        textContent: 'Kraken seen',
      }),
      { now: 1 },
    );
    await store.saveArticle(
      article({ url: 'https://b.example.org/2', title: 'Budget', textContent: 'The kraken again' }),
      { now: 2 },
    );
    await store.saveLink('https://c.example.net/3', 'Kraken link', { now: 3 });
    // Writes leave their docs dirty; search reads them as they are.
    const before = await store.search('krak');
    expect(titles(before)).toEqual(['Kraken link', 'Budget', 'Harbour storm']);
    expect(before.total).toBe(3);

    await store.drain();
    expect(await dirtyCount(store)).toBe(0);
    expect(await postings(store)).toEqual(await expectedPostings(store));
    expect(titles(await store.search('krak'))).toEqual(['Kraken link', 'Budget', 'Harbour storm']);
    expect(titles(await store.search('kraken again'))).toEqual(['Budget']);
    expect((await store.search('krak', { site: 'b.example.org' })).total).toBe(1);
    await store.close();
  });

  it('remove, undo, mark read and re-save keep postings and counts exact', async () => {
    const store = freshStore();
    const one = await store.saveArticle(
      article({ url: 'https://a.example.com/1', title: 'One', textContent: 'zebra alpha' }),
      { now: 1 },
    );
    await store.saveArticle(
      article({ url: 'https://a.example.com/2', title: 'Two', textContent: 'zebra beta' }),
      { now: 2 },
    );
    await store.drain();

    const removed = await store.removeFavourite(one.id);
    expect(removed?.words).toContain('alpha');
    // Not drained yet: the removed one is already gone from results and counts.
    expect(titles(await store.search('zebra'))).toEqual(['Two']);
    expect(await store.count()).toBe(1);
    expect(await store.listSites()).toEqual([{ site: 'a.example.com', count: 1 }]);
    await store.drain();
    expect(await postings(store)).toEqual(await expectedPostings(store));
    expect((await postings(store)).get('alpha')).toBeUndefined();

    if (!removed) throw new Error('nothing removed');
    await store.restoreFavourite(removed);
    expect(titles(await store.search('alpha'))).toEqual(['One']);
    await store.drain();
    expect(titles(await store.search('alpha'))).toEqual(['One']);
    expect(await store.getFavourite(one.id)).toEqual(one);

    await store.markRead(one.id, true);
    expect((await store.search('zebra', { read: true })).items.map((f) => f.id)).toEqual([one.id]);
    expect(await store.count({ read: true })).toBe(1);
    expect(await store.count({ site: 'a.example.com', read: false })).toBe(1);
    await store.drain();
    expect((await store.search('zebra', { read: false })).items.map((f) => f.title)).toEqual([
      'Two',
    ]);

    // The body changes: old words leave the postings, new ones come in.
    await store.saveArticle(
      article({ url: 'https://a.example.com/2', title: 'Two', textContent: 'zebra gamma' }),
      { now: 5 },
    );
    expect((await store.search('beta')).total).toBe(0);
    expect((await store.search('gamma')).total).toBe(1);
    await store.drain();
    expect(await postings(store)).toEqual(await expectedPostings(store));
    expect((await postings(store)).get('beta')).toBeUndefined();
    await store.close();
  });

  it('an import writes its postings in its own transaction, and merges keep body words', async () => {
    const store = freshStore();
    const rows: FavouriteInput[] = Array.from({ length: 60 }, (_, i) => ({
      url: `https://site${i % 3}.example.com/${i}`,
      title: `Story ${i}`,
      savedAt: 1000 + i,
      read: i % 2 === 0,
      tags: [],
      fetched: true,
      offline: { html: `<p>body${i} walrus</p>`, text: `body${i} walrus` },
    }));
    await importFavourites(store, rows);
    // 60 docs in one transaction: indexed there, nothing left dirty.
    expect(await dirtyCount(store)).toBe(0);
    expect(await postings(store)).toEqual(await expectedPostings(store));
    expect((await store.search('walrus')).total).toBe(60);
    expect(titles(await store.search('body42'))).toEqual(['Story 42']);
    expect(await store.count({ read: true })).toBe(30);
    expect(await store.listSites()).toEqual([
      { site: 'site0.example.com', count: 20 },
      { site: 'site1.example.com', count: 20 },
      { site: 'site2.example.com', count: 20 },
    ]);

    // Newer metadata without a copy: the title changes, the body words stay findable.
    await importFavourites(store, [
      {
        url: 'https://site0.example.com/42',
        title: 'Renamed',
        savedAt: 900,
        updatedAt: 5000,
        read: false,
        tags: [],
        fetched: false,
      },
    ]);
    await store.drain();
    expect(titles(await store.search('body42'))).toEqual(['Renamed']);
    expect(titles(await store.search('renamed'))).toEqual(['Renamed']);
    // It kept the earliest savedAt, so it is now the oldest.
    expect((await store.search('walrus')).items.at(-1)?.title).toBe('Renamed');
    expect(await postings(store)).toEqual(await expectedPostings(store));
    await store.close();
  });

  it('delete all empties the index and the counts', async () => {
    const store = freshStore();
    await store.saveArticle(article(), { now: 1 });
    await store.write((w) => w.clear());
    expect(await store.count()).toBe(0);
    expect(await store.listSites()).toEqual([]);
    expect((await store.search('council')).total).toBe(0);
    expect((await postings(store)).size).toBe(0);
    await store.close();
  });
});

describe('database upgrade v2 → v3', () => {
  it('keeps every record, numbers them, builds postings and counts', async () => {
    const name = `test-v2-${Math.random()}`;
    const db = await openDB(name, 2, {
      upgrade(database) {
        const favs = database.createObjectStore('favourites', { keyPath: 'id' });
        favs.createIndex('savedAt', 'savedAt');
        favs.createIndex('site', 'site');
        favs.createIndex('site_savedAt', ['site', 'savedAt']);
        favs.createIndex('read_savedAt', ['read', 'savedAt']);
        favs.createIndex('site_read_savedAt', ['site', 'read', 'savedAt']);
        favs.createIndex('words', 'words', { multiEntry: true });
        database.createObjectStore('copies', { keyPath: 'id' });
      },
    });
    const v2 = Array.from({ length: 40 }, (_, i) => {
      const base = {
        id: `https://v2-${i % 4}.example.com/${i}`,
        url: `https://v2-${i % 4}.example.com/${i}?utm_source=x`,
        normalizedUrl: `https://v2-${i % 4}.example.com/${i}`,
        title: `Old story ${i}`,
        site: `v2-${i % 4}.example.com`,
        wordCount: 3,
        savedAt: 100 + i,
        updatedAt: 100 + i,
        read: (i % 4 === 0 ? 1 : 0) as 0 | 1,
        tags: ['kept'],
        fetched: true,
      };
      return { ...base, words: wordsFor(base, `narwhal${i} shared`) };
    });
    const tx = db.transaction(['favourites', 'copies'], 'readwrite');
    for (const r of v2) {
      await tx.objectStore('favourites').put(r);
      await tx.objectStore('copies').put({ id: r.id, html: '<p>x</p>', text: 'x' });
    }
    await tx.done;
    db.close();

    const store = createFavouritesStore(name);
    expect((await store.db()).version).toBe(DB_VERSION);
    expect(await store.count()).toBe(40);
    expect(await store.count({ read: true })).toBe(10);
    expect(await store.listSites()).toHaveLength(4);
    const seqs = new Set<number>();
    for (const old of v2) {
      const fav = await store.getFavourite(old.id);
      const { words: _w, ...meta } = old;
      expect(fav).toEqual({ ...meta, seq: expect.any(Number) });
      seqs.add(fav?.seq as number);
      expect((await store.getCopy(old.id))?.html).toBe('<p>x</p>');
    }
    expect(seqs.size).toBe(40);
    expect(await dirtyCount(store)).toBe(0);
    expect(titles(await store.search('narwhal7'))).toEqual(['Old story 7']);
    expect((await store.search('shared')).items[0]?.title).toBe('Old story 39');
    expect((await store.search('shared', { site: 'v2-0.example.com', read: true })).total).toBe(10);
    const doc = (await (await store.db()).getAll('docs')).find((d) => d.seq === 1);
    expect(doc?.w.split(' ')).toEqual(docTerms(v2[0] as never, v2[0]?.words ?? []));
    // A save after the upgrade gets a new seq.
    const fav = await store.saveArticle(article({ url: 'https://new.example.com/x' }));
    expect(seqs.has(fav.seq)).toBe(false);
    await store.close();
  });
});

describe('postings tails', () => {
  it('adds go to small tails; a tail past its share of the base, or a removal, joins the base', async () => {
    const store = freshStore();
    const db = await store.db();
    const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
    const seqs = async (store: 'terms' | 'tails', t: string) => {
      const p =
        store === 'terms'
          ? await db.get('terms', t)
          : unpackBucket(await db.get('tails', bucketOf(t))).get(t);
      return p ? [...p.d] : undefined;
    };
    const share = 4000 * TAIL_SHARE;
    expect(share).toBeGreaterThan(TAIL_MIN);
    const index = async (docs: { seq: number; w: string; ix: string }[]) => {
      const tx = db.transaction(['docs', 'terms', 'tails'], 'readwrite');
      await indexDocs(
        tx as never,
        docs.map((d) => ({ at: -d.seq, ...d })),
      );
      await tx.done;
    };
    await db.put('terms', { t: 'walrus', d: Uint32Array.from(range(1, 4000)) });
    await db.put(
      'tails',
      packBucket(
        'wa',
        new Map([['walrus', { d: Uint32Array.from(range(5001, share - 1)), n: 4000 }]]),
      ),
    );
    await db.put('terms', { t: 'gull', d: Uint32Array.from(range(1, 10_000)) });

    // One more for walrus: its tail is then exactly its share of the base, still a tail.
    await index([{ seq: 9000, w: 'walrus seal', ix: '' }]);
    expect(await seqs('tails', 'walrus')).toEqual([...range(5001, share - 1), 9000]);
    expect(await seqs('terms', 'walrus')).toEqual(range(1, 4000));
    expect(await seqs('tails', 'seal')).toEqual([9000]);
    expect(await seqs('terms', 'seal')).toBeUndefined();

    // 300 docs: gull's tail passes TAIL_MIN, its base (10 000) is read once and remembered;
    // walrus's tail passes its share and joins the base; "puffin" is new with 300 seqs: a base.
    const many = range(20_001, TAIL_MIN + 44).map((seq) => ({
      seq,
      w: 'gull walrus puffin',
      ix: '',
    }));
    await index(many);
    expect(await seqs('tails', 'gull')).toEqual(range(20_001, TAIL_MIN + 44));
    expect(unpackBucket(await db.get('tails', 'gu')).get('gull')?.n).toBe(10_000);
    expect(await seqs('terms', 'gull')).toEqual(range(1, 10_000));
    expect(await seqs('tails', 'walrus')).toBeUndefined();
    expect(await seqs('terms', 'walrus')).toEqual([
      ...range(1, 4000),
      ...range(5001, share - 1),
      9000,
      ...range(20_001, TAIL_MIN + 44),
    ]);
    // The bucket lost its only tail: it is gone.
    expect(await db.get('tails', 'wa')).toBeUndefined();
    expect(await seqs('tails', 'puffin')).toBeUndefined();
    expect(await seqs('terms', 'puffin')).toEqual(range(20_001, TAIL_MIN + 44));

    // Doc 20 001 loses "gull", held in the tail: the rest of the tail moves into the base.
    await index([{ seq: 20_001, w: 'walrus puffin', ix: 'gull walrus puffin' }]);
    expect(await seqs('tails', 'gull')).toBeUndefined();
    expect(await seqs('terms', 'gull')).toEqual([
      ...range(1, 10_000),
      ...range(20_002, TAIL_MIN + 43),
    ]);
    await store.close();
  });

  it('search reads base and tail together', async () => {
    const store = freshStore();
    const first = Array.from({ length: 30 }, (_, i) => ({
      url: `https://a.example.com/${i}`,
      title: `Tide ${i}`,
      savedAt: 1000 + i,
      read: false,
      tags: [],
      fetched: false,
    }));
    await importFavourites(store, first);
    await store.drain();
    // Move everything into bases, as an older database holds it, then add more into tails.
    const db = await store.db();
    const tails = await db.getAll('tails');
    const tx = db.transaction(['terms', 'tails'], 'readwrite');
    for (const bucket of tails) {
      for (const [t, tail] of unpackBucket(bucket)) {
        await tx.objectStore('terms').put({ t, d: tail.d });
      }
      await tx.objectStore('tails').delete(bucket.b);
    }
    await tx.done;
    await importFavourites(
      store,
      first.map((r, i) => ({ ...r, url: `https://b.example.com/${i}`, savedAt: 2000 + i })),
    );
    await store.drain();
    expect((await db.getAll('terms')).length).toBeGreaterThan(0);
    expect((await db.getAll('tails')).length).toBeGreaterThan(0);
    expect((await store.search('tide')).total).toBe(60);
    // Prefixes shorter than a bucket's two characters, and as long.
    expect((await store.search('t')).total).toBe(60);
    expect((await store.search('ti')).total).toBe(60);
    expect((await store.search('tide', { site: 'a.example.com' })).total).toBe(30);
    expect(titles(await store.search('tide 29'))).toEqual(['Tide 29', 'Tide 29']);
    expect(await postings(store)).toEqual(await expectedPostings(store));
    await store.close();
  });
});

describe('database upgrade v3 → v4', () => {
  it('keeps every record and its postings, and adds the tails store', async () => {
    const name = `test-v3-${Math.random()}`;
    const db = await openDB(name, 3, {
      upgrade(database) {
        const favs = database.createObjectStore('favourites', { keyPath: 'id' });
        favs.createIndex('savedAt', 'savedAt');
        favs.createIndex('site_savedAt', ['site', 'savedAt']);
        favs.createIndex('read_savedAt', ['read', 'savedAt']);
        favs.createIndex('site_read_savedAt', ['site', 'read', 'savedAt']);
        favs.createIndex('seq', 'seq', { unique: true });
        database.createObjectStore('copies', { keyPath: 'id' });
        database.createObjectStore('docs', { keyPath: ['at', 'seq'] });
        database.createObjectStore('terms', { keyPath: 't' });
        database.createObjectStore('meta', { keyPath: 'k' });
      },
    });
    const stats = emptyStats();
    const tx = db.transaction(['favourites', 'copies', 'docs', 'terms', 'meta'], 'readwrite');
    const postingsV3 = new Map<string, number[]>();
    for (let i = 0; i < 12; i++) {
      const fav = {
        id: `https://v3.example.com/${i}`,
        url: `https://v3.example.com/${i}`,
        normalizedUrl: `https://v3.example.com/${i}`,
        title: `Kept ${i}`,
        site: 'v3.example.com',
        wordCount: 2,
        savedAt: 500 + i,
        updatedAt: 500 + i,
        read: (i % 2) as 0 | 1,
        tags: [],
        fetched: true,
        seq: i + 1,
      };
      stats.seq = fav.seq;
      stats.total++;
      stats.read += fav.read;
      const w = docTerms(fav, wordsFor(fav, `puffin${i} colony`));
      for (const t of w) postingsV3.set(t, [...(postingsV3.get(t) ?? []), fav.seq]);
      await tx.objectStore('favourites').put(fav);
      await tx
        .objectStore('copies')
        .put({ id: fav.id, html: `<p>puffin${i}</p>`, text: `puffin${i}` });
      await tx.objectStore('docs').put({ at: -fav.savedAt, seq: fav.seq, w: w.join(' ') });
    }
    stats.sites['v3.example.com'] = [12, 6];
    for (const [t, seqs] of postingsV3) {
      await tx.objectStore('terms').put({ t, d: Uint32Array.from(seqs) });
    }
    await tx.objectStore('meta').put(stats);
    await tx.done;
    db.close();

    const store = createFavouritesStore(name);
    const upgraded = await store.db();
    expect(upgraded.version).toBe(DB_VERSION);
    expect([...upgraded.objectStoreNames]).toContain('tails');
    expect(await store.count()).toBe(12);
    expect(await store.count({ read: true })).toBe(6);
    // v4 lists a filter from the postings; the v3 filter indexes are gone.
    expect([...upgraded.transaction('favourites').store.indexNames].sort()).toEqual([
      'savedAt',
      'seq',
    ]);
    expect((await store.listPage({ read: true, limit: 3 })).map((f) => f.title)).toEqual([
      'Kept 11',
      'Kept 9',
      'Kept 7',
    ]);
    for (let i = 0; i < 12; i++) {
      expect((await store.getFavourite(`https://v3.example.com/${i}`))?.title).toBe(`Kept ${i}`);
      expect((await store.getCopy(`https://v3.example.com/${i}`))?.text).toBe(`puffin${i}`);
    }
    expect(titles(await store.search('puffin7'))).toEqual(['Kept 7']);
    expect((await store.search('colony')).total).toBe(12);
    // New saves land in the tails; search sees old and new together.
    await store.saveArticle(article({ url: 'https://new.example.com/p', textContent: 'colony' }));
    await store.drain();
    expect((await store.search('colony')).total).toBe(13);
    expect(await postings(store)).toEqual(await expectedPostings(store));
    await store.close();
  });
});

describe('tail buckets', () => {
  it('pack into two arrays and unpack to the same tails', () => {
    const tails = new Map([
      ['seal', { d: Uint32Array.from([4, 9]) }],
      ['sea', { d: Uint32Array.from([1]), n: 12_000 }],
      ['seaweed', { d: Uint32Array.from([2, 3, 5]), n: 0 }],
    ]);
    const bucket = packBucket('se', tails);
    expect(bucket.t).toEqual(['seal', 'sea', 'seaweed']);
    expect([...bucket.s]).toEqual([4, 9, 1, 2, 3, 5]);
    const back = unpackBucket(bucket);
    expect([...back.keys()]).toEqual(['seal', 'sea', 'seaweed']);
    expect([...(back.get('seaweed')?.d ?? [])]).toEqual([2, 3, 5]);
    expect(back.get('seal')?.n).toBeUndefined();
    expect(back.get('sea')?.n).toBe(12_000);
    expect(back.get('seaweed')?.n).toBe(0);
    expect(unpackBucket(undefined).size).toBe(0);
  });
});

describe('applyChanges', () => {
  it('merges sorted, drops duplicates and removed seqs', () => {
    const list = Uint32Array.from([2, 5, 9]);
    expect([...applyChanges(list, [7, 1, 9, 7, 12], [5])]).toEqual([1, 2, 7, 9, 12]);
    expect([...applyChanges(list, [], [2, 5, 9])]).toEqual([]);
    expect([...applyChanges(new Uint32Array(0), [3, 3, 1], [])]).toEqual([1, 3]);
  });
});

describe('search order at size', () => {
  it('picks the newest matches across key batches, and fetches few matches directly', async () => {
    const store = freshStore();
    // 2 500 favourites; every 7th holds "rare", every one "common".
    const rows: FavouriteInput[] = Array.from({ length: 2500 }, (_, i) => ({
      url: `https://bulk.example.com/${i}`,
      title: `Item ${i}`,
      savedAt: 10_000 + ((i * 7919) % 2500), // saved in a shuffled order
      read: i % 3 === 0,
      tags: [],
      fetched: true,
      offline: { html: '<p>x</p>', text: i % 7 === 0 ? 'common rare' : 'common' },
    }));
    await importFavourites(store, rows);
    const newest = (pred: (i: number) => boolean, n: number, skip = 0) =>
      rows
        .map((r, i) => ({ r, i }))
        .filter(({ i }) => pred(i))
        .sort((a, b) => b.r.savedAt - a.r.savedAt)
        .slice(skip, skip + n)
        .map(({ r }) => r.title);
    // The list filtered by read state, a page deep: many matches, picked past the offset.
    const unread = await store.listPage({ read: false, offset: 900, limit: 30 });
    expect(unread.map((f) => f.title)).toEqual(newest((i) => i % 3 !== 0, 30, 900));
    // Filtered by read state and site, a few items in.
    const fewRead = await store.listPage({
      site: 'bulk.example.com',
      read: true,
      offset: 5,
      limit: 10,
    });
    expect(fewRead.map((f) => f.title)).toEqual(newest((i) => i % 3 === 0, 10, 5));
    const common = await store.search('common', { limit: 100 });
    expect(common.total).toBe(2500);
    expect(titles(common)).toEqual(newest(() => true, 100));
    const rare = await store.search('rare', { limit: 100 });
    expect(rare.total).toBe(358);
    expect(titles(rare)).toEqual(newest((i) => i % 7 === 0, 100));
    const one = await store.search('item 1234');
    expect(titles(one)).toEqual(['Item 1234']);
    await store.close();
  });
});
