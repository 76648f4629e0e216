/**
 * The search index and the counts, kept beside the favourites (db.ts, v4):
 * - `docs`: one record per favourite, keyed [at, seq] (at = -savedAt, so keys in ascending order
 *   are newest first and `getAllKeys(range, n)` reads the newest n), with its terms `w` (folded
 *   words, plus `\u0001s<site>` and `\u0001r<0|1>` for the filters), space-separated. A write
 *   that changes the terms keeps in `ix` the terms the postings still hold, and lists the doc's
 *   key in the counts record's `dirty` (a list, not an index: LevelDB leaves a deleted index
 *   entry behind as a tombstone that every later scan has to step over).
 * - `terms`: postings, term → sorted seqs (a Uint32Array: cloned in and out of IndexedDB as one
 *   block of memory), in two parts: the base, one record per term in `terms`, and the newest
 *   additions, the tail, in `tails`, where the tails of all terms that start with the same two
 *   characters share one record. Each IndexedDB request costs far more than its bytes, so an
 *   import that adds to 17 000 terms writes one small record per two-letter prefix, not 17 000
 *   lists, and a common word's long base is rewritten only once its tail has grown to an eighth
 *   of it. A term's seqs are its base and its tail together, with no seq in both.
 *   `indexDocs` brings them up to date for given docs: an import's in the import's own
 *   transaction (so the import and its index land together); a save's later, in a transaction
 *   of their own, through `drainDirty`.
 * - `meta`: the counts, changed in the same transaction as the favourites they count.
 * Search (search.ts) reads the postings and the docs listed as behind, so its answers are
 * always exact.
 */
import type { IDBPTransaction } from 'idb';
import { tagKey } from './tags';
import type { Favourite } from './types';

/** The terms a favourite is found by and filtered on. */
export interface DocRecord {
  /** -savedAt */
  at: number;
  seq: number;
  /** Terms, space-separated; '' for a removed favourite whose postings are not cleared yet. */
  w: string;
  /** While dirty: the terms the postings hold for this doc. */
  ix?: string;
}

export interface Stats {
  k: typeof statsKey;
  total: number;
  read: number;
  /** site → [favourites, of which read] */
  sites: Record<string, [number, number]>;
  /** The last seq handed out. */
  seq: number;
  /** Keys of the docs whose postings are behind. */
  dirty?: DocKey[];
  /** How many are archived (v7; absent before: none). */
  archived?: number;
  /** tag key → [its kept spelling, how many favourites carry it] (v7). */
  tags?: Record<string, [string, number]>;
  /** Bumped by every write (v7), so a sorted list kept in memory knows it is stale. */
  v?: number;
}

export const statsKey = 'stats';
export const emptyStats = (): Stats => ({ k: statsKey, total: 0, read: 0, sites: {}, seq: 0 });

/** Filter terms: they start with a control character, which no folded word does. */
export const siteTerm = (site: string) => `\u0001s${site}`;
export const readTerm = (read: boolean | 0 | 1) => `\u0001r${read ? 1 : 0}`;
/** v7: archived or not, and each tag (by its key: case and accents folded). */
export const archivedTerm = (archived: boolean | 0 | 1 | undefined) => `\u0001a${archived ? 1 : 0}`;
export const tagTerm = (tag: string) => `\u0001t${tagKey(tag).replace(/ /g, '\u0002')}`;

export type DocKey = [number, number];
export const docKey = (fav: Pick<Favourite, 'savedAt' | 'seq'>): DocKey => [-fav.savedAt, fav.seq];

export interface Posting {
  t: string;
  d: Uint32Array;
}

/** A term's tail: its newest seqs, and its base's length once that was read. */
export interface Tail {
  d: Uint32Array;
  n?: number;
}

/**
 * The tails of every term that starts with `b` (its first two characters, see bucketOf), packed
 * so that IndexedDB clones two arrays rather than a typed array per term: term `t[i]` has the
 * seqs `s[o[i]]` up to `s[o[i + 1]]` (excluded), and a base of `n[i]` seqs (-1: not read yet).
 */
export interface TailBucket {
  b: string;
  t: string[];
  n: Int32Array;
  o: Uint32Array;
  s: Uint32Array;
}

/** A bucket's tails by term (views into the bucket's arrays, not copies). */
export function unpackBucket(bucket: TailBucket | undefined): Map<string, Tail> {
  const out = new Map<string, Tail>();
  if (!bucket) return out;
  bucket.t.forEach((term, i) => {
    const d = bucket.s.subarray(bucket.o[i], bucket.o[i + 1]);
    const n = bucket.n[i] as number;
    out.set(term, n < 0 ? { d } : { d, n });
  });
  return out;
}

