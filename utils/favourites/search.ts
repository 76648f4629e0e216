/**
 * Full-text search over the postings (postings.ts): each query word is a prefix, so one
 * `getAll` over the term range [word, word\uffff] gives every doc holding a word that starts
 * with it; words are intersected, the site and read filters are two more (exact) terms, and
 * docs written since the postings were last brought up to date are checked on their own terms.
 * Results come newest first: the `docs` keys are [savedAt, seq].
 */
import type { FavDb } from './db';
import { type DocRecord, readTerm, siteTerm } from './postings';
import type { Favourite, SearchQuery, SearchResult } from './types';
import { queryWords } from './words';

function intersect(a: Set<number>, b: Set<number>): Set<number> {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const out = new Set<number>();
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

/** Seqs whose terms match: every prefix in `prefixes` and every term in `exact`. */
function termsMatch(w: string, prefixes: string[], exact: string[]): boolean {
  if (!w) return false;
  const terms = w.split(' ');
  return (
    exact.every((e) => terms.includes(e)) &&
    prefixes.every((p) => terms.some((term) => term.startsWith(p)))
  );
}

export async function searchFavourites(
  db: FavDb,
  query: string,
  opts: SearchQuery = {},
): Promise<SearchResult> {
  const limit = opts.limit ?? 200;
  const prefixes = queryWords(query);
  const exact: string[] = [];
  if (opts.site !== undefined) exact.push(siteTerm(opts.site));
  if (opts.read !== undefined) exact.push(readTerm(opts.read));
  if (!prefixes.length && !exact.length) return { items: [], total: 0 };
  const tx = db.transaction(['terms', 'docs', 'favourites']);
  const terms = tx.objectStore('terms');
  const docs = tx.objectStore('docs');
  // Dirty docs are asked for at once, alongside the postings.
  const dirtyP = docs.index('dirty').getAll() as Promise<DocRecord[]>;

  let seqs: Set<number> | null = null;
  for (const term of exact) {
    const found = new Set((await terms.get(term))?.d ?? []);
    seqs = seqs ? intersect(seqs, found) : found;
  }
  for (const prefix of prefixes) {
    if (seqs && seqs.size === 0) break;
    const found = new Set<number>();
    for (const posting of await terms.getAll(IDBKeyRange.bound(prefix, `${prefix}\uffff`))) {
      for (const seq of posting.d) found.add(seq);
    }
    seqs = seqs ? intersect(seqs, found) : found;
  }
  const matches = seqs ?? new Set<number>();
  for (const doc of await dirtyP) {
    matches.delete(doc.seq);
    if (termsMatch(doc.w, prefixes, exact)) matches.add(doc.seq);
  }
  if (!matches.size) return { items: [], total: 0 };

  // Newest first: walk the doc keys from the end until `limit` matches are picked.
  const keys = (await docs.getAllKeys()) as [number, number][];
  const picked: number[] = [];
  for (let i = keys.length - 1; i >= 0 && picked.length < limit; i--) {
    const seq = (keys[i] as [number, number])[1];
    if (matches.has(seq)) picked.push(seq);
  }
  const bySeq = tx.objectStore('favourites').index('seq');
  const items = await Promise.all(picked.map((seq) => bySeq.get(seq)));
  return { items: items.filter((r): r is Favourite => !!r), total: matches.size };
}
