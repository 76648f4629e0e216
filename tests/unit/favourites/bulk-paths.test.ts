/**
 * The bulk changes' faster paths write exactly what the general path writes: the same
 * favourites, the same terms per doc, the same postings and counts. Each test makes the same
 * change on two stores seeded alike, once through the bulk call and once a favourite at a time
 * (`setTags`, `write`), and compares everything they hold.
 */
import { unpackBucket } from '../../../utils/favourites/postings';
import type { FavouritesStore } from '../../../utils/favourites/store';
import type { Favourite } from '../../../utils/favourites/types';
import { freshStore } from './helpers';

/** Everything a store holds that a change could touch, once its postings caught up. */
async function stateOf(store: FavouritesStore) {
  await store.drain();
  const db = await store.db();
  const favourites = (await db.getAll('favourites')).map(({ updatedAt: _, ...fav }) => fav);
  const docs = (await db.getAll('docs')).map((d) => [d.seq, d.w, d.ix ?? null]);
  const postings = new Map<string, number[]>();
  for (const p of await db.getAll('terms')) postings.set(p.t, [...p.d]);
  for (const bucket of await db.getAll('tails')) {
    for (const [t, tail] of unpackBucket(bucket)) {
      postings.set(
        t,
        [...(postings.get(t) ?? []), ...tail.d].sort((a, b) => a - b),
      );
    }
  }
  const { v: _v, dirty: _d, ...stats } = (await db.get('meta', 'stats')) ?? {};
  return { favourites, docs, postings: [...postings].sort(), stats };
}

/** `n` favourites, alike in two stores: links with a title, some tagged, some with a copy. */
async function seedTwo(n: number) {
  const stores = [freshStore(), freshStore()];
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(`https://m${i % 7}.example/story/${1000 + i}`);
  for (const store of stores) {
    await store.write(async (w) => {
      for (const [i, id] of ids.entries()) {
        const fav: Omit<Favourite, 'seq'> = {
          id,
          url: id,
          normalizedUrl: id,
          title: `Story ${i} of the harbour${i % 5 ? '' : ' and the reading room'}`,
          site: `m${i % 7}.example`,
          byline: i % 3 ? undefined : 'Jo Writer',
          wordCount: 10,
          savedAt: 1000 + i,
          updatedAt: 1000 + i,
          read: (i % 2) as 0 | 1,
          tags: i % 4 ? [`topic ${i % 9}`] : [],
          fetched: i % 2 === 0,
        };
        const text = `Paragraph ${i} mentions reading and ferries${i}.`;
        await w.put(
          fav,
          undefined,
          i % 2 ? {} : { copy: { id, html: `<p>${text}</p>`, text }, text },
        );
      }
    });
  }
  return { stores, ids };
}

/** A shuffled pick of `k` of `ids` (deterministic), with a duplicate and an unknown id. */
function pick(ids: string[], k: number): string[] {
  const out = ids.filter((_, i) => (i * 37) % ids.length < k);
  out.reverse();
  return [...out, out[0] as string, 'https://gone.example/'];
}

describe('bulk changes: the faster paths write what the general one writes', () => {
  it('tags 320 of 700 (read one by one, in id order) as tagging each on its own does', async () => {
    const { stores, ids } = await seedTwo(700);
    const [bulk, single] = stores as [FavouritesStore, FavouritesStore];
    const chosen = pick(ids, 320);
    const change = await bulk.addTag(chosen, 'Reading list');
    expect(change.changed).toBe(320);
    // As one read of them all would list them: by id.
    const before = change.before.map((f) => f.id);
    expect(before).toEqual([...new Set(chosen)].filter((id) => ids.includes(id)).sort());
    for (const id of new Set(chosen)) {
      const fav = await single.getFavourite(id);
      if (fav) await single.setTags(id, [...fav.tags, 'Reading list']);
    }
    expect(await stateOf(bulk)).toEqual(await stateOf(single));
    expect(await bulk.count({ tag: 'reading list' })).toBe(320);
    expect((await bulk.search('list')).total).toBe(320);
    // Undo puts every record back as it was.
    await bulk.undoChange(change);
    expect(await bulk.count({ tag: 'reading list' })).toBe(0);
    expect((await bulk.search('list')).total).toBe(0);
    for (const store of stores) await store.close();
  });
});

describe('the postings of a write that touches more than a hundred tail buckets', () => {
  it('read all buckets at once, change only their own, and match a rebuild', async () => {
    const { stores, ids } = await seedTwo(60);
    const [store] = stores as [FavouritesStore];
    // 400 new favourites with 300 tags and words over many first letters: hundreds of buckets.
    const { importFavourites } = await import('../../../utils/favourites/import');
    const letters = 'abcdefghijklmnopqrstuvwxyz0123456789';
    await importFavourites(
      store,
      Array.from({ length: 400 }, (_, i) => ({
        url: `https://n${i % 40}.example/item/${i}`,
        title: `${letters[i % 36]}${letters[(i * 7) % 36]}word${i} about the harbour`,
        savedAt: 5000 + i,
        read: i % 3 === 0,
        archived: i % 4 === 1,
        tags: [`tag ${i % 300}`, 'reading list'],
        fetched: false,
      })),
    );
    const { postings } = await stateOf(store);
    // What the docs say, term by term, is what the postings hold.
    const db = await store.db();
    const expected = new Map<string, number[]>();
    for (const doc of await db.getAll('docs')) {
      for (const term of new Set(doc.w.split(' '))) {
        expected.set(
          term,
          [...(expected.get(term) ?? []), doc.seq].sort((a, b) => a - b),
        );
      }
    }
    expect(new Map(postings)).toEqual(expected);
    expect(await store.count({ tag: 'tag 7' })).toBe(2);
    expect((await store.search('harbour')).total).toBe(460);
    expect((await store.search('ferries1')).total).toBe(
      ids.filter((_, i) => i % 2 === 0 && String(i).startsWith('1')).length,
    );
    for (const s of stores) await s.close();
  });
});
