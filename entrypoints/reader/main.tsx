import { render } from 'preact';
import type { HighlightsApi } from '@/components/highlights/ArticleHighlights';
import { OfflineReader } from '@/components/reader/OfflineReader';
import { readerCss } from '@/components/reader/styles';
import { useReaderSettings } from '@/components/reader/useReaderSettings';
import { createHighlightsStore } from '@/utils/favourites/highlights-store';
import { fetchArticleNow, loadArticle, loadExtras } from '@/utils/favourites/read-offline';
import { favouritesStore } from '@/utils/favourites/store';
import { localizeDocument } from '@/utils/i18n';
import { tagStore } from '@/utils/ui/tags';

const style = document.createElement('style');
style.textContent = `html, body { margin: 0; padding: 0; } ${readerCss}
.bs-offline-note { font-size: 0.85em; opacity: 0.8; border-left: 3px solid currentColor; padding-left: 0.75em; }`;
document.head.append(style);
localizeDocument();

function fetchNow(id: string): Promise<void> {
  return fetchArticleNow(id);
}

const tags = tagStore(favouritesStore);

/** A favourite's tags, straight from the store (reader.html is an extension page). */
function tagsOf(id: string) {
  return {
    load: async () => {
      const [fav, known] = await Promise.all([favouritesStore.getFavourite(id), tags.listTags()]);
      return fav ? { tags: fav.tags, known } : null;
    },
    save: async (next: string[]) => (await tags.setTags(id, next))?.tags ?? null,
  };
}

const highlightsStore = createHighlightsStore(favouritesStore);

/** An extension page: the highlights store itself, for the favourite shown. */
function highlightsOf(favId: string): HighlightsApi {
  return {
    list: () => highlightsStore.listByFavourite(favId),
    add: async (input) => ({ highlight: await highlightsStore.add(favId, input) }),
    update: (id, patch) => highlightsStore.update(id, patch),
    remove: async (id) => (await highlightsStore.remove(id)) !== null,
    restore: async (h) => {
      await highlightsStore.restore([h]);
      return (await highlightsStore.get(h.id)) !== null;
    },
  };
}

function App() {
  const params = new URLSearchParams(location.search);
  const id = params.get('id');
  const [settings, setSettings] = useReaderSettings();
  return (
    <OfflineReader
      id={id}
      load={loadArticle}
      loadExtras={loadExtras}
      fetchNow={fetchNow}
      settings={settings}
      onSettingsChange={setSettings}
      progressOf={async (favId) => (await favouritesStore.getFavourite(favId))?.progress ?? 0}
      tagsOf={tagsOf}
      onProgress={(favId, p) => void favouritesStore.setProgress(favId, p).catch(() => undefined)}
      highlightsOf={highlightsOf}
      highlightFocus={params.get('hl')}
    />
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
