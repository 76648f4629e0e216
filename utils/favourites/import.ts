/**
 * Writes parsed import rows into the store: one transaction, all or nothing.
 * Rows are merged by normalized URL: within the file and against what is saved, the newest
 * (updatedAt, else savedAt) wins; an older or equal row leaves the saved one untouched.
 * A merged favourite keeps the earliest savedAt, so the list order stays "first saved".
 */
import type { FavouriteDraft, FavouritesStore } from './store';
import type { FavouriteCopy, FavouriteInput } from './types';
import { normalizeUrl, siteOf } from './url';

export * from './import-parse';

export interface ImportSummary {
  added: number;
  updated: number;
  unchanged: number;
}

export interface ImportOptions {
  /** Called as rows are written: (done, total). */
  onProgress?: (done: number, total: number) => void;
}

interface Prepared {
  favourite: FavouriteDraft;
  copy?: FavouriteCopy;
}

/** A record and copy built from a parsed row (pure); null when its URL cannot be kept. */
export function prepareImported(input: FavouriteInput): Prepared | null {
  const id = normalizeUrl(input.url, input.canonicalUrl);
  if (!id) return null;
  const favourite: FavouriteDraft = {
    id,
    url: input.url,
    normalizedUrl: id,
    title: input.title,
    site: siteOf(id),
    siteName: input.siteName,
    byline: input.byline,
    publishedTime: input.publishedTime,
    excerpt: input.excerpt,
    leadImage: input.leadImage,
    lang: input.lang,
    dir: input.dir,
    wordCount: input.wordCount ?? 0,
    readingMinutes: input.readingMinutes,
    savedAt: input.savedAt,
    updatedAt: input.updatedAt ?? input.savedAt,
    read: (input.read ? 1 : 0) as 0 | 1,
    tags: input.tags,
    fetched: Boolean(input.offline) || input.fetched,
    ...(input.progress !== undefined ? { progress: input.progress } : {}),
    ...(input.archived
      ? { archived: 1 as const, archivedAt: input.updatedAt ?? input.savedAt }
      : {}),
  };
  const copy = input.offline ? { id, ...input.offline } : undefined;
  return { favourite, copy };
}

/** Rows with the same normalized URL folded into one: the newest wins, first savedAt kept. */
export function dedupeImported(inputs: FavouriteInput[]): Prepared[] {
  const byId = new Map<string, Prepared>();
  for (const input of inputs) {
    const next = prepareImported(input);
    if (!next) continue;
    const prev = byId.get(next.favourite.id);
    byId.set(next.favourite.id, prev ? merge(prev, next) : next);
  }
  return [...byId.values()];
}

/** `incoming` over `current` when newer; else `current`. Either way the first savedAt. */
function merge(current: Prepared, incoming: Prepared): Prepared {
  const savedAt = Math.min(current.favourite.savedAt, incoming.favourite.savedAt);
  if (incoming.favourite.updatedAt <= current.favourite.updatedAt) {
    return { ...current, favourite: { ...current.favourite, savedAt } };
  }
  if (incoming.copy || !current.copy) {
    return { ...incoming, favourite: { ...incoming.favourite, savedAt } };
  }
  // Newer metadata without an offline copy: keep the copy we have (its words come with it).
  return {
    favourite: {
      ...incoming.favourite,
      savedAt,
      fetched: true,
      wordCount: incoming.favourite.wordCount || current.favourite.wordCount,
    },
    copy: current.copy,
  };
}

function keepBody(next: FavouriteDraft, saved: FavouriteDraft): FavouriteDraft {
  return { ...next, fetched: true, wordCount: next.wordCount || saved.wordCount };
}

/**
 * Writes the accepted rows in ONE transaction: if any write fails (quota, closed worker),
 * none lands and what was saved before is unchanged.
 */
export async function importFavourites(
  store: FavouritesStore,
  inputs: FavouriteInput[],
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  const prepared = dedupeImported(inputs);
  const total = prepared.length;
  const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0 };
  if (!total) return summary;
  return store.write(async (w) => {
    const favourites = w.tx.objectStore('favourites');
    const pending: Promise<unknown>[] = [];
    const track = (p: Promise<unknown>) => {
      p.catch(() => {});
      pending.push(p);
    };
    // One read of every saved key, then only the rows already saved are fetched.
    const saved = new Set(await favourites.getAllKeys());
    const existing = await Promise.all(
      prepared.map((p) =>
        saved.has(p.favourite.id) ? favourites.get(p.favourite.id) : Promise.resolve(undefined),
      ),
    );
    let done = 0;
    const step = Math.max(1, Math.floor(total / 100));
    const tick = () => {
      done++;
      if (done % step === 0 || done === total) opts.onProgress?.(done, total);
    };
    prepared.forEach((incoming, i) => {
      const saved = existing[i];
      let result: Prepared | null = incoming;
      if (saved) {
        if (incoming.favourite.updatedAt <= saved.updatedAt) {
          result = null;
        } else {
          const merged = merge({ favourite: saved }, incoming);
          // Newer metadata, no copy in the file: the saved copy stays (it is not rewritten).
          result =
            !incoming.copy && saved.fetched
              ? { favourite: keepBody(merged.favourite, saved) }
              : merged;
        }
      }
      if (!result) {
        summary.unchanged++;
        tick();
        return;
      }
      if (saved) summary.updated++;
      else summary.added++;
      // Without a copy in the file, the words indexed so far for it stay (put keeps them).
      track(
        w.put(result.favourite, saved, { copy: result.copy, text: result.copy?.text }).then(tick),
      );
    });
    await Promise.all(pending);
    // Highlights from the file are added to their favourite; one kept already (same id) stays.
    const store = w.tx.objectStore('highlights');
    const known = new Set(await store.getAllKeys());
    for (const input of inputs) {
      const fav = input.highlights?.length ? normalizeUrl(input.url, input.canonicalUrl) : null;
      if (!fav) continue;
      for (const h of input.highlights ?? []) {
        if (known.has(h.id)) continue;
        known.add(h.id);
        track(store.put({ ...h, fav }));
      }
    }
    await Promise.all(pending);
    return summary;
  });
}
