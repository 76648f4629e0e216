// Only the small readerable check, not the whole of Readability (the package's index pulls both).
// @ts-expect-error The subpath ships without its own type declarations.
import readerable from '@mozilla/readability/Readability-readerable.js';
import type { Detection } from './types';

const isProbablyReaderable = readerable as (
  doc: Document,
  options?: {
    minContentLength?: number;
    minScore?: number;
    visibilityChecker?: (node: Element) => boolean;
  },
) => boolean;

/**
 * Readability's own visibility test, read from the attributes: its default reads `node.style`,
 * which builds a style object for every paragraph of the page just to look at inline styles.
 */
function isVisible(node: Element): boolean {
  const style = node.getAttribute('style');
  if (style && /(?:^|;)\s*display\s*:\s*none\b/i.test(style)) return false;
  if (node.hasAttribute('hidden')) return false;
  return (
    node.getAttribute('aria-hidden') !== 'true' ||
    !!node.getAttribute('class')?.includes('fallback-image')
  );
}

/** Chinese, Japanese and Korean say as much in fewer characters. */
const DENSE_SCRIPT = /^(?:zh|ja|ko)\b/i;

const ARTICLE_TYPES = new Set([
  'article',
  'newsarticle',
  'blogposting',
  'reportagenewsarticle',
  'opinionnewsarticle',
  'analysisnewsarticle',
  'backgroundnewsarticle',
  'reviewnewsarticle',
  'asknewsarticle',
  'askpublicnewsarticle',
  'satiricalarticle',
  'scholarlyarticle',
  'techarticle',
  'liveblogposting',
  'report',
  'socialmediaposting',
]);
const LISTING_TYPES = new Set([
  'collectionpage',
  'itemlist',
  'searchresultspage',
  'profilepage',
  'website',
]);
const LISTING_SEGMENT =
  /^(?:tags?|topics?|category|categories|section|sections|search|author|authors|archives?|page|label|rubrique|themen?|thema|tema|temas|categoria|kategorie|kategori)$/i;
const HOME_FILE = /^\/?(?:index|default|home)\.(?:html?|php|aspx?)$/i;
const MAX_LD_CHARS = 200_000;

/**
 * The query's parameters, the first value of each name: read from the string rather than
 * through `URLSearchParams` (one more interface to set up in the content script's world).
 */
function queryParams(search: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of search.replace(/^\?/, '').split('&')) {
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    if (name && !out.has(name)) out.set(name, eq < 0 ? '' : part.slice(eq + 1));
  }
  return out;
}

/** What detection reads of a URL: a `URL`, or the page's `Location` (no URL to parse). */
export type UrlParts = Pick<URL, 'pathname' | 'search'>;

/** What the URL's shape says: `url:home`, `url:listing`, `url:date`, `url:id`, `url:slug`. */
export function urlSignals(url: UrlParts): string[] {
  const path = url.pathname.replace(/\/+$/, '');
  const segs = path.split('/').filter(Boolean);
  const q = queryParams(url.search);
  const idQuery = ['p', 'id', 'story', 'article', 'articleid', 'storyid', 'post'].some((k) =>
    /^\d+$/.test(q.get(k) ?? ''),
  );
  if ((!segs.length || HOME_FILE.test(path)) && !idQuery) {
    return q.has('s') || q.has('q') || q.has('search') ? ['url:search'] : ['url:home'];
  }
  const out: string[] = [];
  if (segs.some((s) => LISTING_SEGMENT.test(s)) && segs.length <= 3) out.push('url:listing');
  if (
    /\/(?:19|20)\d{2}\/[01]?\d(?:\/[0-3]?\d)?(?:\/|$)/.test(path) ||
    /\b(?:19|20)\d{6}\b/.test(path)
  ) {
    out.push('url:date');
  }
  if (idQuery || /\d{5,}/.test(segs[segs.length - 1] ?? '')) out.push('url:id');
  const last = decodeURIComponent(segs[segs.length - 1] ?? '').replace(/\.\w{2,5}$/, '');
  if (last.split(/[-_+]/).filter(Boolean).length >= 4 || (segs.length > 1 && last.length >= 30)) {
    out.push('url:slug');
  }
  return out;
}

