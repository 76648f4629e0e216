/**
 * Full-text search over the postings (postings.ts): each query word is a prefix, so one
 * `getAll` over the term range [word, word\uffff] (and the tails of its bucket) gives every doc
 * holding a word that starts with it; words are intersected, the site and read filters are two more (exact) terms, and
 * docs written since the postings were last brought up to date are checked on their own terms.
 * Results come newest first: a few matches are fetched and sorted; many are picked while reading
 * the `docs` keys ([-savedAt, seq], so ascending is newest first) a batch at a time.
 */
import type { FavDb } from './db';
import {
  archivedTerm,
  bucketOf,
  type DocKey,
  type DocRecord,
  readTerm,
  siteTerm,
  statsKey,
  type TailBucket,
  tagTerm,
  unpackBucket,
} from './postings';
import type { Favourite, SearchQuery, SearchResult } from './types';
import { queryWords } from './words';

function intersect(a: Set<number>, b: Set<number>): Set<number> {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const out = new Set<number>();
  for (const key of small) if (large.has(key)) out.add(key);
  return out;
}

/** Seqs whose terms match: every prefix in `prefixes` and every term in `exact`. */
/** At most this many matches (or 1.5 x the limit) are fetched and sorted rather than picked. */
const FETCH_ALL_UP_TO = 400;
/** Doc keys read per step when picking the newest matches. */
const KEY_BATCH = 1000;

function newestFirst(a: Favourite, b: Favourite): number {
  return b.savedAt - a.savedAt || a.seq - b.seq;
}

function termsMatch(w: string, prefixes: string[], exact: string[]): boolean {
  if (!w) return false;
  const terms = w.split(' ');
  return (
    exact.every((e) => terms.includes(e)) &&
    prefixes.every((p) => terms.some((term) => term.startsWith(p)))
  );
}

// biome-ignore lint/suspicious/noExplicitAny: a read transaction over the index stores
type ReadTx = any;

/** The exact terms a filter asks for. */
function filterTerms(opts: SearchQuery): string[] {
  const exact: string[] = [];
  if (opts.tag !== undefined) exact.push(tagTerm(opts.tag));
  if (opts.site !== undefined) exact.push(siteTerm(opts.site));
  if (opts.read !== undefined) exact.push(readTerm(opts.read));
  if (opts.archived !== undefined) exact.push(archivedTerm(opts.archived));
  return exact;
}

/**
 * The seqs of every favourite matching `query` and the filters, in `tx` (over `terms`,
 * `tails`, `docs` and `meta`); null when neither asks for anything (everything matches).
 */
export async function matchIn(
  tx: ReadTx,
  query: string,
  opts: SearchQuery,
): Promise<Set<number> | null> {
  const prefixes = queryWords(query);
  const exact = filterTerms(opts);
  if (!prefixes.length && !exact.length) return null;
  const terms = tx.objectStore('terms');
  const tails = tx.objectStore('tails');
  const docs = tx.objectStore('docs');
  // Docs whose postings are behind are read at once, alongside the postings.
  const dirtyP: Promise<DocRecord[]> = tx
    .objectStore('meta')
    .get(statsKey)
    .then((stats: { dirty?: DocKey[] } | undefined) =>
      Promise.all((stats?.dirty ?? []).map((key) => docs.get(key))),
    )
    .then((found: (DocRecord | undefined)[]) =>
      found.filter((d): d is DocRecord => !!d && d.ix !== undefined),
    );

  let seqs: Set<number> | null = null;
  // A term's seqs are its base (`terms`) and its tail (in its bucket in `tails`) together.
  const exactSets = await Promise.all(
    exact.map(async (term) => {
      const [base, bucket] = await Promise.all([terms.get(term), tails.get(bucketOf(term))]);
      const found = new Set<number>(base?.d ?? []);
      for (const seq of unpackBucket(bucket).get(term)?.d ?? []) found.add(seq);
      return found;
    }),
  );
  for (const found of exactSets) seqs = seqs ? intersect(seqs, found) : found;
  for (const prefix of prefixes) {
    if (seqs && seqs.size === 0) break;
    const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
    // A prefix of two characters or more lies in one bucket; a shorter one spans several.
    const b = bucketOf(prefix);
    const [bases, buckets]: [{ d: Uint32Array }[], TailBucket[]] = await Promise.all([
      terms.getAll(range),
      b.length === 2
        ? tails.get(b).then((bucket: TailBucket | undefined) => (bucket ? [bucket] : []))
        : tails.getAll(IDBKeyRange.bound(b, `${b}\uffff`)),
    ]);
    const found = new Set<number>();
    for (const posting of bases) for (const seq of posting.d) found.add(seq);
    for (const bucket of buckets) {
      bucket.t.forEach((term, i) => {
        if (!term.startsWith(prefix)) return;
        for (let k = bucket.o[i] as number; k < (bucket.o[i + 1] as number); k++) {
          found.add(bucket.s[k] as number);
        }
      });
    }
    seqs = seqs ? intersect(seqs, found) : found;
  }
  const matches = seqs ?? new Set<number>();
  for (const doc of await dirtyP) {
    matches.delete(doc.seq);
    if (termsMatch(doc.w, prefixes, exact)) matches.add(doc.seq);
  }
  return matches;
}

