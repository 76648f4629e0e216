import { findArticleRoot } from './article-root';
import {
  type CommentMatcher,
  LABEL_SELECTOR,
  LABEL_SELECTORS,
  labelText,
  queryEach,
  TOKEN_SELECTOR,
} from './comment-matcher';

export { type CommentMatcher, commentMatcher, queryEach } from './comment-matcher';

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
/** Main-thread time one search may take before it gives up with what it has found (ms). */
const MAX_MS = 30;
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

/**
 * Elements whose id or class holds a comment word, in document order: matched by the engine,
 * so that only the few matches are wrapped for the script (testing every element with an id
 * or class in script wraps them all, which costs more than the selector itself).
 */
function tokenCandidates(doc: Document): Element[] {
  return Array.from(doc.querySelectorAll(TOKEN_SELECTOR));
}

function tokenNamesComments(el: Element, m: CommentMatcher): boolean {
  const cls = typeof el.className === 'string' ? el.className : el.getAttribute('class') || '';
  // camelCase names are words too: `ulCommentWidget` is `ul-Comment-Widget`.
  const tokens = `${el.id} ${cls}`.replace(/([a-z\d])(?=[A-Z])/g, '$1-').split(/\s+/);
  return tokens.some((t) => t && m.token.test(t) && !m.tokenExclude.test(t));
}

/**
 * An empty mount that a comment platform's script fills (`<div id="comments-widget"></div>`):
 * nothing in it yet, no media. Folded, its button stays hidden until something arrives in it
 * (the stylesheet keys on `:empty`).
 */
function isEmptyMount(c: Element, ctx: Ctx): boolean {
  // Only what CSS calls empty (comment nodes at most): whitespace would show the button.
  const empty = Array.from(c.childNodes).every((n) => n.nodeType === 8);
  return empty && tokenNamesComments(c, ctx.m);
}

/** A link into the page's comments: `#comments`, `#comment-42`, `#respond`, `#lf_comment=…`. */
const COMMENTS_FRAGMENT = /#(?:[\w-]*comment|respond|reply|disqus)/i;
/** The most text a reader's comment shown in the article as a teaser has. */
const MAX_TEASER = 800;

/**
 * A reader's comment shown inside the article as a teaser ("Top comment", a quote, "Join in"):
 * a short box that names or labels itself as comments and links into the page's comments.
 * Quoting readers in the story is not one: those quotes link nowhere in the thread.
 */
function isCommentTeaser(c: Element, ctx: Ctx): boolean {
  if (!/^(?:ASIDE|DIV|SECTION|FIGURE)$/.test(c.tagName)) return false;
  const len = textLen(c);
  if (len < 20 || len > MAX_TEASER) return false;
  const titles = Array.from(c.querySelectorAll('h2,h3,h4,h5,h6,p,span,strong')).slice(0, 8);
  const named =
    tokenNamesComments(c, ctx.m) ||
    titles.some((t) => textLen(t) <= 40 && ctx.m.labels.is(t.textContent ?? ''));
  if (!named) return false;
  const links = Array.from(c.querySelectorAll('a[href*="#"]')).slice(0, 12);
  return links.some((a) => COMMENTS_FRAGMENT.test(a.getAttribute('href') ?? ''));
}

function isContainer(el: Element): boolean {
  return CONTAINER_TAGS.has(el.tagName) || el.tagName.includes('-');
}

function hasWidget(el: Element): boolean {
  return !!el.querySelector('textarea,form,iframe,[contenteditable=""],[contenteditable=true]');
}

/** Whether `parent` holds nothing of note besides `child`, comment labels and known parts. */
function holdsLittleElse(parent: Element, child: Element, ctx: Ctx): boolean {
  let other = 0;
  for (const node of Array.from(parent.childNodes)) {
    if (node === child) continue;
    if (node.nodeType === 3) other += node.textContent?.trim().length ?? 0;
    else if (node.nodeType === 1) {
      const el = node as Element;
      if (SKIP_TAGS.has(el.tagName) || ctx.known.has(el)) continue;
      if (el.matches('iframe,textarea,form,video,table')) return false;
      const len = textUpTo(el, OTHER_TEXT_LIMIT + 200);
      if (len && len < 200 && ctx.m.labels.is(labelText(el) || el.textContent || '')) continue;
      other += len;
    }
    if (other > OTHER_TEXT_LIMIT) return false;
  }
  return true;
}

interface Ctx {
  doc: Document;
  m: CommentMatcher;
  /** The article root and the page's first `h1`, looked up on first use only. */
  root(): Element | null;
  h1(): Element | null;
  known: Set<Element>;
  /** Lists already judged, thread or not. */
  judged: Map<Element, boolean>;
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
    if (!holdsLittleElse(p, c, ctx)) break;
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
    if (!holdsLittleElse(p, label, ctx) || hasWidget(p)) return p;
  }
  return c === label ? null : c;
}

