/**
 * The favourites database (IndexedDB through idb), opened only by the background and by
 * extension pages: it lives in the extension's origin.
 *
 * Version history:
 * - v1: one store `favourites` (keyPath `id`), everything inline: metadata plus `html`
 *   and `text`, `read` a boolean, one index `savedAt`.
 * - v2 (current): `favourites` holds metadata only, with `read` 0/1, `site`, `fetched` and
 *   `words` (folded unique tokens); the offline copy moved to store `copies` (id → html, text)
 *   so listing never loads article bodies. Indexes on `favourites`:
 *   `savedAt`; `site`; `site_savedAt` [site, savedAt]; `read_savedAt` [read, savedAt];
 *   `site_read_savedAt` [site, read, savedAt]; `words` (multiEntry, for prefix search).
 */
import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB } from 'idb';
import type { Favourite, FavouriteCopy } from './types';
import { siteOf } from './url';
import { uniqueWords } from './words';

export const DB_NAME = 'broadsheet-favourites';
export const DB_VERSION = 2;

export interface FavouritesDB extends DBSchema {
  favourites: {
    key: string;
    value: Favourite;
    indexes: {
      savedAt: number;
      site: string;
      site_savedAt: [string, number];
      read_savedAt: [number, number];
      site_read_savedAt: [string, number, number];
      words: string;
    };
  };
  copies: { key: string; value: FavouriteCopy };
}

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

/** v1 → v2 upgrade of one record: split the copy out, add the new fields. Pure. */
export function upgradeRecordV1(old: FavouriteV1): { favourite: Favourite; copy?: FavouriteCopy } {
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
  const favourite: Favourite = { ...base, words: wordsFor(base, text) };
  const copy = html || text ? { id: old.id, html: html ?? '', text: text ?? '' } : undefined;
  return { favourite, copy };
}

type UpgradeTx = IDBPTransaction<FavouritesDB, ('favourites' | 'copies')[], 'versionchange'>;

async function upgradeToV2(db: FavDb, tx: UpgradeTx): Promise<void> {
  const copies = db.createObjectStore('copies', { keyPath: 'id' });
  const store = tx.objectStore('favourites');
  let cursor = await store.openCursor();
  while (cursor) {
    const { favourite, copy } = upgradeRecordV1(cursor.value as unknown as FavouriteV1);
    if (copy) await copies.put(copy);
    await cursor.update(favourite);
    cursor = await cursor.continue();
  }
  store.createIndex('site', 'site');
  store.createIndex('site_savedAt', ['site', 'savedAt']);
  store.createIndex('read_savedAt', ['read', 'savedAt']);
  store.createIndex('site_read_savedAt', ['site', 'read', 'savedAt']);
  store.createIndex('words', 'words', { multiEntry: true });
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
