import type { ComponentChildren, RefObject } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { ArticleHighlights, type HighlightsApi } from '@/components/highlights/ArticleHighlights';
import { sanitizedBody, sanitizeToBody } from '@/utils/article/sanitize';
import type { Article } from '@/utils/article/types';
import { t, uiLocale } from '@/utils/i18n';
import type { ReaderSettings } from '@/utils/reader-settings';
import { formatDate, formatMinutes, safeHttpUrl } from './format';
import { type ProgressOptions, useReadingProgress } from './progress';
import { type ReaderTags, Toolbar } from './Toolbar';

export interface ReaderViewProps {
  article: Article;
  settings: ReaderSettings;
  onSettingsChange: (next: ReaderSettings) => void;
  /** Absent on reader.html: there is nothing to close back to. */
  onClose?: () => void;
  /** The `Save to favourites` button shows when given. */
  onSave?: () => void;
  saved?: boolean;
  /** The saved favourite's tags: a `Tags` control beside Save (shown once saved). */
  tags?: ReaderTags;
  /**
   * In the page, the original is right under the reader: "View the original page" closes the
   * reader instead of opening a second copy. Absent on reader.html, where it opens the page.
   */
  originalClosesReader?: boolean;
  /** Where reading stopped, and where to report how far it gets. */
  progress?: ProgressOptions;
  /** Locale for dates and durations; the browser's UI language by default. */
  locale?: string;
  /** Highlights and notes: shown, and made by selecting text, when given. */
  highlights?: HighlightsApi;
  /** A highlight to bring into view once it is placed. */
  highlightFocus?: string | null;
}

/** Styles driven by the settings, as CSS custom properties on the reader root. */
export function settingsStyle(settings: ReaderSettings): Record<string, string> {
  return {
    '--bs-size': `${settings.size}px`,
    '--bs-width': `${settings.width}ch`,
    '--bs-line-height': String(settings.lineHeight),
  };
}

/** Root element of every reader screen: theme and font as data attributes. */
export function ReaderRoot(props: { settings: ReaderSettings; children: ComponentChildren }) {
  return (
    <div
      class="bs-reader"
      data-theme={props.settings.theme}
      data-font={props.settings.font}
      style={settingsStyle(props.settings)}
    >
      {props.children}
    </div>
  );
}

/**
 * The article's body. What extractArticle sanitized in this script is shown as DOMPurify left
 * it (copied, never serialized and parsed again); any other article (from storage, a message,
 * a copy) is sanitized here first. Filled before the first paint, and only when the article
 * changes: settings changes don't touch it.
 */
function ArticleBody(props: { article: Article; bodyRef: RefObject<HTMLDivElement> }) {
  const ref = props.bodyRef;
  const { article } = props;
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const win = el.ownerDocument.defaultView ?? window;
    const body = sanitizedBody(article) ?? sanitizeToBody(article.contentHtml, win);
    // A copy, not the nodes moved in: images adopted from DOMPurify's document made Chromium
    // fire the page's own onerror handler again on a failed image of the same URL
    // (security.test.ts caught it).
    const copy = el.ownerDocument.importNode(body, true);
    el.replaceChildren(...copy.childNodes);
  }, [article, ref]);
  return <div class="bs-content" ref={ref} />;
}

/** A thin bar at the top: how far down the article the reader is. */
function ProgressBar(props: { value: number }) {
  const percent = Math.round(props.value * 100);
  return (
    <div
      class="bs-progress"
      role="progressbar"
      aria-label={t('readerProgress')}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={`${percent} %`}
    >
      <div class="bs-progress-fill" style={{ transform: `scaleX(${props.value})` }} />
    </div>
  );
}

/** The article alone: header, body (see ArticleBody), and the settings toolbar. */
export function ReaderView(props: ReaderViewProps) {
  const { article, settings } = props;
  const articleRef = useRef<HTMLElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const progress = useReadingProgress(articleRef, props.progress ?? { initial: 0 });
  const locale = props.locale ?? uiLocale();
  const published = formatDate(article.publishedTime, locale);
  const original = safeHttpUrl(article.url);
  return (
    <ReaderRoot settings={settings}>
      <ProgressBar value={progress} />
      <Toolbar
        settings={settings}
        onChange={props.onSettingsChange}
        text={`${article.title}\n${article.textContent}`}
        lang={article.lang}
        onSave={props.onSave}
        saved={props.saved}
        tags={props.tags}
        onClose={props.onClose}
      />
      <article class="bs-article" ref={articleRef} lang={article.lang} dir={article.dir ?? 'auto'}>
        <header class="bs-header">
          {article.siteName && <p class="bs-site">{article.siteName}</p>}
          <h1 class="bs-title">{article.title}</h1>
          <p class="bs-meta" lang={locale}>
            {article.byline && <span>{t('readerBy', article.byline)}</span>}
            {published && article.publishedTime && (
              <time dateTime={article.publishedTime}>{published}</time>
            )}
            <span>{t('readerReadingTime', formatMinutes(article.readingMinutes, locale))}</span>
            {original && (
              <a
                href={original}
                target="_blank"
                rel="noopener noreferrer"
                onClick={
                  props.originalClosesReader && props.onClose
                    ? (event) => {
                        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey)
                          return;
                        event.preventDefault();
                        props.onClose?.();
                      }
                    : undefined
                }
              >
                {t('readerOriginal')}
              </a>
            )}
          </p>
        </header>
        <ArticleBody article={article} bodyRef={bodyRef} />
        {props.highlights && (
          <ArticleHighlights
            api={props.highlights}
            bodyRef={bodyRef}
            article={article}
            savedKey={props.saved}
            focusId={props.highlightFocus}
          />
        )}
      </article>
    </ReaderRoot>
  );
}
