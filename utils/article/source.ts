/**
 * The page as its address served it, for the one case where the live page no longer holds its
 * article: the page's own script replaced the body after loading (an error screen when one of
 * its style sheets or bundles failed, "This page is not available right now"), so the document
 * shows a few lines where the HTML carried a whole story.
 *
 * The reader then reads the HTML again (the same address, from the browser's cache when it has
 * it, with the page's own cookies: the copy the reader already got) in an inert DOMParser
 * document where no script runs and nothing loads, and extracts from that. Nothing else is ever
 * fetched, and never for a page that still shows text of its own.
 */
import { extractArticle } from './extract';
import type { Article } from './types';

/** A page showing less text than this (scripts and styles aside) shows nothing to read. */
export const EMPTIED_PAGE_CHARS = 1500;
/** Fewer words than this in the live article: it may be what replaced the story. */
const SHORT_ARTICLE_WORDS = 150;
/** The re-read article is kept only when it is this many times longer, and at least as long as… */
const LONGER_BY = 2;
const MIN_SOURCE_WORDS = 120;
/** The longest page read again, and how long the reader waits for it. */
export const MAX_PAGE_CHARS = 8 * 1024 * 1024;
const SOURCE_TIMEOUT_MS = 5_000;

const SKIP = new Set(['script', 'style', 'noscript', 'template']);

/** The characters of text the body holds outside scripts and styles, counted up to `limit`. */
export function bodyTextChars(doc: Document, limit = EMPTIED_PAGE_CHARS): number {
  const body = doc.body;
  if (!body) return 0;
  // Scripts and styles rejected whole: a TreeWalker skips a rejected element's subtree.
  const walker = doc.createTreeWalker(body, 5 /* SHOW_ELEMENT | SHOW_TEXT */, {
    acceptNode: (node) =>
      node.nodeType === 1 && SKIP.has((node as Element).localName) ? 2 /* REJECT */ : 1,
  });
  let chars = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType !== 3) continue;
    chars += (node.nodeValue ?? '').trim().length;
    if (chars >= limit) break;
  }
  return chars;
}

/**
 * Whether the live page looks emptied by its own script: its extraction found nothing or little,
 * and the whole body shows almost no text.
 */
export function looksEmptied(doc: Document, live: Article | null): boolean {
  if (live && live.wordCount >= SHORT_ARTICLE_WORDS) return false;
  return bodyTextChars(doc) < EMPTIED_PAGE_CHARS;
}

const norm = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * The page's HTML, read again and extracted; null when it cannot be read or holds nothing
 * better than `live`. The same page only: same title (an app that changed its address
 * meanwhile would serve another page), and clearly longer.
 */
export async function articleFromSource(
  doc: Document,
  url: URL,
  live: Article | null,
  doFetch: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<Article | null> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), SOURCE_TIMEOUT_MS);
  let html: string;
  try {
    const response = await doFetch(url.href, {
      credentials: 'same-origin',
      cache: 'force-cache',
      signal: controller.signal,
    });
    const type = (response.headers.get('content-type') ?? '').toLowerCase();
    if (!response.ok || (type && !/^(text\/html|application\/xhtml\+xml)/.test(type))) return null;
    html = await response.text();
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
  if (html.length > MAX_PAGE_CHARS) html = html.slice(0, MAX_PAGE_CHARS);
  const source = new DOMParser().parseFromString(html, 'text/html');
  if (norm(source.title) !== norm(doc.title)) return null;
  let article: Article | null;
  try {
    article = extractArticle(source, url);
  } catch {
    return null;
  }
  if (!article || article.wordCount < MIN_SOURCE_WORDS) return null;
  if (live && article.wordCount < live.wordCount * LONGER_BY) return null;
  return article;
}
