/** Saving from any context goes through here: the background checks, sanitizes, stores. */
import { browser } from 'wxt/browser';
import type { Article } from '../article/types';
import { favouritesStore, validateArticleInput } from '../favourites/store';
import type { Favourite } from '../favourites/types';
import { isHttpUrl, type TabState } from '../messaging';
import { getTabState, patchTabState } from '../tab-state';
import { renderToolbar } from '../toolbar';
import { sendToReader } from './reader';
import { sanitizeInBackground } from './sanitize';

/** Checks an article a content script sent (a page can lie), sanitizes it again, stores it. */
export async function storeArticle(raw: unknown): Promise<Favourite> {
  const input = (raw ?? {}) as Record<string, unknown>;
  const html = typeof input.contentHtml === 'string' ? input.contentHtml : '';
  const clean = await sanitizeInBackground(html);
  const checked = validateArticleInput({ ...input, contentHtml: clean }, (h) => h);
  if (!checked.ok) throw new Error(checked.error);
  return favouritesStore.saveArticle(checked.article);
}

async function markTab(tabId: number, saved: boolean): Promise<void> {
  const state = await patchTabState(tabId, { saved });
  await renderToolbar(tabId, state);
  browser.tabs.sendMessage(tabId, { type: 'reader:saved', saved }).catch(() => {
    // No reader in that tab: nothing to tell.
  });
}

/** Saves the article in a tab, with its offline copy, whether or not the reader was opened. */
export async function saveTab(tabId: number): Promise<Favourite> {
  const tab = await browser.tabs.get(tabId);
  if (!tab.url || !isHttpUrl(tab.url)) throw new Error('only web pages can be saved');
  let article: Article | null = null;
  try {
    article = await sendToReader<Article | null>(tabId, { type: 'reader:extract' });
  } catch {
    // The page refused scripting (or is gone): keep at least the link.
  }
  const fav = article
    ? await storeArticle(article)
    : await favouritesStore.saveLink(tab.url, tab.title ?? tab.url);
  await markTab(tabId, true);
  return fav;
}

/**
 * Whether a press of `Save to favourites` removes: only when the page is saved AND the tab said
 * so. A tab that still says "not saved" while the page is (the worker stopped after storing it,
 * before it could answer, or another tab saved it) was shown a Save button: pressing it keeps
 * the favourite rather than deleting it.
 */
function pressRemoves(state: TabState | null, isSaved: boolean): boolean {
  return isSaved && state?.saved !== false;
}

/** Removes the tab's page from the favourites and says so on the tab. */
async function removeFromTab(tabId: number, url: string, canonical?: string) {
  const id = favouritesStore.idFor(url, canonical);
  if (id) await favouritesStore.removeFavourite(id);
  await markTab(tabId, false);
  return { saved: false };
}

/**
 * The popup's `Save to favourites`: saves, or removes when the tab's page is saved already.
 * `save`, when given, is what the button said it would do: then pressing twice after a lost
 * answer saves (or removes) once, never both.
 */
export async function toggleTab(tabId: number, save?: boolean): Promise<{ saved: boolean }> {
  const state = await getTabState(tabId);
  const url = state?.url ?? (await browser.tabs.get(tabId)).url ?? '';
  const isSaved = await favouritesStore.isSaved(url, state?.canonicalUrl);
  if (save === false || (save === undefined && pressRemoves(state, isSaved))) {
    return removeFromTab(tabId, url, state?.canonicalUrl);
  }
  if (isSaved) await markTab(tabId, true);
  else await saveTab(tabId);
  return { saved: true };
}

/** The reader toolbar's `Save to favourites` in a tab. */
export async function saveFromReader(tabId: number, article: unknown): Promise<{ saved: boolean }> {
  const state = await getTabState(tabId);
  const url = (article as { url?: unknown })?.url;
  if (
    state &&
    typeof url === 'string' &&
    pressRemoves(state, await favouritesStore.isSaved(url, state.canonicalUrl))
  ) {
    return removeFromTab(tabId, url, state.canonicalUrl);
  }
  await storeArticle(article);
  await markTab(tabId, true);
  return { saved: true };
}

export async function isPageSaved(url: string, canonical?: string): Promise<boolean> {
  try {
    return await favouritesStore.isSaved(url, canonical);
  } catch {
    return false;
  }
}
