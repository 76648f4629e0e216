import { render } from 'preact';
import { FIRST_PAGE } from '@/components/favourites/FavouritesList';
import { App } from '@/components/popup/App';
import { favouritesStore } from '@/utils/favourites/store';
import { localizeDocument } from '@/utils/i18n';
import '@/components/tokens.css';
import '@/components/popup/popup.css';
import '@/components/favourites/favourites.css';

// The list's first rows and its count are asked for before anything is drawn: the database
// opens and answers while the popup renders (in one request once open: see the store's readNewest).
const firstPage = {
  items: favouritesStore.listPage(FIRST_PAGE),
  total: favouritesStore.count({ archived: FIRST_PAGE.archived }),
};
firstPage.items.catch(() => undefined);
firstPage.total.catch(() => undefined);
localizeDocument();
render(<App firstPage={firstPage} />, document.getElementById('app') as HTMLElement);
