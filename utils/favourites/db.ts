/**
 * The favourites database (IndexedDB through idb), opened only by the background and by
 * extension pages: it lives in the extension's origin.
 *
 * Version history:
 * - v1: one store `favourites` (keyPath `id`), everything inline: metadata plus `html`
 *   and `text`, `read` a boolean, one index `savedAt`.
 * - v2: `favourites` held metadata only, with `read` 0/1, `site`, `fetched` and `words` (folded
 *   unique tokens, a multiEntry index); the offline copy moved to store `copies` (id → html,
 *   text) so listing never loads article bodies.
 * - v3: the words left the favourite records. Each favourite has a `seq` number;
 *   `docs` holds each one's search terms ([-savedAt, seq] → terms, so its keys are the
 *   newest-first order), `terms` the postings (term → seqs) that search reads, and `meta` the
 *   counts (total, read, per site) that the popup shows without walking the store, and the
 *   list of docs whose postings are behind. A save lists its doc there; the postings catch up
 *   in a later transaction (see postings.ts), and search reads those docs directly meanwhile,
 *   so a save never waits for hundreds of postings.
 *   Indexes on `favourites`: `savedAt`; `site_savedAt`; `read_savedAt`;
 *   `site_read_savedAt`; `seq` (unique).
 * - v4: the postings gained `tails` (each term's newest seqs, the terms that start
 *   with the same two characters in one record), so adding favourites writes a few small
 *   records rather than every term's whole list; the v3 postings stay valid as bases. The
 *   filter indexes went: a site or read filter is read from the postings. Indexes on
 *   `favourites`: `savedAt`, `seq` (unique).
 * - v5: store `images` holds each offline copy's images as blobs, keyed
 *   [favourite id, image URL] (the URL as the copy's HTML has it), index `fav` (favourite id);
 *   a copy may say which images were left out (`FavouriteCopy.images`). Nothing else changes:
 *   the upgrade only adds the store.
 * - v6: store `highlights` (keyPath `id`) holds the reader's highlights and notes, each
 *   anchored by the quoted text with some text before and after it and its position in the
 *   article's text (W3C Web Annotation TextQuoteSelector and TextPositionSelector), indexes
 *   `fav` (favourite id) and `at` (when made, for the newest-first Highlights view). A
 *   favourite may say it is archived (`archived`, `archivedAt`): absent is "not archived", so
 *   no record is rewritten. The upgrade only adds the store.
 * - v7 (current): the archived state and the tags are filters read from the postings, like the
 *   site and read state: each doc gains the terms `\u0001a<0|1>` and `\u0001t<tag key>` (tag
 *   keys fold case and accents, see tags.ts), and the counts gain `archived` and `tags` (key →
 *   [first spelling, count]) for the tag list. Filter terms' tails get buckets of their own
 *   (their kind and a hash, see postings.ts bucketOf). The upgrade reindexes every doc
 *   in the upgrade transaction (postings that were behind are brought up to date first);
 *   favourites and copies are not rewritten.
 */
import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB } from 'idb';
import {
  countFavourite,
  countTags,
  type DocKey,
  type DocRecord,
  docKey,
  docTerms,
  docWords,
  drainDirty,
  emptyStats,
  indexDocs,
  type Posting,
  rebucketFilterTails,
  type Stats,
  statsKey,
  type TailBucket,
} from './postings';
import type { Favourite, FavouriteCopy, Highlight, StoredImage } from './types';
import { siteOf } from './url';
import { uniqueWords } from './words';

export const DB_NAME = 'broadsheet-favourites';
export const DB_VERSION = 7;

export interface FavouritesDB extends DBSchema {
  favourites: {
    key: string;
    value: Favourite;
    indexes: {
      savedAt: number;
      seq: number;
    };
  };
  copies: { key: string; value: FavouriteCopy };
  docs: { key: DocKey; value: DocRecord };
  terms: { key: string; value: Posting };
  tails: { key: string; value: TailBucket };
  meta: { key: string; value: Stats };
  images: { key: [string, string]; value: StoredImage; indexes: { fav: string } };
  highlights: { key: string; value: Highlight; indexes: { fav: string; at: number } };
}

export type StoreName =
  | 'favourites'
  | 'copies'
  | 'docs'
  | 'terms'
  | 'tails'
  | 'meta'
  | 'images'
  | 'highlights';
