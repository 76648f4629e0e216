/**
 * The popup's favourites list: search as you type, site and read filters, a count, and a
 * virtualized list (fixed row height: only the rows in view are in the DOM) with Read offline,
 * Archive, Remove and Undo. The list shows what is not archived (the library shows the rest);
 * a search looks through everything. Keyboard: arrow keys/Home/End move between rows, Enter opens, Delete removes.
 * Data comes from `source` (the store, or a fake in tests).
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { BulkChange } from '@/utils/favourites/store';
import type {
  Favourite,
  FavouriteFilter,
  ListQuery,
  RemovedFavourite,
  SearchQuery,
  SearchResult,
  SiteCount,
} from '@/utils/favourites/types';
import { t, uiLocale } from '@/utils/i18n';
import { afterPaint } from './after-paint';
import { countText, fullDate, relativeTime, rowAfterKey } from './format';
import './favourites.css';

export interface FavouritesSource {
  count(filter?: FavouriteFilter): Promise<number>;
  listPage(query: ListQuery): Promise<Favourite[]>;
  search(query: string, opts?: SearchQuery): Promise<SearchResult>;
  listSites(): Promise<SiteCount[]>;
  /** Reads a little of the search index ahead of the first search (optional). */
  warmSearch?(): Promise<void>;
  removeFavourite(id: string): Promise<RemovedFavourite | null>;
  restoreFavourite(removed: RemovedFavourite): Promise<void>;
  /** Marks a favourite read or unread (opening it marks it read). */
  markRead?(id: string, read: boolean): Promise<Favourite | null>;
  /** Archives or unarchives favourites (optional: without it, no Archive button). */
  setArchived?(ids: string[], archived: boolean): Promise<BulkChange>;
  undoChange?(change: BulkChange): Promise<void>;
}

export interface FavouritesListProps {
  source: FavouritesSource;
  /** The offline reader's URL for a favourite, e.g. `browser.runtime.getURL('/reader.html')`. */
  readerUrl: (id: string) => string;
  locale?: string;
  now?: () => number;
  /** Height of the scrolling list in px. */
  height?: number;
  rowHeight?: number;
  /** How long the Undo notice stays, ms. */
  undoMs?: number;
  debounceMs?: number;
  /** Change it to reload (e.g. after the popup saved or removed this tab's article). */
  version?: number;
  /** The library page's URL, linked below the list (none: no link). */
  libraryUrl?: string;
  /**
   * The list as it opens (`FIRST_PAGE`: not archived, no filter or search), its first page and
   * its count, asked for before the first render (entrypoints/popup/main.tsx), so that the
   * database's answer and that render overlap. Used once, for that view only.
   */
  firstPage?: { items: Promise<Favourite[]>; total: Promise<number> };
}

/** The query of the popup list's first page as it opens (see `firstPage`). */
export const FIRST_PAGE = { archived: false, offset: 0, limit: 50 } as const;

type ReadFilter = 'all' | 'unread' | 'read';

function defaultLibraryUrl(): string | undefined {
  try {
    return browser.runtime.getURL('/library.html' as '/popup.html');
  } catch {
    return undefined;
  }
}
const PAGE = FIRST_PAGE.limit;
const OVERSCAN = 4;
const SEARCH_LIMIT = 100;
/** A count read before the first rows: how long it waits for them before placeholders show. */
const PLACEHOLDERS_AFTER_MS = 250;

interface View {
  total: number;
  /** Matches in all, when searching (may exceed the rows shown). */
  matches: number | null;
  rows: Map<number, Favourite>;
  loaded: boolean;
}

const EMPTY_VIEW: View = { total: 0, matches: null, rows: new Map(), loaded: false };

