import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { FavouritesList } from '@/components/favourites/FavouritesList';
import { favouritesStore } from '@/utils/favourites/store';
import { t } from '@/utils/i18n';
import { targetTabId } from '@/utils/ui/send';
import { TabPanel } from './TabPanel';

export function App() {
  const [tabId, setTabId] = useState<number | null | undefined>(undefined);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    targetTabId().then(setTabId, () => setTabId(null));
  }, []);
  return (
    <main class="popup">
      <header class="brand">
        <img src="/icon/32.png" alt="" width={20} height={20} />
        <h1>{t('extName')}</h1>
      </header>
      {tabId === null && <p role="status">{t('statusUnavailable')}</p>}
      {typeof tabId === 'number' && (
        <TabPanel tabId={tabId} onSaved={() => setVersion((v) => v + 1)} />
      )}
      <FavouritesList
        source={favouritesStore}
        readerUrl={(id) =>
          browser.runtime.getURL(`/reader.html?id=${encodeURIComponent(id)}` as '/reader.html')
        }
        version={version}
      />
    </main>
  );
}
