import type { Article } from '../../../utils/article/types';
import { createFavouritesStore } from '../../../utils/favourites/store';

let counter = 0;

/** A store on a database of its own, so tests never see each other's data. */
export function freshStore() {
  counter++;
  return createFavouritesStore(`test-favourites-${counter}-${Math.random().toString(36).slice(2)}`);
}

export function article(overrides: Partial<Article> = {}): Article {
  const text = overrides.textContent ?? 'The council met on Tuesday to discuss the new budget.';
  return {
    url: 'https://news.example.com/politics/council-budget',
    title: 'Council debates the budget',
    siteName: 'Example News',
    byline: 'Jo Writer',
    lang: 'en',
    dir: 'ltr',
    contentHtml: `<p>${text}</p>`,
    textContent: text,
    wordCount: text.split(/\s+/).length,
    readingMinutes: 1,
    ...overrides,
  };
}
