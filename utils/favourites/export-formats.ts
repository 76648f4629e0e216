/**
 * Exports other tools read, beside our JSON (export.ts):
 * - Netscape bookmarks HTML (what every browser imports): one link per favourite, its tags in
 *   `TAGS` (comma-separated, as Firefox writes them), `ADD_DATE`/`LAST_MODIFIED` in seconds, and
 *   our read and archived states in `DATA-READ`/`DATA-ARCHIVED` (browsers ignore them).
 * - Pocket-style CSV (`title,url,time_added,tags,status`, tags separated by `|`, status
 *   `archive` or `unread`), plus a `read` column (1/0) for what Pocket had no word for: read
 *   but not archived.
 * Both are what import-parse.ts reads back: export, import into a fresh store, same library.
 */
import Papa from 'papaparse';
import type { FavouritesStore } from './store';
import type { Favourite } from './types';

export type OtherExportFormat = 'netscape-html' | 'pocket-csv';

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const seconds = (ms: number) => String(Math.floor(ms / 1000));

/** The Netscape bookmarks file of `favs` (pure). */
export function toNetscapeHtml(favs: Iterable<Favourite>): string {
  const lines = [
    '<!DOCTYPE NETSCAPE-Bookmark-file-1>',
    '<!-- This is an automatically generated file. It will be read and overwritten. -->',
    '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">',
    '<TITLE>Bookmarks</TITLE>',
    '<H1>Bookmarks</H1>',
    '<DL><p>',
  ];
  for (const fav of favs) {
    const attrs = [
      `HREF="${escapeHtml(fav.url)}"`,
      `ADD_DATE="${seconds(fav.savedAt)}"`,
      `LAST_MODIFIED="${seconds(fav.updatedAt)}"`,
    ];
    if (fav.tags.length) attrs.push(`TAGS="${escapeHtml(fav.tags.join(','))}"`);
    if (fav.read) attrs.push('DATA-READ="1"');
    if (fav.archived) attrs.push('DATA-ARCHIVED="1"');
    lines.push(`    <DT><A ${attrs.join(' ')}>${escapeHtml(fav.title)}</A>`);
  }
  lines.push('</DL><p>', '');
  return lines.join('\n');
}

/** A Pocket-style CSV of `favs` (pure). */
export function toPocketCsv(favs: Iterable<Favourite>): string {
  const rows = [...favs].map((fav) => [
    fav.title,
    fav.url,
    seconds(fav.savedAt),
    fav.tags.join('|'),
    fav.archived ? 'archive' : 'unread',
    fav.read ? '1' : '0',
  ]);
  return `${Papa.unparse({
    fields: ['title', 'url', 'time_added', 'tags', 'status', 'read'],
    data: rows,
  })}\n`;
}

/** Every favourite, newest first, read in pages. */
async function allFavourites(store: FavouritesStore, pageSize = 1000): Promise<Favourite[]> {
  const out: Favourite[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await store.listPage({ offset, limit: pageSize });
    out.push(...page);
    if (page.length < pageSize) break;
  }
  return out;
}

/** The whole library in `format`: its text, a MIME type and a file name. */
export async function exportAs(
  store: FavouritesStore,
  format: OtherExportFormat,
  date: Date = new Date(),
): Promise<{ text: string; type: string; fileName: string }> {
  const favs = await allFavourites(store);
  const day = date.toISOString().slice(0, 10);
  if (format === 'netscape-html') {
    return {
      text: toNetscapeHtml(favs),
      type: 'text/html',
      fileName: `broadsheet-bookmarks-${day}.html`,
    };
  }
  return { text: toPocketCsv(favs), type: 'text/csv', fileName: `broadsheet-pocket-${day}.csv` };
}
