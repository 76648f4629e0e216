import type { FavouritesStore } from '@/utils/favourites/store';

/** Deletes every favourite and every offline copy, in one transaction: all or nothing. */
export async function clearAllFavourites(store: Pick<FavouritesStore, 'write'>): Promise<void> {
  await store.write(async (tx) => {
    await Promise.all([tx.objectStore('favourites').clear(), tx.objectStore('copies').clear()]);
  });
}
