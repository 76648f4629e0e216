/** The offline reader's data: a saved favourite as an Article, marked read on opening. */
import { extractArticle } from '../article/extract';
import { MAX_PAGE_CHARS } from '../article/source';
import type { Article } from '../article/types';
import { t } from '../i18n';
import { isHttpUrl } from '../messaging';
import { storeImagesOf } from './images';
import { type FavouritesStore, favouritesStore } from './store';
import type { Favourite, FavouriteCopy, ImageReport, StoredImage } from './types';
import { validateArticleInput } from './validate';

/** An Article from a stored favourite and its copy (pure). Links never fetched have no body. */
export function articleFromFavourite(fav: Favourite, copy: FavouriteCopy | null): Article {
  return {
    url: fav.url,
    canonicalUrl: fav.normalizedUrl !== fav.url ? fav.normalizedUrl : undefined,
    title: fav.title,
    siteName: fav.siteName,
    byline: fav.byline,
    publishedTime: fav.publishedTime,
    lang: fav.lang,
    dir: fav.dir,
    excerpt: fav.excerpt,
    leadImage: fav.leadImage,
    contentHtml: copy?.html ?? '',
    textContent: copy?.text ?? '',
    wordCount: fav.wordCount,
    readingMinutes: fav.readingMinutes ?? Math.max(1, Math.round(fav.wordCount / 230)),
  };
}

/**
 * The saved copy of favourite `id` as an Article, and marks it read; null when there is no
 * such favourite. A link saved without fetching comes back with an empty body.
 */
export async function loadArticle(
  id: string,
  store: FavouritesStore = favouritesStore,
): Promise<Article | null> {
  const [fav, copy] = await Promise.all([store.getFavourite(id), store.getCopy(id)]);
  if (!fav) return null;
  if (fav.read !== 1) await store.markRead(id, true).catch(() => null);
  return articleFromFavourite(fav, copy);
}

/** What reader.html shows beside the text: the copy's stored images and what was left out. */
export interface OfflineExtras {
  /** False for a link saved without its text (an import, "Save link"): nothing to show yet. */
  fetched: boolean;
  images: StoredImage[];
  report?: ImageReport;
}

export async function loadExtras(
  id: string,
  store: FavouritesStore = favouritesStore,
): Promise<OfflineExtras> {
  const [fav, copy, images] = await Promise.all([
    store.getFavourite(id),
    store.getCopy(id),
    store.getImages(id).catch(() => []),
  ]);
  const fetched = Boolean(copy && (copy.html || copy.text)) || (fav?.fetched ?? true);
  return copy?.images ? { fetched, images, report: copy.images } : { fetched, images };
}

const PAGE_TIMEOUT_MS = 20_000;

/**
 * "Fetch the article now", for a favourite saved as a link: fetches its page from reader.html
 * (the extension's origin, with its host permission; no credentials), extracts the article as
 * the reader does (Readability and DOMPurify on an inert DOMParser document: no script runs,
 * nothing loads), saves it as the favourite's copy (same id, tags and read state), then its
 * images. Throws with words when there is no article.
 */
export async function fetchArticleNow(
  id: string,
  store: FavouritesStore = favouritesStore,
  doFetch: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<void> {
  const fav = await store.getFavourite(id);
  if (!fav) throw new Error(t('readerNotFound'));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PAGE_TIMEOUT_MS);
  let html: string;
  let finalUrl = fav.url;
  try {
    const response = await doFetch(fav.url, {
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      signal: controller.signal,
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const type = (response.headers.get('content-type') ?? '').toLowerCase();
    if (type && !/^(text\/html|application\/xhtml\+xml)/.test(type)) {
      throw new Error(t('offlineNoArticle'));
    }
    html = await response.text();
    if (response.url && isHttpUrl(response.url)) finalUrl = response.url;
  } finally {
    clearTimeout(timer);
  }
  if (html.length > MAX_PAGE_CHARS) html = html.slice(0, MAX_PAGE_CHARS);
  const doc = new DOMParser().parseFromString(html, 'text/html');
  absolutize(doc, new URL(doc.querySelector('base[href]')?.getAttribute('href') ?? '', finalUrl));
  const extracted = extractArticle(doc, new URL(finalUrl));
  if (!extracted) throw new Error(t('offlineNoArticle'));
  // Saved under the favourite's own address, whatever the page calls itself.
  const checked = validateArticleInput(
    { ...extracted, url: fav.url, canonicalUrl: undefined },
    (h) => h,
  );
  if (!checked.ok) throw new Error(checked.error);
  const saved = await store.saveArticle(checked.article);
  await storeImagesOf(store, saved.id, checked.article.contentHtml);
}

const URL_ATTRS = ['src', 'href', 'poster', 'data-src', 'data-lazy-src', 'data-original'];
const SRCSET_ATTRS = ['srcset', 'data-srcset'];

/**
 * Makes a parsed page's addresses absolute against `base`. Chromium resolves those of a
 * DOMParser document against the page that parsed it (reader.html, whatever its `<base>`
 * says), so the extraction would see extension URLs (and DOMPurify would drop them).
 */
function absolutize(doc: Document, base: URL): void {
  const abs = (value: string) => {
    try {
      return new URL(value.trim(), base).href;
    } catch {
      return value;
    }
  };
  for (const attr of URL_ATTRS) {
    for (const el of doc.querySelectorAll(`[${attr}]`)) {
      const value = el.getAttribute(attr) ?? '';
      if (value && !value.startsWith('#')) el.setAttribute(attr, abs(value));
    }
  }
  for (const attr of SRCSET_ATTRS) {
    for (const el of doc.querySelectorAll(`[${attr}]`)) {
      const list = (el.getAttribute(attr) ?? '').split(',').map((part) => {
        const [url, ...rest] = part.trim().split(/\s+/);
        return url ? [abs(url), ...rest].join(' ') : '';
      });
      el.setAttribute(attr, list.filter(Boolean).join(', '));
    }
  }
  doc.querySelector('base')?.remove();
}
