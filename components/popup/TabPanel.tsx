import { useEffect, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import type { TabState } from '@/utils/messaging';
import { cleanupSummary, kindWords } from '@/utils/toolbar';
import { send } from '@/utils/ui/send';
import { SiteSwitches } from './SiteSwitches';

const POLL_MS = 250;
/** After the popup has drawn, the article is made ready for a save (see `fav:prepare`). */
const PREPARE_AFTER_MS = 150;
const GIVE_UP_MS = 4000;

/** This tab's status and actions: the top of the popup. */
export function TabPanel({ tabId, onSaved }: { tabId: number; onSaved?: () => void }) {
  const [busy, setBusy] = useState(false);
  const [state, setState] = useState<TabState | null>(null);
  const [waited, setWaited] = useState(false);
  const [error, setError] = useState('');

  // A popup opened on a page is a strong hint that the reader may be wanted: the background
  // makes it ready now, so the click on `Reader view` only has to show it.
  useEffect(() => {
    send({ type: 'reader:prepare', tabId }).catch(() => undefined);
  }, [tabId]);

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

  // A reader who opens the popup on an unsaved article is likely to save it: the background
  // extracts it meanwhile, so the press only has to write. Hovering or focusing Save asks at once.
  // Not once Save was pressed: the press extracts by itself, and a late request would only
  // wake the background again.
  const preparable = !busy && !!state && !state.saved && state.detection.isArticle;
  const prepare = () => {
    if (preparable) send({ type: 'fav:prepare', tabId }).catch(() => undefined);
  };
  useEffect(() => {
    if (!preparable) return;
    const timer = setTimeout(prepare, PREPARE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [preparable, tabId]);

  const status = state
    ? state.detection.isArticle
      ? t('statusArticle')
      : t('statusNoArticle')
    : waited
      ? t('statusUnavailable')
      : t('statusChecking');

  async function toggleReader() {
    try {
      await send({ type: 'reader:toggle', tabId });
      const s = await send<TabState | null>({ type: 'tab:get-state', tabId });
      if (s) setState(s);
    } catch (e) {
      setError(String((e as Error).message));
    }
  }

  async function toggleSaved() {
    setBusy(true);
    setError('');
    try {
      const { saved } = await send<{ saved: boolean }>({
        type: 'fav:toggle-tab',
        tabId,
        save: !state?.saved,
      });
      setState((s) => (s ? { ...s, saved } : s));
      // The button shows the answer first, alone; the list reloads in the next task.
      setTimeout(() => onSaved?.(), 0);
    } catch (e) {
      setError(t('popupSaveFailed', String((e as Error).message)));
    } finally {
      setBusy(false);
    }
  }

  const summary = state ? cleanupSummary(state) : '';
  const kind = state ? kindWords(state) : '';
  return (
    <section class="tab-panel" aria-labelledby="tab-status">
      <p id="tab-status" role="status" class={state?.detection.isArticle ? 'ok' : ''}>
        {status}
      </p>
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
          aria-pressed={state?.saved ? 'true' : 'false'}
          aria-busy={busy ? 'true' : undefined}
          disabled={!state || busy}
          onClick={toggleSaved}
          onPointerEnter={prepare}
          onFocus={prepare}
        >
          {t('popupSave')}
        </button>
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
