/**
 * The library page: every favourite, virtualised (fixed row height: only the rows in view are
 * in the DOM, pages of 50 read as they come into view), sorted by date saved, title or site,
 * filtered by read/archived state, tag and site, searched with snippets (the match in a `mark`,
 * built as DOM nodes from plain text). Select with the checkboxes (shift-click selects a range,
 * `Select all` every item shown) and act on the selection: Archive, Mark as read, Add tag…,
 * Remove, each one IndexedDB transaction with an Undo. A tag picked in `Tag` can be renamed or
 * deleted everywhere. Keyboard: arrows move between rows, Enter opens, `/` focuses the search.
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { afterPaint } from '@/components/favourites/after-paint';
import { countText, formatCount, fullDate, rowAfterKey } from '@/components/favourites/format';
import { STORE_ERROR_KEYS, StoreError } from '@/utils/favourites/errors';
import type { BulkChange, FavouritesStore } from '@/utils/favourites/store';
import { hasTagSeparator, type TagCount } from '@/utils/favourites/tags';
import type {
  Favourite,
  FavouriteFilter,
  RemovedFavourite,
  SearchResult,
  SiteCount,
  Snippet,
  SortOrder,
} from '@/utils/favourites/types';
import { t, uiLocale } from '@/utils/i18n';
import type { SyncClient } from '../sync/switch';
import './library.css';
import { SyncOffer } from './SyncOffer';

export type LibrarySource = Pick<
  FavouritesStore,
  | 'library'
  | 'snippets'
  | 'listTags'
  | 'listSites'
  | 'count'
  | 'addTag'
  | 'removeTag'
  | 'renameTag'
  | 'deleteTag'
  | 'setArchived'
  | 'setReadMany'
  | 'removeMany'
  | 'restoreMany'
  | 'undoChange'
  | 'warmSearch'
> &
  Partial<Pick<FavouritesStore, 'highlightCounts'>>;

export interface LibraryProps {
  source: LibrarySource;
  readerUrl: (id: string) => string;
  highlightsUrl?: string;
  locale?: string;
  rowHeight?: number;
  /** Height of the list when it cannot be measured (tests), px. */
  height?: number;
  /** The sync switch, for the one-time offer to turn the bookmarks mirror on (none: no offer). */
  sync?: SyncClient;
  /**
   * The list's first page as the page opens (`FIRST_PAGE`: date saved, all, no filter or
   * search), asked for before the page's first render (entrypoints/library/main.tsx), so that
   * the database's answer and that render overlap. Used once, for that view only.
   */
  firstPage?: Promise<SearchResult>;
}

type Show = 'unread' | 'all' | 'archived';
const PAGE = 50;
const OVERSCAN = 6;
/** The query of the list's first page as the page opens (see `firstPage`). */
export const FIRST_PAGE = { sort: 'saved', text: '', offset: 0, limit: PAGE } as const;
/**
 * Snippets read with a search's first rows: those in view (the rows drawn below them, out of
 * view, get theirs right after the paint, as rows scrolled to do).
 */
const firstSnippets = (height: number, rowHeight: number) => Math.ceil(height / rowHeight) + 1;

interface View {
  /** The search these rows answer ('' for a list). */
  text: string;
  total: number;
  rows: Map<number, Favourite>;
  loaded: boolean;
}
const EMPTY: View = { text: '', total: 0, rows: new Map(), loaded: false };

type Undo =
  | { kind: 'change'; change: BulkChange; message: string }
  | { kind: 'removed'; removed: RemovedFavourite[]; message: string };

function errorText(error: unknown): string {
  if (error instanceof StoreError) return t(STORE_ERROR_KEYS[error.code]);
  return error instanceof Error ? error.message : String(error);
}

function filterFor(show: Show, tag: string, site: string): FavouriteFilter {
  return {
    ...(show === 'unread' ? { read: false, archived: false } : {}),
    ...(show === 'archived' ? { archived: true } : {}),
    ...(tag ? { tag } : {}),
    ...(site ? { site } : {}),
  };
}

