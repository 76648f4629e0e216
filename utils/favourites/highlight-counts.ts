/**
 * How many highlights favourites have on this device, from the `highlights` store's `fav`
 * index: counted per favourite for a few (the library's rows in view, a sync write of a few),
 * in one key-only walk of the index for many or all.
 */
import type { FavDb } from './db';

export async function countHighlights(
  db: FavDb,
  keys?: Iterable<string>,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!db.objectStoreNames.contains('highlights')) return out;
  const wanted = keys ? new Set(keys) : null;
  const index = db.transaction('highlights').store.index('fav');
  if (wanted && wanted.size < 50) {
    await Promise.all([...wanted].map(async (k) => out.set(k, await index.count(k))));
    return out;
  }
  let cursor = await index.openKeyCursor();
  while (cursor) {
    const k = String(cursor.key);
    if (!wanted || wanted.has(k)) out.set(k, (out.get(k) ?? 0) + 1);
    cursor = await cursor.continue();
  }
  return out;
}
