import { tagStore } from '../../../utils/ui/tags';
import { article, freshStore } from './helpers';

/** Two favourites: one whose body also says "marmalade", one whose body does not. */
async function seed() {
  const store = freshStore();
  const plain = await store.saveArticle(
    article({
      url: 'https://a.example/1',
      title: 'Harbour ferries',
      textContent: 'Boats at dawn.',
    }),
    { tags: ['marmalade'], now: 1000 },
  );
  const spread = await store.saveArticle(
    article({
      url: 'https://b.example/2',
      title: 'Breakfast notes',
      textContent: 'Toast with marmalade, then tea.',
    }),
    { tags: ['marmalade'], now: 2000 },
  );
  return { store, plain, spread };
}

const found = async (store: ReturnType<typeof freshStore>, query: string) =>
  (await store.search(query)).items.map((f) => f.id).sort();

// The search index must follow the tags whichever way they change, both before the postings
// catch up (dirty docs are read directly) and after.
for (const drained of [false, true]) {
  const when = drained ? 'after the postings catch up' : 'while the postings are behind';
  describe(`tag words in search, ${when}`, () => {
    const settle = async (store: ReturnType<typeof freshStore>) => {
      if (drained) await store.drain();
    };

    it('a renamed tag is found under its new word only (a body word stays)', async () => {
      const { store, plain, spread } = await seed();
      await store.drain();
      await store.renameTag('marmalade', 'quince jelly');
      await settle(store);
      // The favourite whose text says "marmalade" is still found by its text; the other not.
      expect(await found(store, 'marmalade')).toEqual([spread.id]);
      expect(await found(store, 'quince')).toEqual([plain.id, spread.id].sort());
      expect(await found(store, 'jelly')).toEqual([plain.id, spread.id].sort());
    });

    it('a deleted or removed tag is no longer a search word', async () => {
      const { store, plain, spread } = await seed();
      await store.drain();
      await store.deleteTag('marmalade');
      await settle(store);
      expect(await found(store, 'marmalade')).toEqual([spread.id]);
      await store.addTag([plain.id, spread.id], 'Ginger');
      await settle(store);
      expect(await found(store, 'ginger')).toEqual([plain.id, spread.id].sort());
      await store.removeTag([plain.id, spread.id], 'ginger');
      await settle(store);
      expect(await found(store, 'ginger')).toEqual([]);
      expect(await found(store, 'harbour')).toEqual([plain.id]);
    });

    it("the popup's Tags box (setTags) replacing a tag drops its word", async () => {
      const { store, plain } = await seed();
      await store.drain();
      await tagStore(store).setTags(plain.id, ['rhubarb']);
      await settle(store);
      expect(await found(store, 'marmalade')).not.toContain(plain.id);
      expect(await found(store, 'rhubarb')).toEqual([plain.id]);
      // A word the title still has is kept when a tag with it goes.
      await store.setTags(plain.id, ['ferries', 'rhubarb']);
      await store.setTags(plain.id, ['rhubarb']);
      await settle(store);
      expect(await found(store, 'ferries')).toEqual([plain.id]);
    });

    it('Undo of a rename gives the old word back', async () => {
      const { store, plain, spread } = await seed();
      const change = await store.renameTag('marmalade', 'quince');
      await store.undoChange(change);
      await settle(store);
      expect(await found(store, 'marmalade')).toEqual([plain.id, spread.id].sort());
      expect(await found(store, 'quince')).toEqual([]);
    });
  });
}

it('a saved link (no copy) loses a removed tag word too', async () => {
  const store = freshStore();
  const fav = await store.saveLink('https://c.example/x', 'Garden diary', { tags: ['compost'] });
  await store.setTags(fav.id, []);
  expect((await store.search('compost')).total).toBe(0);
  await store.drain();
  expect((await store.search('compost')).total).toBe(0);
  expect((await store.search('garden')).total).toBe(1);
});