/** A snippet's text with its ranges in `mark` elements: text nodes only, never markup. */
function SnippetText({ snippet }: { snippet: Snippet }) {
  const parts: ComponentChildren[] = [];
  let at = 0;
  snippet.marks.forEach(([start, end], i) => {
    if (start > at) parts.push(snippet.text.slice(at, start));
    parts.push(<mark key={i}>{snippet.text.slice(start, end)}</mark>);
    at = end;
  });
  if (at < snippet.text.length) parts.push(snippet.text.slice(at));
  return <p class="lib-snippet">{parts}</p>;
}

export function Library(props: LibraryProps) {
  const {
    source,
    readerUrl,
    highlightsUrl = '/highlights.html',
    locale = uiLocale(),
    rowHeight = 104,
  } = props;
  const [input, setInput] = useState('');
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortOrder>('saved');
  const [show, setShow] = useState<Show>('all');
  const [tag, setTag] = useState('');
  const [site, setSite] = useState('');
  const [tags, setTags] = useState<TagCount[]>([]);
  const [sites, setSites] = useState<SiteCount[]>([]);
  const [allCount, setAllCount] = useState<number | null>(null);
  const [view, setView] = useState<View>(EMPTY);
  const [snippets, setSnippets] = useState<Map<string, Snippet>>(new Map());
  const [highlights, setHighlights] = useState<Map<string, number>>(new Map());
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [anchor, setAnchor] = useState<number | null>(null);
  const [undo, setUndo] = useState<Undo | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [tagging, setTagging] = useState<'add' | 'rename' | null>(null);
  const [tagInput, setTagInput] = useState('');
  const [refresh, setRefresh] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(props.height ?? 600);
  /** The height as last rendered, for a search's first snippets (not a reason to search again). */
  const shownHeight = useRef(height);
  shownHeight.current = height;
  const [active, setActive] = useState(0);
  const [focusWanted, setFocusWanted] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const tagField = useRef<HTMLInputElement>(null);
  const tagSelectRef = useRef<HTMLSelectElement>(null);
  const siteSelectRef = useRef<HTMLSelectElement>(null);
  const generation = useRef(0);
  const pending = useRef(new Set<number>());
  /** Every id of the current view, in order, once asked for (select all, shift-click). */
  const allIds = useRef<Promise<string[]> | null>(null);
  /** The first page asked for ahead (props.firstPage), until the first list is read. */
  const ahead = useRef(props.firstPage);

  const filter = useMemo(() => filterFor(show, tag, site), [show, tag, site]);
  const base = useMemo(() => ({ ...filter, sort, text: query }), [filter, sort, query]);

  // The list: first page as soon as it is read, later pages as they come into view.
  useLayoutEffect(() => {
    const gen = ++generation.current;
    pending.current.clear();
    allIds.current = null;
    pending.current.add(0);
    const early = ahead.current;
    ahead.current = undefined;
    // The view the page opens on: all, date saved, no filter (an empty filter), no search.
    const opening =
      !refresh && base.sort === FIRST_PAGE.sort && !base.text && !Object.keys(filter).length;
    (early && opening ? early : source.library({ ...base, offset: 0, limit: PAGE }))
      .then(async (result) => {
        // A search shows its first rows with their snippets at once (one paint, not two).
        const text = base.text;
        if (!text) return { result, found: null };
        const first = result.items
          .slice(0, firstSnippets(shownHeight.current, rowHeight))
          .map((f) => f.id);
        const found = await source.snippets(first, text).catch(() => []);
        const map = new Map<string, Snippet>(first.map((id) => [id, { id, text: '', marks: [] }]));
        for (const snippet of found) map.set(snippet.id, snippet);
        return { result, found: map };
      })
      .then(
        ({ result, found }) => {
          if (gen !== generation.current) return;
          const rows = new Map(result.items.map((fav, i) => [i, fav] as const));
          setView({ text: base.text, total: result.total, rows, loaded: true });
          setSnippets(found ?? new Map());
        },
        (e) => {
          if (gen === generation.current) setError(errorText(e));
        },
      );
  }, [source, base, filter, refresh]);

  // Counts, tags and sites: once the first rows are painted (thousands of tags are thousands of
  // options to build: asked for in the same task, they could be built before that paint), and
  // after each change. A frame, then a task: the task runs after the frame's paint.
  const shown = view.loaded;
  useEffect(() => {
    if (!shown) return;
    return afterPaint(() => {
      source.count().then(setAllCount, () => setAllCount(null));
      source.listTags().then(setTags, () => setTags([]));
      source.listSites().then(setSites, () => setSites([]));
    });
  }, [source, refresh, shown]);

  useEffect(() => {
    const timer = setTimeout(() => source.warmSearch().catch(() => undefined), 300);
    return () => clearTimeout(timer);
  }, [source]);

  // The list fills the window below the tools. Measured as the page first renders (a layout
  // effect), so that the observer's first call, in the frame that paints the first rows, finds
  // the height already right and renders nothing again in that frame.
  useLayoutEffect(() => {
    const box = scroller.current;
    if (!box || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const top = box.getBoundingClientRect().top;
      const room = Math.floor(window.innerHeight - top - 16);
      if (room > 200) setHeight(room);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.documentElement);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(view.total, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);

  useEffect(() => {
    if (!view.loaded) return;
    const gen = generation.current;
    for (let page = Math.floor(first / PAGE); page * PAGE < last; page++) {
      const offset = page * PAGE;
      if (view.rows.has(offset) || pending.current.has(page)) continue;
      pending.current.add(page);
      source.library({ ...base, offset, limit: PAGE }).then((result) => {
        if (gen !== generation.current) return;
        setView((current) => {
          const rows = new Map(current.rows);
          result.items.forEach((fav, i) => {
            rows.set(offset + i, fav);
          });
          return { ...current, rows };
        });
      });
    }
  }, [first, last, view, base, source]);

  // Snippets for the rows in view, when searching.
  useEffect(() => {
    if (!query) {
      if (snippets.size) setSnippets(new Map());
      return;
    }
    if (view.text !== query) return;
    const wanted: string[] = [];
    for (let i = first; i < last; i++) {
      const fav = view.rows.get(i);
      if (fav && !snippets.has(fav.id)) wanted.push(fav.id);
    }
    if (!wanted.length) return;
    const gen = generation.current;
    source.snippets(wanted, query).then((found) => {
      if (gen !== generation.current) return;
      setSnippets((current) => {
        const next = new Map(current);
        for (const id of wanted) next.set(id, { id, text: '', marks: [] });
        for (const s of found) next.set(s.id, s);
        return next;
      });
    });
  }, [first, last, view, query, source, snippets]);

  // How many highlights the rows in view have here (another device's count is on the record).
  useEffect(() => {
    if (!source.highlightCounts) return;
    const wanted: string[] = [];
    for (let i = first; i < last; i++) {
      const fav = view.rows.get(i);
      if (fav && !highlights.has(fav.id)) wanted.push(fav.id);
    }
    if (!wanted.length) return;
    source.highlightCounts(wanted).then(
      (found) =>
        setHighlights((current) => {
          const next = new Map(current);
          for (const id of wanted) next.set(id, found.get(id) ?? 0);
          return next;
        }),
      () => {},
    );
  }, [first, last, view, source, highlights]);

  // `/` anywhere but in a text field goes to the search box.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      event.preventDefault();
      search.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (!focusWanted) return;
    const el = scroller.current?.querySelector<HTMLElement>(`[data-index="${active}"]`);
    if (el) {
      el.focus();
      setFocusWanted(false);
    }
  });

  useEffect(() => {
    if (tagging) tagField.current?.focus();
  }, [tagging]);

  const ids = useCallback((): Promise<string[]> => {
    allIds.current ??= source
      .library({ ...base, offset: 0, limit: Math.max(view.total, 1) })
      .then((r) => r.items.map((f) => f.id));
    return allIds.current;
  }, [source, base, view.total]);

  const moveTo = useCallback(
    (index: number) => {
      const target = Math.max(0, Math.min(view.total - 1, index));
      setActive(target);
      setFocusWanted(true);
      const box = scroller.current;
      if (!box) return;
      const top = target * rowHeight;
      let next = box.scrollTop;
      if (top < next) next = top;
      else if (top + rowHeight > next + height) next = top + rowHeight - height;
      if (next !== box.scrollTop) {
        box.scrollTop = next;
        setScrollTop(next);
      }
    },
    [view.total, rowHeight, height],
  );

  const reload = () => setRefresh((n) => n + 1);

  async function toggle(index: number, fav: Favourite, shift: boolean) {
    if (shift && anchor !== null && anchor !== index) {
      const [from, to] = anchor < index ? [anchor, index] : [index, anchor];
      const inRange: string[] = [];
      let missing = false;
      for (let i = from; i <= to; i++) {
        const row = view.rows.get(i);
        if (row) inRange.push(row.id);
        else missing = true;
      }
      const range = missing ? (await ids()).slice(from, to + 1) : inRange;
      const on = !selected.has(fav.id);
      setSelected((current) => {
        const next = new Set(current);
        for (const id of range) {
          if (on) next.add(id);
          else next.delete(id);
        }
        return next;
      });
    } else {
      setSelected((current) => {
        const next = new Set(current);
        if (next.has(fav.id)) next.delete(fav.id);
        else next.add(fav.id);
        return next;
      });
    }
    setAnchor(index);
  }

  const allSelected = view.total > 0 && selected.size >= view.total;
  async function selectAll(on: boolean) {
    if (!on) {
      setSelected(new Set());
      return;
    }
    setSelected(new Set(await ids()));
  }

  /** Runs one bulk action; says so when it failed (nothing was changed then). */
  async function bulk(run: () => Promise<Undo | null>) {
    setBusy(true);
    setError('');
    try {
      const next = await run();
      if (next) setUndo(next);
      reload();
    } catch (e) {
      setError(t('libBulkFailed', [errorText(e)]));
    } finally {
      setBusy(false);
    }
  }

  const chosen = () => [...selected];
  const changed = (change: BulkChange, one: string, other: string): Undo => ({
    kind: 'change',
    change,
    message: countText(change.changed, locale, one, other),
  });

  const archiveSelected = () =>
    bulk(async () => {
      const archive = show !== 'archived';
      const change = await source.setArchived(chosen(), archive);
      if (archive && show !== 'all') setSelected(new Set());
      return changed(
        change,
        ...((archive
          ? ['libArchivedOne', 'libArchivedOther']
          : ['libUnarchivedOne', 'libUnarchivedOther']) as [string, string]),
      );
    });
  const readSelected = () =>
    bulk(async () =>
      changed(await source.setReadMany(chosen(), true), 'libMarkedReadOne', 'libMarkedReadOther'),
    );
  const removeSelected = () =>
    bulk(async () => {
      const removed = await source.removeMany(chosen());
      setSelected(new Set());
      return {
        kind: 'removed',
        removed,
        message: countText(removed.length, locale, 'libRemovedOne', 'libRemovedOther'),
      };
    });

  async function submitTag(event: Event) {
    event.preventDefault();
    const name = tagInput.trim();
    if (!name) return;
    // A comma or "|" separates tags everywhere (tags.ts): say so, and let the name be edited.
    if (hasTagSeparator(name)) {
      setError(t('favErrorTag'));
      tagField.current?.focus();
      return;
    }
    setError('');
    const mode = tagging;
    setTagging(null);
    setTagInput('');
    if (mode === 'add') {
      await bulk(async () =>
        changed(await source.addTag(chosen(), name), 'libTaggedOne', 'libTaggedOther'),
      );
    } else if (mode === 'rename' && tag) {
      await bulk(async () => {
        const change = await source.renameTag(tag, name);
        setTag(name);
        return changed(change, 'libRenamedOne', 'libRenamedOther');
      });
    }
  }

  const deleteTag = () =>
    bulk(async () => {
      const change = await source.deleteTag(tag);
      setTag('');
      return changed(change, 'libTagDeletedOne', 'libTagDeletedOther');
    });

  async function undoLast() {
    const last = undo;
    if (!last) return;
    setUndo(null);
    await bulk(async () => {
      if (last.kind === 'removed') await source.restoreMany(last.removed);
      else await source.undoChange(last.change);
      return null;
    });
  }

  async function one(fav: Favourite, action: 'read' | 'archive' | 'remove') {
    await bulk(async () => {
      if (action === 'remove') {
        const removed = await source.removeMany([fav.id]);
        return {
          kind: 'removed',
          removed,
          message: t('favRemoved', [fav.title]),
        };
      }
      if (action === 'archive') {
        const change = await source.setArchived([fav.id], !fav.archived);
        return {
          kind: 'change',
          change,
          message: t(fav.archived ? 'favUnarchivedOne' : 'favArchivedOne', [fav.title]),
        };
      }
      const change = await source.setReadMany([fav.id], !fav.read);
      return changed(
        change,
        ...((fav.read
          ? ['libMarkedUnreadOne', 'libMarkedUnreadOther']
          : ['libMarkedReadOne', 'libMarkedReadOther']) as [string, string]),
      );
    });
  }

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
        row.querySelector<HTMLAnchorElement>('a.lib-title')?.click();
        break;
      case ' ':
        if (event.target !== row || !fav) return;
        void toggle(index, fav, event.shiftKey);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const rows = [];
  for (let i = first; i < last; i++) {
    const fav = view.rows.get(i);
    const style = { top: `${i * rowHeight}px`, height: `${rowHeight}px` };
    if (!fav) {
      rows.push(
        <li key={`p${i}`} class="lib-row lib-placeholder" style={style} aria-busy="true">
          {t('favLoading')}
        </li>,
      );
      continue;
    }
    const inner = i === active ? 0 : -1;
    const snippet = snippets.get(fav.id);
    /** This device's highlights of it (another device's count is on the record). */
    const own = highlights.get(fav.id) ?? 0;
    rows.push(
      <li
        key={fav.id}
        class={`lib-row${fav.read ? ' is-read' : ''}${selected.has(fav.id) ? ' is-selected' : ''}`}
        style={style}
        data-index={i}
        tabIndex={inner}
        aria-posinset={i + 1}
        aria-setsize={view.total}
        onFocus={(e) => {
          if (e.target === e.currentTarget) setActive(i);
        }}
      >
        <input
          type="checkbox"
          class="lib-check"
          aria-label={t('libSelect', [fav.title])}
          checked={selected.has(fav.id)}
          tabIndex={inner}
          onClick={(e) => {
            e.preventDefault();
            void toggle(i, fav, e.shiftKey);
          }}
        />
        <div class="lib-main">
          <a
            class="lib-title"
            href={fav.url}
            target="_blank"
            rel="noopener noreferrer"
            lang={fav.lang}
            dir="auto"
            tabIndex={inner}
          >
            {fav.title}
          </a>
          <div class="lib-meta">
            <span>{fav.siteName || fav.site}</span>
            {fav.byline && <span>{fav.byline}</span>}
            <time dateTime={new Date(fav.savedAt).toISOString()}>
              {fullDate(fav.savedAt, locale)}
            </time>
            {!!fav.readingMinutes && <span>{t('libMinutes', [String(fav.readingMinutes)])}</span>}
            <span>{fav.read ? t('favRead') : t('favUnread')}</span>
            {!fav.read && !!fav.progress && fav.progress > 0.01 && (
              <span>{t('favProgress', String(Math.round(fav.progress * 100)))}</span>
            )}
            {!!fav.archived && <span>{t('favArchived')}</span>}
            {own ? (
              <span>{countText(own, locale, 'libHighlightsOne', 'libHighlightsOther')}</span>
            ) : (
              !!fav.highlightsElsewhere && (
                <span>
                  {countText(
                    fav.highlightsElsewhere,
                    locale,
                    'libHighlightsElsewhereOne',
                    'libHighlightsElsewhereOther',
                  )}
                </span>
              )
            )}
          </div>
          {fav.tags.length > 0 && (
            <p class="lib-tags">
              <span class="visually-hidden">{t('libTagsLabel')} </span>
              {fav.tags.map((name) => (
                <span key={name} class="lib-tag">
                  {name}
                </span>
              ))}
            </p>
          )}
          {query && snippet?.text && <SnippetText snippet={snippet} />}
        </div>
        <div class="lib-actions">
          <a href={readerUrl(fav.id)} target="_blank" rel="noopener" tabIndex={inner}>
            {t('favReadOffline')}
          </a>
          <button type="button" tabIndex={inner} onClick={() => void one(fav, 'read')}>
            {fav.read ? t('favMarkUnread') : t('favMarkRead')}
          </button>
          <button type="button" tabIndex={inner} onClick={() => void one(fav, 'archive')}>
            {fav.archived ? t('favUnarchive') : t('favArchive')}
          </button>
          <button type="button" tabIndex={inner} onClick={() => void one(fav, 'remove')}>
            {t('favRemove')}
          </button>
        </div>
      </li>,
    );
  }

  // Thousands of tags: their options are built once per change of the list (the selects are
  // not controlled: their value is set on the element), and the same elements are handed back
  // otherwise, so Preact skips them on every other render, picking a tag included.
  const missingTag = tag && !tags.some((x) => x.name === tag) ? tag : '';
  const tagSelect = useMemo(
    () => (
      <select
        id="lib-tag"
        ref={tagSelectRef}
        onChange={(e) => setTag((e.target as HTMLSelectElement).value)}
      >
        <option value="">{t('libAllTags')}</option>
        {missingTag && <option value={missingTag}>{missingTag}</option>}
        {tags.map((x) => (
          <option key={x.name} value={x.name}>{`${x.name} (${x.count})`}</option>
        ))}
      </select>
    ),
    [tags, missingTag],
  );
  const siteSelect = useMemo(
    () => (
      <select
        id="lib-site"
        ref={siteSelectRef}
        onChange={(e) => setSite((e.target as HTMLSelectElement).value)}
      >
        <option value="">{t('favAllSites')}</option>
        {sites.map((s) => (
          <option key={s.site} value={s.site}>{`${s.site} (${s.count})`}</option>
        ))}
      </select>
    ),
    [sites],
  );
  useLayoutEffect(() => {
    const tagBox = tagSelectRef.current;
    if (tagBox && tagBox.value !== tag) tagBox.value = tag;
    const siteBox = siteSelectRef.current;
    if (siteBox && siteBox.value !== site) siteBox.value = site;
  });
  const tagNames = useMemo(
    () => (
      <datalist id="lib-tag-names">
        {tags.map((x) => (
          <option key={x.name} value={x.name} />
        ))}
      </datalist>
    ),
    [tags],
  );

  const none = selected.size === 0 || busy;
  const empty = view.loaded && view.total === 0;
  return (
    <div class="library">
      <header class="lib-header">
        <h1>{t('libHeading')}</h1>
        <nav class="lib-nav">
          <a href={highlightsUrl}>{t('libHighlights')}</a>
        </nav>
      </header>
      {props.sync && <SyncOffer client={props.sync} />}
      <div class="lib-tools">
        <input
          ref={search}
          type="search"
          class="lib-search"
          aria-label={t('favSearchLabel')}
          placeholder={t('libSearchPlaceholder')}
          value={input}
          onInput={(e) => {
            const value = (e.target as HTMLInputElement).value;
            setInput(value);
            setQuery(value.trim());
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && view.total > 0) {
              e.preventDefault();
              moveTo(0);
            }
          }}
        />
        <label for="lib-sort">{t('libSortBy')}</label>
        <select
          id="lib-sort"
          value={sort}
          onChange={(e) => setSort((e.target as HTMLSelectElement).value as SortOrder)}
        >
          <option value="saved">{t('libSortSaved')}</option>
          <option value="title">{t('libSortTitle')}</option>
          <option value="site">{t('libSortSite')}</option>
        </select>
        <label for="lib-show">{t('libShow')}</label>
        <select
          id="lib-show"
          value={show}
          onChange={(e) => setShow((e.target as HTMLSelectElement).value as Show)}
        >
          <option value="unread">{t('favUnread')}</option>
          <option value="all">{t('libShowAll')}</option>
          <option value="archived">{t('favArchived')}</option>
        </select>
        <label for="lib-tag">{t('libTag')}</label>
        {tagSelect}
        <label for="lib-site">{t('favFilterSite')}</label>
        {siteSelect}
        {tag && (
          <span class="lib-tag-tools">
            <button type="button" disabled={busy} onClick={() => setTagging('rename')}>
              {t('libRenameTag')}
            </button>
            <button type="button" disabled={busy} onClick={() => void deleteTag()}>
              {t('libDeleteTag')}
            </button>
          </span>
        )}
      </div>
      <div class="lib-bulk" role="toolbar" aria-label={t('libBulkLabel')}>
        <label class="lib-select-all">
          <input
            type="checkbox"
            checked={allSelected}
            disabled={view.total === 0}
            onChange={(e) => void selectAll((e.target as HTMLInputElement).checked)}
          />
          {t('libSelectAll')}
        </label>
        <button type="button" disabled={none} onClick={() => void archiveSelected()}>
          {show === 'archived' ? t('favUnarchive') : t('favArchive')}
        </button>
        <button type="button" disabled={none} onClick={() => void readSelected()}>
          {t('favMarkRead')}
        </button>
        <button type="button" disabled={none} onClick={() => setTagging('add')}>
          {t('libAddTag')}
        </button>
        <button type="button" disabled={none} onClick={() => void removeSelected()}>
          {t('favRemove')}
        </button>
        <span class="lib-count">
          {selected.size > 0 && t('libSelectedCount', [formatCount(selected.size, locale)])}
        </span>
      </div>
      {tagging && (
        <form class="lib-tag-form" onSubmit={(e) => void submitTag(e)}>
          <label>
            {tagging === 'add' ? t('libTagToAdd') : t('libNewTagName')}
            <input
              ref={tagField}
              type="text"
              list="lib-tag-names"
              maxLength={200}
              value={tagInput}
              onInput={(e) => setTagInput((e.target as HTMLInputElement).value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setTagging(null);
              }}
            />
          </label>
          {tagNames}
          <button type="submit">{tagging === 'add' ? t('libAdd') : t('libRename')}</button>
          <button type="button" onClick={() => setTagging(null)}>
            {t('libCancel')}
          </button>
        </form>
      )}
      <div class="lib-status" aria-live="polite">
        {undo && (
          <div class="fav-undo">
            <span>{undo.message}</span>
            <button type="button" disabled={busy} onClick={() => void undoLast()}>
              {t('favUndo')}
            </button>
          </div>
        )}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="fav-count">
        {allCount !== null && countText(allCount, locale, 'favCountOne', 'favCountOther')}
        {view.loaded && (
          <span>
            {' · '}
            {countText(view.total, locale, 'libShownOne', 'libShownOther')}
          </span>
        )}
      </p>
      {empty && <p class="fav-empty">{allCount ? t('favNoMatch') : t('favEmpty')}</p>}
      <div
        ref={scroller}
        class="lib-scroller"
        style={{ height: `${empty ? 0 : height}px` }}
        onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
      >
        <ul
          aria-label={t('favListLabel')}
          class="lib-list"
          style={{ height: `${view.total * rowHeight}px` }}
          onKeyDown={onKeyDown}
        >
          {rows}
        </ul>
      </div>
    </div>
  );
}
