/**
 * Full-text search over the `words` multiEntry index: each query word is a prefix
 * (an IDBKeyRange from `word` to `word\uffff`), results intersected, newest first.
 */
import type { FavDb } from './db';
import type { Favourite, SearchQuery, SearchResult } from './types';
import { queryWords } from './words';

/** Below this many candidates, the remaining words are checked on the records themselves. */
const VERIFY_BELOW = 300;
/** Below this many matches, records are fetched and sorted; above, the savedAt index is walked. */
const FETCH_ALL_BELOW = 250;

function intersect(a: Set<string>, b: Set<string>): Set<string> {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const out = new Set<string>();
  for (const key of small) if (large.has(key)) out.add(key);
  return out;
}

/** The index and key range that select one site and/or read state, newest last. */
export function filterRange(
  site: string | undefined,
  read: boolean | undefined,
): {
  index: 'savedAt' | 'site_savedAt' | 'read_savedAt' | 'site_read_savedAt';
  range: IDBKeyRange | null;
} {
  const r = read ? 1 : 0;
  if (site !== undefined && read !== undefined) {
    return {
      index: 'site_read_savedAt',
      range: IDBKeyRange.bound([site, r, -Infinity], [site, r, Infinity]),
    };
  }
  if (site !== undefined) {
    return { index: 'site_savedAt', range: IDBKeyRange.bound([site, -Infinity], [site, Infinity]) };
  }
  if (read !== undefined) {
    return { index: 'read_savedAt', range: IDBKeyRange.bound([r, -Infinity], [r, Infinity]) };
  }
  return { index: 'savedAt', range: null };
}

function newestFirst(a: Favourite, b: Favourite): number {
  return b.savedAt - a.savedAt || (a.id < b.id ? 1 : -1);
}

export async function searchFavourites(
  db: FavDb,
  query: string,
  opts: SearchQuery = {},
): Promise<SearchResult> {
  const limit = opts.limit ?? 200;
  const words = queryWords(query);
  const tx = db.transaction('favourites');
  const store = tx.store;
  let ids: Set<string> | null = null;

  if (opts.site !== undefined || opts.read !== undefined) {
    const { index, range } = filterRange(opts.site, opts.read);
    ids = new Set(await store.index(index).getAllKeys(range));
  }
  const remaining = [...words];
  while (remaining.length && !(ids && ids.size <= VERIFY_BELOW)) {
    const word = remaining.shift() as string;
    const range = IDBKeyRange.bound(word, `${word}\uffff`);
    const found = new Set(await store.index('words').getAllKeys(range));
    ids = ids ? intersect(ids, found) : found;
    if (ids.size === 0) return { items: [], total: 0 };
  }
  if (!ids) return { items: [], total: 0 };

  if (remaining.length || ids.size <= FETCH_ALL_BELOW) {
    const records = await Promise.all([...ids].map((id) => store.get(id)));
    const matches = records.filter(
      (r): r is Favourite =>
        !!r && remaining.every((w) => r.words.some((word) => word.startsWith(w))),
    );
    matches.sort(newestFirst);
    return { items: matches.slice(0, limit), total: matches.length };
  }

  const picked: string[] = [];
  let cursor = await store.index('savedAt').openKeyCursor(null, 'prev');
  while (cursor && picked.length < limit) {
    if (ids.has(cursor.primaryKey)) picked.push(cursor.primaryKey);
    cursor = await cursor.continue();
  }
  const items = await Promise.all(picked.map((id) => store.get(id)));
  return { items: items.filter((r): r is Favourite => !!r), total: ids.size };
}
