/** Saving from any context goes through here: the background checks, sanitizes, stores. */
import { type Browser, browser } from 'wxt/browser';
import type { Article } from '../article/types';
import { storeImagesOf } from '../favourites/images';
import { favouritesStore, validateArticleInput } from '../favourites/store';
import type { Favourite } from '../favourites/types';
import { isHttpUrl, type TabPreview, type TabState, type TabTags } from '../messaging';
import { getTabState, patchTabState } from '../tab-state';
import { renderToolbar } from '../toolbar';
import { tagStore } from '../ui/tags';
import { sendToReader } from './reader';
import { sanitizeInBackground } from './sanitize';

/** Checks an article a content script sent (a page can lie) and sanitizes it again. */
async function checkArticle(raw: unknown): Promise<Article> {
  const input = (raw ?? {}) as Record<string, unknown>;
  const html = typeof input.contentHtml === 'string' ? input.contentHtml : '';
  const clean = await sanitizeInBackground(html);
  const checked = validateArticleInput({ ...input, contentHtml: clean }, (h) => h);
  if (!checked.ok) throw new Error(checked.error);
  return checked.article;
}

/** How long a save's answer waits for its images at most; they go on being stored after. */
const IMAGES_WAIT_MS = 250;
/** Image jobs still running, by favourite id (a save again starts a new one). */
const imageJobs = new Map<string, Promise<unknown>>();

/**
 * Saves a checked article: the text copy first, in its own transaction; then its images are
 * fetched from the article's site and stored in another (images.ts). The answer waits for
 * them only a short moment: the text is saved whatever becomes of the images.
 */
async function saveWithImages(article: Article): Promise<Favourite> {
  const fav = await favouritesStore.saveArticle(article);
  const job = storeImagesOf(favouritesStore, fav.id, article.contentHtml).finally(() => {
    if (imageJobs.get(fav.id) === job) imageJobs.delete(fav.id);
  });
  imageJobs.set(fav.id, job);
  await Promise.race([job, new Promise((ok) => setTimeout(ok, IMAGES_WAIT_MS))]);
  return fav;
}

/** Resolves when the images of every save started so far are stored (or given up). */
export function imagesSettled(): Promise<void> {
  return Promise.all([...imageJobs.values()]).then(() => undefined);
}

/** Checks an article a content script sent, sanitizes it again, stores it. */
export async function storeArticle(raw: unknown): Promise<Favourite> {
  return saveWithImages(await checkArticle(raw));
}

/** How long a prepared article stays good for a save. */
const PREPARED_MS = 120_000;
const prepared = new Map<number, { url: string; at: number; article: Promise<Article | null> }>();

/** The tab's article, extracted and checked (null when the page has none or refused). */
function extractChecked(tabId: number): Promise<Article | null> {
  return sendToReader<Article | null>(tabId, { type: 'reader:extract' })
    .catch(() => null)
    .then((raw) => (raw ? checkArticle(raw) : null));
}

/**
 * The popup is open on a tab whose article is not saved: extract and check the article now,
 * so that a press of Save only has to write it. Nothing is stored; the result is kept in
 * memory for a short while, for this tab and URL only.
 */
export function prepareTab(tabId: number): void {
  preparedArticle(tabId).catch(() => undefined);
}

/** The tab's article as prepared (extracted now, unless it was a moment ago); null: none. */
async function preparedArticle(tabId: number): Promise<Article | null> {
  const tab = await browser.tabs.get(tabId);
  const url = tab.url ?? '';
  if (!isHttpUrl(url)) return null;
  const current = prepared.get(tabId);
  if (current?.url === url && Date.now() - current.at < PREPARED_MS) return current.article;
  const entry = { url, at: Date.now(), article: extractChecked(tabId) };
  entry.article.catch(() => undefined); // seen by the save that takes it, if any
  prepared.set(tabId, entry);
  // Dropped after a while, so an edited page is read again.
  setTimeout(() => {
    if (prepared.get(tabId) === entry) prepared.delete(tabId);
  }, PREPARED_MS);
  return entry.article;
}

/**
 * What a save of the tab would keep, for the popup to show before it: the article's title
 * and reading time. The article is prepared for the save on the way.
 */
export async function previewTab(tabId: number): Promise<TabPreview | null> {
  const article = await preparedArticle(tabId).catch(() => null);
  if (!article) return null;
  return { title: article.title, readingMinutes: article.readingMinutes };
}

