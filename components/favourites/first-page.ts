/**
 * The newest favourites as a page opens (the library's first rows, the popup's), in one request
 * once the database is open: the `savedAt` index read backwards by `getAll` with a direction
 * (Chromium 141 and later), in the order of the store's own list (date saved, then id, both
 * descending). The store's general path needs two requests one after the other (the docs' keys
 * for the date the page reaches back to, then the favourites), and the popup's a third (the
 * counts, to know whether any are archived): each is a round trip to the browser's database
 * process, and under load those round trips are most of what the first rows wait for.
 * Where `getAll` takes no direction (Firefox), or too many archived ones are in the way, the
 * store's own `listPage` answers, so the result is always the store's.
 */
import type { FavouritesStore } from '@/utils/favourites/store';
import type { Favourite } from '@/utils/favourites/types';

type Store = Pick<FavouritesStore, 'db' | 'listPage'>;

interface GetAllOptions {
  query?: IDBKeyRange | null;
  count?: number;
  direction?: IDBCursorDirection;
}

/** Whether this browser's `getAll` takes an options dictionary (shipped with getAllRecords). */
export function getAllTakesDirection(): boolean {
  return typeof IDBIndex !== 'undefined' && 'getAllRecords' in IDBIndex.prototype;
}

/**
 * The newest `limit` favourites (leaving out archived ones with `notArchived`), as
 * `store.listPage({ limit, archived: notArchived ? false : undefined })` lists them.
 */
export async function newestFavourites(
  store: Store,
  limit: number,
  notArchived = false,
): Promise<Favourite[]> {
  const fallback = () =>
    store.listPage({ offset: 0, limit, ...(notArchived ? { archived: false } : {}) });
  if (!getAllTakesDirection()) return fallback();
  const db = await store.db();
  // Twice the page when archived ones are left out (a quarter of a library, say): one request
  // still, a little more read.
  const want = notArchived ? limit * 2 : limit;
  const index = db.transaction('favourites').store.index('savedAt') as unknown as {
    getAll(options: GetAllOptions): Promise<Favourite[]>;
  };
  const newest = await index.getAll({ query: null, count: want, direction: 'prev' });
  const kept = notArchived ? newest.filter((fav) => !fav.archived) : newest;
  if (kept.length >= limit || newest.length < want) return kept.slice(0, limit);
  return fallback();
}
