/**
 * The one protocol between Broadsheet's contexts. Every message has a `type`; the background
 * validates each one it receives (`parseMessage`) before acting, since content scripts run in
 * pages that may lie.
 */
import type { CleanupReport, Detection } from './article/types';
import {
  type HighlightInput,
  type HighlightPatch,
  isColour,
  MAX_NOTE,
  parseHighlightInput,
  parseStoredHighlight,
} from './favourites/highlights-store';
import type { Highlight } from './favourites/types';

/** What the always-on content script tells the background about its page. */
export interface PageReport {
  url: string;
  /** The page's `<link rel=canonical>`, when it has one on http(s). */
  canonicalUrl?: string;
  title: string;
  detection: Detection;
  cleanup: CleanupReport;
}

/** What the background knows of one tab; kept in `storage.session`, so it survives restarts. */
export interface TabState extends PageReport {
  readerOpen: boolean;
  saved: boolean;
  updatedAt: number;
}

export type ToBackground =
  | { type: 'page:hello' }
  /** The always-on script asks for its second part (utils/content/deep.ts) in its frame. */
  | { type: 'page:deep' }
  | { type: 'page:report'; report: PageReport }
  | { type: 'reader:state'; open: boolean }
  | { type: 'tab:get-state'; tabId: number }
  | { type: 'reader:toggle'; tabId: number }
  /** The popup opened on this tab: the reader may be wanted next, so it is made ready. */
  | { type: 'reader:prepare'; tabId: number }
  /**
   * The popup's Save button. `save` is what the button showed it would do (true: save, false:
   * remove), so a press repeated after a lost answer never undoes the first one; without it
   * the background toggles.
   */
  | { type: 'fav:toggle-tab'; tabId: number; save?: boolean }
  | { type: 'fav:prepare'; tabId: number }
  /** The popup asks what a save would keep: the article's title and reading time (prepares it). */
  | { type: 'fav:preview'; tabId: number }
  /** The reader in a tab asks its favourite's tags and the tags in use (null: not saved). */
  | { type: 'fav:get-tags' }
  /** The reader in a tab sets its favourite's tags; answers the tags kept (null: not saved). */
  | { type: 'fav:set-tags'; tags: string[] }
  | { type: 'fav:save-article'; article: unknown }
  /** The reader in a tab asks how far its page's favourite was read (null: not saved). */
  | { type: 'fav:get-progress' }
  /** The reader in a tab says how far reading got (0 to 1); ignored when the page is not saved. */
  | { type: 'fav:set-progress'; progress: number }
  | { type: 'reader:open-here' }
  /** The reader in a tab asks for its page's highlights (none when the page is not saved). */
  | { type: 'hl:list' }
  /**
   * The reader in a tab highlights a quote of its page. `article` (what the reader shows) is
   * saved first when the page is not saved yet: a highlight is kept with its favourite.
   */
  | { type: 'hl:add'; highlight: HighlightInput; article?: Record<string, unknown> }
  /** A note or colour changed, of a highlight of the tab's own page. */
  | { type: 'hl:update'; id: string; patch: HighlightPatch }
  | { type: 'hl:remove'; id: string }
  /** The options page's sync switch (after the bookmarks permission was granted, for on). */
  | { type: 'sync:set'; on: boolean }
  /** The answer to "the folder is gone: remove those favourites too?" */
  | { type: 'sync:decide'; choice: 'remove' | 'restore' }
  | { type: 'sync:status' }
  /** Undo of a removal: the highlight as it was, put back on the tab's own page's favourite. */
  | { type: 'hl:restore'; highlight: Highlight }
  | { type: 'ping' };

/** What `fav:preview` answers: the tab's article as a save would keep it. */
export interface TabPreview {
  title: string;
  readingMinutes?: number;
}

/** What `fav:get-tags` answers. */
export interface TabTags {
  tags: string[];
  /** Every tag in use, most used first (for suggestions). */
  known: string[];
}

/**
 * `state` is the tab's state as the background knows it (the reader shows it at once rather
 * than asking); the background records the reader's open state from the answer.
 */
export type ToContent =
  | { type: 'reader:toggle'; state?: TabState | null }
  | { type: 'reader:open'; state?: TabState | null }
  | { type: 'reader:prepare'; state?: TabState | null }
  | { type: 'reader:extract' }
  | { type: 'reader:saved'; saved: boolean }
  | { type: 'settings:changed'; settings: unknown }
  /** The popup wants the tab's state: a verdict the page left open is settled now. */
  | { type: 'page:verdict' }
  /** The tab's address changed (a single-page app's `pushState`, a fragment): look again. */
  | { type: 'page:moved' };

/** Replies. Every handler answers `{ ok: false, error }` rather than throwing across contexts. */
export type Reply<T = undefined> = { ok: true; value: T } | { ok: false; error: string };

