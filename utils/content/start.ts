/**
 * The always-on content script: detect the article, fold comments, take down stuck overlays,
 * report to the background. It runs on every page, so it stays small and does little work:
 * cheap checks first, DOM watching bounded in time, nothing that is not needed until asked.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { detectArticle } from '../article/detect';
import type { Detection } from '../article/types';
import { foldComments, keepUnfolded, removeOverlay } from '../cleanup/apply';
import { findArticleRoot } from '../cleanup/article-root';
import { findCommentSections } from '../cleanup/comments';
import { findStuckOverlays } from '../cleanup/overlays';
import { COMMENTS_OFF_ATTR, PLATFORM_SELECTOR, platformCss } from '../cleanup/platform-css';
import { releaseScrollLocks, revealHiddenPage } from '../cleanup/scroll-lock';
import type { Undo } from '../cleanup/undo';
import { watchAddedElements } from '../cleanup/watch';
import { t } from '../i18n';
import type { PageReport } from '../messaging';
import { effectiveFor, parseSettings, type Settings } from '../settings';
import { loadSettings, onSettingsChanged } from '../settings-store';
import { OVERLAY_GRACE_MS } from './timing';

/** Pages this large get detection and platform rules only, not the text scans. */
const MAX_ELEMENTS = 60_000;
const REPORT_DELAY_MS = 50;

function canonicalOf(doc: Document): string | undefined {
  const href = doc.querySelector<HTMLLinkElement>('link[rel~="canonical"]')?.href;
  return href && /^https?:/.test(href) ? href : undefined;
}

export function startPage(ctx: ContentScriptContext) {
  const doc = document;
  const win = window;
  let settings: Settings = parseSettings(undefined);
  let on = effectiveFor(settings, location.href);
  let detection: Detection = { isArticle: false, reasons: [] };
  let ready = false;
  let overlaysDue = false;
  let failed = false;
  let autoOpened = false;
  let folded = { count: 0, undos: [] as Undo[] };
  let overlays = { count: 0, undos: [] as Undo[] };
  let reportTimer: ReturnType<typeof setTimeout> | undefined;

  // Known comment widgets are hidden by a stylesheet from the very start: nothing flashes.
  const style = doc.createElement('style');
  style.textContent = platformCss();
  (doc.head ?? doc.documentElement).append(style);

  /** Runs a step; the first failure logs one line and stops the clean-up on this page. */
  const guard = (step: () => void) => {
    if (failed || ctx.isInvalid) return;
    try {
      step();
    } catch (e) {
      failed = true;
      console.warn(`Broadsheet: clean-up stopped on this page (${(e as Error)?.message ?? e})`);
    }
  };

  const report = () => {
    clearTimeout(reportTimer);
    reportTimer = setTimeout(() => {
      if (ctx.isInvalid) return;
      const r: PageReport = {
        url: location.href,
        canonicalUrl: canonicalOf(doc),
        title: doc.title,
        detection,
        cleanup: { overlays: overlays.count, comments: folded.count },
      };
      browser.runtime.sendMessage({ type: 'page:report', report: r }).catch(() => {
        // The extension was reloaded or its worker is starting: the next report will do.
      });
      if (detection.isArticle && on.alwaysReader && !autoOpened) {
        autoOpened = true;
        void browser.runtime.sendMessage({ type: 'reader:open-here' }).catch(() => {});
      }
    }, REPORT_DELAY_MS);
  };

  const detect = () =>
    guard(() => {
      const next = detectArticle(doc, new URL(location.href));
      if (next.isArticle !== detection.isArticle || !ready) report();
      detection = next;
    });

  const small = () => doc.getElementsByTagName('*').length <= MAX_ELEMENTS;

  const fold = () =>
    guard(() => {
      if (!on.comments) return;
      const sections = small() ? findCommentSections(doc, findArticleRoot(doc)) : [];
      const r = foldComments(sections, doc, t('cleanupShowComments'));
      keepUnfolded(doc, PLATFORM_SELECTOR);
      if (r.count) {
        folded = { count: folded.count + r.count, undos: [...folded.undos, r.undo] };
        report();
      }
    });

  const takeDownOverlays = () =>
    guard(() => {
      if (!on.overlays) return;
      const found = findStuckOverlays(doc, win);
      const undos = found.map(removeOverlay);
      for (const u of [releaseScrollLocks(doc, win), revealHiddenPage(doc, win)]) {
        if (u) undos.push(u);
      }
      if (undos.length)
        overlays = { count: overlays.count + found.length, undos: [...overlays.undos, ...undos] };
      if (found.length) report();
    });

  let overlayTimer: ReturnType<typeof setTimeout> | undefined;
  /** Overlays get a grace period from when they could appear: the page's own loader may finish. */
  const overlaysLater = () => {
    if (!overlaysDue) return;
    clearTimeout(overlayTimer);
    overlayTimer = setTimeout(takeDownOverlays, OVERLAY_GRACE_MS);
  };

  const applySwitches = () => {
    on = effectiveFor(settings, location.href);
    if (on.comments) doc.documentElement.removeAttribute(COMMENTS_OFF_ATTR);
    else doc.documentElement.setAttribute(COMMENTS_OFF_ATTR, 'off');
    if (!on.comments && folded.count) {
      for (const u of folded.undos) u();
      folded = { count: 0, undos: [] };
    }
    if (!on.overlays && overlays.undos.length) {
      for (const u of overlays.undos.reverse()) u();
      overlays = { count: 0, undos: [] };
    }
    if (ready) {
      fold();
      if (overlaysDue) takeDownOverlays();
    }
    report();
  };

  void loadSettings().then((s) => {
    settings = s;
    applySwitches();
  });
  const unsubscribe = onSettingsChanged((s) => {
    settings = s;
    applySwitches();
  });
  ctx.onInvalidated(unsubscribe);

  const onReady = () => {
    ready = true;
    detect();
    fold();
    report();
    const stopWatching = watchAddedElements(doc, win, () => {
      if (!detection.isArticle) detect();
      fold();
      overlaysLater();
    });
    ctx.onInvalidated(stopWatching);
  };
  const onLoaded = () => {
    overlaysDue = true;
    overlaysLater();
  };

  if (doc.readyState === 'loading') {
    ctx.addEventListener(doc, 'DOMContentLoaded', onReady, { once: true });
  } else onReady();
  if (doc.readyState === 'complete') onLoaded();
  else ctx.addEventListener(win, 'load', onLoaded, { once: true });

  // Single-page apps: a new article arrives without a new document.
  ctx.addEventListener(win, 'wxt:locationchange', () => {
    autoOpened = false;
    detection = { isArticle: false, reasons: [] };
    for (const delay of [300, 1500]) {
      ctx.setTimeout(() => {
        detect();
        fold();
        report();
      }, delay);
    }
  });
}
