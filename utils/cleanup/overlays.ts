import { findArticleRoot } from './article-root';
import { LOADER_CANDIDATE_SELECTOR, LOADER_TOKEN } from './rules';
import { isLoadingText } from './words';

/** Where an element is on screen; `null` when layout is not available (tests, hidden tab). */
export type Geometry = (el: Element) => { width: number; height: number } | null;

const COVER = 0.8;
const MAX_CANDIDATES = 120;
/** More elements than this inside it, and it is no loader (a page's wrapper, a section). */
const MAX_LOADER_ELEMENTS = 150;
const CONTROLS = 'input:not([type=hidden]),select,textarea,button,form,dialog[open]';
const DIALOG = 'dialog,[role=dialog],[role=alertdialog],[aria-modal=true]';
const MEDIA_ONLY = /^(IMG|SVG|CANVAS|PICTURE|I|SPAN|DIV|svg|path|circle|g|use|rect|animate)$/;

/** Visible part of the element's box inside the viewport, from layout (null: no layout). */
export const layoutGeometry: Geometry = (el) => {
  const doc = el.ownerDocument;
  const page = doc.documentElement.getBoundingClientRect();
  if (!page.width && !page.height) return null;
  const r = el.getBoundingClientRect();
  const win = doc.defaultView;
  const vw = win?.innerWidth ?? page.width;
  const vh = win?.innerHeight ?? page.height;
  return {
    width: Math.max(0, Math.min(r.right, vw) - Math.max(r.left, 0)),
    height: Math.max(0, Math.min(r.bottom, vh) - Math.max(r.top, 0)),
  };
};

function px(value: string, full: number): number | null {
  const v = value.trim();
  if (!v || v === 'auto') return null;
  const n = Number.parseFloat(v);
  if (Number.isNaN(n)) return null;
  if (v.endsWith('%') || v.endsWith('vw') || v.endsWith('vh')) return (n / 100) * full;
  return n;
}

/** Extent along one axis from declared style (for when layout is not available). */
function styleExtent(size: string, start: string, end: string, full: number): number {
  const s = px(size, full);
  if (s !== null) return s;
  const a = px(start, full);
  const b = px(end, full);
  return a !== null && b !== null ? full - a - b : 0;
}

/**
 * Without layout: whether the element is rendered and sized against the viewport (fixed, or
 * absolute with no positioned ancestor), judged from the ancestors' computed style.
 */
function rendersAgainstViewport(el: Element, cs: CSSStyleDeclaration, win: Window): boolean {
  const body = el.ownerDocument.body;
  const fixed = cs.position === 'fixed';
  let depth = 0;
  for (let p = el.parentElement; p && p !== body; p = p.parentElement) {
    // A page overlay hangs near the top of the tree; deep ones are widget parts.
    if (!fixed && ++depth > 2) return false;
    const pcs = win.getComputedStyle(p);
    if (pcs.display === 'none') return false;
    if (!fixed && pcs.position && pcs.position !== 'static') return false;
    if (fixed && pcs.transform && pcs.transform !== 'none') return false;
  }
  return true;
}

function coversViewport(el: Element, cs: CSSStyleDeclaration, win: Window, geo: Geometry) {
  const vw = win.innerWidth || 1024;
  const vh = win.innerHeight || 768;
  let box = geo(el);
  if (!box) {
    if (!rendersAgainstViewport(el, cs, win)) return false;
    box = {
      width: styleExtent(cs.width, cs.left, cs.right, vw),
      height: styleExtent(cs.height, cs.top, cs.bottom, vh),
    };
  }
  return box.width >= COVER * vw && box.height >= COVER * vh;
}

function namesLoader(el: Element): boolean {
  const cls = typeof el.className === 'string' ? el.className : el.getAttribute('class') || '';
  return LOADER_TOKEN.test(`${el.id} ${cls}`);
}

/**
 * Elements named as loaders or marked busy: what LOADER_CANDIDATE_SELECTOR gathers and
 * `namesLoader` confirms, found with one cheap query and a regex (a list of case-insensitive
 * substring selectors costs every element a test per entry).
 */
function loaderCandidates(doc: Document): Element[] {
  // Matched by the engine: testing every element with an id or class in script wraps each one
  // (50 000 on a long live blog), which costs far more than the engine's substring tests.
  return Array.from(doc.querySelectorAll(LOADER_CANDIDATE_SELECTOR)).filter(
    (el) => el.ariaBusy === 'true' || namesLoader(el),
  );
}

function onlySpinner(el: Element): boolean {
  const all = el.querySelectorAll('*');
  if (!all.length || all.length > 40) return false;
  return Array.from(all).every((e) => MEDIA_ONLY.test(e.tagName));
}

/** Whether the element reads as a loader: loading words, a loader name, or just a spinner. */
export function isLoaderLike(el: Element): boolean {
  // Cheapest first, and nothing that reads a whole subtree into the script: a page's main
  // wrapper is a body child, and wrapping its thousands of elements (or its text) costs more
  // than the rest of the pass. A loader is a handful of elements.
  if (el.getElementsByTagName('*').length > MAX_LOADER_ELEMENTS) return false;
  if (el.querySelector(CONTROLS)) return false;
  const text = el.textContent?.trim() ?? '';
  if (text.length > 80) return false;
  if (el.matches(DIALOG) && !isLoadingText(text)) return false;
  if (isLoadingText(text)) return true;
  if (namesLoader(el)) return true;
  const inner = el.querySelectorAll('[class],[id]');
  for (let i = 0; i < inner.length && i < 40; i++) {
    if (namesLoader(inner[i] as Element)) return true;
  }
  return !text && onlySpinner(el);
}

