/** An article as the reader shows it and the favourites store keeps it. */
export interface Article {
  /** The page URL it was read from (http or https only). */
  url: string;
  /** The page's canonical URL, when it declares one on http(s). */
  canonicalUrl?: string;
  /** Headline, without the site name that `<title>` often appends. */
  title: string;
  siteName?: string;
  byline?: string;
  /** ISO 8601 date-time, when the page says when it was published. */
  publishedTime?: string;
  /** BCP 47 language tag of the article, e.g. `fr` or `en-GB`. */
  lang?: string;
  dir?: 'ltr' | 'rtl';
  excerpt?: string;
  /** Absolute http(s) URL of the lead image. */
  leadImage?: string;
  /** The article body as sanitized HTML (DOMPurify), safe to render. */
  contentHtml: string;
  /** The article body as plain text. */
  textContent: string;
  wordCount: number;
  /** Estimated reading time in whole minutes (at least 1). */
  readingMinutes: number;
}

/** Kinds of page that are not articles, as detection names them (`kind:discussion`...). */
export type PageKind =
  | 'discussion'
  | 'lyrics'
  | 'product'
  | 'record'
  | 'landing'
  | 'video'
  | 'newsletter';

/** Why a page was or was not judged to be an article. */
export interface Detection {
  isArticle: boolean;
  /**
   * Short machine-readable reasons, cheapest signal first, e.g. `json-ld:NewsArticle`,
   * `url:home`; a page of another kind has its `kind:…` first.
   */
  reasons: string[];
}

/** What the page clean-up did on one page. */
export interface CleanupReport {
  overlays: number;
  comments: number;
}
