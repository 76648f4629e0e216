import { getAllTakesDirection, newestFavourites } from '../../../components/favourites/first-page';
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

describe('newestFavourites', () => {
  it('lists as the store lists, in one request: ties by id, archived ones left out', async () => {
    expect(getAllTakesDirection()).toBe(true);
    const store = await seeded();
    const listPage = vi.spyOn(store, 'listPage');
    const all = await newestFavourites(store, 5);
    const notArchived = await newestFavourites(store, 5, true);
    expect(listPage).not.toHaveBeenCalled();
    listPage.mockRestore();
    expect(ids(all)).toEqual(ids(await store.listPage({ limit: 5 })));
    expect(ids(notArchived)).toEqual(ids(await store.listPage({ limit: 5, archived: false })));
    expect(notArchived.some((f) => f.archived)).toBe(false);
    // Fewer than asked for: every one there is.
    expect(ids(await newestFavourites(store, 50, true))).toEqual(
      ids(await store.listPage({ limit: 50, archived: false })),
    );
  });

  it('asks the store when too many archived ones are in the way, or getAll takes no direction', async () => {
    const store = await seeded();
    const archived = (await store.listPage({ limit: 12 })).slice(0, 8).map((f) => f.id);
    await store.setArchived(archived, true);
    const listPage = vi.spyOn(store, 'listPage');
    const page = await newestFavourites(store, 3, true);
    expect(listPage).toHaveBeenCalledTimes(1);
    expect(ids(page)).toEqual(ids(await store.listPage({ limit: 3, archived: false })));
    const proto = IDBIndex.prototype as { getAllRecords?: unknown };
    const own = Object.getOwnPropertyDescriptor(proto, 'getAllRecords');
    delete proto.getAllRecords;
    try {
      expect(getAllTakesDirection()).toBe(false);
      listPage.mockClear();
      expect(ids(await newestFavourites(store, 4))).toEqual(
        ids(await store.listPage({ limit: 4 })),
      );
      expect(listPage).toHaveBeenCalledTimes(2);
    } finally {
      if (own) Object.defineProperty(proto, 'getAllRecords', own);
    }
  });
});
