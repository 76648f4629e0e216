/** Saving from any context goes through here: the background checks, sanitizes, stores. */
import { browser } from 'wxt/browser';
import type { Article } from '../article/types';
import { favouritesStore, validateArticleInput } from '../favourites/store';
import type { Favourite } from '../favourites/types';
import { isHttpUrl } from '../messaging';
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

/** The popup's `Save to favourites`: saves, or removes when the tab's page is saved already. */
export async function toggleTab(tabId: number): Promise<{ saved: boolean }> {
  const state = await getTabState(tabId);
  const url = state?.url ?? (await browser.tabs.get(tabId)).url ?? '';
  if (await favouritesStore.isSaved(url, state?.canonicalUrl)) {
    const id = favouritesStore.idFor(url, state?.canonicalUrl);
    if (id) await favouritesStore.removeFavourite(id);
    await markTab(tabId, false);
    return { saved: false };
  }
  await saveTab(tabId);
  return { saved: true };
}

/** The reader toolbar's `Save to favourites` in a tab. */
export async function saveFromReader(tabId: number, article: unknown): Promise<{ saved: boolean }> {
  const state = await getTabState(tabId);
  const url = (article as { url?: unknown })?.url;
  if (
    state &&
    typeof url === 'string' &&
    (await favouritesStore.isSaved(url, state.canonicalUrl))
  ) {
    const id = favouritesStore.idFor(url, state.canonicalUrl);
    if (id) await favouritesStore.removeFavourite(id);
    await markTab(tabId, false);
    return { saved: false };
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
