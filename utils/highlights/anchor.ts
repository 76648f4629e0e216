/**
 * Highlights anchored in an article's text, in the manner of the W3C Web Annotation model: a
 * range is described by the quoted text with some text before and after it (TextQuoteSelector)
 * and its offsets in the root's text (TextPositionSelector), so that it can be found again in
 * an article extracted anew, whose text moved or changed a little. Pure DOM: no storage, no UI.
 *
 * The root's text is the concatenation of its text nodes (its `textContent`), leaving out those
 * inside an element marked `data-anchor-skip` (notes the reader adds to the article). Wrapping a
 * highlight in `mark` elements never changes that text, so offsets stay valid with marks in
 * place, and highlights may overlap.
 */
import approxSearch from 'approx-string-match';

export interface TextQuote {
  exact: string;
  prefix: string;
  suffix: string;
}
export interface TextPosition {
  start: number;
  end: number;
}
export interface TextAnchor {
  quote: TextQuote;
  position: TextPosition;
}

/** How much text before and after the quote is kept to tell it apart (Hypothesis keeps 32). */
export const CONTEXT_CHARS = 32;
/** The attribute that says which highlight a mark belongs to. */
export const HIGHLIGHT_ATTR = 'data-highlight-id';
const SKIP = '[data-anchor-skip]';

export interface TextIndex {
  nodes: Text[];
  /** Where each node's text starts in `text`. */
  starts: number[];
  text: string;
}

/** The root's text nodes, in document order, and their text. */
export function indexText(root: Element): TextIndex {
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const nodes: Text[] = [];
  const starts: number[] = [];
  // Usually none: then no node is checked against them.
  const skips = [...root.querySelectorAll(SKIP)];
  let text = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const node = n as Text;
    if (skips.length && skips.some((skip) => skip.contains(node))) continue;
    nodes.push(node);
    starts.push(text.length);
    text += node.data;
  }
  return { nodes, starts, text };
}

/** The root's text, as offsets count it. */
export function textOf(root: Element): string {
  return indexText(root).text;
}

const FOLLOWING = 4; // Node.DOCUMENT_POSITION_FOLLOWING

/** The text offset of a boundary point (container, offset) of a Range inside the root. */
function offsetOf(index: TextIndex, container: Node, offset: number): number {
  const { nodes, starts, text } = index;
  if (container.nodeType === 3) {
    const i = nodes.indexOf(container as Text);
    if (i >= 0) return (starts[i] ?? 0) + Math.min(offset, (container as Text).data.length);
  }
  // A point before `ref`, or (offset past the last child) after all of `container`.
  const ref = container.nodeType === 3 ? null : (container.childNodes[offset] ?? null);
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as Text;
    const after = ref
      ? ref === node || ref.contains(node) || !!(ref.compareDocumentPosition(node) & FOLLOWING)
      : !container.contains(node) && !!(container.compareDocumentPosition(node) & FOLLOWING);
    if (after) return starts[i] ?? 0;
  }
  return text.length;
}

/** The anchor of text offsets `start`–`end` of `text` (pure). */
export function anchorOf(text: string, start: number, end: number): TextAnchor {
  return {
    quote: {
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - CONTEXT_CHARS), start),
      suffix: text.slice(end, end + CONTEXT_CHARS),
    },
    position: { start, end },
  };
}

/**
 * Describes `range` as quote and position selectors over the root's text; null when the range
 * is not inside the root or holds no text. Leading and trailing white space is left out.
 */
export function describeRange(root: Element, range: Range): TextAnchor | null {
  if (!root.contains(range.commonAncestorContainer)) return null;
  const index = indexText(root);
  let start = offsetOf(index, range.startContainer, range.startOffset);
  let end = offsetOf(index, range.endContainer, range.endOffset);
  const { text } = index;
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  if (end <= start) return null;
  return anchorOf(text, start, end);
}

/** How well `found` matches `wanted`, 0 to 1 (1: the same). */
function similarity(found: string, wanted: string): number {
  if (!wanted) return 1;
  if (!found) return 0;
  if (found === wanted) return 1;
  const best = approxSearch(found, wanted, wanted.length)[0];
  return best ? 1 - best.errors / wanted.length : 0;
}