/** The prepared article for a tab's current URL, when there is one. */
function takePrepared(tabId: number, url: string): Promise<Article | null> | null {
  const entry = prepared.get(tabId);
  prepared.delete(tabId);
  if (!entry || entry.url !== url || Date.now() - entry.at >= PREPARED_MS) return null;
  return entry.article;
}

async function markTab(tabId: number, saved: boolean): Promise<void> {
  const state = await patchTabState(tabId, { saved });
  // The icon follows; the answer does not wait for it.
  renderToolbar(tabId, state).catch(() => undefined);
  browser.tabs.sendMessage(tabId, { type: 'reader:saved', saved }).catch(() => {
    // No reader in that tab: nothing to tell.
  });
}

/** Saves the article in a tab, with its offline copy, whether or not the reader was opened. */
export async function saveTab(tabId: number, known?: Browser.tabs.Tab): Promise<Favourite> {
  const tab = known ?? (await browser.tabs.get(tabId));
  if (!tab.url || !isHttpUrl(tab.url)) throw new Error('only web pages can be saved');
  // Prepared when the popup opened, or extracted now; a page that refused scripting (or is
  // gone) is kept as a link.
  const article = await (takePrepared(tabId, tab.url) ?? extractChecked(tabId));
  const fav = article
    ? await saveWithImages(article)
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
  const [state, tab] = await Promise.all([
    getTabState(tabId),
    browser.tabs.get(tabId).catch(() => undefined),
  ]);
  const url = state?.url ?? tab?.url ?? (await browser.tabs.get(tabId)).url ?? '';
  const isSaved = await favouritesStore.isSaved(url, state?.canonicalUrl);
  if (save === false || (save === undefined && pressRemoves(state, isSaved))) {
    return removeFromTab(tabId, url, state?.canonicalUrl);
  }
  if (isSaved) await markTab(tabId, true);
  else await saveTab(tabId, tab);
  return { saved: true };
}

/** The reader toolbar's `Save to favourites` in a tab. */
export async function saveFromReader(tabId: number, article: unknown): Promise<{ saved: boolean }> {
  const state = await getTabState(tabId);
  const url = (article as { url?: unknown })?.url;
  // As in the popup, Save never removes: a favourite (its copy, tags and highlights) goes only
  // through a Remove that can be undone (popup, library). Pressed again, it stays saved.
  if (typeof url === 'string' && (await favouritesStore.isSaved(url, state?.canonicalUrl))) {
    await markTab(tabId, true);
    return { saved: true };
  }
  await storeArticle(article);
  await markTab(tabId, true);
  return { saved: true };
}

/** Saves the article a tab's reader shows (checked and sanitized again) and says so on the tab. */
export async function saveArticleOfTab(tabId: number, article: unknown): Promise<Favourite> {
  const fav = await storeArticle(article);
  await markTab(tabId, true);
  return fav;
}

export async function isPageSaved(url: string, canonical?: string): Promise<boolean> {
  try {
    return await favouritesStore.isSaved(url, canonical);
  } catch {
    return false;
  }
}

/** The favourite of the page in a tab, by the URL the tab reported (null: not saved). */
export async function favouriteOfTab(tabId: number): Promise<Favourite | null> {
  const state = await getTabState(tabId);
  const url = state?.url ?? (await browser.tabs.get(tabId)).url ?? '';
  const id = favouritesStore.idFor(url, state?.canonicalUrl);
  return id ? favouritesStore.getFavourite(id) : null;
}

/** How far the tab's favourite was read, or null when its page is not saved. */
export async function progressOfTab(tabId: number): Promise<number | null> {
  const fav = await favouriteOfTab(tabId);
  return fav ? (fav.progress ?? 0) : null;
}

/** Remembers how far reading got in the tab's favourite; nothing when the page is not saved. */
export async function setProgressOfTab(tabId: number, progress: number): Promise<boolean> {
  const fav = await favouriteOfTab(tabId);
  if (!fav) return false;
  await favouritesStore.setProgress(fav.id, progress);
  return true;
}

/** The tags of the tab's favourite and every tag in use, or null when its page is not saved. */
export async function tagsOfTab(tabId: number): Promise<TabTags | null> {
  const fav = await favouriteOfTab(tabId);
  if (!fav) return null;
  return { tags: fav.tags, known: await tagStore(favouritesStore).listTags() };
}

/** Sets the tags of the tab's favourite; answers those kept, or null when it is not saved. */
export async function setTagsOfTab(tabId: number, tags: string[]): Promise<string[] | null> {
  const fav = await favouriteOfTab(tabId);
  if (!fav) return null;
  return (await tagStore(favouritesStore).setTags(fav.id, tags))?.tags ?? null;
}
