/**
 * "Or all at once, on request": the offline copies of every favourite that is only a link
 * (a bookmark from another device, an import, "Save link"), fetched one by one through the
 * same path as the reader's "Fetch the article now" (fetchArticleNow), a few at a time.
 *
 * The queue is the database itself: a favourite leaves it only when its copy is saved
 * (`fetched` becomes true in the same write). So a run stopped anywhere (the page closed, the
 * browser quit) loses nothing and the next run takes up what is left; a failure leaves the
 * favourite exactly as it was, and says why.
 */
import { isHttpUrl } from '../messaging';
import type { FavouritesStore } from './store';
import type { Favourite } from './types';

/** Pages fetched at once (the same sites are often asked for several articles). */
export const FETCH_ALL_CONCURRENCY = 3;

export interface FetchAllProgress {
  /** Favourites to fetch in this run. */
  total: number;
  /** Fetched and saved so far. */
  done: number;
  failed: { id: string; title: string; error: string }[];
  running: boolean;
}

/**
 * The ids of favourites that have no offline copy (a bookmark from another device, an import,
 * "Save link"), from the keys of `favourites` and `copies`: only those favourites are read.
 */
async function idsWithoutCopy(store: Pick<FavouritesStore, 'db'>): Promise<string[]> {
  const tx = (await store.db()).transaction(['favourites', 'copies']);
  const [ids, copies] = await Promise.all([
    tx.objectStore('favourites').getAllKeys(),
    tx.objectStore('copies').getAllKeys(),
  ]);
  const have = new Set(copies.map(String));
  return ids.map(String).filter((id) => !have.has(id));
}

/**
 * How many favourites are links only: those without a copy (a copy is only ever stored with
 * its favourite and removed with it, and every id is a web address, utils/favourites/url.ts).
 * Two counts, no record and no key read into the page: the options page asks after every
 * merge that added favourites, and reading all 10 000 of them there (~200 ms on its main
 * thread, as it did) held up the next save.
 */
export async function countLinkOnly(store: Pick<FavouritesStore, 'db'>): Promise<number> {
  const tx = (await store.db()).transaction(['favourites', 'copies']);
  const [favourites, copies] = await Promise.all([
    tx.objectStore('favourites').count(),
    tx.objectStore('copies').count(),
  ]);
  return Math.max(0, favourites - copies);
}

/** The favourites saved as links only, with a web address (the others cannot be fetched). */
export async function linkOnlyFavourites(
  store: Pick<FavouritesStore, 'db'>,
): Promise<{ fetchable: Favourite[]; other: number }> {
  const ids = await idsWithoutCopy(store);
  const tx = (await store.db()).transaction('favourites');
  const links = (await Promise.all(ids.map((id) => tx.store.get(id)))).filter(
    (f): f is Favourite => f !== undefined,
  );
  const fetchable = links.filter((f) => isHttpUrl(f.url));
  // Newest first: the ones most likely to be read next.
  fetchable.sort((a, b) => b.savedAt - a.savedAt);
  return { fetchable, other: links.length - fetchable.length };
}

/**
 * Fetches `list` with at most `concurrency` pages at once, reporting after each one. Resolves
 * when all are done or failed, or when `signal` is aborted (those not started are left as
 * they are).
 */
export async function fetchAll(
  list: Pick<Favourite, 'id' | 'title' | 'url'>[],
  fetchOne: (id: string) => Promise<void>,
  {
    concurrency = FETCH_ALL_CONCURRENCY,
    onProgress = () => {},
    signal,
  }: {
    concurrency?: number;
    onProgress?: (p: FetchAllProgress) => void;
    signal?: AbortSignal;
  } = {},
): Promise<FetchAllProgress> {
  const progress: FetchAllProgress = { total: list.length, done: 0, failed: [], running: true };
  const report = () => onProgress({ ...progress, failed: [...progress.failed] });
  report();
  let next = 0;
  async function worker() {
    while (next < list.length && !signal?.aborted) {
      const fav = list[next++] as Pick<Favourite, 'id' | 'title' | 'url'>;
      try {
        if (!isHttpUrl(fav.url)) throw new Error('not a web page address');
        await fetchOne(fav.id);
        progress.done++;
      } catch (e) {
        progress.failed.push({
          id: fav.id,
          title: fav.title || fav.url,
          error: String((e as Error)?.message ?? e),
        });
      }
      report();
    }
  }
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(concurrency, list.length)) }, () => worker()),
  );
  progress.running = false;
  report();
  return progress;
}