/**
 * Whether anything in the page reads as a loader from its markup alone (no style, no box): on
 * most pages nothing does, and the overlay pass has nothing to ask of the page.
 */
export function hasLoaderCandidate(doc: Document): boolean {
  const body = doc.body;
  return !!body && overlayCandidates(doc, body).some(isLoaderLike);
}

/** The elements that could be a page overlay: the body's children and what names a loader. */
function overlayCandidates(doc: Document, body: HTMLElement): Element[] {
  const candidates = new Set<Element>(Array.from(body.children));
  for (const el of loaderCandidates(doc)) {
    if (candidates.size >= MAX_CANDIDATES) break;
    if (el.parentElement !== body && el !== body) candidates.add(el);
  }
  return Array.from(candidates).filter(
    (el) =>
      !/^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|LINK|META)$/.test(el.tagName) &&
      !el.closest('[data-broadsheet-keep],[data-broadsheet-removed]'),
  );
}

/** Which of `candidates` are stuck loading overlays, their on-screen boxes read through `geo`. */
function stuckAmong(doc: Document, win: Window, candidates: Element[], geo: Geometry): Element[] {
  let root: Element | null | undefined;
  const out: Element[] = [];
  for (const el of candidates) {
    const cs = win.getComputedStyle(el);
    if (cs.position !== 'fixed' && cs.position !== 'absolute') continue;
    if (cs.display === 'none' || cs.visibility === 'hidden') continue;
    if (Number.parseInt(cs.zIndex, 10) < 0) continue;
    const faded = Number.parseFloat(cs.opacity || '1') < 0.05;
    if (faded && (cs.pointerEvents === 'none' || !namesLoader(el))) continue;
    if (!coversViewport(el, cs, win, geo)) continue;
    if (!isLoaderLike(el)) continue;
    if (root === undefined) root = findArticleRoot(doc);
    if (root && el.contains(root)) continue;
    out.push(el);
  }
  return out.filter((el) => !out.some((o) => o !== el && o.contains(el)));
}

/**
 * Full-viewport loading overlays still on the page: positioned, visible, covering at least
 * 80 % of the viewport, reading as a loader, and neither a dialog nor holding the article.
 */
export function findStuckOverlays(
  doc: Document,
  win: Window,
  geo: Geometry = layoutGeometry,
): Element[] {
  const body = doc.body;
  if (!body) return [];
  return stuckAmong(doc, win, overlayCandidates(doc, body), geo);
}

/** How long the observer's first report may take before the pass reads the layout itself. */
const OBSERVER_WAIT_MS = 1000;

/**
 * The same, with each candidate's on-screen box from an IntersectionObserver: the browser
 * reports it from the layout of its next rendering, where reading boxes from script would force
 * that layout inside the script. Only the candidates that read as loaders from their markup are
 * observed, and only those covering 80 % of the viewport are looked at further (their computed
 * style). Without the observer, or without its report in time (a
 * tab not rendered), as `findStuckOverlays`.
 */
export function findStuckOverlaysObserved(doc: Document, win: Window): Promise<Element[]> {
  const body = doc.body;
  if (!body) return Promise.resolve([]);
  // What reads as a loader from its markup alone (no style, no box): on most pages nothing
  // does, and nothing more is asked of the page (no observer, no computed style).
  const candidates = overlayCandidates(doc, body).filter(isLoaderLike);
  if (!candidates.length) return Promise.resolve([]);
  const Observer = (win as Window & typeof globalThis).IntersectionObserver;
  if (typeof Observer !== 'function') {
    return Promise.resolve(stuckAmong(doc, win, candidates, layoutGeometry));
  }
  return new Promise((resolve) => {
    const boxes = new Map<Element, { width: number; height: number }>();
    let screen = { width: 0, height: 0 };
    const finish = (observed: boolean) => {
      io.disconnect();
      win.clearTimeout(timer);
      if (!observed) return resolve(stuckAmong(doc, win, candidates, layoutGeometry));
      const covering = candidates.filter((el) => {
        const b = boxes.get(el);
        return !!b && b.width >= COVER * screen.width && b.height >= COVER * screen.height;
      });
      const geo: Geometry = (el) => boxes.get(el) ?? { width: 0, height: 0 };
      resolve(covering.length ? stuckAmong(doc, win, covering, geo) : []);
    };
    const io = new Observer((entries) => {
      for (const e of entries) {
        boxes.set(e.target, { width: e.intersectionRect.width, height: e.intersectionRect.height });
        if (e.rootBounds) screen = { width: e.rootBounds.width, height: e.rootBounds.height };
      }
      if (boxes.size >= candidates.length) finish(screen.width > 0 && screen.height > 0);
    });
    const timer = win.setTimeout(() => finish(false), OBSERVER_WAIT_MS);
    for (const el of candidates) io.observe(el);
  });
}

/** Whether a modal dialog the reader may have opened is showing (scroll-locks are then its). */
export function hasOpenDialog(doc: Document, win: Window): boolean {
  for (const el of Array.from(doc.querySelectorAll('dialog[open],[aria-modal=true]'))) {
    if (isLoaderLike(el)) continue;
    const cs = win.getComputedStyle(el);
    if (cs.display !== 'none' && cs.visibility !== 'hidden' && !el.closest('[hidden]')) {
      return true;
    }
  }
  return false;
}
