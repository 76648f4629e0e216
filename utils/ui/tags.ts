/**
 * Tags as the popup and the reader's Save control edit them: a comma-separated text, and the
 * store's `setTags(id, tags)` / `listTags()`.
 *
 * A thin adapter: the store is getting those two methods (with a tag index) on the library
 * branch; until then, and whenever a store lacks them, they are done here with what the store
 * has (`write` and a walk over the favourites).
 */
import type { FavouritesStore } from '../favourites/store';
import { cleanTags } from '../favourites/text';
import type { Favourite } from '../favourites/types';

/** What tag editing needs of a store. */
export interface TagStore {
  setTags(id: string, tags: string[]): Promise<Favourite | null>;
  /** Every tag in use, most used first. */
  listTags(): Promise<string[]>;
}

type WithTagMethods = FavouritesStore & {
  setTags?: (id: string, tags: string[]) => Promise<Favourite | null>;
  listTags?: () => Promise<unknown[]>;
};

/** The name of a tag however the store hands it over (a string, or a record with one). */
function tagName(entry: unknown): string | null {
  if (typeof entry === 'string') return entry;
  if (entry && typeof entry === 'object') {
    const { tag, name } = entry as { tag?: unknown; name?: unknown };
    if (typeof tag === 'string') return tag;
    if (typeof name === 'string') return name;
  }
  return null;
}

/** Tags compare without case or accents ("Économie" and "economie" are one tag). */
export function tagKey(tag: string): string {
  return tag.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase().trim();
}

/** Tags, cleaned, with those that differ only in case or accents kept once (the first). */
export function uniqueTags(tags: unknown): string[] {
  const seen = new Set<string>();
  return cleanTags(tags).filter((tag) => {
    const key = tagKey(tag);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "transport, city hall" → ["transport", "city hall"]. */
export function parseTags(text: string): string[] {
  return uniqueTags(text.split(','));
}

export function formatTags(tags: readonly string[]): string {
  return tags.join(', ');
}

/**
 * The datalist's options for what is typed so far: each tag in use that completes the last
 * comma-separated part (and is not already given), as the whole new value of the box, so that
 * picking one keeps the tags before it.
 */
export function tagSuggestions(input: string, known: readonly string[], max = 20): string[] {
  const cut = input.lastIndexOf(',');
  const head = cut < 0 ? '' : input.slice(0, cut);
  const before = parseTags(head);
  const prefix = before.length ? `${formatTags(before)}, ` : '';
  const part = tagKey(input.slice(cut + 1));
  const taken = new Set(before.map(tagKey));
  const out: string[] = [];
  for (const tag of known) {
    const key = tagKey(tag);
    if (taken.has(key) || !key.startsWith(part) || key === part) continue;
    taken.add(key);
    out.push(prefix + tag);
    if (out.length >= max) break;
  }
  return out;
}

/** The store's own tag methods where it has them; the same done here where it does not. */
export function tagStore(store: FavouritesStore): TagStore {
  const own = store as WithTagMethods;
  return {
    setTags(id, tags) {
      if (own.setTags) return own.setTags(id, tags);
      const clean = uniqueTags(tags);
      return store.write(async (w) => {
        const existing = await w.tx.objectStore('favourites').get(id);
        if (!existing) return null;
        if (formatTags(existing.tags) === formatTags(clean)) return existing;
        return w.put({ ...existing, tags: clean, updatedAt: Date.now() }, existing);
      });
    },
    async listTags() {
      if (own.listTags) {
        return (await own.listTags()).flatMap((e) => tagName(e) ?? []);
      }
      // No tag index yet: one walk over the favourites' records.
      const counts = new Map<string, { tag: string; n: number }>();
      const db = await store.db();
      let cursor = await db.transaction('favourites').store.openCursor();
      while (cursor) {
        for (const tag of cursor.value.tags ?? []) {
          const key = tagKey(tag);
          const seen = counts.get(key);
          if (seen) seen.n++;
          else counts.set(key, { tag, n: 1 });
        }
        cursor = await cursor.continue();
      }
      return [...counts.values()]
        .sort((a, b) => b.n - a.n || a.tag.localeCompare(b.tag))
        .map((c) => c.tag);
    },
  };
}