export const ALL_STORES: StoreName[] = [
  'favourites',
  'copies',
  'docs',
  'terms',
  'tails',
  'meta',
  'images',
  'highlights',
];
export type FavDb = IDBPDatabase<FavouritesDB>;

/** The words a favourite is found by: title, site, author, tags and offline text. */
export function wordsFor(
  fav: Pick<Favourite, 'title' | 'site' | 'siteName' | 'byline' | 'tags'>,
  text?: string,
): string[] {
  return uniqueWords(fav.title, fav.siteName, fav.site, fav.byline, fav.tags.join(' '), text);
}

/** A v1 record, as the first release wrote it. */
interface FavouriteV1 {
  id: string;
  url: string;
  title: string;
  siteName?: string;
  byline?: string;
  publishedTime?: string;
  excerpt?: string;
  leadImage?: string;
  lang?: string;
  dir?: 'ltr' | 'rtl';
  wordCount?: number;
  savedAt: number;
  updatedAt?: number;
  read?: boolean;
  tags?: string[];
  html?: string;
  text?: string;
}

/** A v2 record: a favourite with its words inline and no `seq`. */
export type FavouriteV2 = Omit<Favourite, 'seq'> & { words: string[] };

/** v1 → v2 upgrade of one record: split the copy out, add the new fields. Pure. */
export function upgradeRecordV1(old: FavouriteV1): {
  favourite: FavouriteV2;
  copy?: FavouriteCopy;
} {
  const { html, text, ...meta } = old;
  const tags = Array.isArray(meta.tags) ? meta.tags.filter((t) => typeof t === 'string') : [];
  const base = {
    ...meta,
    normalizedUrl: old.id,
    site: siteOf(old.url) || siteOf(old.id),
    wordCount: meta.wordCount ?? 0,
    updatedAt: meta.updatedAt ?? meta.savedAt,
    read: (old.read ? 1 : 0) as 0 | 1,
    tags,
    fetched: Boolean(html || text),
  };
  const favourite: FavouriteV2 = { ...base, words: wordsFor(base, text) };
  const copy = html || text ? { id: old.id, html: html ?? '', text: text ?? '' } : undefined;
  return { favourite, copy };
}

type UpgradeTx = IDBPTransaction<FavouritesDB, StoreName[], 'versionchange'>;

async function upgradeToV2(db: FavDb, tx: UpgradeTx): Promise<void> {
  const copies = db.createObjectStore('copies', { keyPath: 'id' });
  const store = tx.objectStore('favourites');
  let cursor = await store.openCursor();
  while (cursor) {
    const { favourite, copy } = upgradeRecordV1(cursor.value as unknown as FavouriteV1);
    if (copy) await copies.put(copy);
    await cursor.update(favourite as unknown as Favourite);
    cursor = await cursor.continue();
  }
  (store as unknown as IDBObjectStore).createIndex('site', 'site');
  // v2's filter indexes, as v2 made them; v4 drops them again.
  const raw = store as unknown as IDBObjectStore;
  raw.createIndex('site_savedAt', ['site', 'savedAt']);
  raw.createIndex('read_savedAt', ['read', 'savedAt']);
  raw.createIndex('site_read_savedAt', ['site', 'read', 'savedAt']);
  // v2's multiEntry index, as v2 made it; v3 drops it again.
  (store as unknown as IDBObjectStore).createIndex('words', 'words', { multiEntry: true });
}

/**
 * v2 → v3: every favourite gets a `seq`, its words move to `docs`, the counts to `meta`, and
 * the postings are built, all inside the upgrade transaction: it lands whole or not at all.
 */
async function upgradeToV3(db: FavDb, tx: UpgradeTx): Promise<void> {
  db.createObjectStore('docs', { keyPath: ['at', 'seq'] });
  db.createObjectStore('terms', { keyPath: 't' });
  // indexDocs (below) writes the postings' tails, a v4 store: it must exist first.
  if (!db.objectStoreNames.contains('tails')) db.createObjectStore('tails', { keyPath: 'b' });
  db.createObjectStore('meta', { keyPath: 'k' });
  const store = tx.objectStore('favourites');
  const stats = emptyStats();
  const list: DocRecord[] = [];
  let cursor = await store.openCursor();
  while (cursor) {
    const { words = [], ...rest } = cursor.value as unknown as FavouriteV2;
    const fav: Favourite = { ...rest, seq: ++stats.seq };
    countFavourite(stats, fav, 1);
    list.push({ at: -fav.savedAt, seq: fav.seq, w: docTerms(fav, words).join(' '), ix: '' });
    await cursor.update(fav);
    cursor = await cursor.continue();
  }
  (store as unknown as IDBObjectStore).deleteIndex('words');
  // Sites are counted in `meta` now; the index would only cost every write.
  (store as unknown as IDBObjectStore).deleteIndex('site');
  store.createIndex('seq', 'seq', { unique: true });
  await tx.objectStore('meta').put(stats);
  await indexDocs(tx as never, list);
}

