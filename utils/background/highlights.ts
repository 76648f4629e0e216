/**
 * The in-page reader's highlights: a content script never opens IndexedDB (it would be the
 * page's), so it asks here. Each request acts on the favourite of the asking tab's own page
 * only: a page cannot read or change another article's highlights.
 */
import {
  createHighlightsStore,
  type HighlightInput,
  type HighlightPatch,
} from '../favourites/highlights-store';
import { favouritesStore } from '../favourites/store';
import type { Highlight } from '../favourites/types';
import { favouriteOfTab, saveArticleOfTab } from './favourites';

export const highlightsStore = createHighlightsStore(favouritesStore);

/** The tab's page's highlights, in reading order; none when the page is not saved. */
export async function highlightsOfTab(tabId: number): Promise<Highlight[]> {
  const fav = await favouriteOfTab(tabId);
  return fav ? highlightsStore.listByFavourite(fav.id) : [];
}

/**
 * Adds a highlight to the tab's page's favourite. A page not saved yet is saved first, with
 * the article its reader shows (`savedNow`): a highlight is kept with its favourite, and a
 * reader who highlights expects to find it again.
 */
export async function addHighlightInTab(
  tabId: number,
  input: HighlightInput,
  article?: unknown,
): Promise<{ highlight: Highlight | null; savedNow: boolean }> {
  let fav = await favouriteOfTab(tabId);
  let savedNow = false;
  if (!fav) {
    if (!article) return { highlight: null, savedNow };
    fav = await saveArticleOfTab(tabId, article);
    savedNow = true;
  }
  return { highlight: await highlightsStore.add(fav.id, input), savedNow };
}

/** The highlight `id` when it belongs to the tab's page's favourite. */
async function ownHighlight(tabId: number, id: string): Promise<Highlight | null> {
  const [fav, highlight] = await Promise.all([favouriteOfTab(tabId), highlightsStore.get(id)]);
  return fav && highlight && highlight.fav === fav.id ? highlight : null;
}

export async function updateHighlightInTab(
  tabId: number,
  id: string,
  patch: HighlightPatch,
): Promise<Highlight | null> {
  if (!(await ownHighlight(tabId, id))) return null;
  return highlightsStore.update(id, patch);
}

export async function removeHighlightInTab(tabId: number, id: string): Promise<boolean> {
  if (!(await ownHighlight(tabId, id))) return false;
  return (await highlightsStore.remove(id)) !== null;
}

/** Undo of a removal in the tab: only onto the tab's own page's favourite. */
export async function restoreHighlightInTab(tabId: number, highlight: Highlight): Promise<boolean> {
  const fav = await favouriteOfTab(tabId);
  if (!fav || highlight.fav !== fav.id) return false;
  await highlightsStore.restore([highlight]);
  return true;
}
