import { useEffect, useRef, useState } from 'preact/hooks';
import { formatMinutes } from '@/components/reader/format';
import { favouritesStore } from '@/utils/favourites/store';
import type { Favourite, RemovedFavourite } from '@/utils/favourites/types';
import { t, uiLocale } from '@/utils/i18n';
import type { TabPreview, TabState } from '@/utils/messaging';
import { cleanupSummary, kindWords } from '@/utils/toolbar';
import { send } from '@/utils/ui/send';
import { tagStore } from '@/utils/ui/tags';
import { SiteSwitches } from './SiteSwitches';
import { TagsField } from './TagsField';

const POLL_MS = 250;
/** After the popup has drawn, the article is made ready for a save (see `fav:preview`). */
const PREPARE_AFTER_MS = 150;
const GIVE_UP_MS = 4000;

const tags = tagStore(favouritesStore);

export interface TabPanelProps {
  tabId: number;
  /**
   * False on a page where Broadsheet cannot run (a browser page, another extension's, a store):
   * the popup says so at once instead of waiting for a report.
   */
  runnable?: boolean;
  /** The favourites changed (saved, removed, tags): the list reloads. */
  onSaved?: () => void;
  /** Changes when the list removed or restored a favourite (perhaps this tab's). */
  listChange?: number;
  /** Closes the popup (after the reader was opened); `window.close` by default. */
  close?: () => void;
}

/** The article as the popup shows it: from its favourite once saved, else from a preview. */
interface Shown {
  title: string;
  readingMinutes?: number;
}

