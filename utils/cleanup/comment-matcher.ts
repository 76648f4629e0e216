/**
 * What the always-on script knows of comments before it loads the finder (comments.ts): the
 * rules made ready to match, and whether a page holds anything the finder could take for a
 * comment section at all (a platform widget, an element named or marked up as comments, a
 * heading that names or counts them). A page without one never loads the finder.
 */
import { containing } from './cased';
import type { CommentRules } from './rules';
import { type CommentLabels, commentLabels } from './words';

/** Parts of the words that name comments, without their first letter: `Replies` and `replies`. */
const TOKEN_WORDS = ['omment', 'omentar', 'eplies', 'eacties', 'iscussion'];
/** Named after comments, or marked up as comments (schema.org microdata, permalinks). */
export const TOKEN_SELECTOR = `${containing(
  ['id', 'class'],
  TOKEN_WORDS.flatMap((w) => [w, w.toUpperCase()]),
)},[itemtype*="Comment"],[itemprop~=comment],a[href*="#comment"]`;
export const LABEL_SELECTORS = [
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
export const LABEL_SELECTOR = LABEL_SELECTORS.join(',');
/** The comment rules the background sent, made ready to match. */
export interface CommentMatcher {
  platforms: readonly string[];
  generic: readonly string[];
  labels: CommentLabels;
  /** An id/class token naming a comment area, and the tokens that make it a count or button. */
  token: RegExp;
  tokenExclude: RegExp;
  /** A comment's own name (`comment`, `reply`...) and its controls' words (Reply, Report...). */
  itemName: RegExp;
  control: RegExp;
  /** Elements that may be, or hold, a comment section: cheap to test on what a page adds late. */
  hint: string;
}

export function commentMatcher(rules: CommentRules): CommentMatcher {
  return {
    platforms: rules.platforms,
    generic: rules.generic,
    labels: commentLabels(rules),
    token: new RegExp(rules.token, 'i'),
    tokenExclude: new RegExp(rules.tokenExclude, 'i'),
    itemName: new RegExp(rules.itemName, 'i'),
    control: new RegExp(rules.control, 'i'),
    hint: [...rules.platforms, ...rules.generic, TOKEN_SELECTOR, LABEL_SELECTOR].join(','),
  };
}

export const byDocumentOrder = (a: Element, b: Element) =>
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

export function labelText(el: Element): string {
  if (/^H[1-6]$|LEGEND|SUMMARY/.test(el.tagName) || el.getAttribute('role') === 'heading') {
    const len = el.textContent?.length ?? 0;
    return len > 200 ? '' : el.textContent || '';
  }
  return el.getAttribute('aria-label') || '';
}

/** Headings and labelled regions looked at for a comment heading. */
const MAX_LABELS = 400;

function matchesOrHolds(el: Element, selector: string): boolean {
  try {
    return el.matches(selector) || !!el.querySelector(selector);
  } catch {
    return false; // A selector this engine rejects matches nothing.
  }
}

/** Whether `root` is, or holds, an element matching one of `selectors` (bad ones skipped). */
export function holdsSelector(root: Document | Element, selectors: readonly string[]): boolean {
  for (const selector of selectors) {
    if (root.nodeType === 9) {
      try {
        if ((root as Document).querySelector(selector)) return true;
      } catch {
        // Not supported here: the next rule may be.
      }
    } else if (matchesOrHolds(root as Element, selector)) return true;
  }
  return false;
}

/**
 * Whether `within` (the whole page, or what it added late) holds a comment candidate: a
 * platform widget, a generic comment container, an element named or marked up as comments, or
 * a heading or label that names or counts comments in a language the rules know.
 */
export function hasCommentCandidate(
  within: Document | readonly Element[],
  m: CommentMatcher,
): boolean {
  const roots: readonly (Document | Element)[] =
    'nodeType' in within ? [within as Document] : within;
  for (const root of roots) {
    // The likeliest finds first, so that a page with comments stops early: the generic
    // containers (mostly ids, answered from the engine's id map), then one walk for anything
    // named after comments (which most platform containers are too), and the platform
    // catalogue (a walk per entry) last.
    if (holdsSelector(root, m.generic) || holdsNamedPlace(root)) return true;
    if (holdsSelector(root, m.platforms)) return true;
    const labels: Element[] =
      root.nodeType === 9
        ? Array.from((root as Document).querySelectorAll(LABEL_SELECTOR)).slice(0, MAX_LABELS)
        : [
            ...((root as Element).matches(LABEL_SELECTOR) ? [root as Element] : []),
            ...Array.from((root as Element).querySelectorAll(LABEL_SELECTOR)).slice(0, MAX_LABELS),
          ];
    for (const label of labels) if (m.labels.is(labelText(label))) return true;
  }
  return false;
}

/** Elements named or marked up as comments looked at before giving up on the names. */
const MAX_NAMED = 50;
const HTML_NS = 'http://www.w3.org/1999/xhtml';

/**
 * Whether `root` is or holds an element named or marked up as comments that could be, or be
 * part of, a comment section. A name on the page's root or body is a state of the whole page
 * ("comments-open"), and one on an SVG element is an icon: neither is such a place.
 */
function holdsNamedPlace(root: Document | Element): boolean {
  const isPlace = (el: Element) =>
    el.namespaceURI === HTML_NS && el.localName !== 'body' && el.localName !== 'html';
  if (root.nodeType === 1 && (root as Element).matches(TOKEN_SELECTOR) && isPlace(root as Element))
    return true;
  const matches = root.querySelectorAll(TOKEN_SELECTOR);
  for (let i = 0; i < matches.length && i < MAX_NAMED; i++) {
    if (isPlace(matches[i] as Element)) return true;
  }
  return false;
}
