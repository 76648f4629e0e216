import { render } from 'preact';
import { HighlightsPage } from '@/components/highlights/HighlightsPage';
import { createHighlightsStore } from '@/utils/favourites/highlights-store';
import { favouritesStore } from '@/utils/favourites/store';
import { localizeDocument, t } from '@/utils/i18n';
import '@/components/tokens.css';
import '@/components/highlights/highlights.css';

localizeDocument();
document.title = t('hlPageTitle');
const highlights = createHighlightsStore(favouritesStore);
const fav = new URLSearchParams(location.search).get('fav');

render(
  <HighlightsPage
    fav={fav}
    source={{
      search: (query, favId) => highlights.search(query, favId ? { fav: favId } : {}),
      favourite: (id) => favouritesStore.getFavourite(id),
    }}
  />,
  document.getElementById('app') as HTMLElement,
);
