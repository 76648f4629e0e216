/**
 * Highlights and their notes, in the `highlights` store (db.ts, v6): add, update, remove, list
 * one favourite's (in reading order), list all (newest first) and search (quote and note text,
 * case and accents folded). Removing a favourite removes its highlights and its Undo restores
 * them (store.ts). Only the background and extension pages call this (it is IndexedDB).
 */
import { announceChange } from './changes';
import { StoreError, toStoreError } from './errors';
import type { FavouritesStore } from './store';
import { plainText } from './text';
import type { Highlight, HighlightColour } from './types';
import { foldText } from './words';

export const HIGHLIGHT_COLOURS: readonly HighlightColour[] = ['yellow', 'green', 'blue', 'pink'];
/** Longest quote kept (a highlight of a whole long article is still one). */
export const MAX_QUOTE = 20_000;
/** Longest prefix or suffix kept. */
export const MAX_CONTEXT = 256;
/** Longest note kept. */
export const MAX_NOTE = 10_000;

/** What a reader sends to make a highlight: the store adds id, favourite and times. */
export interface HighlightInput {
  quote: Highlight['quote'];
  position: Highlight['position'];
  colour: HighlightColour;
  note?: string;
}

export interface HighlightPatch {
  /** The note's new text; empty removes it. */
  note?: string;
  colour?: HighlightColour;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function offset(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1e9 ? v : null;
}

export function isColour(v: unknown): v is HighlightColour {
  return typeof v === 'string' && (HIGHLIGHT_COLOURS as readonly string[]).includes(v);
}

/** A note as kept: plain text (markup stays as the characters it is), bounded; '' for none. */
export function cleanNote(v: unknown): string {
  if (typeof v !== 'string') return '';
  return v.replace(/\r\n?/g, '\n').slice(0, MAX_NOTE).trim();
}

/** Checks what a context (a page, a file) says a highlight is; null when it is not one. */
export function parseHighlightInput(v: unknown): HighlightInput | null {
  if (!isRecord(v) || !isRecord(v.quote) || !isRecord(v.position)) return null;
  const { exact, prefix, suffix } = v.quote;
  if (typeof exact !== 'string' || !exact.trim() || exact.length > MAX_QUOTE) return null;
  if (typeof prefix !== 'string' || typeof suffix !== 'string') return null;
  const start = offset(v.position.start);
  const end = offset(v.position.end);
  if (start === null || end === null || end < start) return null;
  const colour = v.colour === undefined ? 'yellow' : v.colour;
  if (!isColour(colour)) return null;
  if (v.note !== undefined && typeof v.note !== 'string') return null;
  const note = cleanNote(v.note);
  return {
    quote: { exact, prefix: prefix.slice(-MAX_CONTEXT), suffix: suffix.slice(0, MAX_CONTEXT) },
    position: { start, end },
    colour,
    ...(note ? { note } : {}),
  };
}

/** A stored highlight as an export file or a message carries it back; null when it is not. */
export function parseStoredHighlight(v: unknown, fav: string): Highlight | null {
  const input = parseHighlightInput(v);
  if (!input || !isRecord(v)) return null;
  const id = typeof v.id === 'string' && /^[\w-]{1,64}$/.test(v.id) ? v.id : null;
  const time = (x: unknown) =>
    typeof x === 'number' && Number.isFinite(x) && x > 0
      ? x
      : typeof x === 'string' && Number.isFinite(Date.parse(x))
        ? Date.parse(x)
        : null;
  const at = time(v.at);
  if (!id || at === null) return null;
  return { id, fav, ...input, at, updatedAt: Math.max(at, time(v.updatedAt) ?? at) };
}

/** A new random id. */
function newId(): string {
  return globalThis.crypto.randomUUID();
}

/** Whether a highlight's quote or note holds every folded word of `query` (pure). */
export function matchesQuery(h: Highlight, words: string[]): boolean {
  if (!words.length) return true;
  const hay = foldText(`${h.quote.exact}\n${h.note ?? ''}`);
  return words.every((w) => hay.includes(w));
}

/** A query's folded words, as matchesQuery takes them. */
export function queryTerms(query: string): string[] {
  return foldText(plainText(query, 500))
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

export interface HighlightsStore {
  /** Adds a highlight to favourite `fav`; null when `fav` is not saved. */
  add(fav: string, input: HighlightInput, now?: number): Promise<Highlight | null>;
  /** Changes a highlight's note or colour; null when there is no such highlight. */
  update(id: string, patch: HighlightPatch, now?: number): Promise<Highlight | null>;
  /** Removes a highlight; hands it back (for Undo), or null. */
  remove(id: string): Promise<Highlight | null>;
  /** Puts highlights back as they were (Undo); those whose favourite is gone are skipped. */
  restore(highlights: Highlight[]): Promise<void>;
  get(id: string): Promise<Highlight | null>;
  /** Favourite `fav`'s highlights, in reading order (by their place in the article). */
  listByFavourite(fav: string): Promise<Highlight[]>;
  /** Every highlight, newest first (at most `limit`). */
  listAll(limit?: number): Promise<Highlight[]>;
  /** Highlights whose quote or note holds every word of `query`, newest first. */
  search(query: string, opts?: { fav?: string; limit?: number }): Promise<Highlight[]>;
  count(): Promise<number>;
}

export function createHighlightsStore(store: FavouritesStore): HighlightsStore {
  async function add(
    fav: string,
    input: HighlightInput,
    now = Date.now(),
  ): Promise<Highlight | null> {
    const checked = parseHighlightInput(input);
    if (!checked) throw new StoreError('invalid');
    const db = await store.db();
    const tx = db.transaction(['favourites', 'highlights'], 'readwrite');
    const done = tx.done;
    done.catch(() => {});
    try {
      if ((await tx.objectStore('favourites').getKey(fav)) === undefined) {
        tx.abort();
        return null;
      }
      const highlight: Highlight = { id: newId(), fav, ...checked, at: now, updatedAt: now };
      await tx.objectStore('highlights').put(highlight);
      await done;
      announceChange({ db: db.name, ids: [fav], highlights: true });
      return highlight;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // already finished
      }
      throw toStoreError(error);
    }
  }

  async function update(id: string, patch: HighlightPatch, now = Date.now()) {
    const db = await store.db();
    const tx = db.transaction('highlights', 'readwrite');
    const existing = await tx.store.get(id);
    if (!existing) {
      await tx.done;
      return null;
    }
    const next: Highlight = { ...existing, updatedAt: now };
    if (patch.colour !== undefined) {
      if (!isColour(patch.colour)) throw new StoreError('invalid');
      next.colour = patch.colour;
    }
    if (patch.note !== undefined) {
      const note = cleanNote(patch.note);
      if (note) next.note = note;
      else delete next.note;
    }
    await tx.store.put(next);
    await tx.done;
    return next;
  }

  async function remove(id: string) {
    const db = await store.db();
    const tx = db.transaction('highlights', 'readwrite');
    const existing = await tx.store.get(id);
    if (existing) await tx.store.delete(id);
    await tx.done;
    if (existing) announceChange({ db: db.name, ids: [existing.fav], highlights: true });
    return existing ?? null;
  }

  async function restore(highlights: Highlight[]) {
    if (!highlights.length) return;
    const db = await store.db();
    const tx = db.transaction(['favourites', 'highlights'], 'readwrite');
    const favs = new Set<string>();
    for (const h of highlights) {
      if ((await tx.objectStore('favourites').getKey(h.fav)) !== undefined) {
        await tx.objectStore('highlights').put(h);
        favs.add(h.fav);
      }
    }
    await tx.done;
    announceChange({ db: db.name, ids: [...favs], highlights: true });
  }

  async function get(id: string) {
    return (await (await store.db()).get('highlights', id)) ?? null;
  }

  async function listByFavourite(fav: string) {
    const list = await (await store.db()).getAllFromIndex('highlights', 'fav', fav);
    return list.sort((a, b) => a.position.start - b.position.start || a.at - b.at);
  }

  async function walkNewest(
    keep: (h: Highlight) => boolean,
    limit = Number.POSITIVE_INFINITY,
  ): Promise<Highlight[]> {
    const tx = (await store.db()).transaction('highlights');
    const out: Highlight[] = [];
    let cursor = await tx.store.index('at').openCursor(null, 'prev');
    while (cursor && out.length < limit) {
      if (keep(cursor.value)) out.push(cursor.value);
      cursor = await cursor.continue();
    }
    return out;
  }

  function listAll(limit?: number) {
    return walkNewest(() => true, limit);
  }

  async function search(query: string, opts: { fav?: string; limit?: number } = {}) {
    const words = queryTerms(query);
    if (opts.fav !== undefined) {
      const mine = await (await store.db()).getAllFromIndex('highlights', 'fav', opts.fav);
      return mine
        .filter((h) => matchesQuery(h, words))
        .sort((a, b) => b.at - a.at)
        .slice(0, opts.limit ?? mine.length);
    }
    return walkNewest((h) => matchesQuery(h, words), opts.limit);
  }

  async function count() {
    return (await store.db()).count('highlights');
  }

  return { add, update, remove, restore, get, listByFavourite, listAll, search, count };
}
