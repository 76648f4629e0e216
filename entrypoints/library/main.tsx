import { render } from 'preact';
import { browser } from 'wxt/browser';
import { FIRST_PAGE, Library } from '@/components/library/Library';
import { browserSyncClient } from '@/components/sync/switch';
import { favouritesStore } from '@/utils/favourites/store';
import { localizeDocument, t } from '@/utils/i18n';
import '@/components/tokens.css';
import '@/components/favourites/favourites.css';

// The first rows are asked for before anything is drawn: the database opens and answers while
// the page renders (in one request once open: see the store's readNewest).
const firstPage = Promise.all([
  favouritesStore.listPage({ offset: 0, limit: FIRST_PAGE.limit }),
  favouritesStore.count(),
]).then(([items, total]) => ({ items, total }));
firstPage.catch(() => undefined);
localizeDocument();
document.title = `${t('libHeading')} · ${t('extName')}`;
render(
  <Library
    source={favouritesStore}
    sync={browserSyncClient}
    firstPage={firstPage}
    readerUrl={(id) =>
      browser.runtime.getURL(`/reader.html?id=${encodeURIComponent(id)}` as '/reader.html')
    }
  />,
  document.getElementById('app') as HTMLElement,
);
