import type { Favourite } from '../../../utils/favourites/types';
import { freshStore } from './helpers';

/** Counts the cursor steps IndexedDB is asked for while `fn` runs. */
async function cursorSteps(fn: () => Promise<unknown>): Promise<number> {
  const spy = vi.spyOn(IDBCursor.prototype, 'continue');
  try {
    await fn();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

/** Newest first, as the list has always been ordered (ties: the id, descending). */
const cursorOrder = (favs: Favourite[]) =>
  [...favs].sort((a, b) => b.savedAt - a.savedAt || (a.id < b.id ? 1 : -1));

async function seeded(n: number) {
  const store = freshStore();
  const favs = [];
  for (let i = 0; i < n; i++) {
    // Pairs saved at the same moment: the order of ties must hold too.
    favs.push(
      await store.saveLink(`https://s${i % 3}.example/${i}`, `Item ${i}`, {
        now: 1000 + Math.floor(i / 2),
      }),
    );
  }
  await store.drain();
  return { store, favs };
}

describe('the newest page, read in a few requests', () => {
  it('a first page (library and popup) is not a cursor step per row, and is the same list', async () => {
    const { store, favs } = await seeded(90);
    const walked = { items: cursorOrder(favs) };
    let page: Favourite[] = [];
    let second: Favourite[] = [];
    const steps = await cursorSteps(async () => {
      page = await store.listPage({ limit: 50 });
      second = await store.listPage({ offset: 50, limit: 30 });
    });
    expect(steps).toBeLessThan(5);
    expect(page.map((f) => f.id)).toEqual(walked.items.slice(0, 50).map((f) => f.id));
    expect(second.map((f) => f.id)).toEqual(walked.items.slice(50, 80).map((f) => f.id));
    // Without the spy too (it stands between the store and the database).
    expect((await store.listPage({ limit: 50 })).map((f) => f.id)).toEqual(
      walked.items.slice(0, 50).map((f) => f.id),
    );
  });

  it('the popup list leaves the archived out, in order, also past many of them', async () => {
    const { store, favs } = await seeded(90);
    const newestFirst = cursorOrder(favs);
    const archived = newestFirst.slice(0, 70).filter((_, i) => i % 5 !== 0);
    await store.setArchived(
      archived.map((f) => f.id),
      true,
    );
    const gone = new Set(archived.map((f) => f.id));
    const page = await store.listPage({ archived: false, limit: 20 });
    expect(page.map((f) => f.id)).toEqual(
      newestFirst
        .filter((f) => !gone.has(f.id))
        .slice(0, 20)
        .map((f) => f.id),
    );
  });

  it('stays right while a removal is not indexed yet (its doc is still there)', async () => {
    const { store, favs } = await seeded(40);
    const newest = favs.at(-1);
    await store.removeFavourite(newest?.id ?? '');
    const page = await store.listPage({ limit: 10 });
    expect(page.map((f) => f.id)).toEqual(
      cursorOrder(favs.slice(0, -1))
        .slice(0, 10)
        .map((f) => f.id),
    );
    expect(await store.listPage({ offset: 100, limit: 10 })).toEqual([]);
  });
});
