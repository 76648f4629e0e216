import { getAllTakesDirection } from '@/utils/favourites/store';
import { article, freshStore } from './helpers';

/** 12 favourites, three saved at the same moment (ties go by id), every third archived. */
async function seeded() {
  const store = freshStore();
  for (let i = 0; i < 12; i++) {
    await store.saveArticle(
      article({ url: `https://s${i % 3}.example/story/${i}`, title: `Story ${i}` }),
      { now: 1000 + Math.min(i, 9) },
    );
  }
  const ids = (await store.listPage({ limit: 12 })).map((f) => f.id);
  await store.setArchived(
    ids.filter((_, i) => i % 3 === 0),
    true,
  );
  return store;
}

const ids = (favs: { id: string }[]) => favs.map((f) => f.id);

/** The newest page as a cursor walks it: date saved, then id, both descending. */
async function walked(store: ReturnType<typeof freshStore>, limit: number, notArchived: boolean) {
  const tx = (await store.db()).transaction('favourites');
  let cursor = await tx.store.index('savedAt').openCursor(null, 'prev');
  const out: string[] = [];
  while (cursor && out.length < limit) {
    if (!notArchived || !cursor.value.archived) out.push(cursor.value.id);
    cursor = await cursor.continue();
  }
  return out;
}

describe("the store's newest page (the popup's and the library's first rows)", () => {
  it('reads the savedAt index backwards in one getAll where it takes a direction', async () => {
    expect(getAllTakesDirection()).toBe(true);
    const store = await seeded();
    const getAll = vi.spyOn(IDBIndex.prototype, 'getAll');
    try {
      const all = await store.listPage({ offset: 0, limit: 5 });
      const notArchived = await store.listPage({ offset: 0, limit: 5, archived: false });
      const directed = getAll.mock.calls.filter(
        ([q]) => !!q && typeof q === 'object' && 'direction' in (q as object),
      );
      expect(directed.length).toBe(2);
      expect(ids(all)).toEqual(await walked(store, 5, false));
      expect(ids(notArchived)).toEqual(await walked(store, 5, true));
      expect(notArchived.some((f) => f.archived)).toBe(false);
      // Fewer than asked for: every one there is.
      expect(ids(await store.listPage({ limit: 50, archived: false }))).toEqual(
        await walked(store, 50, true),
      );
    } finally {
      getAll.mockRestore();
    }
  });

  it('lists the same where getAll takes no direction, and when archived ones are in the way', async () => {
    const store = await seeded();
    const archived = (await store.listPage({ limit: 12 })).slice(0, 8).map((f) => f.id);
    await store.setArchived(archived, true);
    expect(ids(await store.listPage({ limit: 3, archived: false }))).toEqual(
      await walked(store, 3, true),
    );
    const proto = IDBIndex.prototype as { getAllRecords?: unknown };
    const own = Object.getOwnPropertyDescriptor(proto, 'getAllRecords');
    delete proto.getAllRecords;
    try {
      expect(getAllTakesDirection()).toBe(false);
      expect(ids(await store.listPage({ limit: 4 }))).toEqual(await walked(store, 4, false));
      expect(ids(await store.listPage({ limit: 3, archived: false }))).toEqual(
        await walked(store, 3, true),
      );
    } finally {
      if (own) Object.defineProperty(proto, 'getAllRecords', own);
    }
  });
});
