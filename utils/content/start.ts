/**
 * The always-on content script: detect the article, fold comments, take down stuck overlays,
 * report to the background. It runs on every page, so it stays small and does little work:
 * cheap checks first, whole-page passes only when something relevant changed, DOM watching
 * bounded in time. It talks only through `runtime` messages: no `chrome.i18n` or `chrome.storage`
 * here (each costs milliseconds a page to set up): the background hands over settings and words.
 */
import { browser } from 'wxt/browser';
import { type PendingDetection, startDetection } from '../article/detect-signals';
import type { Detection } from '../article/types';
import { FOLDED_ATTR, removeOverlay } from '../cleanup/apply';
import { findArticleRoot } from '../cleanup/article-root';
import {
  type CommentMatcher,
  commentMatcher,
  hasCommentCandidate,
  holdsSelector,
} from '../cleanup/comment-matcher';
import { findStuckOverlaysObserved, hasLoaderCandidate } from '../cleanup/overlays';
import { COMMENTS_OFF_ATTR } from '../cleanup/platform-css';
import { LOADER_CANDIDATE_SELECTOR } from '../cleanup/rules';
import { releaseScrollLocks, revealHiddenPage, showsLockSign } from '../cleanup/scroll-lock';
import type { Undo } from '../cleanup/undo';
import { watchAddedElements } from '../cleanup/watch';
import type { PageReport, Reply, ToContent } from '../messaging';
import { effectiveFor, parseSettings, type Settings } from '../settings';
import type { PageHello, UiStrings } from '../ui-strings';
import { type DeepApi, installedDeep } from './deep';
import type { Lifetime } from './lifetime';
import { OVERLAY_GRACE_MS } from './timing';

/** Pages this large get detection and platform rules only, not the text scans. */
const MAX_ELEMENTS = 60_000;
const REPORT_DELAY_MS = 50;
const REDETECT_MS = 2000;
/** The longest a report waits for the second part's verdict. */
const VERDICT_WAIT_MS = 1500;
/** Times a page not judged an article is looked at again as paragraphs arrive. */
const MAX_LATE_LOOKS = 3;
const OVERLAY_HINT = `${LOADER_CANDIDATE_SELECTOR},[style*="fixed"]`;
/** Keys that scroll a page (when not typed into a field). */
const SCROLL_KEYS = new Set([' ', 'PageDown', 'ArrowDown', 'End']);
/** After a turn of the wheel, how long the page has to move before it is taken as locked. */
const STILL_MS = 200;

function canonicalOf(doc: Document): string | undefined {
  const href = doc.querySelector<HTMLLinkElement>('link[rel~="canonical"]')?.href;
  return href && /^https?:/.test(href) ? href : undefined;
}

/** Whether any of `added` is, or holds, an element matching `selector`. */
function anyMatch(added: Element[], selector: string): boolean {
  return added.some((el) => el.matches(selector) || !!el.querySelector(selector));
}