export function packBucket(b: string, tails: Map<string, Tail>): TailBucket {
  const t = [...tails.keys()];
  const n = new Int32Array(t.length);
  const o = new Uint32Array(t.length + 1);
  let size = 0;
  t.forEach((term, i) => {
    o[i] = size;
    const tail = tails.get(term) as Tail;
    n[i] = tail.n ?? -1;
    size += tail.d.length;
  });
  o[t.length] = size;
  const s = new Uint32Array(size);
  for (const [i, term] of t.entries()) s.set((tails.get(term) as Tail).d, o[i]);
  return { b, t, n, o, s };
}

/**
 * The bucket a term's tail is kept in: its first two characters; for a filter term (site, read,
 * archived, tag: looked up whole, never as a prefix) its kind and a hash of it, so that 2 000
 * tags or sites do not share one bucket that every save and every filter reads whole (v7).
 */
export const bucketOf = (term: string) =>
  term.charCodeAt(0) === 1 ? `${term.slice(0, 2)}${filterHash(term)}` : term.slice(0, 2);

/** Two hex digits from a filter term (FNV-1a), so its kind's terms spread over 256 buckets. */
function filterHash(term: string): string {
  let h = 0x811c9dc5;
  for (let i = 2; i < term.length; i++) {
    h ^= term.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return ((h >>> 0) & 0xff).toString(16).padStart(2, '0');
}

/**
 * v6 → v7: the filter terms' tails move from their two-character buckets to bucketOf's.
 * In `tx` (over `tails`); every seq is kept.
 */
export async function rebucketFilterTails(tx: IndexTx): Promise<void> {
  const tails = tx.objectStore('tails');
  const old = (
    (await tails.getAll(IDBKeyRange.bound('\u0001', '\u0001\uffff'))) as TailBucket[]
  ).filter((bucket) => bucket.b.length === 2);
  if (!old.length) return;
  const regrouped = new Map<string, Map<string, Tail>>();
  for (const bucket of old) {
    for (const [term, tail] of unpackBucket(bucket)) {
      const b = bucketOf(term);
      let group = regrouped.get(b);
      if (!group) {
        group = unpackBucket((await tails.get(b)) as TailBucket | undefined);
        regrouped.set(b, group);
      }
      group.set(term, { ...tail, d: tail.d.slice() });
    }
  }
  await Promise.all([
    ...old.map((bucket) => tails.delete(bucket.b)),
    ...[...regrouped].map(([b, group]) => tails.put(packBucket(b, group))),
  ]);
}

/** A favourite's terms: its words, then its site, read state, archived state and tags. */
export function docTerms(
  fav: Pick<Favourite, 'site' | 'read' | 'archived' | 'tags'>,
  words: string[],
): string[] {
  const tags = [...new Set((fav.tags ?? []).map(tagTerm))];
  return [...words, siteTerm(fav.site), readTerm(fav.read), archivedTerm(fav.archived), ...tags];
}

/** The words (no filter terms) of a doc's `w`. */
export function docWords(w: string | undefined): string[] {
  return w ? w.split(' ').filter((term) => term && term.charCodeAt(0) !== 1) : [];
}

/** Counts `fav` into `stats` (`sign` 1) or out of it (-1), in place. */
export function countFavourite(
  stats: Stats,
  fav: Pick<Favourite, 'site' | 'read' | 'archived' | 'tags'>,
  sign: 1 | -1,
): void {
  const [n, r] = stats.sites[fav.site] ?? [0, 0];
  if (n + sign <= 0) delete stats.sites[fav.site];
  else stats.sites[fav.site] = [n + sign, r + sign * fav.read];
  stats.total += sign;
  stats.read += sign * fav.read;
  if (fav.archived) stats.archived = (stats.archived ?? 0) + sign;
  countTags(stats, fav.tags ?? [], sign);
}

/** Counts a favourite's tags into `stats` (1) or out of it (-1); the first spelling is kept. */
export function countTags(stats: Stats, tags: readonly string[], sign: 1 | -1): void {
  if (!tags.length) return;
  stats.tags ??= {};
  const seen = new Set<string>();
  for (const tag of tags) {
    const key = tagKey(tag);
    if (seen.has(key)) continue;
    seen.add(key);
    const [name, count] = stats.tags[key] ?? [tag, 0];
    if (count + sign <= 0) delete stats.tags[key];
    else stats.tags[key] = [name, count + sign];
  }
}

/** How many favourites a filter selects, from the counts. */
export function countFrom(
  stats: Stats,
  filter: { site?: string; read?: boolean; archived?: boolean; tag?: string },
): number | null {
  if (filter.tag !== undefined) {
    if (filter.site !== undefined || filter.read !== undefined || filter.archived !== undefined) {
      return null;
    }
    return stats.tags?.[tagKey(filter.tag)]?.[1] ?? 0;
  }
  if (filter.archived !== undefined) {
    const archived = stats.archived ?? 0;
    if (archived === 0)
      return filter.archived ? 0 : countFrom(stats, { ...filter, archived: undefined });
    if (filter.site !== undefined || filter.read !== undefined) return null;
    return filter.archived ? archived : stats.total - archived;
  }
  const [n, r] =
    filter.site === undefined ? [stats.total, stats.read] : (stats.sites[filter.site] ?? [0, 0]);
  if (filter.read === undefined) return n;
  return filter.read ? r : n - r;
}

// Any transaction that includes `docs` and `terms`, read-write.
// biome-ignore lint/suspicious/noExplicitAny: idb's transaction types differ per store list
type IndexTx = IDBPTransaction<any, any, 'readwrite' | 'versionchange'>;

/** `list` (sorted) with `added` merged in and `removed` taken out, sorted, no duplicates. */
export function applyChanges(list: Uint32Array, added: number[], removed: number[]): Uint32Array {
  const drop = removed.length ? new Set(removed) : null;
  const add = [...new Set(added)].sort((x, y) => x - y);
  const out = new Uint32Array(list.length + add.length);
  let i = 0;
  let j = 0;
  let k = 0;
  let last = -1;
  while (i < list.length || j < add.length) {
    const next =
      j >= add.length || (i < list.length && (list[i] as number) <= (add[j] as number))
        ? (list[i++] as number)
        : (add[j++] as number);
    if (next === last || drop?.has(next)) continue;
    out[k++] = next;
    last = next;
  }
  return out.subarray(0, k).slice();
}

/** Above this many terms, all postings are read in one request rather than one each. */
const READ_ALL_ABOVE = 2000;
/** Above this many buckets, every tail bucket is read in one request. */
const READ_ALL_BUCKETS_ABOVE = 100;
/**
 * A term's newest seqs stay in its tail while the tail is small: up to TAIL_MIN seqs, or up to
 * an eighth of its base (TAIL_SHARE). Past that, tail and base are merged into the base.
 */
export const TAIL_MIN = 32;
export const TAIL_SHARE = 1 / 8;
const EMPTY = new Uint32Array(0);

// biome-ignore lint/suspicious/noExplicitAny: the `terms` store of any transaction
async function readPostings(store: any, wanted: string[]): Promise<(Posting | undefined)[]> {
  if (wanted.length <= READ_ALL_ABOVE) {
    return Promise.all(wanted.map((t) => store.get(t) as Promise<Posting | undefined>));
  }
  const all = new Map(((await store.getAll()) as Posting[]).map((p) => [p.t, p]));
  return wanted.map((t) => all.get(t));
}

// biome-ignore lint/suspicious/noExplicitAny: the `tails` store of any transaction
async function readBuckets(store: any, wanted: string[]): Promise<Map<string, Map<string, Tail>>> {
  const found: (TailBucket | undefined)[] =
    wanted.length <= READ_ALL_BUCKETS_ABOVE
      ? await Promise.all(wanted.map((b) => store.get(b)))
      : await store.getAll();
  // Read all at once, only the wanted ones are unpacked (a view per term of each).
  const want = new Set(wanted);
  const out = new Map<string, Map<string, Tail>>();
  for (const bucket of found)
    if (bucket && want.has(bucket.b)) out.set(bucket.b, unpackBucket(bucket));
  for (const b of wanted) if (!out.has(b)) out.set(b, new Map());
  return out;
}

/** Terms the postings hold for a doc: `ix` while it is dirty, else its terms. */
export function indexedTerms(doc: DocRecord | undefined): string {
  if (!doc) return '';
  return doc.ix ?? doc.w;
}

/**
 * `a` and `b` (space-separated terms) without the whole terms they start with in common.
 */
export function afterCommonStart(a: string, b: string): [string, string] {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === a.length && i === b.length) return ['', ''];
  // Back to the start of the term the difference is in (a whole term shared ends in a space,
  // or is the whole of the shorter string followed by a space in the longer one).
  const cut =
    (i === a.length && b.charCodeAt(i) === 32) || (i === b.length && a.charCodeAt(i) === 32)
      ? i
      : a.lastIndexOf(' ', i - 1) + 1;
  return [a.slice(cut), b.slice(cut)];
}

