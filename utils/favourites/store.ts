/**
 * The favourites store: every read and write of favourites goes through here.
 * Each write is one IndexedDB transaction over `favourites` and `copies`, so a save either
 * lands whole or not at all (a killed service worker aborts it; the caller sees the error).
 */

import type { IDBPTransaction } from 'idb';
import type { Article } from '../article/types';
import { DB_NAME, type FavDb, type FavouritesDB, openFavouritesDb, wordsFor } from './db';
import { StoreError, toStoreError } from './errors';
import { filterRange, searchFavourites } from './search';
import { cleanTags } from './text';
import type {
  Favourite,
  FavouriteCopy,
  ListQuery,
  RemovedFavourite,
  SearchQuery,
  SearchResult,
  SiteCount,
} from './types';
import { normalizeUrl, siteOf } from './url';

export { StoreError } from './errors';
export { validateArticleInput } from './validate';

export interface SaveOptions {
  tags?: string[];
  read?: boolean;
  /** Clock, for tests. */
  now?: number;
}

export type WriteTx = IDBPTransaction<FavouritesDB, ('favourites' | 'copies')[], 'readwrite'>;

export interface FavouritesStore {
  saveArticle(article: Article, opts?: SaveOptions): Promise<Favourite>;
  saveLink(url: string, title: string, opts?: SaveOptions): Promise<Favourite>;
  removeFavourite(id: string): Promise<RemovedFavourite | null>;
  restoreFavourite(removed: RemovedFavourite): Promise<void>;
  markRead(id: string, read: boolean): Promise<Favourite | null>;
  getFavourite(id: string): Promise<Favourite | null>;
  getCopy(id: string): Promise<FavouriteCopy | null>;
  /** The id a URL would be saved under, or null when it cannot be saved. */
  idFor(url: string, canonical?: string): string | null;
  isSaved(url: string, canonical?: string): Promise<boolean>;
  count(filter?: { site?: string; read?: boolean }): Promise<number>;
  listPage(query?: ListQuery): Promise<Favourite[]>;
  search(query: string, opts?: SearchQuery): Promise<SearchResult>;
  listSites(): Promise<SiteCount[]>;
  /** Runs `fn` in one read-write transaction over both stores; all or nothing. */
  write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T>;
  db(): Promise<FavDb>;
  close(): Promise<void>;
}

/** A favourite record built from an article (pure). */
export function favouriteFromArticle(
  article: Article,
  id: string,
  existing: Favourite | undefined,
  opts: SaveOptions,
  now: number,
): Favourite {
  const tags = opts.tags ? cleanTags(opts.tags) : (existing?.tags ?? []);
  const base = {
    id,
    url: article.url,
    normalizedUrl: id,
    title: article.title,
    site: siteOf(id) || siteOf(article.url),
    siteName: article.siteName,
    byline: article.byline,
    publishedTime: article.publishedTime,
    excerpt: article.excerpt,
    leadImage: article.leadImage,
    lang: article.lang,
    dir: article.dir,
    wordCount: article.wordCount,
    readingMinutes: article.readingMinutes,
    savedAt: existing?.savedAt ?? now,
    updatedAt: now,
    read: (opts.read === undefined ? (existing?.read ?? 0) : opts.read ? 1 : 0) as 0 | 1,
    tags,
    fetched: true,
  };
  return { ...base, words: wordsFor(base, article.textContent) };
}

