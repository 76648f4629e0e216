import { afterEach, expect, test } from 'vitest';
import { type FavouritesChange, onFavouritesChanged } from '../../../utils/favourites/changes';
import { article, freshStore } from './helpers';

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function listen(): Omit<FavouritesChange, 'db'>[] {
  const seen: Omit<FavouritesChange, 'db'>[] = [];
  stops.push(onFavouritesChanged(({ db: _db, ...c }) => seen.push(c)));
  return seen;
}

async function until(check: () => boolean) {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
}

test('each committed write announces the ids it put or removed, once', async () => {
  const store = freshStore();
  const seen = listen();
  const fav = await store.saveArticle(article());
  await store.saveLink('https://other.example.org/a', 'Another');
  await store.removeFavourite(fav.id);
  await until(() => seen.length >= 3);
  expect(seen).toEqual([
    { ids: [fav.id] },
    { ids: ['https://other.example.org/a'] },
    { ids: [fav.id] },
  ]);
  await store.close();
});

test('an aborted write announces nothing; a clear says so', async () => {
  const store = freshStore();
  await store.saveLink('https://other.example.org/a', 'Another');
  const seen = listen();
  await expect(
    store.write(async (w) => {
      await w.put({
        ...(await w.tx.objectStore('favourites').get('https://other.example.org/a'))!,
        title: 'x',
      });
      throw new Error('changed my mind');
    }),
  ).rejects.toThrow();
  await store.write((w) => w.clear());
  await until(() => seen.length >= 1);
  await new Promise((r) => setTimeout(r, 30));
  expect(seen).toEqual([{ ids: [], cleared: true }]);
  await store.close();
});