function looksLikeComments(el: Element, m: CommentMatcher): boolean {
  if (/^(SECTION|ASIDE|FOOTER|DETAILS|FORM)$/.test(el.tagName)) return true;
  if (hasWidget(el) || tokenNamesComments(el, m)) return true;
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
function isCommentList(c: Element, m: CommentMatcher): boolean {
  if (textLen(c) < 200) return false;
  const items = c.querySelectorAll('li,article,[itemprop~=comment]');
  return items.length >= 3 && Array.from(items).some((el) => tokenNamesComments(el, m));
}

// The shape of a comment thread: repeated items, each with an author, a time and text, and
// the marks of a comment (a reply or report control, a permalink, a comment name or itemtype).
const AUTHOR =
  '[class*="author" i],[rel~=author],cite,.fn,[itemprop~=author],.vcard,[class*="user" i],[class*="nick" i],[class*="name" i],[class*="poster" i]';
const TIME = 'time,[datetime],[class*="date" i],[class*="time" i]';
/** A date or an age in the first words of an item: "14/05/2024", "10:02", "3 hours ago", "2小时前". */
const DATE_TEXT =
  /\b(?:19|20)\d\d\b|\d\d?[./:-]\d\d?|\d+\s*\S{0,12}\s*(?:ago|前|전)|\d+\s*[年月日시분]|il y a|\bvor \d|\bhace \d/i;
const PERMALINK = /#(?:comment|c|cmt|reply|r)[-_]?\d+/i;
const MAX_SAMPLE = 6;

/** The first `limit` characters or so of `el`'s text (cheap on big subtrees). */
function textHead(el: Element, limit: number): string {
  const walker = el.ownerDocument.createTreeWalker(el, 4);
  let out = '';
  for (let node = walker.nextNode(); node && out.length < limit; node = walker.nextNode()) {
    const p = node.parentElement;
    if (!p || !SKIP_TAGS.has(p.tagName)) out += node.nodeValue ?? '';
  }
  return out.trim();
}

interface Marks {
  /** A comment's marks: named so, a permalink, a Reply/Like/Report control. */
  mark: boolean;
  /** Text inside links that lead to other pages, and whether one is a headline. */
  linked: number;
  headline: boolean;
}

/** The cheap half of an item's signs: its names and its links. */
function marksOf(item: Element, m: CommentMatcher): Marks {
  let mark =
    m.itemName.test(`${item.id} ${item.getAttribute('class') ?? ''}`) ||
    /Comment/.test(item.getAttribute('itemtype') ?? '') ||
    PERMALINK.test(`#${item.id}`);
  let headline = false;
  let linked = 0;
  const links = item.querySelectorAll('a[href],button,[role=button]');
  for (let i = 0; i < links.length && i < 24; i++) {
    const a = links[i] as Element;
    const href = a.getAttribute('href') ?? '';
    const words = a.textContent?.trim() ?? '';
    if (PERMALINK.test(href) || (words.length <= 24 && m.control.test(words))) mark = true;
    if (href && !href.includes('#')) {
      linked += words.length;
      // A headline that leads to another page: a teaser card, not a comment.
      const h = words.length >= 20 ? a.closest('h2,h3,h4,h5') : null;
      if ((h && item.contains(h)) || (words.length >= 20 && a.querySelector('h2,h3,h4,h5'))) {
        headline = true;
      }
    }
  }
  return { mark, linked, headline };
}

/** Whether an item reads as a comment: an author, a time and some text, not a teaser card. */
function isCommentItem(item: Element, marks: Marks): boolean {
  if (marks.headline) return false;
  const text = textHead(item, 2000);
  // Most of its text is one link away: a card that points to another page.
  if (text.length < 15 || marks.linked > 0.5 * text.length) return false;
  if (!item.querySelector(AUTHOR)) return false;
  return !!item.querySelector(TIME) || DATE_TEXT.test(text.slice(0, 160));
}

/** The children of `list` that repeat the tag of `item` (at most a few, for sampling). */
function siblingsLike(list: Element, tag: string): Element[] {
  const out: Element[] = [];
  for (const child of Array.from(list.children)) if (child.tagName === tag) out.push(child);
  return out;
}

/** Whether `list`'s children `tag` are comments: enough of them with an author, time and text. */
function isThread(list: Element, tag: string, ctx: Ctx): boolean {
  const known = ctx.judged.get(list);
  if (known !== undefined) return known;
  const items = siblingsLike(list, tag);
  const h1 = ctx.h1();
  let yes = false;
  // A thread never holds the headline.
  if (items.length >= 2 && !(h1 && list.contains(h1))) {
    const sample = items.slice(0, MAX_SAMPLE);
    const marks = sample.map((item) => marksOf(item, ctx.m));
    const n = sample.length;
    const marked = marks.filter((m) => m.mark).length;
    const teasers = marks.filter((m) => m.headline).length;
    // The cheap signs first: most lists on a page are not comments, and say so at once.
    if (2 * marked >= n && 4 * teasers <= n) {
      const comments = sample.filter((item, i) => isCommentItem(item, marks[i] as Marks)).length;
      yes = comments >= Math.max(2, Math.ceil(0.6 * n));
    }
  }
  ctx.judged.set(list, yes);
  return yes;
}

/** Whether `el`'s own children are a thread's items (the article root never is one). */
function isThreadRoot(el: Element, ctx: Ctx): boolean {
  const tags = new Set<string>();
  for (let k = el.firstElementChild, i = 0; k && i < 6; k = k.nextElementSibling, i++) {
    if (SKIP_TAGS.has(k.tagName)) continue;
    if (tags.has(k.tagName)) return isThread(el, k.tagName, ctx);
    tags.add(k.tagName);
  }
  return false;
}

/** The thread around a comment-like element: the nearest list of items like its ancestors. */
function threadAround(el: Element, ctx: Ctx): Element | null {
  let n: Element = el;
  let tries = 0;
  for (let depth = 0; depth < 6 && tries < 2; depth++) {
    const list = n.parentElement;
    if (!list || list === ctx.doc.body) return null;
    const tag = n.tagName;
    const repeated =
      n.previousElementSibling?.tagName === tag || n.nextElementSibling?.tagName === tag;
    if (repeated && !SKIP_TAGS.has(tag)) {
      if (isThread(list, tag, ctx)) return list;
      tries++;
    }
    n = list;
  }
  return null;
}

/** A thread inside `c`, looked for a few levels down (a heading's section, a named box). */
function threadWithin(c: Element, ctx: Ctx): Element | null {
  let level: Element[] = [c];
  let seen = 0;
  for (let depth = 0; depth < 4 && level.length; depth++) {
    const next: Element[] = [];
    for (const el of level) {
      const kids = Array.from(el.children);
      const tags = new Set<string>();
      for (const k of kids) {
        if (SKIP_TAGS.has(k.tagName)) continue;
        if (tags.has(k.tagName) && isThread(el, k.tagName, ctx)) return el;
        tags.add(k.tagName);
      }
      for (const k of kids) if (next.length < 40) next.push(k);
      if (++seen > 60) return null;
    }
    level = next;
  }
  return null;
}

function isSafe(c: Element, strength: Strength, ctx: Ctx): boolean {
  if (isBoundary(c, ctx)) return false;
  const root = ctx.root();
  const h1 = ctx.h1();
  if (h1 && c.contains(h1)) return false;
  if (c.closest('[data-broadsheet-keep],[data-broadsheet-folded]')) return false;
  if (c.closest('a,button,p,h1,h2,h3,h4,h5,h6,nav,header')) return false;
  const proven = () =>
    hasWidget(c) || isCommentList(c, ctx.m) || !!threadWithin(c, ctx) || isEmptyMount(c, ctx);
  if (root?.contains(c)) {
    if (!isTailOfRoot(c, root)) return strength !== 'platform' && isCommentTeaser(c, ctx);
    // A thread after the article's last paragraph may outweigh it; anything else may not.
    const len = textLen(c);
    const rest = textLen(root) - len;
    if (len > 0.4 * textLen(root) && !(rest >= 400 && threadWithin(c, ctx))) return false;
    // Inside the article text a name or heading is not enough: a box may be about comments.
    if (strength !== 'platform' && !proven()) return false;
  } else if (root && strength !== 'platform' && !(root.compareDocumentPosition(c) & 4)) {
    // Before the article (header, share bar, kicker): only a real list of comments.
    if (!proven()) return false;
  }
  if (strength === 'platform') return true;
  return textLen(c) >= 20 || hasWidget(c) || isEmptyMount(c, ctx);
}

export interface FindOptions {
  /** The article root, or a function that finds it (called only when a candidate needs it). */
  articleRoot?: Element | null | (() => Element | null);
  /** The elements that match the platform selectors, when the caller has them already. */
  platform?: readonly Element[];
  /** Main-thread time the search may take before it stops with what it found (ms). */
  budgetMs?: number;
}

/**
 * Comment sections on the page, outermost containers only: known platforms by selector,
 * home-grown ones by their id/class names, by their headings or labels in many languages, and
 * by their shape (a list of items that each carry an author, a time and text, with reply
 * controls or permalinks). Nothing that contains the article root, or is a substantial part of
 * it, is returned. The search looks only at what the selector engine hands it (named elements,
 * headings, microdata, permalinks), never walks the page, and stops on its time budget.
 */
export function findCommentSections(
  doc: Document,
  m: CommentMatcher,
  opts: FindOptions = {},
): Element[] {
  const articleRoot = opts.articleRoot ?? (() => findArticleRoot(doc));
  const found = typeof articleRoot === 'function' ? articleRoot : () => articleRoot;
  const ctx: Ctx = {
    doc,
    m,
    // A thread long enough to outweigh the article is not the article: look again without it.
    root: once(() => {
      const r = found();
      return r && isThreadRoot(r, ctx) ? findArticleRoot(doc, r) : r;
    }),
    h1: once(() => doc.querySelector('h1')),
    known: new Set(),
    judged: new Map(),
  };
  const clock = doc.defaultView?.performance ?? performance;
  const deadline = clock.now() + (opts.budgetMs ?? MAX_MS);
  const accepted = new Set<Element>();
  let budget = MAX_CANDIDATES;
  let looked = 0;
  const late = () => (++looked & 31) === 0 && clock.now() > deadline;
  const within = (el: Element) => {
    for (let p: Element | null = el; p; p = p.parentElement) if (accepted.has(p)) return true;
    return false;
  };
  const consider = (el: Element, strength: Strength) => {
    if (budget <= 0 || accepted.has(el) || SKIP_TAGS.has(el.tagName)) return;
    if (el.parentElement && within(el.parentElement)) return;
    budget--;
    if (!isSafe(el, strength, ctx)) return;
    const top = climb(el, ctx);
    accepted.add(top === el || isSafe(top, strength, ctx) ? top : el);
    ctx.known.add(el);
  };
  try {
    for (const el of opts.platform ?? queryEach(doc, m.platforms)) {
      if (late()) throw clock;
      consider(el, 'platform');
    }
    for (const el of queryEach(doc, m.generic)) {
      if (late()) throw clock;
      if (isContainer(el)) consider(el, 'token');
    }
    const tokens = tokenCandidates(doc);
    for (const el of tokens) {
      if (late()) throw clock;
      if (!isContainer(el) || !tokenNamesComments(el, m) || within(el)) continue;
      // One comment of a thread (`div.comment-body`): the thread, rather than each comment.
      const thread = threadAround(el, ctx);
      if (thread) consider(thread, 'token');
      consider(el, 'token');
    }
    for (const el of queryEach(doc, LABEL_SELECTORS)) {
      if (late()) throw clock;
      if (!m.labels.is(labelText(el))) continue;
      const section = sectionOfLabel(el, ctx);
      if (section && looksLikeComments(section, m)) consider(section, 'label');
    }
    // The shape: comment-like elements not yet inside a section, and the thread around them.
    for (const el of tokens) {
      if (late()) throw clock;
      if (budget <= 0) break;
      if (within(el)) continue;
      const thread = threadAround(el, ctx);
      if (thread && !within(thread)) consider(thread, 'token');
    }
  } catch (e) {
    if (e !== clock) throw e; // Out of time: what was found so far stands.
  }
  return outermost(Array.from(accepted));
}

/** Numbers in headings of a folded section ("42 comments"), else its comments counted. */
export function countComments(section: Element, m: CommentMatcher): number | null {
  const heads = Array.from(section.querySelectorAll(LABEL_SELECTOR)).slice(0, 20);
  const before = section.previousElementSibling;
  if (before?.matches(LABEL_SELECTOR)) heads.unshift(before);
  for (const h of heads) {
    const n = m.labels.count(labelText(h) || h.textContent || '');
    if (n) return n;
  }
  const ctx: Ctx = {
    doc: section.ownerDocument,
    m,
    root: () => null,
    h1: () => null,
    known: new Set(),
    judged: new Map(),
  };
  const list = threadWithin(section, ctx);
  if (!list) return null;
  for (const [el, yes] of ctx.judged) {
    if (el !== list || !yes) continue;
    // The items' tag, and their most common first class (a heading may share the tag).
    const tags = new Map<string, number>();
    for (const k of Array.from(list.children)) tags.set(k.tagName, (tags.get(k.tagName) ?? 0) + 1);
    const tag = [...tags].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    const items = siblingsLike(list, tag);
    const classes = new Map<string, number>();
    for (const k of items) {
      const c = k.classList[0] ?? '';
      classes.set(c, (classes.get(c) ?? 0) + 1);
    }
    const cls = [...classes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    if (cls && /^[\w-]+$/.test(cls)) {
      return section.querySelectorAll(`${tag.toLowerCase()}.${cls}`).length;
    }
    return items.length;
  }
  return null;
}

function outermost(els: Element[]): Element[] {
  const set = new Set(els);
  return Array.from(set).filter((el) => {
    for (let p = el.parentElement; p; p = p.parentElement) if (set.has(p)) return false;
    return true;
  });
}
