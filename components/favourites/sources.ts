/** Adapters from the favourites store to what the favourites components need. */
import { exportAll } from '@/utils/favourites/export';
import { exportAs } from '@/utils/favourites/export-formats';
import { importFavourites } from '@/utils/favourites/import';
import type { FavouritesStore } from '@/utils/favourites/store';
import type { ImportExportSource } from './ImportExport';

export function importExportSource(store: FavouritesStore): ImportExportSource {
  return {
    count: () => store.count(),
    exportParts: () => exportAll(store),
    importEntries: (entries, onProgress) => importFavourites(store, entries, { onProgress }),
    exportAs: (format) => exportAs(store, format),
  };
}
