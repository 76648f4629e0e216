/**
 * Import file parsers: our JSON export, Pocket's CSV and older HTML export, and Netscape
 * bookmarks HTML (Chrome, Firefox). Every row is checked like a page's save request: only
 * http(s) URLs, titles as plain text, bounded lengths, HTML sanitized with `sanitize`.
 * HTML formats use DOMParser (the options page has one). Pure apart from that.
 */
import Papa from 'papaparse';
import { t } from '../i18n';
import { EXPORT_FORMAT, EXPORT_VERSION } from './export';
import { parseStoredHighlight } from './highlights-store';
import { cleanTags } from './text';
import type { FavouriteInput } from './types';
import { validateArticleInput } from './validate';

export type ImportFormat = 'broadsheet-json' | 'pocket-csv' | 'pocket-html' | 'netscape-html';

/** Largest file taken in a third-party format (a 10 000-row Pocket CSV is about 2 MB). */
export const MAX_IMPORT_BYTES = 25 * 1024 * 1024;
/** Largest Broadsheet export taken: offline copies make these big (about 15 KB a favourite). */
export const MAX_EXPORT_IMPORT_BYTES = 400 * 1024 * 1024;
/** Most rows taken from one file. */
export const MAX_IMPORT_ROWS = 100_000;
/** Most highlights taken for one favourite. */
const MAX_HIGHLIGHTS_PER_ROW = 5_000;

export interface ImportRejection {
  /** 1-based: the data line of a CSV (header is line 1), the item of a list or JSON array. */
  row: number;
  reason: string;
}

export interface ImportParseResult {
  format: ImportFormat | null;
  accepted: FavouriteInput[];
  rejected: ImportRejection[];
  /** Set when the whole file was refused; then nothing is accepted. */
  error?: string;
}

export interface ParseOptions {
  /** Makes offline HTML from a file safe to show (DOMPurify on the options page). */
  sanitize: (html: string) => string;
  /** Clock for rows without a date (ms). */
  now?: number;
}

function refuse(error: string, format: ImportFormat | null = null): ImportParseResult {
  return { format, accepted: [], rejected: [], error };
}

