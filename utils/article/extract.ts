/**
 * The article of a page for the reader view: Readability on a clone, our clean-up, DOMPurify.
 * Never changes the live page.
 */
import { Readability } from '@mozilla/readability';
import { cleanArticleContent, unwrapSharedQuotes } from './clean';
import { extractMetadata, httpUrl, isoDate, langTag, stripSiteSuffix } from './metadata';
import {
  absolutizeRemainingUrls,
  baseUrl,
  joinSplitBody,
  keepEmbeddedPosts,
  pinBase,
  prepareDocument,
  prepareImages,
  removeHiddenParts,
} from './prepare';
import { countText, readingMinutes, wordCount } from './reading-time';
import { keepSanitizedBody, sanitizeToBody } from './sanitize';
import { plainText } from './text';
import type { Article } from './types';

export interface ExtractOptions {
  /** "Try anyway": when Readability finds nothing, take the whole page's body, cleaned. */
  wholePage?: boolean;
}

/** Less text than this is not an article (Readability returns its best try on any page). */
export const MIN_ARTICLE_CHARS = 200;

/** Pages with more elements than this are too large to extract in time. */
export const MAX_ELEMENTS = 50_000;

export function isTooLarge(doc: Document, limit = MAX_ELEMENTS): boolean {
  return doc.getElementsByTagName('*').length > limit;
}

/** Parts of a page that are never the article, dropped in whole-page mode. */
const PAGE_CHROME =
  'script, style, noscript, template, iframe, object, embed, form, nav, aside, footer, ' +
  'header, dialog, [role="navigation"], [role="banner"], [role="contentinfo"], ' +
  '[role="complementary"], [role="search"], [role="dialog"], [aria-hidden="true"], [hidden]';

function wholePageContent(doc: Document): Element | null {
  const body = doc.body;
  if (!body) return null;
  const main = body.querySelector('main, [role="main"], article') ?? body;
  const root = doc.createElement('div');
  root.append(...[...main.childNodes].map((n) => n.cloneNode(true)));
  for (const el of [...root.querySelectorAll(PAGE_CHROME)]) el.remove();
  return root;
}

function windowOf(doc: Document): Window {
  const win = doc.defaultView ?? (typeof window === 'undefined' ? null : window);
  if (!win) throw new Error('extractArticle needs a document with a window (defaultView)');
  return win;
}

/**
 * When the page's own `h1` is the title minus a trailing " – Something" the site name rules did
 * not recognise ("Lorem ipsum – My website"), the `h1` is the headline.
 */
function headlineOf(doc: Document, title: string): string {
  const h1 = doc.querySelector('h1')?.textContent?.replace(/\s+/g, ' ').trim();
  if (!h1 || h1.length < 10 || h1 === title || !title.startsWith(h1)) return title;
  return /^\s+[|\-–—·:»]\s+\S/.test(title.slice(h1.length)) ? h1 : title;
}

function direction(value: string | null | undefined): 'ltr' | 'rtl' | undefined {
  const dir = value?.toLowerCase();
  return dir === 'rtl' || dir === 'ltr' ? dir : undefined;
}

/**
 * `article.contentHtml` as `body`'s HTML, serialized on first read: the reader shows the nodes
 * themselves, so only saving (or a message, a copy, JSON) pays for the text. The property is an
 * ordinary enumerable one as far as structured clone, spreads and JSON can tell.
 */
function serializeOnDemand(article: Article, body: HTMLElement): void {
  let html: string | undefined;
  Object.defineProperty(article, 'contentHtml', {
    enumerable: true,
    configurable: true,
    get: () => {
      html ??= body.innerHTML;
      return html;
    },
    set: (value: string) => {
      html = value;
    },
  });
}

/**
 * The article as plain data, for a message: its HTML read out of the getter into an ordinary
 * property. Firefox's messaging does not read an accessor property: the copy would arrive
 * without its HTML (Chrome's does, which hid it).
 */
export function plainArticle(article: Article): Article {
  return { ...article, contentHtml: article.contentHtml };
}

