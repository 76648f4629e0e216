import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Library } from '@/components/library/Library';
import { browserSyncClient } from '@/components/sync/switch';
import { favouritesStore } from '@/utils/favourites/store';
import { localizeDocument, t } from '@/utils/i18n';
import '@/components/tokens.css';
import '@/components/favourites/favourites.css';

localizeDocument();
document.title = `${t('libHeading')} · ${t('extName')}`;
render(
  <Library
    source={favouritesStore}
    sync={browserSyncClient}
    readerUrl={(id) =>
      browser.runtime.getURL(`/reader.html?id=${encodeURIComponent(id)}` as '/reader.html')
    }
  />,
  document.getElementById('app') as HTMLElement,
);
