/**
 * Checks what a content script sends before it is stored: a page can lie. Pure, apart from
 * the `sanitize` function the caller passes, which must return safe HTML for the reader.
 * The background service worker has no DOM (DOMPurify needs one): it passes a DOM-free
 * sanitizer; extension pages can pass DOMPurify.
 */
import type { Article } from '../article/types';
import { plainText } from './text';
import { isHttpUrl } from './url';

export const LIMITS = {
  url: 8192,
  title: 500,
  siteName: 200,
  byline: 300,
  excerpt: 1000,
  lang: 35,
  /** Characters of plain text (about 2 MB). */
  text: 2 * 1024 * 1024,
  /** Characters of HTML (about 4 MB). */
  html: 4 * 1024 * 1024,
} as const;

export type ValidationResult = { ok: true; article: Article } | { ok: false; error: string };

const LANG = /^[a-z]{2,8}(-[a-z0-9]{1,8})*$/i;

function optionalText(value: unknown, max: number): string | undefined {
  return plainText(value, max) || undefined;
}

function optionalUrl(value: unknown): string | undefined {
  return isHttpUrl(value) && value.length <= LIMITS.url ? value.trim() : undefined;
}

function optionalDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
}

function wholeNumber(value: unknown, max: number): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max
    ? value
    : undefined;
}

/**
 * Validates an article sent by a content script: only http(s) URLs, bounded lengths,
 * titles and names as plain text, HTML sanitized again with `sanitize`.
 */
export function validateArticleInput(
  input: unknown,
  sanitize: (html: string) => string,
): ValidationResult {
  if (!input || typeof input !== 'object') return { ok: false, error: 'not an object' };
  const raw = input as Record<string, unknown>;
  if (!isHttpUrl(raw.url)) return { ok: false, error: 'url: not an http(s) URL' };
  if (raw.url.length > LIMITS.url) return { ok: false, error: 'url: too long' };
  const html = typeof raw.contentHtml === 'string' ? raw.contentHtml : '';
  const text = typeof raw.textContent === 'string' ? raw.textContent : '';
  if (html.length > LIMITS.html) return { ok: false, error: 'contentHtml: too large' };
  if (text.length > LIMITS.text) return { ok: false, error: 'textContent: too large' };
  const url = raw.url.trim();
  const title = plainText(raw.title, LIMITS.title) || url;
  const wordCount = wholeNumber(raw.wordCount, 10_000_000) ?? countWords(text);
  const readingMinutes =
    wholeNumber(raw.readingMinutes, 100_000) ?? Math.max(1, Math.round(wordCount / 230));
  const lang = typeof raw.lang === 'string' && raw.lang.length <= LIMITS.lang ? raw.lang : '';
  const article: Article = {
    url,
    canonicalUrl: optionalUrl(raw.canonicalUrl),
    title,
    siteName: optionalText(raw.siteName, LIMITS.siteName),
    byline: optionalText(raw.byline, LIMITS.byline),
    publishedTime: optionalDate(raw.publishedTime),
    lang: LANG.test(lang) ? lang : undefined,
    dir: raw.dir === 'rtl' || raw.dir === 'ltr' ? raw.dir : undefined,
    excerpt: optionalText(raw.excerpt, LIMITS.excerpt),
    leadImage: optionalUrl(raw.leadImage),
    contentHtml: html ? sanitize(html) : '',
    textContent: text,
    wordCount,
    readingMinutes,
  };
  return { ok: true, article };
}