/**
 * v3 → v4: the postings' tails (empty: every v3 posting is a base), and the three filter
 * indexes go (a site or read filter is read from the postings): together they were three more
 * entries to write with every favourite.
 */
function upgradeToV4(db: FavDb, tx: UpgradeTx): void {
  if (!db.objectStoreNames.contains('tails')) db.createObjectStore('tails', { keyPath: 'b' });
  const store = tx.objectStore('favourites') as unknown as IDBObjectStore;
  for (const index of ['site_savedAt', 'read_savedAt', 'site_read_savedAt']) {
    if (store.indexNames.contains(index)) store.deleteIndex(index);
  }
}

/** v4 → v5: the images store; every favourite, copy and index entry stays as it is. */
function upgradeToV5(db: FavDb): void {
  if (db.objectStoreNames.contains('images')) return;
  const images = db.createObjectStore('images', { keyPath: ['fav', 'url'] });
  images.createIndex('fav', 'fav');
}

/** v5 → v6: the highlights store; every favourite, copy, image and index entry stays. */
function upgradeToV6(db: FavDb): void {
  if (db.objectStoreNames.contains('highlights')) return;
  const highlights = db.createObjectStore('highlights', { keyPath: 'id' });
  highlights.createIndex('fav', 'fav');
  highlights.createIndex('at', 'at');
}

/**
 * v6 → v7: every doc gets its archived and tag terms, and the counts their archived and tag
 * counts, in the upgrade transaction (all or nothing).
 */
async function upgradeToV7(tx: UpgradeTx): Promise<void> {
  await rebucketFilterTails(tx as never);
  await drainDirty(tx as never);
  const meta = tx.objectStore('meta');
  const stats = (await meta.get(statsKey)) ?? emptyStats();
  stats.archived = 0;
  stats.tags = {};
  const docs = tx.objectStore('docs');
  const list: DocRecord[] = [];
  // Oldest first: a tag's first spelling is the one it was first saved with.
  let cursor = await tx.objectStore('favourites').index('savedAt').openCursor();
  while (cursor) {
    const fav = cursor.value;
    if (fav.archived) stats.archived++;
    countTags(stats, fav.tags ?? [], 1);
    const [at, seq] = docKey(fav);
    const doc = await docs.get([at, seq]);
    if (doc) {
      const w = docTerms(fav, docWords(doc.w)).join(' ');
      if (w !== doc.w) list.push({ at, seq, w, ix: doc.w });
    }
    cursor = await cursor.continue();
  }
  await indexDocs(tx as never, list);
  await meta.put({ ...stats, dirty: [] });
}

/**
 * Opens (creating or upgrading) the favourites database. Another tab asking for a newer
 * version makes this connection close itself, so upgrades are never blocked for long.
 */
export function openFavouritesDb(name = DB_NAME, onClose?: () => void): Promise<FavDb> {
  return openDB<FavouritesDB>(name, DB_VERSION, {
    async upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        const store = db.createObjectStore('favourites', { keyPath: 'id' });
        store.createIndex('savedAt', 'savedAt');
      }
      if (oldVersion < 2) await upgradeToV2(db, tx);
      if (oldVersion < 3) await upgradeToV3(db, tx);
      if (oldVersion < 4) upgradeToV4(db, tx);
      if (oldVersion < 5) upgradeToV5(db);
      if (oldVersion < 6) upgradeToV6(db);
      if (oldVersion >= 3 && oldVersion < 7) await upgradeToV7(tx);
    },
    terminated() {
      onClose?.();
    },
  }).then((db) => {
    db.addEventListener('versionchange', () => {
      db.close();
      onClose?.();
    });
    return db;
  });
}
