/**
 * The few UI strings the always-on content script shows, and the comment rules it matches
 * with. The background localizes the strings and hands both over with the settings
 * (`page:hello`): calling `chrome.i18n` from a content script costs ~6 ms a page in Chromium (it
 * loads the message catalogue), and the rules' words and selectors (utils/cleanup/rules.ts)
 * would otherwise weigh on the script's own bundle.
 */
import { type CommentRules, commentRules } from './cleanup/rules';
import { t } from './i18n';

export interface UiStrings {
  /** "Show comments…" */
  showComments: string;
  /** "Show comments ($1)", with the number of comments the section folds. */
  showCommentsCount: string;
  /** "Hide comments": folds a shown section again. */
  hideComments: string;
  /** The comment platforms, names and words (data, not text shown). */
  commentRules: CommentRules;
}

export function localUiStrings(): UiStrings {
  return {
    showComments: t('cleanupShowComments'),
    showCommentsCount: t('cleanupShowCommentsCount', '$1'),
    hideComments: t('cleanupHideComments'),
    commentRules: commentRules(),
  };
}

/** What the background answers to `page:hello`. */
export interface PageHello {
  settings: unknown;
  strings: UiStrings;
  /**
   * What the address the script started on says (`urlSignals`), worked out by the background,
   * whose code is warm: in the page's fresh isolated world that code would be compiled for
   * every page. Absent when the sender's address is unknown.
   */
  address?: { url: string; signals: string[] };
}
