/**
 * The few UI strings the always-on content script shows. The background localizes them and
 * hands them over with the settings (`page:hello`): calling `chrome.i18n` from a content script
 * costs ~6 ms a page in Chromium (it loads the message catalogue).
 */
import { t } from './i18n';

export interface UiStrings {
  showComments: string;
}

export function localUiStrings(): UiStrings {
  return { showComments: t('cleanupShowComments') };
}

/** What the background answers to `page:hello`. */
export interface PageHello {
  settings: unknown;
  strings: UiStrings;
}
