import { useState } from 'preact/hooks';
import { ImportExport } from '@/components/favourites/ImportExport';
import { importExportSource } from '@/components/favourites/sources';
import { sanitizeHtml } from '@/utils/article/sanitize';
import { countLinkOnly, linkOnlyFavourites } from '@/utils/favourites/fetch-all';
import { favouritesStore } from '@/utils/favourites/store';
import { t } from '@/utils/i18n';
import { CleanupSettings } from './CleanupSettings';
import { DeleteAll } from './DeleteAll';
import { FetchLinkOnly, type LinkOnlySource } from './FetchLinkOnly';
import { ReaderDefaults } from './ReaderDefaults';
import { Shortcuts } from './Shortcuts';
import { StorageUsage } from './StorageUsage';
import { browserSyncClient, SyncSettings } from './SyncSettings';

const source = importExportSource(favouritesStore);
/** Link-only favourites and the reader's "Fetch the article now" (loaded when first used). */
const linkOnly: LinkOnlySource = {
  count: () => countLinkOnly(favouritesStore),
  list: () => linkOnlyFavourites(favouritesStore),
  fetchOne: async (id) => (await import('@/utils/favourites/read-offline')).fetchArticleNow(id),
};
/** A new sync status (a merge done): the link-only ones may have changed. */
const watchSync = (cb: () => void) => browserSyncClient.watch(() => cb());
const sanitize = (html: string) => sanitizeHtml(html, window);

export function OptionsApp() {
  // Bumped after "Delete all": re-mounts the import/export block so its count is current.
  const [generation, setGeneration] = useState(0);
  return (
    <>
      <header class="brand">
        <img src="/icon/48.png" alt="" width={32} height={32} />
        <div>
          <h1>{t('extName')}</h1>
          <p class="muted">{t('extDescription')}</p>
        </div>
        <nav class="options-nav">
          <a href="/library.html">{t('optionsLibrary')}</a>
        </nav>
      </header>
      <main class="options">
        <ReaderDefaults />
        <CleanupSettings />
        <Shortcuts />
        <ImportExport key={generation} source={source} sanitize={sanitize} />
        <StorageUsage key={generation} store={favouritesStore} />
        <SyncSettings />
        <FetchLinkOnly source={linkOnly} watch={watchSync} />
        <DeleteAll store={favouritesStore} onDeleted={() => setGeneration((g) => g + 1)} />
      </main>
    </>
  );
}
