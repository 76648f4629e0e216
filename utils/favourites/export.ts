/**
 * Export format, version 1 (also in docs/export-format.md):
 *
 * {
 *   "format": "broadsheet-favourites",
 *   "version": 1,
 *   "exportedAt": "2025-01-31T12:00:00.000Z",
 *   "favourites": [
 *     {
 *       "url": "https://example.com/news/a",      // as saved from (http or https)
 *       "normalizedUrl": "https://example.com/news/a",
 *       "title": "Headline", "siteName": "Example", "byline": "A. Writer",
 *       "publishedTime": "2025-01-30T08:00:00.000Z", "excerpt": "...",
 *       "leadImage": "https://example.com/a.jpg", "lang": "en", "dir": "ltr",
 *       "wordCount": 812, "readingMinutes": 4,
 *       "savedAt": "2025-01-31T10:00:00.000Z", "updatedAt": "2025-01-31T10:00:00.000Z",
 *       "read": false, "tags": ["politics"], "fetched": true,
 *       "offline": { "html": "<p>sanitized reader HTML</p>", "text": "plain text" },
 *       "highlights": [{ "id": "…", "quote": { "exact": "…", "prefix": "…", "suffix": "…" },
 *         "position": { "start": 120, "end": 180 }, "colour": "yellow", "note": "plain text",
 *         "at": "2025-01-31T10:05:00.000Z", "updatedAt": "2025-01-31T10:05:00.000Z" }]
 *     }
 *   ]
 * }
 *
 * Optional fields are left out when unknown; `offline` is absent for links never fetched.
 * Newest first. The file is written in parts (one per favourite) so 10 000 favourites with
 * their copies never make one huge string.
 */
import type { FavouritesStore } from './store';
import type { Favourite, FavouriteCopy, Highlight } from './types';

export const EXPORT_FORMAT = 'broadsheet-favourites';
export const EXPORT_VERSION = 1;

export interface ExportedFavourite {
  url: string;
  normalizedUrl?: string;
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
  savedAt: string;
  updatedAt?: string;
  read: boolean;
  tags: string[];
  fetched?: boolean;
  /** How far reading got, 0 to 1 (absent: never opened in the reader). */
  progress?: number;
  /** True when archived (absent: not archived). */
  archived?: boolean;
  offline?: { html: string; text: string };
  /** Its highlights and notes, in reading order (absent: none). */
  highlights?: ExportedHighlight[];
}

export interface ExportedHighlight {
  id: string;
  quote: Highlight['quote'];
  position: Highlight['position'];
  colour: Highlight['colour'];
  note?: string;
  at: string;
  updatedAt: string;
}

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  version: number;
  exportedAt: string;
  favourites: ExportedFavourite[];
}

/** One favourite in export form (pure). */
export function toExported(
  fav: Favourite,
  copy?: FavouriteCopy | null,
  highlights: Highlight[] = [],
): ExportedFavourite {
  const out: ExportedFavourite = {
    url: fav.url,
    normalizedUrl: fav.normalizedUrl,
    title: fav.title,
    siteName: fav.siteName,
    byline: fav.byline,
    publishedTime: fav.publishedTime,
    excerpt: fav.excerpt,
    leadImage: fav.leadImage,
    lang: fav.lang,
    dir: fav.dir,
    wordCount: fav.wordCount,
    readingMinutes: fav.readingMinutes,
    savedAt: new Date(fav.savedAt).toISOString(),
    updatedAt: new Date(fav.updatedAt).toISOString(),
    read: fav.read === 1,
    tags: fav.tags,
    fetched: fav.fetched,
  };
  if (fav.progress !== undefined) out.progress = fav.progress;
  if (fav.archived) out.archived = true;
  if (copy) out.offline = { html: copy.html, text: copy.text };
  if (highlights.length) {
    out.highlights = [...highlights]
      .sort((a, b) => a.position.start - b.position.start)
      .map((h) => ({
        id: h.id,
        quote: h.quote,
        position: h.position,
        colour: h.colour,
        ...(h.note ? { note: h.note } : {}),
        at: new Date(h.at).toISOString(),
        updatedAt: new Date(h.updatedAt).toISOString(),
      }));
  }
  return out;
}

/** The JSON text of an export, in parts to hand to `new Blob(parts)`. Pure. */
export function exportParts(
  entries: Iterable<ExportedFavourite>,
  exportedAt: Date = new Date(),
): string[] {
  const head = `{"format":"${EXPORT_FORMAT}","version":${EXPORT_VERSION},"exportedAt":${JSON.stringify(
    exportedAt.toISOString(),
  )},"favourites":[`;
  const parts = [head];
  let first = true;
  for (const entry of entries) {
    parts.push(`${first ? '\n' : ',\n'}${JSON.stringify(entry)}`);
    first = false;
  }
  parts.push('\n]}\n');
  return parts;
}

/** Every favourite with its offline copy, newest first, read in pages of `pageSize`. */
export async function exportAll(
  store: FavouritesStore,
  exportedAt: Date = new Date(),
  pageSize = 500,
): Promise<string[]> {
  const db = await store.db();
  const entries: ExportedFavourite[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await store.listPage({ offset, limit: pageSize });
    if (!page.length) break;
    const tx = db.transaction(['copies', 'highlights']);
    const byFav = tx.objectStore('highlights').index('fav');
    const [copies, highlights] = await Promise.all([
      Promise.all(page.map((fav) => tx.objectStore('copies').get(fav.id))),
      Promise.all(page.map((fav) => byFav.getAll(fav.id))),
    ]);
    page.forEach((fav, i) => {
      entries.push(toExported(fav, copies[i], highlights[i]));
    });
    if (page.length < pageSize) break;
  }
  return exportParts(entries, exportedAt);
}

/** A file name like `broadsheet-favourites-2025-01-31.json`. */
export function exportFileName(date: Date = new Date()): string {
  return `broadsheet-favourites-${date.toISOString().slice(0, 10)}.json`;
}