/** Seqs of the favourites matching `query` and the filters; null: no query, no filter. */
export async function matchingSeqs(
  db: FavDb,
  query: string,
  opts: SearchQuery = {},
): Promise<Set<number> | null> {
  return matchIn(db.transaction(['terms', 'tails', 'docs', 'meta']), query, opts);
}

/**
 * Favourites whose terms match `query` (each word a prefix) and the filters, newest first:
 * `limit` of them after skipping `offset`, and how many match in all. With no words, it lists
 * what the filters select (the popup's list filtered by site or read state).
 */
export async function searchFavourites(
  db: FavDb,
  query: string,
  opts: SearchQuery & { offset?: number } = {},
): Promise<SearchResult> {
  const limit = opts.limit ?? 200;
  const offset = Math.max(0, opts.offset ?? 0);
  const tx = db.transaction(['terms', 'tails', 'docs', 'favourites', 'meta']);
  const matches = await matchIn(tx, query, opts);
  if (!matches) return { items: [], total: 0 };
  const docs = tx.objectStore('docs');
  if (!matches.size) return { items: [], total: 0 };
  const bySeq = tx.objectStore('favourites').index('seq');
  const fetch = async (wanted: number[]) =>
    (await Promise.all(wanted.map((seq) => bySeq.get(seq)))).filter((r): r is Favourite => !!r);

  if (matches.size <= Math.max(FETCH_ALL_UP_TO, (offset + limit) * 1.5)) {
    const items = (await fetch([...matches])).sort(newestFirst);
    return { items: items.slice(offset, offset + limit), total: matches.size };
  }
  // Many matches: read doc keys newest first, a batch at a time, until `limit` are picked.
  const picked: number[] = [];
  let skip = offset;
  let range: IDBKeyRange | null = null;
  while (picked.length < limit) {
    const keys = (await docs.getAllKeys(range, KEY_BATCH)) as DocKey[];
    for (const [, seq] of keys) {
      if (!matches.has(seq)) continue;
      if (skip > 0) skip--;
      else picked.push(seq);
      if (picked.length >= limit) break;
    }
    const last = keys.at(-1);
    if (keys.length < KEY_BATCH || !last) break;
    range = IDBKeyRange.lowerBound(last, true);
  }
  return { items: await fetch(picked), total: matches.size };
}

/**
 * Runs a search for a word no favourite holds (and reads the newest doc keys), so the code is
 * compiled and the index's first pages are read before the reader's first keystroke.
 */
export async function warmSearch(db: FavDb): Promise<void> {
  await searchFavourites(db, 'qqqqzzzz');
  await db.getAllKeys('docs', null, KEY_BATCH);
}