function collectTypes(node: unknown, out: Set<string>, depth: number): void {
  if (!node || typeof node !== 'object' || depth > 6) return;
  if (Array.isArray(node)) {
    for (const n of node) collectTypes(n, out, depth + 1);
    return;
  }
  const obj = node as Record<string, unknown>;
  const type = obj['@type'];
  for (const t of Array.isArray(type) ? type : [type]) {
    if (typeof t === 'string') out.add(t.replace(/^.*[/#:]/, ''));
  }
  collectTypes(obj['@graph'], out, depth + 1);
  collectTypes(obj.mainEntity, out, depth + 1);
}

function addJsonLdTypes(text: string, out: Set<string>): void {
  if (!text || text.length > MAX_LD_CHARS) return;
  try {
    collectTypes(JSON.parse(text), out, 0);
  } catch {
    // A page's broken JSON-LD is its own business.
  }
}

const JSON_LD = 'script[type="application/ld+json" i]';

/** `@type`s declared in the page's JSON-LD blocks (`@graph` and arrays included). */
export function jsonLdTypes(doc: Document): string[] {
  const out = new Set<string>();
  const scripts = doc.querySelectorAll(JSON_LD);
  for (let i = 0; i < scripts.length && i < 20; i++) {
    addJsonLdTypes(scripts[i]?.textContent ?? '', out);
  }
  return Array.from(out);
}

/**
 * Every element that can carry a structured signal, in one native query (one walk over the
 * page instead of one per signal): JSON-LD blocks, the two meta tags, and microdata.
 */
const STRUCTURED_SELECTOR = [
  JSON_LD,
  'meta[property="og:type"]',
  'meta[name="og:type"]',
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  '[itemprop="datePublished"]',
  '[itemprop~="articleBody"]',
  '[itemtype*="schema.org/" i]',
].join(',');
/** Matches looked at: enough for the head and an article, not a page-long product list. */
const MAX_STRUCTURED = 200;

/** What structured data says, as reasons: `json-ld:NewsArticle`, `og:article`... */
export function structuredSignals(doc: Document): string[] {
  const types = new Set<string>();
  let scripts = 0;
  let og = '';
  let published = false;
  let body = false;
  let itemtype = '';
  const found = doc.querySelectorAll(STRUCTURED_SELECTOR);
  for (let i = 0; i < found.length && i < MAX_STRUCTURED; i++) {
    const el = found[i] as Element;
    const tag = el.localName;
    if (tag === 'script') {
      if (scripts++ < 20) addJsonLdTypes(el.textContent ?? '', types);
      continue;
    }
    if (tag === 'meta') {
      const content = el.getAttribute('content')?.trim().toLowerCase() ?? '';
      const keys = [el.getAttribute('property'), el.getAttribute('name')];
      // The first og:type tag decides, as the page's first declaration does.
      if (keys.includes('og:type')) og ||= content || ' ';
      else if (content && keys.includes('article:published_time')) published = true;
      continue;
    }
    const prop = el.getAttribute('itemprop') ?? '';
    if (prop === 'datePublished') published = true;
    if (/(?:^|\s)articleBody(?:\s|$)/.test(prop)) body = true;
    const type = el.getAttribute('itemtype');
    if (!itemtype && type && /schema\.org\//i.test(type)) itemtype = type;
  }
  const out: string[] = [];
  for (const t of types) {
    const k = t.toLowerCase();
    if (ARTICLE_TYPES.has(k) || LISTING_TYPES.has(k)) out.push(`json-ld:${t}`);
  }
  og = og.trim();
  if (og) out.push(og === 'article' || og.startsWith('article') ? 'og:article' : `og:${og}`);
  if (published) out.push('meta:published_time');
  if (body) out.push('microdata:articleBody');
  const micro = itemtype.replace(/^.*\//, '');
  if (ARTICLE_TYPES.has(micro.toLowerCase())) out.push(`microdata:${micro}`);
  return out;
}

function weight(reason: string): number {
  const [kind, value = ''] = reason.split(':');
  const v = value.toLowerCase();
  if (kind === 'url') {
    return { home: -5, search: -5, listing: -3, date: 1, id: 1, slug: 1 }[v] ?? 0;
  }
  if (kind === 'json-ld' || kind === 'microdata') {
    if (v === 'website') return 0;
    return LISTING_TYPES.has(v) ? -3 : 3;
  }
  if (kind === 'og') return v === 'article' ? 2 : 0;
  if (kind === 'meta') return 2;
  if (reason === 'readerable') return 2;
  if (reason === 'not-readerable') return -2;
  return 0;
}

/**
 * Whether the page is an article, cheapest signals first: URL shape, then structured data,
 * then (only when those leave it open) Readability's `isProbablyReaderable` on the text.
 */
export function detectArticle(doc: Document, url: UrlParts): Detection {
  const reasons = urlSignals(url);
  reasons.push(...structuredSignals(doc));
  let score = reasons.reduce((s, r) => s + weight(r), 0);
  const listing = reasons.some((r) => r === 'url:home' || r === 'url:search');
  const structured = reasons.some((r) => weight(r) >= 2);
  if (score < 3 && !(listing && !structured)) {
    let readable = false;
    try {
      const dense = DENSE_SCRIPT.test(doc.documentElement.lang);
      readable = isProbablyReaderable(
        doc,
        dense
          ? { minContentLength: 40, visibilityChecker: isVisible }
          : { visibilityChecker: isVisible },
      );
    } catch {
      readable = false;
    }
    reasons.push(readable ? 'readerable' : 'not-readerable');
    score += weight(reasons[reasons.length - 1] as string);
  }
  return { isArticle: score >= 2, reasons };
}