const MAX_URL = 4096;
const MAX_TITLE = 1000;
const MAX_REASONS = 20;
const MAX_TAGS = 200;
const MAX_TAG = 10_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: unknown, max: number): string | null {
  return typeof v === 'string' && v.length <= max ? v : null;
}
function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.min(Math.floor(v), 1e4) : 0;
}
function tabId(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null;
}

export function isHttpUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function parseReport(v: unknown): PageReport | null {
  if (!isRecord(v) || !isRecord(v.detection) || !isRecord(v.cleanup)) return null;
  const url = str(v.url, MAX_URL);
  if (!url || !isHttpUrl(url)) return null;
  const reasons = Array.isArray(v.detection.reasons)
    ? v.detection.reasons.filter((r): r is string => typeof r === 'string' && r.length < 80)
    : [];
  const canonical = str(v.canonicalUrl, MAX_URL);
  return {
    url,
    ...(canonical && isHttpUrl(canonical) ? { canonicalUrl: canonical } : {}),
    title: (str(v.title, 100_000) ?? '').slice(0, MAX_TITLE),
    detection: {
      isArticle: v.detection.isArticle === true,
      reasons: reasons.slice(0, MAX_REASONS),
    },
    cleanup: { overlays: count(v.cleanup.overlays), comments: count(v.cleanup.comments) },
  };
}

function highlightId(v: unknown): string | null {
  return typeof v === 'string' && /^[\w-]{1,64}$/.test(v) ? v : null;
}

function parsePatch(v: unknown): HighlightPatch | null {
  if (!isRecord(v)) return null;
  const patch: HighlightPatch = {};
  if (v.note !== undefined) {
    if (typeof v.note !== 'string' || v.note.length > MAX_NOTE) return null;
    patch.note = v.note;
  }
  if (v.colour !== undefined) {
    if (!isColour(v.colour)) return null;
    patch.colour = v.colour;
  }
  return patch.note === undefined && patch.colour === undefined ? null : patch;
}

/** Checks a message's shape; returns null for anything that is not exactly one of ours. */
export function parseMessage(v: unknown): ToBackground | null {
  if (!isRecord(v) || typeof v.type !== 'string') return null;
  switch (v.type) {
    case 'page:report': {
      const report = parseReport(v.report);
      return report ? { type: v.type, report } : null;
    }
    case 'reader:state':
      return typeof v.open === 'boolean' ? { type: v.type, open: v.open } : null;
    case 'tab:get-state':
    case 'fav:prepare':
    case 'fav:preview':
    case 'reader:prepare':
    case 'reader:toggle': {
      const id = tabId(v.tabId);
      return id === null ? null : { type: v.type, tabId: id };
    }
    case 'fav:toggle-tab': {
      const id = tabId(v.tabId);
      if (id === null || (v.save !== undefined && typeof v.save !== 'boolean')) return null;
      return v.save === undefined
        ? { type: v.type, tabId: id }
        : { type: v.type, tabId: id, save: v.save };
    }
    case 'fav:save-article':
      return isRecord(v.article) ? { type: v.type, article: v.article } : null;
    case 'fav:set-progress':
      return typeof v.progress === 'number' && v.progress >= 0 && v.progress <= 1
        ? { type: v.type, progress: v.progress }
        : null;
    case 'fav:set-tags':
      return Array.isArray(v.tags) &&
        v.tags.length <= MAX_TAGS &&
        v.tags.every((tag) => str(tag, MAX_TAG) !== null)
        ? { type: v.type, tags: v.tags as string[] }
        : null;
    case 'hl:add': {
      const highlight = parseHighlightInput(v.highlight);
      if (!highlight || (v.article !== undefined && !isRecord(v.article))) return null;
      return v.article === undefined
        ? { type: v.type, highlight }
        : { type: v.type, highlight, article: v.article };
    }
    case 'hl:update': {
      const id = highlightId(v.id);
      const patch = parsePatch(v.patch);
      return id && patch ? { type: v.type, id, patch } : null;
    }
    case 'hl:remove': {
      const id = highlightId(v.id);
      return id ? { type: v.type, id } : null;
    }
    case 'hl:restore': {
      const fav = isRecord(v.highlight) ? str(v.highlight.fav, MAX_URL) : null;
      const highlight = fav ? parseStoredHighlight(v.highlight, fav) : null;
      return highlight ? { type: v.type, highlight } : null;
    }
    case 'sync:set':
      return typeof v.on === 'boolean' ? { type: v.type, on: v.on } : null;
    case 'sync:decide':
      return v.choice === 'remove' || v.choice === 'restore'
        ? { type: v.type, choice: v.choice }
        : null;
    case 'sync:status':
    case 'hl:list':
    case 'fav:get-tags':
    case 'fav:get-progress':
    case 'page:hello':
    case 'page:deep':
    case 'reader:open-here':
    case 'ping':
      return { type: v.type };
    default:
      return null;
  }
}
