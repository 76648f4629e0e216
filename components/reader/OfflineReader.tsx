import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { keepSanitizedBody, sanitizeToBody } from '@/utils/article/sanitize';
import type { Article } from '@/utils/article/types';
import type { OfflineExtras } from '@/utils/favourites/read-offline';
import type { ImageReport, LeftOutReason, StoredImage } from '@/utils/favourites/types';
import { t } from '@/utils/i18n';
import type { ReaderSettings } from '@/utils/reader-settings';
import type { HighlightsApi } from '../highlights/ArticleHighlights';
import { safeHttpUrl } from './format';
import { ReaderMessage } from './ReaderMessage';
import { ReaderRoot, ReaderView } from './ReaderView';
import type { ReaderTags } from './Toolbar';

export interface OfflineReaderProps {
  id: string | null;
  load: (id: string) => Promise<Article | null>;
  /** The copy's stored images and what was left out; none by default. */
  loadExtras?: (id: string) => Promise<OfflineExtras>;
  /** "Fetch the article now", offered for a link saved without its text. */
  fetchNow?: (id: string) => Promise<void>;
  settings: ReaderSettings;
  onSettingsChange: (next: ReaderSettings) => void;
  /** Where the page title goes; `document` by default. */
  doc?: Document;
  /** Where reading stopped in favourite `id` (0 to 1). */
  progressOf?: (id: string) => Promise<number>;
  /** Remembers how far reading got in favourite `id`. */
  onProgress?: (id: string, progress: number) => void;
  /** The tags of favourite `id`, for the Save control's `Tags`. */
  tagsOf?: (id: string) => ReaderTags;
  /** Favourite `id`'s highlights and notes. */
  highlightsOf?: (id: string) => HighlightsApi;
  /** A highlight to bring into view (`reader.html?id=…&hl=…`). */
  highlightFocus?: string | null;
}

const REASON_KEYS: Record<LeftOutReason, string> = {
  'too-large': 'offlineReasonTooLarge',
  'not-image': 'offlineReasonNotImage',
  svg: 'offlineReasonSvg',
  failed: 'offlineReasonFailed',
  timeout: 'offlineReasonTimeout',
  quota: 'offlineReasonQuota',
  'over-cap': 'offlineReasonOverCap',
  'too-many': 'offlineReasonTooMany',
};

/** "Not in this offline copy: 2 too large, 1 SVG …", or null when nothing was left out. */
export function leftOutNote(report: ImageReport | undefined): string | null {
  if (!report?.leftOut.length) return null;
  const counts = new Map<LeftOutReason, number>();
  for (const { reason } of report.leftOut) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const parts = [...counts].map(([reason, n]) => t(REASON_KEYS[reason], String(n)));
  return t('offlineImagesLeftOut', parts.join(', '));
}

/**
 * The copy's body, sanitized here, with each stored image shown from its blob (an object URL;
 * `srcset` and `<source>` dropped so the browser does not pick the site's URL instead). The
 * stored HTML keeps the original `src`: an image without a blob loads from the site.
 */
function withImages(
  article: Article,
  images: StoredImage[],
  note: string | null,
  urls: string[],
): Article {
  if (!images.length && !note) return article;
  const body = sanitizeToBody(article.contentHtml, window);
  const blobs = new Map(images.map((i) => [i.url, i.blob]));
  for (const img of body.querySelectorAll('img[src]')) {
    const blob = blobs.get(img.getAttribute('src') ?? '');
    if (!blob) continue;
    const url = URL.createObjectURL(blob);
    urls.push(url);
    img.setAttribute('src', url);
    img.removeAttribute('srcset');
    img.removeAttribute('sizes');
    const picture = img.parentElement;
    if (picture?.localName === 'picture') {
      for (const source of picture.querySelectorAll('source')) source.remove();
    }
  }
  if (note) {
    const aside = body.ownerDocument.createElement('p');
    aside.className = 'bs-offline-note';
    aside.setAttribute('role', 'note');
    // Not the article's text: highlights are anchored without it.
    aside.setAttribute('data-anchor-skip', '');
    aside.textContent = note;
    body.prepend(aside);
  }
  const shown = { ...article };
  keepSanitizedBody(shown, body);
  return shown;
}

interface Loaded {
  article: Article | null;
  extras: OfflineExtras | null;
  done: boolean;
}