function looksLikeOurExport(head: string): boolean {
  return /^\s*\{[\s\S]{0,200}"format"\s*:\s*"broadsheet-favourites"/.test(head);
}

/** Which format a file is in, from its first few kilobytes; null when none fits. */
export function detectFormat(content: string): ImportFormat | null {
  const head = content.replace(/^\uFEFF/, '').slice(0, 4096);
  const start = head.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'broadsheet-json';
  if (/<!DOCTYPE\s+NETSCAPE-Bookmark-file/i.test(head) || /<DT>\s*<A\s/i.test(head)) {
    return 'netscape-html';
  }
  if (
    /<title>\s*Pocket Export/i.test(head) ||
    /<h1>\s*(Unread|Read Archive)\s*<\/h1>/i.test(head)
  ) {
    return 'pocket-html';
  }
  if (start.startsWith('<')) return null;
  const header = (start.split(/\r?\n/, 1)[0] ?? '').toLowerCase();
  const fields = header.split(',').map((f) => f.trim().replace(/^"|"$/g, ''));
  if (fields.includes('url')) return 'pocket-csv';
  return null;
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/**
 * Why a file of `size` bytes starting with `head` is refused before it is read, or null.
 * Our own exports may be bigger than third-party files.
 */
export function checkImportSize(size: number, head: string): string | null {
  const limit = looksLikeOurExport(head) ? MAX_EXPORT_IMPORT_BYTES : MAX_IMPORT_BYTES;
  if (size <= limit) return null;
  return t('importTooLarge', [megabytes(size), megabytes(limit)]);
}

/** Seconds, milliseconds or microseconds since the epoch, or an ISO date → ms; else null. */
export function parseTime(value: unknown): number | null {
  if (typeof value === 'string' && value.trim() && !/^\d+(\.\d+)?$/.test(value.trim())) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n <= 0 || (typeof value === 'string' && !value.trim())) return null;
  if (n > 1e14) return Math.round(n / 1000);
  if (n > 1e11) return Math.round(n);
  return Math.round(n * 1000);
}

function describeUrl(url: unknown): string {
  if (typeof url !== 'string' || !url.trim()) return t('importMissingUrl');
  const shown = url.trim().slice(0, 40).replace(/[<>]/g, '');
  return t('importNotHttp', `${shown}${url.trim().length > 40 ? '…' : ''}`);
}

interface RawRow {
  url: unknown;
  title?: unknown;
  savedAt?: unknown;
  updatedAt?: unknown;
  read?: boolean;
  tags?: unknown;
  fields?: Record<string, unknown>;
  offline?: unknown;
  fetched?: unknown;
  progress?: unknown;
  archived?: boolean;
  highlights?: unknown;
}

/** One row checked and turned into a FavouriteInput, or the reason it is rejected. */
export function checkRow(
  raw: RawRow,
  opts: ParseOptions,
): { ok: true; value: FavouriteInput } | { ok: false; reason: string } {
  const offline =
    raw.offline && typeof raw.offline === 'object'
      ? (raw.offline as Record<string, unknown>)
      : undefined;
  if (offline && (typeof offline.html !== 'string' || typeof offline.text !== 'string')) {
    return { ok: false, reason: t('importBadOffline') };
  }
  const checked = validateArticleInput(
    {
      ...raw.fields,
      url: raw.url,
      title: raw.title,
      contentHtml: offline?.html ?? '',
      textContent: offline?.text ?? '',
    },
    opts.sanitize,
  );
  if (!checked.ok) {
    return {
      ok: false,
      reason: checked.error.startsWith('url:')
        ? describeUrl(raw.url)
        : t('importRowRejected', checked.error),
    };
  }
  const a = checked.article;
  const now = opts.now ?? Date.now();
  const savedAt = parseTime(raw.savedAt) ?? now;
  const updatedAt = Math.max(savedAt, parseTime(raw.updatedAt) ?? savedAt);
  const value: FavouriteInput = {
    url: a.url,
    title: a.title,
    siteName: a.siteName,
    byline: a.byline,
    publishedTime: a.publishedTime,
    excerpt: a.excerpt,
    leadImage: a.leadImage,
    lang: a.lang,
    dir: a.dir,
    wordCount: offline ? a.wordCount : 0,
    readingMinutes: offline ? a.readingMinutes : undefined,
    savedAt,
    updatedAt,
    read: raw.read === true,
    tags: cleanTags(raw.tags),
    fetched: Boolean(offline),
  };
  const progress = raw.progress;
  if (typeof progress === 'number' && progress >= 0 && progress <= 1) value.progress = progress;
  if (raw.archived) value.archived = true;
  if (offline) value.offline = { html: a.contentHtml, text: a.textContent };
  const highlights = Array.isArray(raw.highlights)
    ? raw.highlights.map((h) => parseStoredHighlight(h, '')).filter((h) => h !== null)
    : [];
  if (highlights.length) value.highlights = highlights.slice(0, MAX_HIGHLIGHTS_PER_ROW);
  return { ok: true, value };
}

function collect(rows: Iterable<RawRow | { broken: string }>, opts: ParseOptions) {
  const accepted: FavouriteInput[] = [];
  const rejected: ImportRejection[] = [];
  let row = 0;
  for (const raw of rows) {
    row++;
    if (row > MAX_IMPORT_ROWS) {
      rejected.push({ row, reason: t('importTooManyRows', String(MAX_IMPORT_ROWS)) });
      break;
    }
    if ('broken' in raw) {
      rejected.push({ row, reason: raw.broken });
      continue;
    }
    const result = checkRow(raw, opts);
    if (result.ok) accepted.push(result.value);
    else rejected.push({ row, reason: result.reason });
  }
  return { accepted, rejected };
}

export function parseBroadsheetJson(text: string, opts: ParseOptions): ImportParseResult {
  const format = 'broadsheet-json';
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return refuse(t('importNotJson'), format);
  }
  const file = data as Record<string, unknown> | null;
  if (!file || typeof file !== 'object' || file.format !== EXPORT_FORMAT) {
    return refuse(t('importNotExport'), format);
  }
  if (typeof file.version !== 'number' || file.version > EXPORT_VERSION) {
    return refuse(t('importVersion', [String(file.version), String(EXPORT_VERSION)]), format);
  }
  if (!Array.isArray(file.favourites)) {
    return refuse(t('importNoList'), format);
  }
  const rows = (file.favourites as unknown[]).map((item): RawRow | { broken: string } => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      return { broken: t('importNotAFavourite') };
    }
    const f = item as Record<string, unknown>;
    return {
      url: f.url,
      title: f.title,
      savedAt: f.savedAt,
      updatedAt: f.updatedAt,
      read: f.read === true,
      tags: f.tags,
      offline: f.offline,
      progress: f.progress,
      archived: f.archived === true,
      highlights: f.highlights,
      fields: {
        siteName: f.siteName,
        byline: f.byline,
        publishedTime: f.publishedTime,
        excerpt: f.excerpt,
        leadImage: f.leadImage,
        lang: f.lang,
        dir: f.dir,
        wordCount: f.wordCount,
        readingMinutes: f.readingMinutes,
      },
    };
  });
  return { format, ...collect(rows, opts) };
}