interface Candidate {
  start: number;
  end: number;
  errors: number;
}

/** The candidate whose context and position fit best (Hypothesis' weights). */
function bestOf(text: string, candidates: Candidate[], anchor: TextAnchor): Candidate | null {
  const { quote, position } = anchor;
  let best: Candidate | null = null;
  let bestScore = -1;
  for (const c of candidates) {
    const prefix = similarity(
      text.slice(Math.max(0, c.start - quote.prefix.length), c.start),
      quote.prefix,
    );
    const suffix = similarity(text.slice(c.end, c.end + quote.suffix.length), quote.suffix);
    const near = 1 - Math.abs(c.start - position.start) / Math.max(1, text.length);
    const score =
      50 * (1 - c.errors / Math.max(1, quote.exact.length)) + 20 * prefix + 20 * suffix + 2 * near;
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

/** Most errors (insertions, deletions, substitutions) a moved quote may have: a quarter. */
export function maxErrorsFor(exact: string): number {
  return Math.min(256, Math.floor(exact.length / 4));
}

/** How far from its old offsets a changed quote is looked for first. */
const NEAR_CHARS = 2000;

/** A fuzzy match this close to the quote is taken wherever it is... */
const CLOSE_QUOTE = 0.9;
/** ...a looser one only where its context still fits this well (half of it, on average). */
const MIN_CONTEXT = 0.5;

/**
 * Finds an anchor again in `text` (pure): the same offsets when they still hold the quote;
 * else the exact quote, the occurrence whose context fits best and that lies nearest the old
 * place; else an approximate match (approx-string-match) with the context to tell candidates
 * apart. Null when it cannot be placed.
 */
export function locate(text: string, anchor: TextAnchor): TextPosition | null {
  const { exact } = anchor.quote;
  if (!exact) return null;
  const { start, end } = anchor.position;
  if (start >= 0 && end <= text.length && text.slice(start, end) === exact) return { start, end };

  const exactHits: Candidate[] = [];
  for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) {
    exactHits.push({ start: at, end: at + exact.length, errors: 0 });
    if (exactHits.length > 1000) break;
  }
  if (exactHits.length) {
    const hit = bestOf(text, exactHits, anchor);
    return hit ? { start: hit.start, end: hit.end } : null;
  }

  const maxErrors = maxErrorsFor(exact);
  if (maxErrors < 1) return null;
  // Near its old place first (most edits move a passage a little): a close match there is
  // taken without searching the whole article, which costs far more on a long one.
  const from = Math.max(0, start - NEAR_CHARS);
  const near = approxSearch(text.slice(from, end + NEAR_CHARS), exact, maxErrors)
    .filter((m) => m.errors <= maxErrors / 2)
    .map((m) => ({ start: m.start + from, end: m.end + from, errors: m.errors }));
  const fuzzy = near.length ? near : approxSearch(text, exact, maxErrors);
  const hit = bestOf(text, fuzzy, anchor);
  if (!hit || hit.end <= hit.start) return null;
  // A match with many errors must also be where its context says.
  const quoteScore = 1 - hit.errors / exact.length;
  const { prefix, suffix } = anchor.quote;
  const context =
    (similarity(text.slice(Math.max(0, hit.start - prefix.length), hit.start), prefix) +
      similarity(text.slice(hit.end, hit.end + suffix.length), suffix)) /
    2;
  if (quoteScore < CLOSE_QUOTE && context < MIN_CONTEXT) return null;
  return { start: hit.start, end: hit.end };
}

/** Finds an anchor again in the root's text; null when it cannot be placed. */
export function findAnchor(root: Element, anchor: TextAnchor): TextPosition | null {
  return locate(textOf(root), anchor);
}

/** A DOM Range over text offsets `start`–`end` of the root. */
export function rangeOf(root: Element, position: TextPosition): Range | null {
  const index = indexText(root);
  const point = (offset: number, isEnd: boolean): [Text, number] | null => {
    const { nodes, starts } = index;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as Text;
      const from = starts[i] ?? 0;
      const to = from + node.data.length;
      if (isEnd ? offset > from && offset <= to : offset >= from && offset < to) {
        return [node, offset - from];
      }
    }
    return null;
  };
  const a = point(position.start, false);
  const b = point(position.end, true);
  if (!a || !b) return null;
  const range = root.ownerDocument.createRange();
  range.setStart(a[0], a[1]);
  range.setEnd(b[0], b[1]);
  return range;
}

