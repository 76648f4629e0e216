import type { CleanupReport } from '../article/types';
import { combine, forceStyle, type Undo } from './undo';

/** Marks a folded comment section (the platform stylesheet also keys on it). */
export const FOLDED_ATTR = 'data-broadsheet-folded';
/** Marks an element the reader chose to see again: no rule hides it after that. */
export const KEEP_ATTR = 'data-broadsheet-keep';
/** Marks a removed overlay. */
export const REMOVED_ATTR = 'data-broadsheet-removed';
/** Marks the "Show comments…" buttons. */
export const SHOW_BUTTON_ATTR = 'data-broadsheet-show-comments';

const BUTTON_STYLE =
  'all:revert;display:block;margin:1em 0;padding:.4em .9em;font:14px/1.4 system-ui,sans-serif;' +
  'color:#1a1a1a;background:#f3f3f1;border:1px solid #8a8a86;border-radius:4px;cursor:pointer';

/** Hides an element (inline `display:none !important`), keeping its old style for the undo. */
export function hideElement(el: Element, attr: string): Undo {
  const undoStyle = forceStyle(el, { display: 'none' });
  el.setAttribute(attr, '');
  return () => {
    el.removeAttribute(attr);
    undoStyle();
  };
}

/** Takes down a stuck overlay: hidden, not deleted, so that the undo restores it. */
export function removeOverlay(el: Element): Undo {
  return hideElement(el, REMOVED_ATTR);
}

export interface FoldResult {
  /** How many sections were folded. */
  count: number;
  /** Unfolds every section this call folded and removes their buttons. */
  undo: Undo;
}

/** The words on the buttons (from `_locales`, handed over by the background). */
export interface FoldStrings {
  /** "Show comments…" */
  showComments: string;
  /** "Show comments ($1)": `$1` becomes the number of comments, where the page says it. */
  showCommentsCount: string;
  /** "Hide comments" */
  hideComments: string;
}

function button(doc: Document, text: string, onPress: () => void): HTMLButtonElement {
  const b = doc.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.setAttribute(SHOW_BUTTON_ATTR, '');
  b.setAttribute('style', BUTTON_STYLE);
  b.addEventListener('click', (event) => {
    event.preventDefault();
    event.stopPropagation();
    onPress();
  });
  return b;
}

/**
 * Folds one section behind a "Show comments…" button (just before it, outside it). Pressing
 * it shows the section, keeps it from being folded by later passes, and puts a "Hide comments"
 * button in its place, which folds it again. The undo puts the page back as it is now.
 */
function foldOne(section: Element, doc: Document, s: FoldStrings, count: number | null): Undo {
  let unhide: Undo | null = null;
  let current: HTMLButtonElement | null = null;
  const place = (text: string, onPress: () => void) => {
    current?.remove();
    current = button(doc, text, onPress);
    section.parentNode?.insertBefore(current, section);
    return current;
  };
  const show = () => {
    unhide?.();
    unhide = null;
    section.setAttribute(KEEP_ATTR, '');
    place(s.hideComments, () => fold().focus());
    (section as HTMLElement).focus?.({ preventScroll: true });
  };
  const fold = () => {
    section.removeAttribute(KEEP_ATTR);
    unhide = hideElement(section, FOLDED_ATTR);
    const label = count ? s.showCommentsCount.replace('$1', String(count)) : s.showComments;
    return place(label, show);
  };
  fold();
  return () => {
    unhide?.();
    unhide = null;
    current?.remove();
    current = null;
  };
}

/**
 * Folds comment sections away. Just before each (outside it) goes a small button, "Show
 * comments…" or, where `countOf` knows how many comments a section holds, "Show comments (42)";
 * pressing it shows that section again for this page, with a "Hide comments" button to fold it.
 */
export function foldComments(
  sections: readonly Element[],
  doc: Document,
  strings: FoldStrings,
  countOf: (section: Element) => number | null = () => null,
) {
  const undos: Undo[] = [];
  let count = 0;
  for (const section of sections) {
    if (!section.parentNode || section.hasAttribute(FOLDED_ATTR)) continue;
    if (section.hasAttribute(KEEP_ATTR)) continue;
    undos.push(foldOne(section, doc, strings, countOf(section)));
    count++;
  }
  const result: FoldResult = { count, undo: combine(undos) };
  return result;
}

/** Adds one page's clean-up counts to a report. */
export function addToReport(report: CleanupReport, overlays: number, comments: number) {
  report.overlays += overlays;
  report.comments += comments;
  return report;
}

/**
 * Marks known-platform containers that were not folded (e.g. they sit inside the article)
 * as kept, so the early stylesheet stops hiding them. `platform`: their selector, or the
 * elements it matches when the caller has them already.
 */
export function keepUnfolded(doc: Document, platform: string | readonly Element[]): number {
  let n = 0;
  const els = typeof platform === 'string' ? Array.from(doc.querySelectorAll(platform)) : platform;
  for (const el of els) {
    if (!el.isConnected || el.closest(`[${FOLDED_ATTR}],[${KEEP_ATTR}]`)) continue;
    el.setAttribute(KEEP_ATTR, '');
    n++;
  }
  return n;
}
