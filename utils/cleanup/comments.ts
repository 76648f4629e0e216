import { findArticleRoot } from './article-root';
import { PLATFORM_SELECTOR, PLATFORM_SELECTORS } from './platform-css';
import { COMMENT_GENERIC_SELECTORS, COMMENT_TOKEN, COMMENT_TOKEN_EXCLUDE } from './rules';
import { isCommentLabel } from './words';

const GENERIC_SELECTOR = COMMENT_GENERIC_SELECTORS.join(',');
const TOKEN_WORDS = ['omment', 'omentar', 'replies', 'reacties', 'discussion'];
const TOKEN_SELECTOR = TOKEN_WORDS.map((w) => `[id*="${w}" i],[class*="${w}" i]`).join(',');
const LABEL_SELECTORS = [
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  '[role=heading]',
  'legend',
  'summary',
  'section[aria-label]',
  'aside[aria-label]',
  'div[aria-label]',
  'form[aria-label]',
  '[role=region][aria-label]',
];
const LABEL_SELECTOR = LABEL_SELECTORS.join(',');
const CONTAINER_TAGS = new Set([
  'DIV',
  'SECTION',
  'ASIDE',
  'FOOTER',
  'FIGURE',
  'UL',
  'OL',
  'DL',
  'FORM',
  'IFRAME',
  'DETAILS',
  'ARTICLE',
]);
const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'LINK', 'META', 'BR']);
const MAX_CANDIDATES = 400;

/** Elements that may be, or hold, a comment section: cheap to test on what a page adds late. */
export const COMMENT_HINT_SELECTOR = `${PLATFORM_SELECTOR},${GENERIC_SELECTOR},${TOKEN_SELECTOR},${LABEL_SELECTOR}`;
const OTHER_TEXT_LIMIT = 30;

type Strength = 'platform' | 'token' | 'label';

const textLen = (el: Element) => el.textContent?.trim().length ?? 0;

/** Trimmed text length of `el`, counting only until `limit` (cheap on big subtrees). */
function textUpTo(el: Element, limit: number): number {
  const walker = el.ownerDocument.createTreeWalker(el, 4);
  let n = 0;
  for (let node = walker.nextNode(); node && n <= limit; node = walker.nextNode()) {
    const p = node.parentElement;
    if (p && SKIP_TAGS.has(p.tagName)) continue;
    n += node.nodeValue?.trim().length ?? 0;
  }
  return n;
}

const byDocumentOrder = (a: Element, b: Element) =>
  a === b ? 0 : a.compareDocumentPosition(b) & 4 ? -1 : 1;

/**
 * Elements matching any of `selectors`, in document order, each once. One query per selector:
 * an engine answers a lone `#id`, `.class` or tag from its fast paths, while a long selector
 * list costs every element a test against every entry. A selector the engine rejects is skipped.
 */
export function queryEach(root: ParentNode, selectors: readonly string[]): Element[] {
  const found = new Set<Element>();
  let sources = 0;
  for (const selector of selectors) {
    let list: NodeListOf<Element>;
    try {
      list = root.querySelectorAll(selector);
    } catch {
      continue; // Not supported here: skip this one rule.
    }
    if (!list.length) continue;
    sources++;
    for (const el of Array.from(list)) found.add(el);
  }
  const out = Array.from(found);
  return sources > 1 ? out.sort(byDocumentOrder) : out;
}

/**
 * Elements whose id or class holds a comment word, in document order: matched by the engine,
 * so that only the few matches are wrapped for the script (testing every element with an id
 * or class in script wraps them all, which costs more than the selector itself).
 */
function tokenCandidates(doc: Document): Element[] {
  return Array.from(doc.querySelectorAll(TOKEN_SELECTOR));
}

function tokenNamesComments(el: Element): boolean {
  const cls = typeof el.className === 'string' ? el.className : el.getAttribute('class') || '';
  const tokens = `${el.id} ${cls}`.split(/\s+/);
  return tokens.some((t) => t && COMMENT_TOKEN.test(t) && !COMMENT_TOKEN_EXCLUDE.test(t));
}