/**
 * Wraps text offsets `start`–`end` of the root in `mark` elements, one per text node it covers
 * (split where the highlight starts and ends), so that no element of the article is moved or
 * broken: a mark only ever holds a run of text. White-space-only nodes (between list items,
 * table cells) are left alone, where a mark would not belong. `decorate` sets each mark's
 * attributes. Returns the marks, in document order (none when the offsets hold no text).
 */
export function wrapPosition(
  root: Element,
  position: TextPosition,
  decorate: (mark: HTMLElement) => void,
  index: TextIndex = indexText(root),
): HTMLElement[] {
  const { start, end } = position;
  if (end <= start) return [];
  const { nodes, starts } = index;
  // The first node that ends after `start` (binary search: starts are increasing).
  let lo = 0;
  let hi = nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] ?? 0) + (nodes[mid] as Text).data.length <= start) lo = mid + 1;
    else hi = mid;
  }
  const pieces: Text[] = [];
  for (let i = lo; i < nodes.length; i++) {
    let node = nodes[i] as Text;
    let from = starts[i] ?? 0;
    if (from >= end) break;
    if (!node.data.length) continue;
    if (start > from) {
      // Split where the highlight starts; the index keeps both halves (text is unchanged).
      const rest = node.splitText(start - from);
      nodes.splice(i + 1, 0, rest);
      starts.splice(i + 1, 0, start);
      i++;
      node = rest;
      from = start;
    }
    const to = from + node.data.length;
    if (end < to) {
      const rest = node.splitText(end - from);
      nodes.splice(i + 1, 0, rest);
      starts.splice(i + 1, 0, end);
    }
    pieces.push(node);
  }
  const doc = root.ownerDocument;
  const marks: HTMLElement[] = [];
  for (const piece of pieces) {
    if (!piece.data.trim()) continue;
    const mark = doc.createElement('mark');
    decorate(mark);
    piece.parentNode?.insertBefore(mark, piece);
    mark.append(piece);
    marks.push(mark);
  }
  return marks;
}

/** Takes the marks of highlight `id` (or every highlight's, without `id`) out again. */
export function unwrap(root: Element, id?: string): void {
  const parents = new Set<Node>();
  for (const mark of [...root.querySelectorAll(`mark[${HIGHLIGHT_ATTR}]`)]) {
    if (id !== undefined && mark.getAttribute(HIGHLIGHT_ATTR) !== id) continue;
    const parent = mark.parentNode;
    if (!parent) continue;
    while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
    mark.remove();
    parents.add(parent);
  }
  // The text split for the marks is joined again.
  for (const parent of parents) if (root.contains(parent)) parent.normalize();
}

export interface Placeable extends TextAnchor {
  id: string;
}

/**
 * Places every highlight in the root (unwrapping those shown before): each one found is
 * wrapped; the ids of those that could not be placed are returned, in the given order.
 */
export function placeAll<T extends Placeable>(
  root: Element,
  highlights: T[],
  decorate: (mark: HTMLElement, highlight: T) => void,
): { placed: Map<string, TextPosition>; unplaced: T[] } {
  unwrap(root);
  const placed = new Map<string, TextPosition>();
  const unplaced: T[] = [];
  // Nothing to place (the reader's first paint, before the list comes): no walk of the text.
  if (!highlights.length) return { placed, unplaced };
  // One walk of the text for all of them: wrapping keeps the index right as it splits.
  const index = indexText(root);
  const { text } = index;
  for (const h of highlights) {
    const at = locate(text, h);
    if (!at) {
      unplaced.push(h);
      continue;
    }
    const marks = wrapPosition(root, at, (mark) => decorate(mark, h), index);
    if (marks.length) placed.set(h.id, at);
    else unplaced.push(h);
  }
  return { placed, unplaced };
}