/** The article of the page, or null when there is nothing usable to read. */
export function extractArticle(doc: Document, url: URL, opts: ExtractOptions = {}): Article | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const win = windowOf(doc);
  const meta = extractMetadata(doc, url);

  const clone = doc.cloneNode(true) as Document;
  // The page as its author meant it: without our folded comments and buttons, and without what
  // the page hides from everyone (its own hidden forms, widgets and drawers).
  removeHiddenParts(doc, clone);
  // Images before Readability (they count in what it keeps); URLs after, in the article alone:
  // Readability resolves those of links and media against the base pinned here, and
  // absolutizeRemainingUrls does the rest below.
  const base = baseUrl(clone, url);
  prepareImages(clone);
  unwrapSharedQuotes(clone);
  joinSplitBody(clone);
  keepEmbeddedPosts(clone);
  pinBase(clone, base);
  let parsed: ReturnType<Readability<Element>['parse']> = null;
  try {
    parsed = new Readability<Element>(clone, {
      serializer: (node) => node as Element,
      maxElemsToParse: MAX_ELEMENTS,
    }).parse();
  } catch {
    parsed = null;
  }
  const found = (parsed?.textContent?.trim().length ?? 0) >= MIN_ARTICLE_CHARS;
  let content = found ? (parsed?.content ?? null) : null;
  const wholePage = !content && !!opts.wholePage;
  if (wholePage) {
    const page = doc.cloneNode(true) as Document;
    removeHiddenParts(doc, page);
    prepareDocument(page, url);
    content = wholePageContent(page);
  } else if (content) {
    absolutizeRemainingUrls(content, base);
  }
  if (!content) return null;

  const host = url.hostname;
  const siteName = meta.siteName ?? parsed?.siteName ?? undefined;
  const rawTitle = parsed?.title?.trim() || meta.title || doc.title || host;
  const title = headlineOf(
    doc,
    stripSiteSuffix(rawTitle.replace(/\s+/g, ' ').trim(), siteName, host),
  );

  const byline = meta.byline ?? parsed?.byline?.trim() ?? undefined;
  const canonicalHost = meta.canonicalUrl ? new URL(meta.canonicalUrl).hostname : '';
  cleanArticleContent(content, title, byline, [host, canonicalHost], wholePage);
  // One DOMPurify pass, on the nodes: no serializing and parsing again. Its output lives in an
  // inert document of its own; the reader in this script shows those nodes (keepSanitizedBody).
  // (DOMPurify's IN_PLACE mode would spare this copy, but measured slower on the clone.)
  const dirty = content.ownerDocument.createDocumentFragment();
  dirty.append(...content.childNodes);
  const body = sanitizeToBody(dirty, win);
  const textContent = plainText(body);
  if (!textContent.trim() && !body.querySelector('img, picture, video')) return null;

  const lang = meta.lang ?? langTag(parsed?.lang);
  const counts = countText(textContent);
  const article = {
    url: url.href,
    title,
    textContent,
    wordCount: wordCount(counts),
    readingMinutes: readingMinutes(counts, lang),
  } as Article;
  serializeOnDemand(article, body);
  const canonicalUrl = meta.canonicalUrl;
  const publishedTime = meta.publishedTime ?? isoDate(parsed?.publishedTime);
  const dir = meta.dir ?? direction(parsed?.dir);
  const excerpt = meta.excerpt ?? parsed?.excerpt?.trim() ?? undefined;
  const leadImage =
    meta.leadImage ?? httpUrl(body.querySelector('img[src]')?.getAttribute('src'), url);
  if (canonicalUrl) article.canonicalUrl = canonicalUrl;
  if (siteName) article.siteName = siteName;
  if (byline) article.byline = byline;
  if (publishedTime) article.publishedTime = publishedTime;
  if (lang) article.lang = lang;
  if (dir) article.dir = dir;
  if (excerpt) article.excerpt = excerpt;
  if (leadImage) article.leadImage = leadImage;
  keepSanitizedBody(article, body);
  return article;
}