/** This tab's status and actions: the top of the popup. */
export function TabPanel({
  tabId,
  runnable = true,
  onSaved,
  close,
  listChange = 0,
}: TabPanelProps) {
  const [busy, setBusy] = useState(false);
  const [state, setState] = useState<TabState | null>(null);
  const [waited, setWaited] = useState(false);
  const [error, setError] = useState('');
  const [preview, setPreview] = useState<Shown | null>(null);
  const [fav, setFav] = useState<Favourite | null>(null);
  const [undo, setUndo] = useState<RemovedFavourite | null>(null);
  const [focusTags, setFocusTags] = useState(false);
  const undoButton = useRef<HTMLButtonElement>(null);
  const tagsBox = useRef<HTMLDivElement>(null);

  // A popup opened on a page is a strong hint that the reader may be wanted: the background
  // makes it ready now, so the click on `Reader view` only has to show it.
  useEffect(() => {
    if (runnable) send({ type: 'reader:prepare', tabId }).catch(() => undefined);
  }, [tabId, runnable]);

  useEffect(() => {
    let stop = false;
    const started = Date.now();
    const poll = async () => {
      try {
        const s = await send<TabState | null>({ type: 'tab:get-state', tabId });
        if (stop) return;
        if (s) setState(s);
        if (!s && Date.now() - started > GIVE_UP_MS) setWaited(true);
        if (!s && !stop) setTimeout(poll, POLL_MS);
      } catch (e) {
        if (!stop) setError(String((e as Error).message));
      }
    };
    void poll();
    return () => {
      stop = true;
    };
  }, [tabId]);

  // Saved: the favourite itself (title, reading time, tags), read from the store.
  const favId = state ? favouritesStore.idFor(state.url, state.canonicalUrl) : null;
  useEffect(() => {
    if (!state?.saved || !favId) {
      setFav(null);
      return;
    }
    let live = true;
    favouritesStore.getFavourite(favId).then(
      (f) => live && setFav(f),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [state?.saved, favId]);

  // The list removed (or put back) this tab's favourite: the panel, the tab's badge and an open
  // reader follow.
  useEffect(() => {
    if (!listChange || !favId || !state) return;
    let live = true;
    void favouritesStore.getFavourite(favId).then(async (f) => {
      if (!live || !!f === state.saved) return;
      const { saved } = await send<{ saved: boolean }>({
        type: 'fav:toggle-tab',
        tabId,
        save: !!f,
      });
      if (!live) return;
      setUndo(null);
      setState((s) => (s ? { ...s, saved } : s));
    });
    return () => {
      live = false;
    };
  }, [listChange]);

  // A reader who opens the popup on an unsaved article is likely to save it: the background
  // extracts it meanwhile (and answers with its title and reading time), so the press only has
  // to write. Hovering or focusing Save asks at once. Not once Save was pressed: the press
  // extracts by itself, and a late request would only wake the background again.
  const preparable = !busy && !!state && !state.saved && state.detection.isArticle;
  const prepare = () => {
    if (preparable) send({ type: 'fav:prepare', tabId }).catch(() => undefined);
  };
  const url = state?.url;
  useEffect(() => {
    if (!preparable || preview) return;
    let live = true;
    const timer = setTimeout(() => {
      send<TabPreview | null>({ type: 'fav:preview', tabId }).then(
        // No article came out of the page after all: its own title, without a reading time.
        (p) =>
          live &&
          setPreview(
            p
              ? { title: p.title, readingMinutes: p.readingMinutes }
              : { title: state?.title ?? '' },
          ),
        () => undefined,
      );
    }, PREPARE_AFTER_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [preparable, tabId, url]);

  useEffect(() => {
    if (focusTags && fav) {
      tagsBox.current?.querySelector('input')?.focus();
      setFocusTags(false);
    }
  }, [focusTags, fav]);

  const status = state
    ? state.detection.isArticle
      ? t('statusArticle')
      : t('statusNoArticle')
    : waited || !runnable
      ? t('statusUnavailable')
      : t('statusChecking');

  async function toggleReader() {
    try {
      const open = await send<boolean>({ type: 'reader:toggle', tabId });
      // The reader is up in the page: the popup has done its job, and would only hide it.
      if (open) {
        (close ?? (() => window.close()))();
        return;
      }
      const s = await send<TabState | null>({ type: 'tab:get-state', tabId });
      if (s) setState(s);
    } catch (e) {
      setError(String((e as Error).message));
    }
  }

  async function save() {
    // Saved already: a press never removes (Remove does, with Undo); it goes to the tags.
    if (state?.saved) {
      setFocusTags(true);
      return;
    }
    setBusy(true);
    setError('');
    try {
      const { saved } = await send<{ saved: boolean }>({
        type: 'fav:toggle-tab',
        tabId,
        save: true,
      });
      setUndo(null);
      setState((s) => (s ? { ...s, saved } : s));
      // The button shows the answer first, alone; the list reloads in the next task.
      setTimeout(() => onSaved?.(), 0);
    } catch (e) {
      setError(t('popupSaveFailed', String((e as Error).message)));
    } finally {
      setBusy(false);
    }
  }

  /** Remove, as the list does: the favourite goes, with its copy, and Undo puts it back whole. */
  async function remove() {
    if (!favId) return;
    setBusy(true);
    setError('');
    try {
      const removed = await favouritesStore.removeFavourite(favId);
      // The tab (its badge, an open reader) hears it from the background.
      const { saved } = await send<{ saved: boolean }>({
        type: 'fav:toggle-tab',
        tabId,
        save: false,
      });
      setState((s) => (s ? { ...s, saved } : s));
      if (removed) {
        setUndo(removed);
        setTimeout(() => undoButton.current?.focus(), 0);
      }
      setTimeout(() => onSaved?.(), 0);
    } catch (e) {
      setError(String((e as Error).message));
    } finally {
      setBusy(false);
    }
  }

  async function restore() {
    if (!undo) return;
    setBusy(true);
    try {
      await favouritesStore.restoreFavourite(undo);
      const { saved } = await send<{ saved: boolean }>({
        type: 'fav:toggle-tab',
        tabId,
        save: true,
      });
      setUndo(null);
      setState((s) => (s ? { ...s, saved } : s));
      setFocusTags(true);
      setTimeout(() => onSaved?.(), 0);
    } catch (e) {
      setError(String((e as Error).message));
    } finally {
      setBusy(false);
    }
  }

  const summary = state ? cleanupSummary(state) : '';
  const kind = state ? kindWords(state) : '';
  const saved = !!state?.saved;
  const shown: Shown | null = saved && fav ? fav : state?.detection.isArticle ? preview : null;
  const locale = uiLocale();
  return (
    <section class="tab-panel" aria-labelledby="tab-status">
      <p id="tab-status" role="status" class={state?.detection.isArticle ? 'ok' : ''}>
        {status}
      </p>
      {shown?.title && (
        <div class="tab-article">
          <p class="tab-title" dir="auto">
            {shown.title}
          </p>
          {!!shown.readingMinutes && (
            <p class="tab-meta">
              {t('readerReadingTime', formatMinutes(shown.readingMinutes, locale))}
            </p>
          )}
        </div>
      )}
      {kind && <p class="summary">{kind}</p>}
      {summary && <p class="summary">{summary}</p>}
      <div class="actions">
        <button
          type="button"
          aria-pressed={state?.readerOpen ? 'true' : 'false'}
          disabled={!state}
          onClick={toggleReader}
        >
          {t('popupReaderView')}
        </button>
        <button
          type="button"
          class="save-button"
          aria-pressed={saved ? 'true' : 'false'}
          aria-busy={busy ? 'true' : undefined}
          disabled={!state || busy}
          onClick={save}
          onPointerEnter={prepare}
          onFocus={prepare}
        >
          <span aria-hidden="true">{saved ? '★ ' : '☆ '}</span>
          {t('popupSave')}
        </button>
      </div>
      {saved && (
        <div class="saved-panel" ref={tagsBox}>
          <div class="saved-head">
            <p class="saved-state">
              <span aria-hidden="true">✓ </span>
              {t('popupSaved')}
            </p>
            <button type="button" class="remove-button" disabled={busy || !fav} onClick={remove}>
              {t('favRemove')}
            </button>
          </div>
          {fav && (
            <TagsField
              key={fav.id}
              class="tab-tags"
              tags={fav.tags}
              known={() => tags.listTags()}
              onCommit={async (next) => {
                const updated = await tags.setTags(fav.id, next);
                if (updated) setFav(updated);
                setTimeout(() => onSaved?.(), 0);
                return updated?.tags ?? null;
              }}
            />
          )}
        </div>
      )}
      <div class="tab-undo-region" aria-live="polite">
        {undo && !saved && (
          <div class="fav-undo">
            <span>{t('favRemoved', [undo.favourite.title])}</span>
            <button type="button" ref={undoButton} disabled={busy} onClick={() => void restore()}>
              {t('favUndo')}
            </button>
          </div>
        )}
      </div>
      {state && <SiteSwitches url={state.url} />}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