/** reader.html: a saved article in the same reader UI, or words saying it was not found. */
export function OfflineReader(props: OfflineReaderProps) {
  const [state, setState] = useState<Loaded>({ article: null, extras: null, done: false });
  const [round, setRound] = useState(0);
  // Asked at once, with the copy; restored once the article is laid out.
  const progress = useMemo(
    () => (props.id && props.progressOf ? props.progressOf(props.id).catch(() => 0) : 0),
    [props.id, props.progressOf],
  );
  useEffect(() => {
    let live = true;
    const id = props.id;
    const pending = id ? props.load(id).catch(() => null) : Promise.resolve(null);
    const extras = id && props.loadExtras ? props.loadExtras(id).catch(() => null) : null;
    const show = (article: Article | null, more: OfflineExtras | null) => {
      if (live) setState({ article, extras: more, done: true });
    };
    if (extras) void Promise.all([pending, extras]).then(([a, more]) => show(a, more));
    else void pending.then((a) => show(a, null));
    return () => {
      live = false;
    };
  }, [props.id, props.load, props.loadExtras, round]);

  const urls = useMemo<string[]>(() => [], [state]);
  const tags = useMemo(
    () => (props.id && props.tagsOf ? props.tagsOf(props.id) : undefined),
    [props.id, props.tagsOf],
  );
  const shown = useMemo(() => {
    if (!state.article) return null;
    const note = leftOutNote(state.extras?.report);
    return withImages(state.article, state.extras?.images ?? [], note, urls);
  }, [state, urls]);
  // Object URLs are let go when the copy changes and when the page closes.
  useEffect(() => {
    const revoke = () => {
      for (const url of urls.splice(0)) URL.revokeObjectURL(url);
    };
    window.addEventListener('pagehide', revoke);
    return () => {
      window.removeEventListener('pagehide', revoke);
      revoke();
    };
  }, [urls]);

  useEffect(() => {
    const doc = props.doc ?? document;
    if (state.article) {
      doc.title = state.article.title;
      if (state.article.lang) doc.documentElement.lang = state.article.lang;
    }
  }, [state.article, props.doc]);

  const highlights = useMemo(
    () => (props.id && props.highlightsOf ? props.highlightsOf(props.id) : undefined),
    [props.id, props.highlightsOf],
  );

  if (!state.done) return <ReaderMessage kind="loading" settings={props.settings} />;
  if (!state.article || !shown) {
    return <ReaderMessage kind="not-found" settings={props.settings} />;
  }
  if (state.extras && !state.extras.fetched && props.id) {
    const id = props.id;
    return (
      <LinkOnly
        article={state.article}
        settings={props.settings}
        fetchNow={props.fetchNow ? () => props.fetchNow?.(id) ?? Promise.resolve() : undefined}
        onFetched={() => setRound((n) => n + 1)}
      />
    );
  }
  return (
    <ReaderView
      article={shown}
      settings={props.settings}
      onSettingsChange={props.onSettingsChange}
      tags={tags}
      highlights={highlights}
      highlightFocus={props.highlightFocus}
      progress={{
        initial: progress,
        onChange: (p) => {
          if (props.id) props.onProgress?.(props.id, p);
        },
      }}
    />
  );
}

/**
 * A link saved without its text (a bookmark from another device, an import, "Save link"):
 * opening it is asking for it, so its article is fetched at once (online) and shown when it
 * comes. Offline, or when the fetch fails, it says so and offers "Fetch the article now".
 */
function LinkOnly(props: {
  article: Article;
  settings: ReaderSettings;
  fetchNow?: () => Promise<void>;
  onFetched: () => void;
}) {
  const fetchNow = props.fetchNow;
  const online = typeof navigator === 'undefined' || navigator.onLine !== false;
  const [status, setStatus] = useState<{ busy: boolean; error?: string }>({
    busy: Boolean(fetchNow && online),
  });
  const original = safeHttpUrl(props.article.url);
  const running = useRef(false);
  const run = () => {
    if (!fetchNow || running.current) return;
    running.current = true;
    setStatus({ busy: true });
    fetchNow().then(
      () => {
        running.current = false;
        setStatus({ busy: false });
        props.onFetched();
      },
      (error: unknown) => {
        running.current = false;
        setStatus({ busy: false, error: String((error as Error)?.message ?? error) });
      },
    );
  };
  // Once on opening (online), and again when the connection comes back: not on each render,
  // nor in a loop after a failure (the button retries).
  useEffect(() => {
    if (online) run();
    window.addEventListener('online', run);
    return () => window.removeEventListener('online', run);
  }, []);
  return (
    <ReaderRoot settings={props.settings}>
      <div class="bs-message">
        <h1 class="bs-title">{props.article.title}</h1>
        <p role="status">
          {status.busy
            ? t('offlineFetching')
            : status.error
              ? t('offlineFetchFailed', status.error)
              : t('offlineLinkOnly')}
        </p>
        <div class="bs-actions">
          {fetchNow && (
            <button type="button" disabled={status.busy} onClick={run}>
              {t('offlineFetchNow')}
            </button>
          )}
          {original && (
            <a href={original} target="_blank" rel="noopener noreferrer">
              {t('readerOriginal')}
            </a>
          )}
        </div>
      </div>
    </ReaderRoot>
  );
}
