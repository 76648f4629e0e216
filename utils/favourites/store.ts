/**
 * The favourites store: every read and write of favourites goes through here.
 * Each write is one IndexedDB transaction over `favourites` and `copies`, so a save either
 * lands whole or not at all (a killed service worker aborts it; the caller sees the error).
 */

import type { IDBPTransaction } from 'idb';
import type { Article } from '../article/types';
import { announceChange } from './changes';
import {
  ALL_STORES,
  DB_NAME,
  type FavDb,
  type FavouritesDB,
  openFavouritesDb,
  type StoreName,
  wordsFor,
} from './db';
import { StoreError, toStoreError } from './errors';
import { countHighlights } from './highlight-counts';
import {
  countFavourite,
  countFrom,
  type DocKey,
  type DocRecord,
  docKey,
  docTerms,
  docWords,
  drainDirty,
  emptyStats,
  indexDocs,
  indexedTerms,
  type Stats,
  statsKey,
} from './postings';
import { matchIn, matchingSeqs, searchFavourites, warmSearch } from './search';
import { makeSnippet } from './snippet';
import {
  hasTag,
  normaliseTag,
  normaliseTags,
  type TagCount,
  tagKey,
  withoutTag,
  withTag,
} from './tags';
import { cleanTags } from './text';
import type {
  Favourite,
  FavouriteCopy,
  FavouriteFilter,
  Highlight,
  ImageReport,
  ListQuery,
  RemovedFavourite,
  SearchQuery,
  SearchResult,
  SiteCount,
  Snippet,
  SortOrder,
  StoredImage,
} from './types';
import { normalizeUrl, siteOf } from './url';
import { foldText, MAX_WORDS_PER_RECORD, tokenize } from './words';

export { StoreError } from './errors';
export { validateArticleInput } from './validate';

export interface SaveOptions {
  tags?: string[];
  read?: boolean;
  /** Clock, for tests. */
  now?: number;
}

export type WriteTx = IDBPTransaction<FavouritesDB, StoreName[], 'readwrite'>;

/** A favourite about to be written: the store hands out its `seq` when it is new. */
export type FavouriteDraft = Omit<Favourite, 'seq'> & { seq?: number };

export interface PutOptions {
  /** The offline copy, written with it. */
  copy?: FavouriteCopy;
  /** The body text to index. Without it (and without `words`), the body words indexed so far stay. */
  text?: string;
  /** The words to index, as they are (Undo gives back what Remove took). */
  words?: string[];
  /** Its images, written with it (Undo gives back what Remove took). */
  images?: StoredImage[];
  /** Its highlights, written with it (Undo gives back what Remove took). */
  highlights?: Highlight[];
}

/**
 * Writes inside one transaction (`FavouritesStore.write`): every change to favourites goes
 * through `put` and `remove`, which keep the search index and the counts in step.
 */
export interface Writer {
  tx: WriteTx;
  put(record: FavouriteDraft, existing?: Favourite, opts?: PutOptions): Promise<Favourite>;
  remove(existing: Favourite): Promise<RemovedFavourite>;
  /** Deletes every favourite, copy and index entry. */
  clear(): Promise<void>;
  /** The counts as this transaction will write them (changes are written with it). */
  counts(): Promise<Stats>;
}

/** A library query: a list (filtered, sorted) or, with `text`, a search. */
export interface LibraryQuery extends ListQuery {
  text?: string;
}

/** What a bulk change hands back, so Undo can put every record back as it was. */
export interface BulkChange {
  /** The records as they were before, for `undoChange`. */
  before: Favourite[];
  /** How many changed. */
  changed: number;
}

/** Reading this far (of the article's height) counts as having read it. */
export const READ_AT = 0.98;

/** The popup's list (not archived) is walked from the newest up to this far, then read from the postings. */
const WALK_UP_TO = 300;

/** A list page ending this far down (newest first, no filter) is read in two requests. */
const READ_NEWEST_UP_TO = 1000;

/**
 * A bulk change of this many favourites, when they are at least READ_ALL_SHARE of all, reads
 * them all in one request; fewer, one request each. In Chromium one `getAll` of 10 000
 * favourites costs several times 1 000 `get`s (each record read is cloned whether wanted or not).
 */
const READ_ALL_FOR = 300;
const READ_ALL_SHARE = 1 / 2;

/** More docs than this changed in one transaction: their postings are written in it too. */
const DRAIN_IN_TX_ABOVE = 32;