export function createFavouritesStore(name = DB_NAME): FavouritesStore {
  let opening: Promise<FavDb> | null = null;

  function db(): Promise<FavDb> {
    if (!opening) {
      opening = openFavouritesDb(name, () => {
        opening = null;
      });
      opening.catch(() => {
        opening = null;
      });
    }
    return opening;
  }

  async function transaction(): Promise<WriteTx> {
    try {
      return (await db()).transaction(['favourites', 'copies'], 'readwrite');
    } catch (error) {
      // The connection was closed (upgrade elsewhere, browser shutdown): open it again once.
      if ((error as { name?: string })?.name !== 'InvalidStateError') throw error;
      opening = null;
      return (await db()).transaction(['favourites', 'copies'], 'readwrite');
    }
  }

  async function write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
    let tx: WriteTx;
    try {
      tx = await transaction();
    } catch (error) {
      throw toStoreError(error);
    }
    const done = tx.done;
    done.catch(() => {});
    try {
      const result = await fn(tx);
      await done;
      return result;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // already finished or aborted
      }
      throw toStoreError(error ?? tx.error);
    }
  }

  async function saveArticle(article: Article, opts: SaveOptions = {}): Promise<Favourite> {
    const id = normalizeUrl(article.url, article.canonicalUrl);
    if (!id) throw new StoreError('invalid');
    const now = opts.now ?? Date.now();
    return write(async (tx) => {
      const favourites = tx.objectStore('favourites');
      const existing = await favourites.get(id);
      const record = favouriteFromArticle(article, id, existing, opts, now);
      await favourites.put(record);
      await tx.objectStore('copies').put({
        id,
        html: article.contentHtml,
        text: article.textContent,
      });
      return record;
    });
  }

  async function saveLink(url: string, title: string, opts: SaveOptions = {}) {
    const id = normalizeUrl(url);
    if (!id) throw new StoreError('invalid');
    const now = opts.now ?? Date.now();
    return write(async (tx) => {
      const favourites = tx.objectStore('favourites');
      const existing = await favourites.get(id);
      // Already saved (perhaps with its offline copy): keep it as it is.
      if (existing) return existing;
      const base = {
        id,
        url: url.trim(),
        normalizedUrl: id,
        title: title.trim() || url.trim(),
        site: siteOf(id),
        wordCount: 0,
        savedAt: now,
        updatedAt: now,
        read: (opts.read ? 1 : 0) as 0 | 1,
        tags: cleanTags(opts.tags ?? []),
        fetched: false,
      };
      const record: Favourite = { ...base, words: wordsFor(base) };
      await favourites.put(record);
      return record;
    });
  }

  function removeFavourite(id: string): Promise<RemovedFavourite | null> {
    return write(async (tx) => {
      const favourite = await tx.objectStore('favourites').get(id);
      if (!favourite) return null;
      const copy = await tx.objectStore('copies').get(id);
      await tx.objectStore('favourites').delete(id);
      await tx.objectStore('copies').delete(id);
      return copy ? { favourite, copy } : { favourite };
    });
  }

  function restoreFavourite(removed: RemovedFavourite): Promise<void> {
    return write(async (tx) => {
      await tx.objectStore('favourites').put(removed.favourite);
      if (removed.copy) await tx.objectStore('copies').put(removed.copy);
    });
  }

  function markRead(id: string, read: boolean): Promise<Favourite | null> {
    return write(async (tx) => {
      const favourites = tx.objectStore('favourites');
      const existing = await favourites.get(id);
      if (!existing) return null;
      const record: Favourite = { ...existing, read: read ? 1 : 0 };
      if (existing.read !== record.read) await favourites.put(record);
      return record;
    });
  }

  async function getFavourite(id: string) {
    return (await (await db()).get('favourites', id)) ?? null;
  }

  async function getCopy(id: string) {
    return (await (await db()).get('copies', id)) ?? null;
  }

  function idFor(url: string, canonical?: string) {
    return normalizeUrl(url, canonical);
  }

  async function isSaved(url: string, canonical?: string) {
    const id = normalizeUrl(url, canonical);
    if (!id) return false;
    return (await (await db()).getKey('favourites', id)) !== undefined;
  }

  async function count(filter: { site?: string; read?: boolean } = {}) {
    const { index, range } = filterRange(filter.site, filter.read);
    return (await db()).countFromIndex('favourites', index, range ?? undefined);
  }

  async function listPage(query: ListQuery = {}): Promise<Favourite[]> {
    const offset = Math.max(0, Math.floor(query.offset ?? 0));
    const limit = Math.max(0, Math.floor(query.limit ?? 30));
    if (limit === 0) return [];
    const { index, range } = filterRange(query.site, query.read);
    const tx = (await db()).transaction('favourites');
    let cursor = await tx.store.index(index).openCursor(range, 'prev');
    if (cursor && offset > 0) cursor = await cursor.advance(offset);
    const out: Favourite[] = [];
    while (cursor && out.length < limit) {
      out.push(cursor.value);
      cursor = await cursor.continue();
    }
    return out;
  }

  async function search(query: string, opts: SearchQuery = {}): Promise<SearchResult> {
    if (!query.trim()) {
      const limit = opts.limit ?? 200;
      const [items, total] = await Promise.all([listPage({ ...opts, limit }), count(opts)]);
      return { items, total };
    }
    return searchFavourites(await db(), query, opts);
  }

  async function listSites(): Promise<SiteCount[]> {
    const tx = (await db()).transaction('favourites');
    const index = tx.store.index('site');
    const out: SiteCount[] = [];
    let cursor = await index.openKeyCursor(null, 'nextunique');
    while (cursor) {
      out.push({ site: cursor.key, count: await index.count(cursor.key) });
      cursor = await cursor.continue();
    }
    return out.sort((a, b) => b.count - a.count || a.site.localeCompare(b.site));
  }

  async function close() {
    const current = opening;
    opening = null;
    if (current) (await current.catch(() => null))?.close();
  }

  return {
    saveArticle,
    saveLink,
    removeFavourite,
    restoreFavourite,
    markRead,
    getFavourite,
    getCopy,
    idFor,
    isSaved,
    count,
    listPage,
    search,
    listSites,
    write,
    db,
    close,
  };
}

/** The extension's store (opened lazily on first use). */
export const favouritesStore: FavouritesStore = createFavouritesStore();

export const {
  saveArticle,
  saveLink,
  removeFavourite,
  restoreFavourite,
  markRead,
  getFavourite,
  getCopy,
  isSaved,
  count,
  listPage,
  search,
  listSites,
} = favouritesStore;
