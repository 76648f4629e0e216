import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';
import {
  commentMatcher,
  type FindOptions,
  findCommentSections,
} from '../../../utils/cleanup/comments';
import { commentRules } from '../../../utils/cleanup/rules';

export interface Loaded {
  win: Window & globalThis.Window;
  doc: Document;
}

/** A fixture page from tests/fixtures/cleanup in its own happy-dom window, scripts off. */
export function loadFixture(name: string, html?: string): Loaded {
  const source = html ?? readFileSync(`tests/fixtures/cleanup/${name}`, 'utf8');
  const win = new Window({
    url: 'https://www.example.org/2024/05/14/some-article-slug',
    width: 1280,
    height: 800,
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
    },
  });
  win.document.write(source);
  return {
    win: win as unknown as Window & globalThis.Window,
    doc: win.document as unknown as Document,
  };
}

/** Whether `el` is hidden by, or inside, one of `sections`. */
export function inside(el: Element, sections: readonly Element[]): boolean {
  return sections.some((s) => s === el || s.contains(el));
}

/** The comment rules as the background hands them to the content script. */
export const MATCHER = commentMatcher(commentRules());

/** The comment sections on `doc`, found with the shipped rules. */
export function findComments(doc: Document, opts?: FindOptions): Element[] {
  return findCommentSections(doc, MATCHER, opts);
}

/** The button words, in English. */
export const STRINGS = {
  showComments: 'Show comments…',
  showCommentsCount: 'Show comments ($1)',
  hideComments: 'Hide comments',
};