export interface FavouritesStore {
  saveArticle(article: Article, opts?: SaveOptions): Promise<Favourite>;
  saveLink(url: string, title: string, opts?: SaveOptions): Promise<Favourite>;
  removeFavourite(id: string): Promise<RemovedFavourite | null>;
  restoreFavourite(removed: RemovedFavourite): Promise<void>;
  markRead(id: string, read: boolean): Promise<Favourite | null>;
  /** Remembers how far reading got (0 to 1); reaching the end marks the favourite read. */
  setProgress(id: string, progress: number): Promise<Favourite | null>;
  getFavourite(id: string): Promise<Favourite | null>;
  getCopy(id: string): Promise<FavouriteCopy | null>;
  /** The stored images of favourite `id`. */
  getImages(id: string): Promise<StoredImage[]>;
  /**
   * Stores the images of favourite `id`'s copy, in a transaction of their own (the copy was
   * written first), replacing those stored before, and writes `report` on the copy. Nothing
   * is written when the favourite or its copy is gone, or the copy's HTML is no longer `html`
   * (saved again meanwhile). Returns whether it wrote. A quota error is thrown as StoreError.
   */
  putImages(
    id: string,
    html: string,
    images: StoredImage[],
    report: Omit<ImageReport, 'stored' | 'bytes'>,
  ): Promise<boolean>;
  /** Bytes of all stored images, and how many there are. */
  imageUsage(): Promise<{ count: number; bytes: number }>;
  /** The id a URL would be saved under, or null when it cannot be saved. */
  idFor(url: string, canonical?: string): string | null;
  isSaved(url: string, canonical?: string): Promise<boolean>;
  count(filter?: FavouriteFilter): Promise<number>;
  listPage(query?: ListQuery): Promise<Favourite[]>;
  /** The library's list: filtered, sorted by date saved, title or site, or searched. */
  library(query: LibraryQuery): Promise<SearchResult>;
  /** For each of `ids`, the text around the first match of `query` in its offline copy. */
  snippets(ids: string[], query: string): Promise<Snippet[]>;
  /** How many highlights each of `ids` has on this device (absent: none). */
  highlightCounts(ids: string[]): Promise<Map<string, number>>;
  /** Sets the tags of favourite `id` (cleaned: see tags.ts); null when it is gone. */
  setTags(id: string, tags: string[]): Promise<Favourite | null>;
  /** Every tag with how many favourites carry it, by name (A to Z). */
  listTags(): Promise<TagCount[]>;
  /** Adds `tag` to each of `ids`, in one transaction. */
  addTag(ids: string[], tag: string): Promise<BulkChange>;
  /** Takes `tag` off each of `ids`, in one transaction. */
  removeTag(ids: string[], tag: string): Promise<BulkChange>;
  /** Renames tag `from` to `to` on every favourite carrying it (merging when `to` exists). */
  renameTag(from: string, to: string): Promise<BulkChange>;
  /** Takes tag `name` off every favourite carrying it. */
  deleteTag(name: string): Promise<BulkChange>;
  /** Archives (or unarchives) each of `ids`, in one transaction. */
  setArchived(ids: string[], archived: boolean): Promise<BulkChange>;
  /** Marks each of `ids` read (or unread), in one transaction. */
  setReadMany(ids: string[], read: boolean): Promise<BulkChange>;
  /** Removes each of `ids`, in one transaction; the result is for `restoreMany`. */
  removeMany(ids: string[]): Promise<RemovedFavourite[]>;
  restoreMany(removed: RemovedFavourite[]): Promise<void>;
  /** Puts back the records a bulk change took (those removed since stay removed). */
  undoChange(change: BulkChange): Promise<void>;
  search(query: string, opts?: SearchQuery): Promise<SearchResult>;
  /** Touches the search index once, ahead of a first search. */
  warmSearch(): Promise<void>;
  listSites(): Promise<SiteCount[]>;
  /** Runs `fn` in one read-write transaction over all stores; all or nothing. */
  write<T>(fn: (w: Writer) => Promise<T>): Promise<T>;
  /** Brings the search postings up to date now (normally done soon after each write). */
  drain(): Promise<number>;
  db(): Promise<FavDb>;
  close(): Promise<void>;
}

/** Whether this browser's `getAll` takes an options dictionary (shipped with getAllRecords). */
export function getAllTakesDirection(): boolean {
  return typeof IDBIndex !== 'undefined' && 'getAllRecords' in IDBIndex.prototype;
}

/**
 * Whether `next` may have lost some of `before`'s own words (title, site, author, tags): not
 * when those are the same and every tag is still there (a tag added, a state changed).
 */
function ownMayLose(before: Favourite, next: Favourite): boolean {
  return (
    before.title !== next.title ||
    before.siteName !== next.siteName ||
    before.site !== next.site ||
    before.byline !== next.byline ||
    !before.tags.every((tag) => hasTag(next.tags, tag))
  );
}

/** A favourite record built from an article (pure). */
export function favouriteFromArticle(
  article: Article,
  id: string,
  existing: Favourite | undefined,
  opts: SaveOptions,
  now: number,
): FavouriteDraft {
  const tags = opts.tags ? cleanTags(opts.tags) : (existing?.tags ?? []);
  return {
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
    // Saved again (its copy fetched later, the page saved once more): where it is in the
    // library (archived or not) and how far it was read stay as they were.
    ...(existing?.archived ? { archived: existing.archived, archivedAt: existing.archivedAt } : {}),
    ...(existing?.progress !== undefined ? { progress: existing.progress } : {}),
    ...(existing ? { seq: existing.seq } : {}),
  };
}

