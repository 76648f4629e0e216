/** Records the favourites store keeps. See db.ts for the stores and indexes. */

/** One favourite's metadata: everything the list shows and searches, never the body. */
export interface Favourite {
  /** Primary key: the normalized URL. */
  id: string;
  /** The URL it was saved from (opened by the title link). */
  url: string;
  normalizedUrl: string;
  title: string;
  /** Host without `www.`, the key of the site filter. */
  site: string;
  siteName?: string;
  byline?: string;
  publishedTime?: string;
  excerpt?: string;
  leadImage?: string;
  lang?: string;
  dir?: 'ltr' | 'rtl';
  wordCount: number;
  readingMinutes?: number;
  /** When first saved (ms since epoch); the list is ordered by it, newest first. */
  savedAt: number;
  updatedAt: number;
  /** 0 unread, 1 read (numbers, since booleans are not IndexedDB keys). */
  read: 0 | 1;
  tags: string[];
  /** False for "Save link" entries: no offline copy yet. */
  fetched: boolean;
  /** How far reading got, 0 to 1 of the article's height (absent: never opened in the reader). */
  progress?: number;
  /** 1 once archived (reading done, kept out of the popup's list); absent or 0: not archived. */
  archived?: 0 | 1;
  /** When it was archived or unarchived last (ms since epoch). */
  archivedAt?: number;
  /**
   * How many highlights another device says it has (through storage.sync, utils/sync): set only
   * while this device has none of its own, since highlights stay where they were made.
   */
  highlightsElsewhere?: number;
  /**
   * Its number in the search index (unique, handed out by the store; see postings.ts). A record
   * built but not yet written has none.
   */
  seq: number;
}

/** A highlight's colour (the reader draws each with its own background). */
export type HighlightColour = 'yellow' | 'green' | 'blue' | 'pink';

/**
 * A highlight (and its note) in a favourite's article, anchored in the manner of the W3C Web
 * Annotation model: the quoted text with some text before and after it (TextQuoteSelector) and
 * its offsets in the article's text (TextPositionSelector), so that it can be found again after
 * the article is extracted anew. One that cannot be placed any more is kept, never dropped.
 */
export interface Highlight {
  /** Random, unique (crypto.randomUUID). */
  id: string;
  /** The favourite's id. */
  fav: string;
  quote: { exact: string; prefix: string; suffix: string };
  position: { start: number; end: number };
  colour: HighlightColour;
  /** Plain text, shown as text (never as markup). */
  note?: string;
  /** When made (ms since epoch). */
  at: number;
  updatedAt: number;
}

/** The offline copy, in its own store so listing never loads article bodies. */
export interface FavouriteCopy {
  id: string;
  /** Sanitized reader HTML. */
  html: string;
  text: string;
  /** What became of the copy's images, once they were fetched (absent before, or never). */
  images?: ImageReport;
}

/** Why an image of a copy is not stored with it. */
export type LeftOutReason =
  | 'too-large'
  | 'not-image'
  | 'svg'
  | 'failed'
  | 'timeout'
  | 'quota'
  | 'over-cap'
  | 'too-many';

/** What became of a copy's images when they were fetched. */
export interface ImageReport {
  /** How many are stored. */
  stored: number;
  /** Their bytes in all. */
  bytes: number;
  /** Those left out, and why. */
  leftOut: { url: string; reason: LeftOutReason }[];
  /** When they were fetched. */
  at: number;
}

/** One image of an offline copy, as a blob (store `images`). */
export interface StoredImage {
  /** The favourite's id. */
  fav: string;
  /** The image's URL, as the copy's HTML has it in `src`. */
  url: string;
  blob: Blob;
  /** Its MIME type (raster only: never SVG, never HTML). */
  type: string;
  bytes: number;
  /** True when it was scaled down to fit. */
  scaled?: boolean;
}

/** What Remove hands back, so Undo can put it back exactly. */
export interface RemovedFavourite {
  favourite: Favourite;
  copy?: FavouriteCopy;
  /** Its stored images, for Undo. */
  images?: StoredImage[];
  /** Its highlights and notes, for Undo. */
  highlights?: Highlight[];
  /** The words it was found by (body words included, even for an entry without a copy). */
  words?: string[];
}

/** A favourite as parsed from an import file or built for a save, before it gets its id. */
export interface FavouriteInput {
  url: string;
  canonicalUrl?: string;
  title: string;
  siteName?: string;
  byline?: string;
  publishedTime?: string;
  excerpt?: string;
  leadImage?: string;
  lang?: string;
  dir?: 'ltr' | 'rtl';
  wordCount?: number;
  readingMinutes?: number;
  savedAt: number;
  updatedAt?: number;
  read: boolean;
  tags: string[];
  fetched: boolean;
  progress?: number;
  /** Archived (Pocket's `status` "archive", our export's `archived`). */
  archived?: boolean;
  offline?: { html: string; text: string };
  /** Highlights from an export file (their `fav` is set when written). */
  highlights?: Highlight[];
}

/** What a list or search is filtered on (every field optional: absent is "any"). */
export interface FavouriteFilter {
  site?: string;
  read?: boolean;
  /** true: archived only; false: not archived only. */
  archived?: boolean;
  /** A tag, in any spelling (case and accents do not matter). */
  tag?: string;
}

/** The library's orders: date saved (newest first), title or site (A to Z). */
export type SortOrder = 'saved' | 'title' | 'site';

export interface ListQuery extends FavouriteFilter {
  offset?: number;
  limit?: number;
  sort?: SortOrder;
}

export interface SearchQuery extends FavouriteFilter {
  limit?: number;
}

/** Where a search matched in a favourite's text: the text around it, and the match's ranges. */
export interface Snippet {
  id: string;
  /** Plain text (never markup): shown as text, the ranges wrapped in `mark` elements. */
  text: string;
  /** [start, end) offsets into `text`, in order, not overlapping. */
  marks: [number, number][];
}

export interface SearchResult {
  /** Newest first, at most `limit`. */
  items: Favourite[];
  /** How many favourites match in all. */
  total: number;
}

export interface SiteCount {
  site: string;
  count: number;
}
