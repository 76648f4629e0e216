import { browser } from 'wxt/browser';

/**
 * A UI string from `_locales` (the reader's browser language, English fallback).
 * Falls back to the key itself so a missing string is visible, never blank.
 */
export function t(key: string, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key as never, substitutions) || key;
}

/** The UI language the browser uses for this extension, e.g. `en-US` or `fr`. */
export function uiLocale(): string {
  return browser.i18n.getUILanguage?.() || navigator.language || 'en';
}

/** Sets `lang` and `dir` of an extension page from the UI language (right-to-left locales too). */
export function localizeDocument(doc: Document = document): void {
  doc.documentElement.lang = uiLocale();
  doc.documentElement.dir =
    browser.i18n.getMessage('@@bidi_dir' as never) === 'rtl' ? 'rtl' : 'ltr';
}