/** Requests of one step: none left unhandled when a later one throws (the tx aborts them). */
function requests() {
  const list: Promise<unknown>[] = [];
  return {
    add(p: Promise<unknown>) {
      p.catch(() => {});
      list.push(p);
    },
    all: () => Promise.all(list),
  };
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

  async function transaction(stores: StoreName[] = ALL_STORES): Promise<WriteTx> {
    try {
      return (await db()).transaction(stores, 'readwrite');
    } catch (error) {
      // The connection was closed (upgrade elsewhere, browser shutdown): open it again once.
      if ((error as { name?: string })?.name !== 'InvalidStateError') throw error;
      opening = null;
      return (await db()).transaction(stores, 'readwrite');
    }
  }

  let drainTimer: ReturnType<typeof setTimeout> | undefined;
  /** Postings catch up shortly after a write, in a transaction of their own. */
  function drainSoon(delay = 0) {
    clearTimeout(drainTimer);
    drainTimer = setTimeout(() => {
      drain().catch(() => {
        // Search reads dirty docs directly; the next write tries again.
      });
    }, delay);
  }

  async function drain(): Promise<number> {
    const tx = await transaction(['docs', 'terms', 'tails', 'meta']);
    const n = await drainDirty(tx);
    await tx.done;
    return n;
  }

  function writer(tx: WriteTx): {
    w: Writer;
    finish(): Promise<number>;
    touched: Set<string>;
    isCleared(): boolean;
  } {
    let stats: Promise<Stats> | null = null;
    let changed = false;
    /** Ids this transaction put or removed, for the change feed (changes.ts). */
    const touched = new Set<string>();
    let cleared = false;
    const counts = () => {
      stats ??= tx
        .objectStore('meta')
        .get(statsKey)
        .then((s) => s ?? emptyStats());
      return stats;
    };
    const docs = tx.objectStore('docs');
    /** Docs this transaction changes, by seq: as they will be written, and where they were. */
    const pending = new Map<number, { doc: DocRecord; stored?: DocKey }>();

    /** The doc of a favourite as this transaction sees it, remembering where it is stored. */
    async function docOf(key: DocKey): Promise<{ doc?: DocRecord; stored?: DocKey }> {
      const mine = pending.get(key[1]);
      if (mine) return mine;
      if (cleared) return {};
      const doc = await docs.get(key);
      return doc ? { doc, stored: key } : {};
    }

    /**
     * The words of a doc to keep when a favourite changes without new text: all of them, less
     * the words its own fields (title, site, author, tags) had and no longer have, unless its
     * offline copy's text has them too. So a tag renamed, removed or replaced stops being a
     * search word, and a word the article says stays one.
     */
    async function keptWords(
      old: DocRecord | undefined,
      own: string[],
      existing: Favourite | undefined,
      fav: Favourite,
      copy: FavouriteCopy | string,
    ): Promise<string[]> {
      const kept = docWords(old ? old.w || old.ix : '');
      if (!existing || !kept.length || !ownMayLose(existing, fav)) return kept;
      const now = new Set(own);
      const gone = wordsFor(existing).filter((word) => !now.has(word));
      if (!gone.length) return kept;
      const text =
        typeof copy === 'string' ? (await tx.objectStore('copies').get(copy))?.text : copy.text;
      // Every word of a text is a piece of its folded text: one that is not there is not a word
      // of it, and the text need not be split into words at all (a tag word, most often).
      const folded = text ? foldText(text) : '';
      const body = gone.some((word) => folded.includes(word))
        ? new Set(tokenize(text ?? ''))
        : null;
      const drop = new Set(gone.filter((word) => !body?.has(word)));
      return drop.size ? kept.filter((word) => !drop.has(word)) : kept;
    }

    async function put(
      record: FavouriteDraft,
      existing?: Favourite,
      opts: PutOptions = {},
    ): Promise<Favourite> {
      const s = await counts();
      const known = existing ?? (record.seq !== undefined ? (record as Favourite) : undefined);
      const { doc: old, stored } = known ? await docOf(docKey(known)) : {};
      const fav: Favourite = { ...record, seq: existing?.seq ?? record.seq ?? ++s.seq };
      // A tag takes the spelling the library already knows it by (the first one seen).
      if (fav.tags.length && s.tags) {
        fav.tags = normaliseTags(fav.tags.map((tag) => s.tags?.[tagKey(tag)]?.[0] ?? tag));
      }
      touched.add(fav.id);
      if (fav.seq > s.seq) s.seq = fav.seq;
      let words: string[];
      if (opts.words) words = opts.words;
      else if (opts.text !== undefined) words = wordsFor(fav, opts.text);
      else {
        const own = wordsFor(fav);
        const kept = await keptWords(old, own, existing, fav, opts.copy ?? fav.id);
        // The words kept first, in their order, when they all fit: a change of tags or state
        // then leaves the doc's terms the same up to its end, which indexDocs diffs cheaply.
        words =
          kept.length + own.length <= MAX_WORDS_PER_RECORD
            ? [...new Set([...kept, ...own])]
            : [...new Set([...own, ...kept])].slice(0, MAX_WORDS_PER_RECORD);
      }
      const [at, seq] = docKey(fav);
      const w = docTerms(fav, words).join(' ');
      pending.set(seq, { doc: { at, seq, w, ix: indexedTerms(old) }, stored });
      if (existing) countFavourite(s, existing, -1);
      countFavourite(s, fav, 1);
      changed = true;
      const writes = requests();
      writes.add(tx.objectStore('favourites').put(fav));
      if (opts.copy) writes.add(tx.objectStore('copies').put(opts.copy));
      for (const image of opts.images ?? []) writes.add(tx.objectStore('images').put(image));
      for (const h of opts.highlights ?? []) writes.add(tx.objectStore('highlights').put(h));
      await writes.all();
      return fav;
    }

    async function remove(existing: Favourite): Promise<RemovedFavourite> {
      const s = await counts();
      const [at, seq] = docKey(existing);
      const byFav = tx.objectStore('images').index('fav');
      const highlightsOf = tx.objectStore('highlights').index('fav');
      const [{ doc: old, stored }, copy, images, imageKeys, highlights] = await Promise.all([
        docOf([at, seq]),
        tx.objectStore('copies').get(existing.id),
        byFav.getAll(existing.id),
        byFav.getAllKeys(existing.id),
        highlightsOf.getAll(existing.id),
      ]);
      pending.set(seq, { doc: { at, seq, w: '', ix: indexedTerms(old) }, stored });
      touched.add(existing.id);
      countFavourite(s, existing, -1);
      changed = true;
      const writes = requests();
      writes.add(tx.objectStore('favourites').delete(existing.id));
      writes.add(tx.objectStore('copies').delete(existing.id));
      for (const key of imageKeys) writes.add(tx.objectStore('images').delete(key));
      for (const h of highlights) writes.add(tx.objectStore('highlights').delete(h.id));
      await writes.all();
      const words = docWords(old ? old.w || old.ix : '');
      const removed: RemovedFavourite = { favourite: existing, words };
      if (copy) removed.copy = copy;
      if (images.length) removed.images = images;
      if (highlights.length) removed.highlights = highlights;
      return removed;
    }

    async function clear(): Promise<void> {
      const s = await counts();
      const stores = [
        'favourites',
        'copies',
        'docs',
        'terms',
        'tails',
        'images',
        'highlights',
      ] as const;
      await Promise.all(stores.map((name) => tx.objectStore(name).clear()));
      stats = Promise.resolve({ ...emptyStats(), seq: s.seq });
      pending.clear();
      cleared = true;
      changed = true;
    }

    /** Writes the docs and the counts; returns how many docs are left for `drain`. */
    async function finish(): Promise<number> {
      if (!changed || !stats) return 0;
      const s = await stats;
      const writes = requests();
      const behind: DocRecord[] = [];
      for (const { doc, stored } of pending.values()) {
        if (stored && (stored[0] !== doc.at || stored[1] !== doc.seq)) {
          writes.add(docs.delete(stored));
        }
        if ((doc.ix ?? '') !== doc.w) behind.push(doc);
        else if (doc.w) writes.add(docs.put({ at: doc.at, seq: doc.seq, w: doc.w }));
        else if (stored) writes.add(docs.delete([doc.at, doc.seq]));
      }
      // Docs this transaction rewrote are listed again below, under their new key, if behind.
      let dirty = (s.dirty ?? []).filter(([, seq]) => !pending.has(seq));
      if (behind.length > DRAIN_IN_TX_ABOVE) {
        writes.add(indexDocs(tx, behind));
      } else {
        for (const doc of behind) writes.add(docs.put(doc));
        dirty = [...dirty, ...behind.map((d): DocKey => [d.at, d.seq])];
      }
      writes.add(tx.objectStore('meta').put({ ...s, dirty, v: (s.v ?? 0) + 1 }));
      await writes.all();
      return dirty.length;
    }

    return { w: { tx, put, remove, clear, counts }, finish, touched, isCleared: () => cleared };
  }

  async function write<T>(fn: (w: Writer) => Promise<T>): Promise<T> {
    let tx: WriteTx;
    try {
      tx = await transaction();
    } catch (error) {
      throw toStoreError(error);
    }
    const done = tx.done;
    done.catch(() => {});
    try {
      const { w, finish, touched, isCleared } = writer(tx);
      const result = await fn(w);
      const dirty = await finish();
      await done;
      if (dirty) drainSoon();
      announceChange({ db: name, ids: [...touched], ...(isCleared() ? { cleared: true } : {}) });
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
    return write(async (w) => {
      const existing = await w.tx.objectStore('favourites').get(id);
      const record = favouriteFromArticle(article, id, existing, opts, now);
      return w.put(record, existing, {
        copy: { id, html: article.contentHtml, text: article.textContent },
        text: article.textContent,
      });
    });
  }

  async function saveLink(url: string, title: string, opts: SaveOptions = {}) {
    const id = normalizeUrl(url);
    if (!id) throw new StoreError('invalid');
    const now = opts.now ?? Date.now();
    return write(async (w) => {
      const existing = await w.tx.objectStore('favourites').get(id);
      // Already saved (perhaps with its offline copy): keep it as it is.
      if (existing) return existing;
      return w.put({
        id,
        url: url.trim(),
        normalizedUrl: id,
        title: title.trim() || url.trim(),
        site: siteOf(id),
        wordCount: 0,
        savedAt: now,
        updatedAt: now,
        read: opts.read ? 1 : 0,
        tags: cleanTags(opts.tags ?? []),
        fetched: false,
      });
    });
  }

  function removeFavourite(id: string): Promise<RemovedFavourite | null> {
    return write(async (w) => {
      const favourite = await w.tx.objectStore('favourites').get(id);
      return favourite ? w.remove(favourite) : null;
    });
  }

  function restoreFavourite(removed: RemovedFavourite): Promise<void> {
    return write(async (w) => {
      const existing = await w.tx.objectStore('favourites').get(removed.favourite.id);
      await w.put(removed.favourite, existing, {
        copy: removed.copy,
        images: removed.images,
        highlights: removed.highlights,
        words: removed.words,
        text: removed.words ? undefined : removed.copy?.text,
      });
    });
  }

  function markRead(id: string, read: boolean): Promise<Favourite | null> {
    return write(async (w) => {
      const existing = await w.tx.objectStore('favourites').get(id);
      if (!existing) return null;
      if (existing.read === (read ? 1 : 0)) return existing;
      return w.put({ ...existing, read: read ? 1 : 0 }, existing);
    });
  }

  function setProgress(id: string, progress: number): Promise<Favourite | null> {
    const p = Math.round(Math.min(1, Math.max(0, progress)) * 1000) / 1000;
    return write(async (w) => {
      const existing = await w.tx.objectStore('favourites').get(id);
      if (!existing) return null;
      const read = existing.read || (p >= READ_AT ? 1 : 0);
      if (existing.progress === p && existing.read === read) return existing;
      return w.put({ ...existing, progress: p, read: read as 0 | 1 }, existing);
    });
  }

  async function getFavourite(id: string) {
    return (await (await db()).get('favourites', id)) ?? null;
  }

  async function getCopy(id: string) {
    return (await (await db()).get('copies', id)) ?? null;
  }

  async function getImages(id: string): Promise<StoredImage[]> {
    return (await db()).getAllFromIndex('images', 'fav', id);
  }

  async function putImages(
    id: string,
    html: string,
    images: StoredImage[],
    report: Omit<ImageReport, 'stored' | 'bytes'>,
  ): Promise<boolean> {
    let tx: IDBPTransaction<FavouritesDB, ('copies' | 'images')[], 'readwrite'>;
    try {
      tx = (await db()).transaction(['copies', 'images'], 'readwrite');
    } catch (error) {
      throw toStoreError(error);
    }
    const done = tx.done;
    done.catch(() => {});
    try {
      const copies = tx.objectStore('copies');
      const store = tx.objectStore('images');
      const copy = await copies.get(id);
      if (!copy || copy.html !== html) {
        tx.abort();
        return false;
      }
      const writes = requests();
      for (const key of await store.index('fav').getAllKeys(id)) writes.add(store.delete(key));
      for (const image of images) writes.add(store.put({ ...image, fav: id }));
      const bytes = images.reduce((n, i) => n + i.bytes, 0);
      writes.add(copies.put({ ...copy, images: { ...report, stored: images.length, bytes } }));
      await writes.all();
      await done;
      return true;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // already finished or aborted
      }
      throw toStoreError(error ?? tx.error);
    }
  }

  async function imageUsage(): Promise<{ count: number; bytes: number }> {
    const tx = (await db()).transaction('images');
    let count = 0;
    let bytes = 0;
    // Keys and sizes only would be cheaper, but a record's size is in the record.
    let cursor = await tx.store.openCursor();
    while (cursor) {
      count++;
      bytes += cursor.value.bytes;
      cursor = await cursor.continue();
    }
    return { count, bytes };
  }

  function idFor(url: string, canonical?: string) {
    return normalizeUrl(url, canonical);
  }

  async function isSaved(url: string, canonical?: string) {
    const id = normalizeUrl(url, canonical);
    if (!id) return false;
    return (await (await db()).getKey('favourites', id)) !== undefined;
  }

  async function stats(): Promise<Stats> {
    return (await (await db()).get('meta', statsKey)) ?? emptyStats();
  }

  async function count(filter: FavouriteFilter = {}): Promise<number> {
    const fromStats = countFrom(await stats(), filter);
    if (fromStats !== null) return fromStats;
    return (await matchingSeqs(await db(), '', filter))?.size ?? 0;
  }

  /** The filter without what selects everything (not archived, when nothing is archived). */
  function simplify<Q extends FavouriteFilter>(query: Q, s: Stats): Q {
    if (query.archived === false && !s.archived) return { ...query, archived: undefined };
    return query;
  }

  async function listPage(query: ListQuery = {}): Promise<Favourite[]> {
    const offset = Math.max(0, Math.floor(query.offset ?? 0));
    const limit = Math.max(0, Math.floor(query.limit ?? 30));
    if (limit === 0) return [];
    if (query.sort && query.sort !== 'saved') {
      return (await sortedList({ ...query, offset, limit })).items;
    }
    const notArchivedOnly =
      query.archived === false &&
      query.site === undefined &&
      query.read === undefined &&
      query.tag === undefined;
    // The popup's list: most favourites are not archived, so walking the newest ones and
    // skipping the archived reads a few more records than the page, and no postings (nor the
    // counts first: the walk is right whether or not any are archived).
    if (notArchivedOnly && offset + limit <= WALK_UP_TO) {
      const walked = await walkNotArchived(offset, limit);
      if (walked) return walked;
    }
    if (query.archived === false) query = simplify(query, await stats());
    const { site, read, archived, tag } = query;
    if (site !== undefined || read !== undefined || archived !== undefined || tag !== undefined) {
      // Filters are terms of the search index (postings.ts).
      const filter = { site, read, archived, tag, offset, limit };
      return (await searchFavourites(await db(), '', filter)).items;
    }
    if (offset + limit <= READ_NEWEST_UP_TO) {
      const newest = await readNewest(offset, limit);
      if (newest) return newest;
    }
    const tx = (await db()).transaction('favourites');
    let cursor = await tx.store.index('savedAt').openCursor(null, 'prev');
    if (cursor && offset > 0) cursor = await cursor.advance(offset);
    const out: Favourite[] = [];
    while (cursor && out.length < limit) {
      out.push(cursor.value);
      cursor = await cursor.continue();
    }
    return out;
  }

  /**
   * The newest favourites, `offset` on, `limit` of them (leaving out those `skip` says), in the
   * cursor's order (date saved, then id, both descending), in one or two requests rather than a
   * cursor's one per record (each costs a round trip to the browser's database process, and
   * under load those add up to most of a first page's time). Where `getAll` takes a direction
   * (Chromium 141 and later), the `savedAt` index read backwards gives the first `read` at once.
   * Elsewhere (Firefox) the docs' keys ([-savedAt, seq], newest first) give the date the page
   * reaches back to, and one read brings every favourite saved since (a doc whose removal is not
   * indexed yet only makes that date older: more are read, never fewer). Null when the page
   * reaches too far back (the caller walks a cursor).
   */
  async function readNewest(
    offset: number,
    limit: number,
    skip?: (fav: Favourite) => boolean,
    read = offset + limit,
  ): Promise<Favourite[] | null> {
    let found: Favourite[];
    let all: boolean;
    if (getAllTakesDirection()) {
      const index = (await db()).transaction('favourites').store.index('savedAt') as unknown as {
        getAll(options: { query: null; count: number; direction: 'prev' }): Promise<Favourite[]>;
      };
      found = await index.getAll({ query: null, count: read, direction: 'prev' });
      all = found.length < read;
    } else {
      const tx = (await db()).transaction(['docs', 'favourites']);
      const keys = (await tx.objectStore('docs').getAllKeys(null, read)) as DocKey[];
      const last = keys.at(-1);
      all = keys.length < read;
      const range = all || !last ? null : IDBKeyRange.lowerBound(-last[0]);
      found = await tx.objectStore('favourites').index('savedAt').getAll(range);
      found.sort((a, b) => b.savedAt - a.savedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    }
    const kept = skip ? found.filter((fav) => !skip(fav)) : found;
    if (all || kept.length >= offset + limit) return kept.slice(offset, offset + limit);
    return read >= READ_NEWEST_UP_TO * 4 ? null : readNewest(offset, limit, skip, read * 2);
  }

  /** The newest not archived, or null when too many archived ones are in the way. */
  async function walkNotArchived(offset: number, limit: number): Promise<Favourite[] | null> {
    const newest = await readNewest(offset, limit, (fav) => !!fav.archived, (offset + limit) * 2);
    if (newest) return newest;
    const tx = (await db()).transaction('favourites');
    let cursor = await tx.store.index('savedAt').openCursor(null, 'prev');
    const out: Favourite[] = [];
    let skip = offset;
    let budget = (offset + limit) * 3 + 50;
    while (cursor && out.length < limit) {
      if (--budget < 0) return null;
      if (!cursor.value.archived) {
        if (skip > 0) skip--;
        else out.push(cursor.value);
      }
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
    return searchFavourites(await db(), query, simplify(opts, await stats()));
  }

  /** Sorted lists kept while nothing is written: [query key, stats version, seqs in order]. */
  let sortedCache: { key: string; v: number; favs: Favourite[] } | null = null;
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

  /** Matches sorted by title or site: every match read once, then paged from memory. */
  async function sortedList(query: LibraryQuery): Promise<SearchResult> {
    const offset = Math.max(0, Math.floor(query.offset ?? 0));
    const limit = Math.max(0, Math.floor(query.limit ?? 30));
    const s = await stats();
    const { site, read, archived, tag, text = '', sort = 'title' } = simplify(query, s);
    const key = JSON.stringify([site, read, archived, tag, text.trim(), sort]);
    const v = s.v ?? 0;
    if (!sortedCache || sortedCache.key !== key || sortedCache.v !== v) {
      const database = await db();
      const seqs = await matchingSeqs(database, text, { site, read, archived, tag });
      let favs: Favourite[];
      if (!seqs) favs = await database.getAll('favourites');
      else if (seqs.size > 2000) {
        favs = (await database.getAll('favourites')).filter((f) => seqs.has(f.seq));
      } else {
        const tx = database.transaction('favourites');
        const bySeq = tx.store.index('seq');
        favs = (await Promise.all([...seqs].map((q) => bySeq.get(q)))).filter(
          (f): f is Favourite => !!f,
        );
      }
      favs.sort(comparer(sort));
      sortedCache = { key, v, favs };
    }
    const { favs } = sortedCache;
    return { items: favs.slice(offset, offset + limit), total: favs.length };
  }

  function comparer(sort: SortOrder): (a: Favourite, b: Favourite) => number {
    const newest = (a: Favourite, b: Favourite) => b.savedAt - a.savedAt || a.seq - b.seq;
    if (sort === 'site') {
      return (a, b) => collator.compare(a.siteName || a.site, b.siteName || b.site) || newest(a, b);
    }
    if (sort === 'title') return (a, b) => collator.compare(a.title, b.title) || newest(a, b);
    return newest;
  }

  async function library(query: LibraryQuery): Promise<SearchResult> {
    const text = query.text?.trim() ?? '';
    if (query.sort && query.sort !== 'saved') return sortedList({ ...query, text });
    const filter = query.archived === false ? simplify(query, await stats()) : query;
    if (!text) {
      const [items, total] = await Promise.all([listPage(filter), count(filter)]);
      return { items, total };
    }
    const { site, read, archived, tag, offset, limit } = filter;
    return searchFavourites(await db(), text, { site, read, archived, tag, offset, limit });
  }

  async function snippets(ids: string[], query: string): Promise<Snippet[]> {
    if (!query.trim() || !ids.length) return [];
    const tx = (await db()).transaction(['copies', 'favourites']);
    const found = await Promise.all(
      ids.map(async (id) => {
        const copy = await tx.objectStore('copies').get(id);
        let snippet = copy?.text ? makeSnippet(copy.text, query) : null;
        if (!snippet) {
          const fav = await tx.objectStore('favourites').get(id);
          if (fav?.excerpt) snippet = makeSnippet(fav.excerpt, query);
        }
        return snippet ? { id, ...snippet } : null;
      }),
    );
    return found.filter((s): s is Snippet => !!s);
  }

  /** Changes each favourite of `ids` with `change` (null: leave it), in one transaction. */
  function changeMany(
    ids: string[] | ((w: Writer) => Promise<Favourite[]>),
    change: (fav: Favourite, now: number) => FavouriteDraft | null,
    before?: (w: Writer) => Promise<void>,
  ): Promise<BulkChange> {
    const now = Date.now();
    return write(async (w) => {
      await before?.(w);
      const found = typeof ids === 'function' ? await ids(w) : await readMany(w, ids);
      const out: BulkChange = { before: [], changed: 0 };
      const writes = requests();
      for (const fav of found) {
        const next = change(fav, now);
        if (!next) continue;
        out.before.push(fav);
        out.changed++;
        writes.add(w.put(next, fav));
      }
      await writes.all();
      return out;
    });
  }

  /**
   * The favourites of `ids` in the write transaction: one request each for a few, or one read
   * of them all for many (each IndexedDB request costs far more than its bytes).
   */
  async function readMany(w: Writer, ids: string[]): Promise<Favourite[]> {
    let wanted = [...new Set(ids)];
    const store = w.tx.objectStore('favourites');
    if (wanted.length >= READ_ALL_FOR) {
      if (wanted.length >= (await w.counts()).total * READ_ALL_SHARE) {
        const set = new Set(wanted);
        return (await store.getAll()).filter((f) => set.has(f.id));
      }
      // In the order one read of them all gives (by id, as IndexedDB orders string keys).
      wanted = wanted.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    }
    const found = await Promise.all(wanted.map((id) => store.get(id)));
    return found.filter((f): f is Favourite => !!f);
  }

  /** Every favourite carrying `tag`, read inside the write transaction. */
  async function taggedIn(w: Writer, tag: string): Promise<Favourite[]> {
    const seqs = (await matchIn(w.tx, '', { tag })) ?? new Set<number>();
    const bySeq = w.tx.objectStore('favourites').index('seq');
    const found = await Promise.all([...seqs].map((seq) => bySeq.get(seq)));
    return found.filter((f): f is Favourite => !!f);
  }

  const sameTags = (a: string[], b: string[]) =>
    a.length === b.length && a.every((tag, i) => tag === b[i]);

  async function setTags(id: string, tags: string[]): Promise<Favourite | null> {
    const clean = normaliseTags(tags);
    return write(async (w) => {
      const existing = await w.tx.objectStore('favourites').get(id);
      if (!existing) return null;
      if (sameTags(existing.tags, clean)) return existing;
      return w.put({ ...existing, tags: clean, updatedAt: Date.now() }, existing);
    });
  }

  async function listTags(): Promise<TagCount[]> {
    const { tags = {} } = await stats();
    return Object.values(tags)
      .map(([name, n]) => ({ name, count: n }))
      .sort((a, b) => collator.compare(a.name, b.name) || a.name.localeCompare(b.name));
  }

  function addTag(ids: string[], tag: string): Promise<BulkChange> {
    const name = normaliseTag(tag);
    if (!name) return Promise.reject(new StoreError('tag'));
    return changeMany(ids, (fav, now) => {
      const tags = withTag(fav.tags, name);
      return sameTags(tags, fav.tags) ? null : { ...fav, tags, updatedAt: now };
    });
  }

  function removeTag(ids: string[], tag: string): Promise<BulkChange> {
    return changeMany(ids, (fav, now) => {
      const tags = withoutTag(fav.tags, tag);
      return tags.length === fav.tags.length ? null : { ...fav, tags, updatedAt: now };
    });
  }

  function renameTag(from: string, to: string): Promise<BulkChange> {
    const name = normaliseTag(to);
    if (!name) return Promise.reject(new StoreError('tag'));
    const fromKey = tagKey(from);
    const toKey = tagKey(name);
    return changeMany(
      (w) => taggedIn(w, from),
      (fav, now) => {
        const tags = normaliseTags(fav.tags.map((tag) => (tagKey(tag) === fromKey ? name : tag)));
        return sameTags(tags, fav.tags) ? null : { ...fav, tags, updatedAt: now };
      },
      async (w) => {
        // The new name's spelling is the one kept, even for a case or accent variant.
        const s = await w.counts();
        if (!s.tags) return;
        const merged = s.tags[toKey];
        if (merged && toKey !== fromKey) merged[0] = name;
        else if (s.tags[fromKey] && toKey === fromKey) s.tags[fromKey] = [name, s.tags[fromKey][1]];
      },
    );
  }

  function deleteTag(tag: string): Promise<BulkChange> {
    return changeMany(
      (w) => taggedIn(w, tag),
      (fav, now) => ({ ...fav, tags: withoutTag(fav.tags, tag), updatedAt: now }),
    );
  }

  function setArchived(ids: string[], archived: boolean): Promise<BulkChange> {
    const flag = archived ? 1 : 0;
    return changeMany(ids, (fav, now) =>
      (fav.archived ?? 0) === flag ? null : { ...fav, archived: flag, archivedAt: now },
    );
  }

  function setReadMany(ids: string[], read: boolean): Promise<BulkChange> {
    const flag = read ? 1 : 0;
    return changeMany(ids, (fav) => (fav.read === flag ? null : { ...fav, read: flag }));
  }

  function removeMany(ids: string[]): Promise<RemovedFavourite[]> {
    return write(async (w) => {
      const store = w.tx.objectStore('favourites');
      const found = await Promise.all([...new Set(ids)].map((id) => store.get(id)));
      const out: RemovedFavourite[] = [];
      for (const fav of found) if (fav) out.push(await w.remove(fav));
      return out;
    });
  }

  function restoreMany(removed: RemovedFavourite[]): Promise<void> {
    return write(async (w) => {
      const store = w.tx.objectStore('favourites');
      for (const r of removed) {
        const existing = await store.get(r.favourite.id);
        await w.put(r.favourite, existing, {
          copy: r.copy,
          images: r.images,
          highlights: r.highlights,
          words: r.words,
          text: r.words ? undefined : r.copy?.text,
        });
      }
    });
  }

  function undoChange(change: BulkChange): Promise<void> {
    return write(async (w) => {
      const store = w.tx.objectStore('favourites');
      const current = await Promise.all(change.before.map((fav) => store.get(fav.id)));
      const writes = requests();
      change.before.forEach((fav, i) => {
        const now = current[i];
        if (now) writes.add(w.put(fav, now));
      });
      await writes.all();
    });
  }

  async function listSites(): Promise<SiteCount[]> {
    const { sites } = await stats();
    return Object.entries(sites)
      .map(([site, [n]]) => ({ site, count: n }))
      .sort((a, b) => b.count - a.count || a.site.localeCompare(b.site));
  }

  async function close() {
    clearTimeout(drainTimer);
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
    setProgress,
    getFavourite,
    getCopy,
    getImages,
    putImages,
    imageUsage,
    idFor,
    isSaved,
    count,
    listPage,
    library,
    snippets,
    highlightCounts: async (ids: string[]) => countHighlights(await db(), ids),
    setTags,
    listTags,
    addTag,
    removeTag,
    renameTag,
    deleteTag,
    setArchived,
    setReadMany,
    removeMany,
    restoreMany,
    undoChange,
    search,
    warmSearch: async () => warmSearch(await db()),
    listSites,
    write,
    drain,
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
