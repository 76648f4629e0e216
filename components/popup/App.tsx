import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import {
  FavouritesList,
  type FavouritesListProps,
  type FavouritesSource,
} from '@/components/favourites/FavouritesList';
import { favouritesStore } from '@/utils/favourites/store';
import { t } from '@/utils/i18n';
import { canRunOn } from '@/utils/ui/restricted';
import { targetTabId } from '@/utils/ui/send';
import { TabPanel } from './TabPanel';

/**
 * The list's row in the popup: the title (two lines), then the site and date on a line of their
 * own, then the actions, so that a site's name is never squeezed by the buttons beside it.
 */
const ROW_HEIGHT = 92;

interface Target {
  id: number;
  runnable: boolean;
}

/** The tab the popup acts on, and whether Broadsheet can run there (null: there is none). */
async function findTarget(): Promise<Target | null> {
  const id = await targetTabId();
  if (id === null) return null;
  const tab = await browser.tabs.get(id).catch(() => null);
  if (!tab) return null;
  return { id, runnable: canRunOn(tab.url) };
}

const pageUrl = (path: string) => browser.runtime.getURL(path as '/popup.html');

export function App({ firstPage }: { firstPage?: FavouritesListProps['firstPage'] } = {}) {
  const [target, setTarget] = useState<Target | null | undefined>(undefined);
  const [version, setVersion] = useState(0);
  /** Bumped when the list removes or restores a favourite: the tab's own may be among them. */
  const [listChange, setListChange] = useState(0);
  const source = useMemo<FavouritesSource>(
    () => ({
      ...favouritesStore,
      removeFavourite: async (id) => {
        const removed = await favouritesStore.removeFavourite(id);
        setListChange((n) => n + 1);
        return removed;
      },
      restoreFavourite: async (removed) => {
        await favouritesStore.restoreFavourite(removed);
        setListChange((n) => n + 1);
      },
    }),
    [],
  );
  useEffect(() => {
    findTarget().then(setTarget, () => setTarget(null));
  }, []);
  return (
    <main class="popup">
      <header class="brand">
        <img src="/icon/32.png" alt="" width={20} height={20} />
        <h1>{t('extName')}</h1>
        <nav class="popup-links" aria-label={t('popupLinksLabel')}>
          <a href={pageUrl('/library.html')} target="_blank" rel="noopener">
            {t('popupLibrary')}
          </a>
          <a
            href={pageUrl('/options.html')}
            target="_blank"
            rel="noopener"
            onClick={(e) => {
              // The options page opens as the browser opens it (one tab, reused).
              e.preventDefault();
              void browser.runtime.openOptionsPage();
            }}
          >
            {t('popupOptions')}
          </a>
        </nav>
      </header>
      {target === null && <p role="status">{t('statusUnavailable')}</p>}
      {target && (
        <TabPanel
          tabId={target.id}
          runnable={target.runnable}
          listChange={listChange}
          onSaved={() => setVersion((v) => v + 1)}
        />
      )}
      <FavouritesList
        source={source}
        readerUrl={(id) =>
          browser.runtime.getURL(`/reader.html?id=${encodeURIComponent(id)}` as '/reader.html')
        }
        rowHeight={ROW_HEIGHT}
        version={version}
        firstPage={firstPage}
      />
    </main>
  );
}
