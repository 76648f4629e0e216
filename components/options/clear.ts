import type { FavouritesStore } from '@/utils/favourites/store';

/** Deletes every favourite, offline copy and index entry, in one transaction: all or nothing. */
export async function clearAllFavourites(store: Pick<FavouritesStore, 'write'>): Promise<void> {
  await store.write((w) => w.clear());
}
