/** The offline reader's data: a saved favourite as an Article, marked read on opening. */
import type { Article } from '../article/types';
import { type FavouritesStore, favouritesStore } from './store';
import type { Favourite, FavouriteCopy } from './types';

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
