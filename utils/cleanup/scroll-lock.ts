import { findArticleRoot } from './article-root';
import { hasOpenDialog } from './overlays';
import { ANTI_FLICKER_CLASSES, LOADER_BODY_CLASSES, SCROLL_LOCK_CLASSES } from './rules';
import { combine, forceStyle, removeClasses, type Undo } from './undo';

const FULL_HEIGHT = /^(100%|100vh|100dvh|100svh)$/;

function isHiddenOverflow(cs: CSSStyleDeclaration): boolean {
  const y = cs.overflowY || cs.overflow.trim().split(/\s+/).pop() || '';
  return y === 'hidden' || y === 'clip';
}

function isFullHeight(cs: CSSStyleDeclaration, win: Window): boolean {
  const h = cs.height.trim();
  if (FULL_HEIGHT.test(h)) return true;
  const n = Number.parseFloat(h);
  return h.endsWith('px') && Math.abs(n - win.innerHeight) <= 2;
}

function pageElements(doc: Document): HTMLElement[] {
  return [doc.documentElement, doc.body].filter((e): e is HTMLElement => !!e);
}

const PAGE_CLASSES = new Set([
  ...SCROLL_LOCK_CLASSES,
  ...ANTI_FLICKER_CLASSES,
  ...LOADER_BODY_CLASSES,
]);
const LOCKING_STYLE = /overflow|position|height|opacity|visibility/i;

/**
 * Whether `html` or `body` shows a sign of a lock or a hidden page in its markup: a lock,
 * anti-flicker or loader class, or an inline style that can lock or hide. Read from attributes
 * only (no computed style): a page without any sign is asked no more until its reader tries to
 * scroll and it does not move.
 */
export function showsLockSign(doc: Document): boolean {
  return pageElements(doc).some(
    (el) =>
      LOCKING_STYLE.test(el.getAttribute('style') ?? '') ||
      Array.from(el.classList).some((c) => PAGE_CLASSES.has(c)),
  );
}

/** Whether `html` or `body` keeps the page from scrolling. */
export function isScrollLocked(doc: Document, win: Window): boolean {
  return pageElements(doc).some((el) => {
    const cs = win.getComputedStyle(el);
    return isHiddenOverflow(cs) || (el === doc.body && cs.position === 'fixed');
  });
}

/**
 * Undoes scroll-locks on `html`/`body` (lock classes, `overflow:hidden`, `height:100%` with it,
 * `position:fixed` with a top offset), unless a modal dialog is open. Null when nothing changed.
 */
export function releaseScrollLocks(doc: Document, win: Window): Undo | null {
  if (hasOpenDialog(doc, win)) return null;
  const undos: (Undo | null)[] = [];
  let scrollTo = 0;
  for (const el of pageElements(doc)) {
    undos.push(removeClasses(el, SCROLL_LOCK_CLASSES));
    const cs = win.getComputedStyle(el);
    const props: Record<string, string> = {};
    if (isHiddenOverflow(cs)) {
      props['overflow-y'] = 'auto';
      if (isFullHeight(cs, win)) props.height = 'auto';
    }
    if (el === doc.body && cs.position === 'fixed') {
      scrollTo = -(Number.parseFloat(cs.top) || 0);
      props.position = 'static';
      props.top = 'auto';
    }
    if (Object.keys(props).length) undos.push(forceStyle(el, props));
  }
  if (!undos.some(Boolean)) return null;
  if (scrollTo > 0) win.scrollTo(0, scrollTo);
  return combine(undos);
}

function isHidden(el: Element, win: Window): boolean {
  const cs = win.getComputedStyle(el);
  return cs.visibility === 'hidden' || Number.parseFloat(cs.opacity || '1') < 0.1;
}

function isStuck(doc: Document, win: Window, els: HTMLElement[]): boolean {
  return els.some((el) => isHidden(el, win)) || isScrollLocked(doc, win);
}

function rootHidden(doc: Document, win: Window): boolean {
  const root = findArticleRoot(doc);
  if (!root) return false;
  const check = (root as HTMLElement).checkVisibility;
  if (typeof check === 'function') {
    return !check.call(root, { opacityProperty: true, visibilityProperty: true });
  }
  return isHidden(root, win);
}

/**
 * Shows a page kept hidden by an anti-flicker class (`async-hide`) or a stuck loader class
 * (`body.loading`, `is-loading`...) or an inline `opacity:0`. Null when nothing changed.
 */
export function revealHiddenPage(doc: Document, win: Window): Undo | null {
  const undos: (Undo | null)[] = [];
  const els = pageElements(doc);
  for (const el of els) undos.push(removeClasses(el, ANTI_FLICKER_CLASSES));
  // Whether the page is stuck is asked only of a page that wears a loader class: the question
  // (the article root's visibility) walks every paragraph, and most pages wear none.
  const loaderClass = els.some((el) => LOADER_BODY_CLASSES.some((c) => el.classList.contains(c)));
  if (loaderClass && (isStuck(doc, win, els) || rootHidden(doc, win))) {
    for (const el of els) undos.push(removeClasses(el, LOADER_BODY_CLASSES));
  }
  for (const el of els) {
    if (isHidden(el, win)) undos.push(forceStyle(el, { opacity: '1', visibility: 'visible' }));
  }
  return undos.some(Boolean) ? combine(undos) : null;
}