export function FavouritesList(props: FavouritesListProps) {
  const {
    source,
    readerUrl,
    locale = uiLocale(),
    now = Date.now,
    height = 360,
    rowHeight = 68,
    undoMs = 5000,
    debounceMs = 0,
    version = 0,
    libraryUrl = defaultLibraryUrl(),
  } = props;
  const [input, setInput] = useState('');
  const [query, setQuery] = useState('');
  const [site, setSite] = useState('');
  const [readFilter, setReadFilter] = useState<ReadFilter>('all');
  const [sites, setSites] = useState<SiteCount[]>([]);
  const [allCount, setAllCount] = useState<number | null>(null);
  const [view, setView] = useState<View>(EMPTY_VIEW);
  const [scrollTop, setScrollTop] = useState(0);
  const [active, setActive] = useState(0);
  const [focusWanted, setFocusWanted] = useState(false);
  /** A row was removed: focus goes to the row in its place once the list has reloaded. */
  const refocus = useRef(false);
  const [undo, setUndo] = useState<
    | { kind: 'removed'; removed: RemovedFavourite }
    | { kind: 'archived'; change: BulkChange; title: string; archived: boolean }
    | null
  >(null);
  const [refresh, setRefresh] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const undoButton = useRef<HTMLButtonElement>(null);
  const generation = useRef(0);
  const pending = useRef(new Set<number>());
  const undoTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** The first page asked for ahead (props.firstPage), until the first list is read. */
  const ahead = useRef(props.firstPage);

  const archiving = !!source.setArchived;
  const filter = useMemo(
    (): FavouriteFilter => ({
      site: site || undefined,
      read: readFilter === 'all' ? undefined : readFilter === 'read',
      // Archived ones are the library's; a search still finds them.
      ...(archiving && !query ? { archived: false } : {}),
    }),
    [site, readFilter, archiving, query],
  );

  // Search text: at once by default (a search over the postings takes milliseconds, and an
  // older answer is dropped when a newer one is asked for; see onInput), or debounced.
  useEffect(() => {
    if (debounceMs <= 0) return;
    const timer = setTimeout(() => setQuery(input.trim()), debounceMs);
    return () => clearTimeout(timer);
  }, [input, debounceMs]);

  // Count and sites: once the first rows are painted (each reads and decodes the store's counts
  // on the page's main thread: asked for earlier, they are read between the first rows' requests
  // and delay them), and after any change.
  const shown = view.loaded && (view.rows.size > 0 || view.total === 0);
  useEffect(() => {
    if (!shown) return;
    return afterPaint(() => {
      source.count().then(setAllCount, () => setAllCount(null));
      source.listSites().then(setSites, () => setSites([]));
    });
  }, [source, refresh, version, shown]);

  // Once the list has drawn, the search index is touched once, so the first keystroke does not
  // pay for a cold start (code not yet compiled, index pages not yet read).
  useEffect(() => {
    if (!source.warmSearch) return;
    const timer = setTimeout(() => source.warmSearch?.().catch(() => undefined), 300);
    return () => clearTimeout(timer);
  }, [source]);

  // The view: a search result, or the total of the filtered list (rows load as they show).
  // A layout effect: the search starts in the same task as the keystroke's render, not a frame
  // later as a plain effect would.
  useLayoutEffect(() => {
    const gen = ++generation.current;
    pending.current.clear();
    const afterReload = () => {
      if (!refocus.current) return;
      refocus.current = false;
      setFocusWanted(true);
    };
    const apply = (next: View) => {
      if (gen !== generation.current) return;
      setView(next);
      afterReload();
    };
    if (query) {
      source.search(query, { ...filter, limit: SEARCH_LIMIT }).then((result) => {
        const rows = new Map(result.items.map((fav, i) => [i, fav] as const));
        apply({ total: result.items.length, matches: result.total, rows, loaded: true });
      });
    } else {
      // The first rows paint as soon as they are read; the total (for the scroll height and
      // the rows further down) follows when the count arrives. A count that comes first waits
      // for them a moment before drawing the list's frame of placeholder rows (a frame drawn
      // and painted for nothing, most of the time, just before the rows).
      let total: number | null = null;
      let firstPage = false;
      let framed = false;
      let wait: ReturnType<typeof setTimeout> | undefined;
      const early = ahead.current;
      ahead.current = undefined;
      // The view the popup opens on: not archived, no site or read filter.
      const opening =
        early &&
        !refresh &&
        !version &&
        filter.archived === FIRST_PAGE.archived &&
        filter.site === undefined &&
        filter.read === undefined;
      const page = opening ? early.items : source.listPage({ ...filter, offset: 0, limit: PAGE });
      page.then((items) => {
        if (gen !== generation.current) return;
        firstPage = true;
        clearTimeout(wait);
        setView((current) => {
          const rows = new Map(framed ? current.rows : []);
          items.forEach((fav, i) => {
            rows.set(i, fav);
          });
          return { total: total ?? items.length, matches: null, rows, loaded: true };
        });
        afterReload();
      });
      (opening ? early.total : source.count(filter)).then((n) => {
        total = n;
        if (gen !== generation.current) return;
        if (firstPage) {
          setView((current) => ({ ...current, total: n }));
          return;
        }
        wait = setTimeout(() => {
          if (firstPage || gen !== generation.current) return;
          framed = true;
          setView({ total: n, matches: null, rows: new Map(), loaded: true });
        }, PLACEHOLDERS_AFTER_MS);
      });
    }
  }, [source, query, filter, refresh, version]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(view.total, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);

  // Load the pages the window needs (browse mode only; a search has all its rows).
  useEffect(() => {
    if (query || !view.loaded) return;
    const gen = generation.current;
    for (let page = Math.floor(first / PAGE); page * PAGE < last; page++) {
      const offset = page * PAGE;
      if (view.rows.has(offset) || pending.current.has(page)) continue;
      pending.current.add(page);
      source.listPage({ ...filter, offset, limit: PAGE }).then((items) => {
        if (gen !== generation.current) return;
        setView((current) => {
          const rows = new Map(current.rows);
          items.forEach((fav, i) => {
            rows.set(offset + i, fav);
          });
          return { ...current, rows };
        });
      });
    }
  }, [first, last, view, query, filter, source]);

  // Keep the active row in range and focused when asked.
  useEffect(() => {
    if (!focusWanted) return;
    const el = scroller.current?.querySelector<HTMLElement>(`[data-index="${active}"]`);
    // The last row gone: Undo is where the reader's next move most likely is.
    const target = el ?? (view.total === 0 ? undoButton.current : null);
    if (target) {
      target.focus();
      setFocusWanted(false);
    }
  });

  useEffect(() => () => clearTimeout(undoTimer.current), []);

  const moveTo = useCallback(
    (index: number) => {
      const target = Math.max(0, Math.min(view.total - 1, index));
      setActive(target);
      setFocusWanted(true);
      const box = scroller.current;
      if (box) {
        const top = target * rowHeight;
        let next = box.scrollTop;
        if (top < next) next = top;
        else if (top + rowHeight > next + height) next = top + rowHeight - height;
        if (next !== box.scrollTop) {
          box.scrollTop = next;
          setScrollTop(next);
        }
      }
    },
    [view.total, rowHeight, height],
  );

  /** Read state changed in place: the row shows it at once, the list reloads behind. */
  const setRead = useCallback(
    async (fav: Favourite, read: boolean) => {
      if (!source.markRead || (fav.read === 1) === read) return;
      const next = await source.markRead(fav.id, read).catch(() => null);
      if (!next) return;
      setView((current) => {
        const rows = new Map(current.rows);
        for (const [i, row] of rows) if (row.id === fav.id) rows.set(i, next);
        return { ...current, rows };
      });
    },
    [source],
  );

  const remove = useCallback(
    async (fav: Favourite, index: number) => {
      const removed = await source.removeFavourite(fav.id);
      if (!removed) return;
      clearTimeout(undoTimer.current);
      setUndo({ kind: 'removed', removed });
      undoTimer.current = setTimeout(() => setUndo(null), undoMs);
      setActive(Math.max(0, Math.min(index, view.total - 2)));
      refocus.current = true;
      setRefresh((n) => n + 1);
    },
    [source, undoMs, view.total],
  );

  const archive = useCallback(
    async (fav: Favourite, index: number) => {
      if (!source.setArchived) return;
      const archived = !fav.archived;
      const change = await source.setArchived([fav.id], archived).catch(() => null);
      if (!change?.changed) return;
      clearTimeout(undoTimer.current);
      setUndo({ kind: 'archived', change, title: fav.title, archived });
      undoTimer.current = setTimeout(() => setUndo(null), undoMs);
      setActive(Math.max(0, Math.min(index, view.total - 2)));
      refocus.current = true;
      setRefresh((n) => n + 1);
    },
    [source, undoMs, view.total],
  );

  const restore = useCallback(async () => {
    if (!undo) return;
    clearTimeout(undoTimer.current);
    setUndo(null);
    if (undo.kind === 'removed') await source.restoreFavourite(undo.removed);
    else await source.undoChange?.(undo.change);
    setRefresh((n) => n + 1);
  }, [source, undo]);

  const onKeyDown = (event: KeyboardEvent) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!row) return;
    const index = Number(row.dataset.index);
    const fav = view.rows.get(index);
    const to = rowAfterKey(event.key, index, view.total, Math.floor(height / rowHeight));
    if (to !== null) {
      moveTo(to);
      event.preventDefault();
      return;
    }
    switch (event.key) {
      case 'Enter':
        if (event.target !== row) return;
        row.querySelector<HTMLAnchorElement>('a.fav-title')?.click();
        break;
      case 'Delete':
        if (fav) void remove(fav, index);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const rows = [];
  const time = now();
  for (let i = first; i < last; i++) {
    const fav = view.rows.get(i);
    const style = { top: `${i * rowHeight}px`, height: `${rowHeight}px` };
    // Only the active row's controls are in the Tab order (roving tabindex).
    const inner = i === active ? 0 : -1;
    if (!fav) {
      rows.push(
        <li
          key={`p${i}`}
          class="fav-row fav-placeholder"
          style={style}
          aria-posinset={i + 1}
          aria-setsize={view.total}
          aria-busy="true"
        >
          {t('favLoading')}
        </li>,
      );
      continue;
    }
    rows.push(
      <li
        key={fav.id}
        class={`fav-row${fav.read ? ' is-read' : ''}`}
        style={style}
        data-index={i}
        tabIndex={i === active ? 0 : -1}
        aria-posinset={i + 1}
        aria-setsize={view.total}
        onFocus={(e) => {
          if (e.target === e.currentTarget) setActive(i);
        }}
      >
        <a
          class="fav-title"
          href={fav.url}
          target="_blank"
          rel="noopener noreferrer"
          lang={fav.lang}
          dir="auto"
          tabIndex={inner}
          onClick={() => void setRead(fav, true)}
        >
          {fav.title}
        </a>
        <div class="fav-meta">
          <span class="fav-site">{fav.siteName || fav.site}</span>
          <time
            dateTime={new Date(fav.savedAt).toISOString()}
            title={fullDate(fav.savedAt, locale)}
          >
            {relativeTime(fav.savedAt, time, locale)}
          </time>
          <span class="fav-state">{fav.read ? t('favRead') : t('favUnread')}</span>
          {!!fav.archived && <span class="fav-state">{t('favArchived')}</span>}
          {!fav.read && !!fav.progress && fav.progress > 0.01 && (
            <span class="fav-progress">
              <span class="fav-progress-bar" aria-hidden="true">
                <span style={{ width: `${Math.round(fav.progress * 100)}%` }} />
              </span>
              {t('favProgress', String(Math.round(fav.progress * 100)))}
            </span>
          )}
          {!fav.fetched && <span class="fav-state">{t('favLinkOnly')}</span>}
        </div>
        <div class="fav-actions">
          <a
            href={readerUrl(fav.id)}
            target="_blank"
            rel="noopener"
            tabIndex={inner}
            onClick={() => void setRead(fav, true)}
          >
            {t('favReadOffline')}
          </a>
          {source.markRead && (
            <button type="button" tabIndex={inner} onClick={() => void setRead(fav, !fav.read)}>
              {fav.read ? t('favMarkUnread') : t('favMarkRead')}
            </button>
          )}
          {source.setArchived && (
            <button type="button" tabIndex={inner} onClick={() => void archive(fav, i)}>
              {fav.archived ? t('favUnarchive') : t('favArchive')}
            </button>
          )}
          <button type="button" tabIndex={inner} onClick={() => void remove(fav, i)}>
            {t('favRemove')}
          </button>
        </div>
      </li>,
    );
  }

  const empty = view.loaded && view.total === 0;
  return (
    <section class="favourites">
      <div class="fav-tools">
        <input
          type="search"
          class="fav-search"
          aria-label={t('favSearchLabel')}
          placeholder={t('favSearchPlaceholder')}
          value={input}
          onInput={(e) => {
            const value = (e.target as HTMLInputElement).value;
            setInput(value);
            if (debounceMs <= 0) setQuery(value.trim());
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && view.total > 0) {
              e.preventDefault();
              moveTo(0);
            }
          }}
        />
        <select
          aria-label={t('favFilterSite')}
          value={site}
          onChange={(e) => setSite((e.target as HTMLSelectElement).value)}
        >
          <option value="">{t('favAllSites')}</option>
          {sites.map((s) => (
            <option key={s.site} value={s.site}>{`${s.site} (${s.count})`}</option>
          ))}
        </select>
        <select
          aria-label={t('favFilterRead')}
          value={readFilter}
          onChange={(e) => setReadFilter((e.target as HTMLSelectElement).value as ReadFilter)}
        >
          <option value="all">{t('favAllStates')}</option>
          <option value="unread">{t('favUnread')}</option>
          <option value="read">{t('favRead')}</option>
        </select>
      </div>
      <p class="fav-count">
        {allCount !== null && countText(allCount, locale, 'favCountOne', 'favCountOther')}
        {view.matches !== null && (
          <span class="fav-matches">
            {' · '}
            {countText(view.matches, locale, 'favMatchesOne', 'favMatchesOther')}
          </span>
        )}
      </p>
      <div class="fav-undo-region" aria-live="polite">
        {undo && (
          <div class="fav-undo">
            <span>
              {undo.kind === 'removed'
                ? t('favRemoved', [undo.removed.favourite.title])
                : t(undo.archived ? 'favArchivedOne' : 'favUnarchivedOne', [undo.title])}
            </span>
            <button type="button" ref={undoButton} onClick={() => void restore()}>
              {t('favUndo')}
            </button>
          </div>
        )}
      </div>
      {empty && (
        <p class="fav-empty">
          {query || filter.site || filter.read !== undefined ? t('favNoMatch') : t('favEmpty')}
        </p>
      )}
      <div
        ref={scroller}
        class="fav-scroller"
        style={{ height: `${empty ? 0 : height}px` }}
        onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
      >
        <ul
          aria-label={t('favListLabel')}
          class="fav-list"
          style={{ height: `${view.total * rowHeight}px` }}
          onKeyDown={onKeyDown}
        >
          {rows}
        </ul>
      </div>
      {libraryUrl && (
        <p class="fav-footer">
          <a href={libraryUrl} target="_blank" rel="noopener">
            {t('favSeeAll')}
          </a>
        </p>
      )}
    </section>
  );
}