/**
 * Writes `docs` (each with `w`, and `ix` when the postings hold other terms) clean: their
 * postings are brought up to date, then each doc is stored without `ix` (or deleted, when its
 * favourite is gone). Additions go to the terms' tails; a term that loses seqs, or whose tail
 * outgrows its share of the base, has its tail merged into its base.
 */
export async function indexDocs(tx: IndexTx, list: DocRecord[]): Promise<void> {
  const docs = tx.objectStore('docs');
  const terms = tx.objectStore('terms');
  const tails = tx.objectStore('tails');
  const adds = new Map<string, number[]>();
  const removes = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, term: string, seq: number) => {
    const seqs = map.get(term);
    if (seqs) seqs.push(seq);
    else map.set(term, [seq]);
  };
  for (const doc of list) {
    // A doc's terms are unique, so what the old and new terms share from the start is in both:
    // only what follows needs comparing (a change of tags or state touches the end).
    const [w, ix] = afterCommonStart(doc.w ?? '', doc.ix ?? '');
    const now = new Set(w ? w.split(' ') : []);
    const before = new Set(ix ? ix.split(' ') : []);
    for (const term of now) if (term && !before.has(term)) push(adds, term, doc.seq);
    for (const term of before) if (term && !now.has(term)) push(removes, term, doc.seq);
  }
  const touched = [...new Set([...adds.keys(), ...removes.keys()])];
  // Each term's bucket, worked out once (a filter term's is a hash of it).
  const bucketOfTerm = new Map(touched.map((t) => [t, bucketOf(t)]));
  const changed = new Set(bucketOfTerm.values());
  const buckets = await readBuckets(tails, [...changed]);
  const bucketFor = (t: string) => buckets.get(bucketOfTerm.get(t) as string);
  const tailOf = (t: string) => bucketFor(t)?.get(t);
  const grown = new Map<string, Uint32Array>();
  for (const t of touched) {
    if (!removes.has(t)) grown.set(t, applyChanges(tailOf(t)?.d ?? EMPTY, adds.get(t) ?? [], []));
  }
  // Tails past TAIL_MIN are weighed against their base: its length, read once if not known.
  const unsized = [...grown]
    .filter(([t, tail]) => tail.length > TAIL_MIN && tailOf(t)?.n === undefined)
    .map(([t]) => t);
  const bases = new Map((await readPostings(terms, unsized)).map((p, i) => [unsized[i], p]));
  const rebase: string[] = [];
  for (const t of touched) {
    const tail = grown.get(t);
    const n = tailOf(t)?.n ?? (bases.has(t) ? (bases.get(t)?.d.length ?? 0) : undefined);
    if (tail && (tail.length <= TAIL_MIN || tail.length <= (n ?? 0) * TAIL_SHARE)) {
      bucketFor(t)?.set(t, n === undefined ? { d: tail } : { d: tail, n });
    } else rebase.push(t);
  }
  const unread = rebase.filter((t) => !bases.has(t));
  const more = await readPostings(terms, unread);
  for (const [i, t] of unread.entries()) bases.set(t, more[i]);
  const writes: Promise<unknown>[] = [];
  for (const t of rebase) {
    const seqs = applyChanges(
      bases.get(t)?.d ?? EMPTY,
      [...(tailOf(t)?.d ?? EMPTY), ...(adds.get(t) ?? [])],
      removes.get(t) ?? [],
    );
    writes.push(seqs.length ? terms.put({ t, d: seqs }) : terms.delete(t));
    bucketFor(t)?.delete(t);
  }
  for (const b of changed) {
    const bucket = buckets.get(b) as Map<string, Tail>;
    writes.push(bucket.size ? tails.put(packBucket(b, bucket)) : tails.delete(b));
  }
  for (const doc of list) {
    if (!doc.w) writes.push(docs.delete([doc.at, doc.seq]));
    else writes.push(docs.put({ at: doc.at, seq: doc.seq, w: doc.w }));
  }
  await Promise.all(writes);
}

/**
 * Brings the postings up to date with every dirty doc, in `tx` (over `docs`, `terms` and
 * `meta`). Returns how many docs it cleaned. Safe to run twice or at once in two pages:
 * read-write transactions over the same stores run one after the other.
 */
export async function drainDirty(tx: IndexTx): Promise<number> {
  const meta = tx.objectStore('meta');
  const stats = (await meta.get(statsKey)) as Stats | undefined;
  const keys = stats?.dirty ?? [];
  if (!stats || !keys.length) return 0;
  const found = (await Promise.all(keys.map((key) => tx.objectStore('docs').get(key)))) as (
    | DocRecord
    | undefined
  )[];
  const list = found.filter((d): d is DocRecord => !!d && d.ix !== undefined);
  await indexDocs(tx, list);
  await meta.put({ ...stats, dirty: [] });
  return list.length;
}