export function parsePocketCsv(text: string, opts: ParseOptions): ImportParseResult {
  const format = 'pocket-csv';
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  if (!parsed.meta.fields?.includes('url')) {
    return refuse(t('importNoUrlColumn'), format);
  }
  const broken = new Map<number, string>();
  for (const error of parsed.errors) {
    if (typeof error.row === 'number' && error.code !== 'UndetectableDelimiter') {
      broken.set(error.row, t('importBadCsvRow', error.message));
    }
  }
  const rows = parsed.data.map((r, i): RawRow | { broken: string } => {
    const problem = broken.get(i);
    if (problem && !r.url) return { broken: problem };
    // Pocket's "archive" is reading done: read, and kept in the archive.
    const status = (r.status ?? '').trim();
    return {
      url: r.url,
      title: r.title,
      savedAt: r.time_added,
      read: /^(archive|archived|read)$/i.test(status) || (r.read ?? '').trim() === '1',
      archived: /^(archive|archived)$/i.test(status),
      tags: (r.tags ?? '').split('|').map((tag) => tag.trim()),
    };
  });
  const result = collect(rows, opts);
  // Report CSV rows by line: the header is line 1.
  for (const rejection of result.rejected) rejection.row += 1;
  return { format, ...result };
}

function parseHtml(text: string): Document {
  return new DOMParser().parseFromString(text, 'text/html');
}

function splitTags(value: string | null): string[] {
  return (value ?? '').split(',').map((tag) => tag.trim());
}

export function parsePocketHtml(text: string, opts: ParseOptions): ImportParseResult {
  const doc = parseHtml(text);
  const rows: RawRow[] = [];
  let read = false;
  for (const el of doc.querySelectorAll('h1, a')) {
    if (el.localName === 'h1') {
      read = /archive|read/i.test(el.textContent ?? '') && !/unread/i.test(el.textContent ?? '');
      continue;
    }
    rows.push({
      url: el.getAttribute('href'),
      title: el.textContent,
      savedAt: el.getAttribute('time_added'),
      read,
      // Pocket's "Read Archive" section: archived.
      archived: read,
      tags: splitTags(el.getAttribute('tags')),
    });
  }
  return { format: 'pocket-html', ...collect(rows, opts) };
}

/** Browsers' own top folders: where a bookmark lives, not what it is about. */
const ROOT_FOLDERS =
  /^(bookmarks( bar| menu| toolbar)?|barre (de|des) favoris|menu des marque-pages|barre personnelle|other bookmarks|autres favoris|mobile bookmarks|favoris|marque-pages|toolbar)$/i;

/** The folders (H3 headings of the enclosing DL lists) a bookmark sits in, outermost first. */
function foldersOf(link: Element): string[] {
  const out: string[] = [];
  for (let dl = link.closest('dl'); dl; dl = dl.parentElement?.closest('dl') ?? null) {
    // <DT><H3>name</H3><DL>…</DL>: the heading is the DL's previous sibling (or its DT's child).
    let heading: Element | null = dl.previousElementSibling;
    while (heading && heading.localName === 'p') heading = heading.previousElementSibling;
    if (heading?.localName === 'h3') out.unshift(heading.textContent ?? '');
    else if (heading?.localName === 'dt') {
      const h3 = heading.querySelector(':scope > h3');
      if (h3) out.unshift(h3.textContent ?? '');
    }
  }
  return out.filter((name) => name.trim() && !ROOT_FOLDERS.test(name.trim()));
}

export function parseNetscapeBookmarks(text: string, opts: ParseOptions): ImportParseResult {
  const doc = parseHtml(text);
  const rows: RawRow[] = [];
  for (const el of doc.querySelectorAll('a')) {
    rows.push({
      url: el.getAttribute('href'),
      title: el.textContent,
      savedAt: el.getAttribute('add_date'),
      updatedAt: el.getAttribute('last_modified'),
      // Its folders are tags too, after the TAGS attribute (Firefox's).
      tags: [...splitTags(el.getAttribute('tags')), ...foldersOf(el)],
      read: /^(1|true|read)$/i.test(el.getAttribute('data-read') ?? ''),
      archived: /^(1|true)$/i.test(el.getAttribute('data-archived') ?? ''),
    });
  }
  return { format: 'netscape-html', ...collect(rows, opts) };
}

/** Detects the format and parses; a refused file comes back with `error` set. */
export function parseImport(text: string, opts: ParseOptions): ImportParseResult {
  const sizeProblem = checkImportSize(text.length, text.slice(0, 4096));
  if (sizeProblem) return refuse(sizeProblem);
  const format = detectFormat(text);
  if (!format) {
    return refuse(t('importUnknownFormat'));
  }
  let result: ImportParseResult;
  if (format === 'broadsheet-json') result = parseBroadsheetJson(text, opts);
  else if (format === 'pocket-csv') result = parsePocketCsv(text, opts);
  else if (format === 'pocket-html') result = parsePocketHtml(text, opts);
  else result = parseNetscapeBookmarks(text, opts);
  if (!result.error && !result.accepted.length && !result.rejected.length) {
    result.error = t('importEmpty');
  }
  return result;
}