export function startPage(life: Lifetime) {
  const doc = document;
  const win = window;
  let settings: Settings = parseSettings(undefined);
  let on = effectiveFor(settings, location);
  let strings: UiStrings | null = null;
  let matcher: CommentMatcher | null = null;
  let detection: Detection = { isArticle: false, reasons: [] };
  let detectedAt = 0;
  let lateLooks = 0;
  let detectedUrl = '';
  let root: Element | null = null;
  let ready = false;
  let overlaysDue = false;
  let failed = false;
  let autoOpened = false;
  let folded = { count: 0, undos: [] as Undo[] };
  let overlays = { count: 0, undos: [] as Undo[] };
  let reportTimer: ReturnType<typeof setTimeout> | undefined;
  let reportedUrl = '';
  let deep: DeepApi | null = null;
  /**
   * A verdict not settled yet (the first look waits for `page:hello`, and the second part may
   * be finishing it): until then a report would say "not an article".
   */
  let verdictPending = true;
  /** What the background worked out of the address the script started on. */
  let address: PageHello['address'];
  let helloDone = false;
  let lookedOnce = false;
  /** A report asked for while the verdict was pending: sent once it is settled. */
  let reportWanted = false;
  let looks = 0;
  let deepAsked: Promise<DeepApi | null> | null = null;
  /**
   * Whether the reader can meet the page's comments yet: they scrolled, or the page is short
   * enough that its end is in view. Until then nothing looks for comments (the stylesheet keeps
   * the known platforms' widgets out of sight meanwhile): most comment sections sit below the
   * article, and a reader who leaves without scrolling never pays for the finder.
   */
  let woken = false;
  /** The address the page was last looked at under (a single-page app changes it). */
  let lastHref = location.href;
  /**
   * Someone needs the verdict now: the popup asked for the tab's state, the reader scrolled, or
   * the page opens in the reader by itself. Until then a page whose metadata leaves the verdict
   * open keeps it open (`deferred`): its structure is read only when someone will see the answer.
   */
  let verdictWanted = false;
  let deferred: { url: string; pending: PendingDetection } | null = null;
  /** Whether the page has scrolled at all (a locked page never does). */
  let scrolledOnce = false;
  /** The reader tried to scroll before the overlay pass was due, and the page did not move. */
  let lockCheckWanted = false;
  /** The grace period after `DOMContentLoaded` found no loader: a later one asks for the article. */
  let articleAskPending = false;

  /** Runs a step; the first failure logs one line and stops the clean-up on this page. */
  const guard = (step: () => void) => {
    if (failed || life.isInvalid) return;
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
      if (life.isInvalid) return;
      // The settled verdict reports itself; the popup says "Checking…" meanwhile.
      if (verdictPending) {
        reportWanted = true;
        return;
      }
      reportWanted = false;
      reportedUrl = location.href;
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

  /**
   * The second part (utils/content/deep.ts), asked of the background once, when a page first
   * gives a reason for it; then `then` runs. Without it (the extension is going away) the
   * clean-up does what the first part can.
   */
  const withDeep = (then: () => void) => {
    if (deep) return then();
    deepAsked ??= browser.runtime
      .sendMessage({ type: 'page:deep' })
      .then(() => installedDeep() ?? null)
      .catch(() => null);
    void deepAsked.then((api) => {
      deep = api;
      guard(then);
    });
  };

  /** The verdict for `url` is in: reported, unless the page has moved on meanwhile. */
  const settle = (url: string, next: Detection) => {
    if (location.href !== url) return; // A newer look is under way.
    verdictPending = false;
    // The kind of a page that is no article shows in the popup: a new kind is news too.
    const changed =
      next.isArticle !== detection.isArticle ||
      url !== reportedUrl ||
      next.reasons[0] !== detection.reasons[0];
    detection = next;
    if (changed || reportWanted) report();
  };

  /** The second stage, from the second part: the page's structure decides. */
  const finish = (url: string, pending: PendingDetection) => {
    // Should the second part never come (the worker gone), the first part's verdict stands.
    const fallback = { isArticle: pending.score >= 2, reasons: pending.reasons };
    const look = ++looks;
    setTimeout(() => {
      if (verdictPending && look === looks) settle(url, fallback);
    }, VERDICT_WAIT_MS);
    withDeep(() => settle(url, deep ? deep.finishDetection(doc, location, pending) : fallback));
  };

  const detect = () =>
    guard(() => {
      detectedAt = Date.now();
      detectedUrl = location.href;
      const url = detectedUrl;
      deferred = null;
      const first = startDetection(
        doc,
        location,
        address?.url === url ? address.signals : undefined,
      );
      const pending = first.pending;
      if (!pending) return settle(url, first.done);
      verdictPending = true;
      if (verdictWanted || on.alwaysReader) finish(url, pending);
      else deferred = { url, pending };
    });

  /** The verdict is needed now: a deferred one is finished. */
  const wantVerdict = () =>
    guard(() => {
      verdictWanted = true;
      const d = deferred;
      deferred = null;
      if (d && d.url === location.href) finish(d.url, d.pending);
    });

  /** The first look, once the document is parsed and the background has said hello. */
  const firstLook = () => {
    if (!ready || !helloDone || lookedOnce) return;
    lookedOnce = true;
    detect();
    // A first look that failed leaves the page "no article", and says so.
    if (failed) {
      verdictPending = false;
      report();
    }
  };

  const articleRoot = () => {
    if (!root?.isConnected) root = findArticleRoot(doc);
    return root;
  };

  const isSmall = () => doc.getElementsByTagName('*').length <= MAX_ELEMENTS;
  /**
   * Folds the page's comment sections, with the finder of the second part. A page (or, late,
   * what it added) holding no comment candidate never loads that part.
   */
  const fold = (added?: readonly Element[]) =>
    guard(() => {
      // Folding waits for the button's words; the stylesheet covers known widgets meanwhile.
      if (!on.comments || !strings || !ready || !woken) return;
      // Made when first needed: a page the reader never scrolls never builds it.
      matcher ??= commentMatcher(strings.commentRules);
      const m = matcher;
      const s = strings;
      if (!deep && !hasCommentCandidate(added ?? doc, m)) return;
      withDeep(() => {
        if (!deep || !on.comments) return;
        const r = deep.fold(doc, m, s, { small: isSmall(), articleRoot });
        if (r.count) {
          folded = { count: folded.count + r.count, undos: [...folded.undos, r.undo] };
          report();
        }
      });
    });

  let endWatch: IntersectionObserver | undefined;
  /** The reader may meet the comments now: look for them (once), and settle the verdict. */
  const wake = () => {
    if (woken) return;
    woken = true;
    endWatch?.disconnect();
    wantVerdict();
    fold();
  };
  const onScroll = () => {
    scrolledOnce = true;
    stopTrying();
    doc.removeEventListener('scroll', onScroll, true);
    wake();
  };
  /**
   * The reader's first try to scroll (the wheel, a scrolling key): a page that does not move
   * after it may be locked, with no overlay left to say so. Only then is its style asked.
   */
  const onTry = (e: Event) => {
    if (e.type === 'keydown') {
      if (!SCROLL_KEYS.has((e as KeyboardEvent).key)) return;
      const target = e.target as Element | null;
      if (target?.closest?.('input,textarea,select,[contenteditable]')) return;
    }
    stopTrying();
    setTimeout(
      () =>
        guard(() => {
          if (scrolledOnce || !on.overlays) return;
          if (overlaysDue) unlockPage();
          else lockCheckWanted = true;
        }),
      STILL_MS,
    );
  };
  const stopTrying = () => {
    win.removeEventListener('wheel', onTry, true);
    win.removeEventListener('keydown', onTry, true);
  };
  /**
   * A page whose end is within a screen of the view: its comments may be in sight already.
   * Asked of an IntersectionObserver, which reads the page's box from the layout the browser
   * makes anyway: reading `scrollHeight` here would force that layout inside this script.
   */
  const wakeIfShort = () =>
    guard(() => {
      if (woken || typeof win.IntersectionObserver !== 'function') return;
      endWatch ??= new win.IntersectionObserver((entries) =>
        guard(() => {
          const e = entries[entries.length - 1];
          const screen = e?.rootBounds?.height ?? 0;
          // No layout (a hidden tab, a frame not shown): nothing to judge, wait for the scroll.
          if (!e || !screen || !e.boundingClientRect.height) return;
          if (e.boundingClientRect.bottom - screen <= screen) wake();
        }),
      );
      // Observed afresh, the page's root is reported once more, at the next rendering.
      endWatch.unobserve(doc.documentElement);
      endWatch.observe(doc.documentElement);
    });
  // Any scroll, the page's or an inner scroller's, a fragment's jump or a restored position.
  doc.addEventListener('scroll', onScroll, { capture: true, passive: true });
  win.addEventListener('wheel', onTry, { capture: true, passive: true });
  win.addEventListener('keydown', onTry, { capture: true, passive: true });
  life.onInvalidated(() => {
    doc.removeEventListener('scroll', onScroll, true);
    stopTrying();
    endWatch?.disconnect();
  });

  /** Undoes a scroll-lock or a hidden page on `html`/`body`, with the overlays' undos. */
  const unlockPage = () => {
    lockCheckWanted = false;
    const undos = [releaseScrollLocks(doc, win), revealHiddenPage(doc, win)].filter(
      (u): u is Undo => !!u,
    );
    if (undos.length) overlays = { count: overlays.count, undos: [...overlays.undos, ...undos] };
  };

  let overlayPass: 'idle' | 'running' | 'again' = 'idle';
  /** One pass at a time; one asked for meanwhile runs once the first is done. */
  const takeDownOverlays = () =>
    guard(() => {
      if (!on.overlays) return;
      if (overlayPass !== 'idle') {
        overlayPass = 'again';
        return;
      }
      overlayPass = 'running';
      void findStuckOverlaysObserved(doc, win)
        .then((found) =>
          guard(() => {
            if (!on.overlays) return;
            const live = found.filter((el) => el.isConnected);
            if (live.length) {
              overlays = {
                count: overlays.count + live.length,
                undos: [...overlays.undos, ...live.map(removeOverlay)],
              };
            }
            // The lock under an overlay taken down, or one `html`/`body` show in their markup;
            // any other is looked for once the reader tries to scroll and nothing moves.
            if (live.length || lockCheckWanted || showsLockSign(doc)) unlockPage();
            if (live.length) report();
          }),
        )
        .finally(() => {
          const again = overlayPass === 'again';
          overlayPass = 'idle';
          if (again) takeDownOverlays();
        });
    });

  let overlayTimer: ReturnType<typeof setTimeout> | undefined;
  /** Overlays get a grace period from when they could appear: the page's own loader may finish. */
  const overlaysLater = () => {
    if (!overlaysDue) return;
    clearTimeout(overlayTimer);
    overlayTimer = setTimeout(takeDownOverlays, OVERLAY_GRACE_MS);
  };

  /** Applies what changed in the settings, and only that. */
  const applySwitches = (next: Settings) => {
    const before = on;
    settings = next;
    on = effectiveFor(settings, location);
    if (on.comments === before.comments && on.overlays === before.overlays) return;
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
    if (on.comments && !before.comments) fold();
    if (on.overlays && !before.overlays && overlaysDue) takeDownOverlays();
    report();
  };

  browser.runtime
    .sendMessage({ type: 'page:hello' })
    .then((reply: Reply<PageHello> | undefined) => {
      helloDone = true;
      if (!reply?.ok) return firstLook();
      address = reply.value.address;
      strings = reply.value.strings;
      applySwitches(parseSettings(reply.value.settings));
      firstLook();
      fold();
    })
    .catch(() => {
      helloDone = true;
      firstLook();
    });
  const onMessage = (raw: unknown, _sender: unknown, respond?: (answer: unknown) => void) => {
    const msg = raw as ToContent;
    if (msg?.type === 'settings:changed') applySwitches(parseSettings(msg.settings));
    if (msg?.type === 'page:moved') onMoved();
    if (msg?.type === 'page:verdict') {
      // Said at once: the background then waits for the report this asks for.
      respond?.(true);
      wantVerdict();
    }
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);
  life.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));

  const onAdded = (added: Element[]) => {
    // A single-page app swapped the article (its URL changed), or a late article arrived.
    // A late article is looked for a few times, not on every batch of a page that never stops.
    const late =
      !detection.isArticle && lateLooks < MAX_LATE_LOOKS && Date.now() - detectedAt > REDETECT_MS;
    if (location.href !== detectedUrl) {
      lateLooks = 0;
      detect();
    } else if (late && anyMatch(added, 'p')) {
      lateLooks++;
      detect();
    }
    // What a folded section adds to itself (a live thread) changes nothing to fold.
    const fresh = folded.count ? added.filter((el) => !el.closest(`[${FOLDED_ATTR}]`)) : added;
    if (woken && on.comments && matcher && fresh.length && anyMatch(fresh, matcher.hint)) {
      // A page too large for the text scans gets only the platform widgets: look for one in
      // what was added, not in the whole page again (a live thread adds an item a millisecond).
      const m = matcher;
      if (isSmall() || fresh.some((el) => holdsSelector(el, m.platforms))) fold(fresh);
    }
    if (on.overlays && anyMatch(added, OVERLAY_HINT)) {
      // A loader added after the grace period, before `load`: down once the article is there.
      // Asked once: without the article by then, `load` and its grace period decide.
      if (articleAskPending && !overlaysDue) {
        articleAskPending = false;
        overlaysDue = detection.isArticle || !!articleRoot();
      }
      overlaysLater();
    }
  };

  /**
   * From DOMContentLoaded, once the grace period has passed: with the article in the page, a
   * loader still over it is stuck, whether or not `load` has fired (one slow tracking pixel
   * holds `load` back for seconds). Without the article, `load` and its grace period decide.
   */
  const overlaysOnceArticle = () => {
    const timer = setTimeout(
      () =>
        guard(() => {
          wakeIfShort();
          if (overlaysDue) return;
          // Nothing that looks like a loader: nothing to take down, and no article to look for
          // (one that comes later, with the page's own changes, asks again).
          if (!hasLoaderCandidate(doc)) {
            articleAskPending = true;
            return;
          }
          articleAskPending = false;
          if (!detection.isArticle && !articleRoot()) return;
          overlaysDue = true;
          takeDownOverlays();
        }),
      OVERLAY_GRACE_MS,
    );
    life.onInvalidated(() => clearTimeout(timer));
  };

  const onReady = () => {
    ready = true;
    firstLook();
    fold();
    report();
    life.onInvalidated(watchAddedElements(doc, win, (added) => guard(() => onAdded(added))));
    overlaysOnceArticle();
    wakeIfShort();
  };
  const onLoaded = () => {
    overlaysDue = true;
    overlaysLater();
    wakeIfShort();
  };

  if (doc.readyState === 'loading') {
    doc.addEventListener('DOMContentLoaded', () => guard(onReady), { once: true });
  } else guard(onReady);
  if (doc.readyState === 'complete') onLoaded();
  else win.addEventListener('load', onLoaded, { once: true });

  // Single-page apps: a new article arrives without a new document. The background hears the
  // tab's address change (`tabs.onUpdated`) and says so: nothing here watches or polls for it.
  function onMoved() {
    if (life.isInvalid || location.href === lastHref) return;
    lastHref = location.href;
    autoOpened = false;
    root = null;
    for (const delay of [300, 1500]) {
      setTimeout(() => {
        if (life.isInvalid) return;
        detect();
        fold();
        report();
      }, delay);
    }
  }
}