function isContainer(el: Element): boolean {
  return CONTAINER_TAGS.has(el.tagName) || el.tagName.includes('-');
}

function hasWidget(el: Element): boolean {
  return !!el.querySelector('textarea,form,iframe,[contenteditable=""],[contenteditable=true]');
}

function labelText(el: Element): string {
  if (/^H[1-6]$|LEGEND|SUMMARY/.test(el.tagName) || el.getAttribute('role') === 'heading') {
    const len = el.textContent?.length ?? 0;
    return len > 120 ? '' : el.textContent || '';
  }
  return el.getAttribute('aria-label') || '';
}

/** Whether `parent` holds nothing of note besides `child`, comment labels and known parts. */
function holdsLittleElse(parent: Element, child: Element, known: Set<Element>): boolean {
  let other = 0;
  for (const node of Array.from(parent.childNodes)) {
    if (node === child) continue;
    if (node.nodeType === 3) other += node.textContent?.trim().length ?? 0;
    else if (node.nodeType === 1) {
      const el = node as Element;
      if (SKIP_TAGS.has(el.tagName) || known.has(el)) continue;
      if (el.matches('iframe,textarea,form,video,table')) return false;
      const len = textUpTo(el, OTHER_TEXT_LIMIT + 60);
      if (len && len < 60 && isCommentLabel(labelText(el) || el.textContent || '')) continue;
      other += len;
    }
    if (other > OTHER_TEXT_LIMIT) return false;
  }
  return true;
}

interface Ctx {
  doc: Document;
  /** The article root and the page's first `h1`, looked up on first use only. */
  root(): Element | null;
  h1(): Element | null;
  known: Set<Element>;
}

/** `get()`'s answer, asked for on the first call only. */
function once<T>(get: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = get();
      done = true;
    }
    return value;
  };
}

function isBoundary(el: Element, ctx: Ctx): boolean {
  const { doc } = ctx;
  if (el === doc.body || el === doc.documentElement || el.tagName === 'MAIN') return true;
  if (el.getAttribute('role') === 'main') return true;
  const root = ctx.root();
  if (root && (el === root || el.contains(root))) return true;
  const h1 = ctx.h1();
  return !!h1 && el.contains(h1);
}

/** Climb from a found element to the outermost wrapper that holds nothing else. */
function climb(el: Element, ctx: Ctx): Element {
  let c = el;
  for (let p = c.parentElement; p && !isBoundary(p, ctx); p = p.parentElement) {
    if (!holdsLittleElse(p, c, ctx.known)) break;
    c = p;
  }
  return c;
}

/** The section a comment heading introduces: the nearest ancestor with more than the heading. */
function sectionOfLabel(label: Element, ctx: Ctx): Element | null {
  let c: Element = label;
  if (label.hasAttribute('aria-label') && !label.matches('[role=heading]')) return label;
  for (let p = c.parentElement; p && !isBoundary(p, ctx); p = p.parentElement) {
    c = p;
    if (!holdsLittleElse(p, label, ctx.known) || hasWidget(p)) return p;
  }
  return c === label ? null : c;
}

function looksLikeComments(el: Element): boolean {
  if (/^(SECTION|ASIDE|FOOTER|DETAILS|FORM)$/.test(el.tagName)) return true;
  if (hasWidget(el) || tokenNamesComments(el)) return true;
  if (el.querySelector('[itemprop~=comment],[itemtype*="Comment"],li,article,time')) return true;
  return !!el.querySelector(TOKEN_SELECTOR) || hasRepeatedItems(el);
}

/** Two or more children alike (same tag and class) holding text: a list of posts. */
function hasRepeatedItems(el: Element): boolean {
  const seen = new Set<string>();
  for (const child of Array.from(el.children)) {
    if (SKIP_TAGS.has(child.tagName) || !child.textContent?.trim()) continue;
    const key = `${child.tagName} ${child.getAttribute('class') ?? ''}`;
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

/** Whether `c`, inside the article root, comes after the article's last real paragraph. */
function isTailOfRoot(c: Element, root: Element): boolean {
  const ps = root.getElementsByTagName('p');
  for (let i = ps.length - 1; i >= 0; i--) {
    const p = ps[i] as Element;
    if (c.contains(p) || textLen(p) < 80) continue;
    return !!(p.compareDocumentPosition(c) & 4);
  }
  return false;
}

/** Several comment-like items: list items, articles or elements named after comments. */
function isCommentList(c: Element): boolean {
  if (textLen(c) < 200) return false;
  const items = c.querySelectorAll('li,article,[itemprop~=comment]');
  return items.length >= 3 && Array.from(items).some(tokenNamesComments);
}

function isSafe(c: Element, strength: Strength, ctx: Ctx): boolean {
  if (isBoundary(c, ctx)) return false;
  const root = ctx.root();
  const h1 = ctx.h1();
  if (h1 && c.contains(h1)) return false;
  if (c.closest('[data-broadsheet-keep],[data-broadsheet-folded]')) return false;
  if (c.closest('a,button,p,h1,h2,h3,h4,h5,h6,nav,header')) return false;
  if (root?.contains(c)) {
    if (textLen(c) > 0.4 * textLen(root)) return false;
    if (!isTailOfRoot(c, root)) return false;
    // Inside the article text a name or heading is not enough: a box may be about comments.
    if (strength !== 'platform' && !hasWidget(c) && !isCommentList(c)) return false;
  } else if (root && strength !== 'platform' && !(root.compareDocumentPosition(c) & 4)) {
    // Before the article (header, share bar, kicker): only a real list of comments.
    if (!hasWidget(c) && !isCommentList(c)) return false;
  }
  if (strength === 'platform') return true;
  return textLen(c) >= 20 || hasWidget(c);
}

/**
 * Comment sections on the page, outermost containers only: known platforms by selector,
 * home-grown ones by their id/class names and by their headings or labels in many languages.
 * Nothing that contains the article root, or is a substantial part of it, is returned.
 * `articleRoot`: the article root, or a function that finds it (called only when a candidate
 * needs it: most pages have none). `platform`: the elements that match PLATFORM_SELECTOR, when
 * the caller has them already.
 */
export function findCommentSections(
  doc: Document,
  articleRoot: Element | null | (() => Element | null) = () => findArticleRoot(doc),
  platform: readonly Element[] = queryEach(doc, PLATFORM_SELECTORS),
): Element[] {
  const ctx: Ctx = {
    doc,
    root: once(typeof articleRoot === 'function' ? articleRoot : () => articleRoot),
    h1: once(() => doc.querySelector('h1')),
    known: new Set(),
  };
  const accepted = new Set<Element>();
  let budget = MAX_CANDIDATES;
  const consider = (el: Element, strength: Strength) => {
    if (budget <= 0 || accepted.has(el) || SKIP_TAGS.has(el.tagName)) return;
    for (let p = el.parentElement; p; p = p.parentElement) if (accepted.has(p)) return;
    budget--;
    if (!isSafe(el, strength, ctx)) return;
    const top = climb(el, ctx);
    accepted.add(top === el || isSafe(top, strength, ctx) ? top : el);
    ctx.known.add(el);
  };
  for (const el of platform) consider(el, 'platform');
  for (const el of queryEach(doc, COMMENT_GENERIC_SELECTORS)) {
    if (isContainer(el)) consider(el, 'token');
  }
  for (const el of tokenCandidates(doc)) {
    if (isContainer(el) && tokenNamesComments(el)) consider(el, 'token');
  }
  for (const el of queryEach(doc, LABEL_SELECTORS)) {
    if (!isCommentLabel(labelText(el))) continue;
    const section = sectionOfLabel(el, ctx);
    if (section && looksLikeComments(section)) consider(section, 'label');
  }
  return outermost(Array.from(accepted));
}

function outermost(els: Element[]): Element[] {
  const set = new Set(els);
  return Array.from(set).filter((el) => {
    for (let p = el.parentElement; p; p = p.parentElement) if (set.has(p)) return false;
    return true;
  });
}
