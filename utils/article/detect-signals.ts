/**
 * Article detection, first stage: what the URL's shape and the page's structured data (JSON-LD,
 * microdata, meta tags) say. This part runs in the always-on script on every page; when it
 * leaves the verdict open (no strong metadata, or metadata naming another kind of page), the
 * second stage (detect-structure.ts, in the script loaded only then) reads the page's structure.
 */
import type { Detection, PageKind } from './types';

export const ARTICLE_TYPES = new Set([
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
]);
/**
 * Main-entity types that name another kind of page than an article. (schema.org files
 * `SocialMediaPosting` and `DiscussionForumPosting` under `Article`; a reader means a thread.)
 */
export const KIND_TYPES: Record<string, PageKind> = {
  discussionforumposting: 'discussion',
  socialmediaposting: 'discussion',
  qapage: 'discussion',
  question: 'discussion',
  musicrecording: 'lyrics',
  musiccomposition: 'lyrics',
  product: 'product',
  productgroup: 'product',
  productmodel: 'product',
  individualproduct: 'product',
  offer: 'product',
  aggregateoffer: 'product',
  offercatalog: 'product',
  book: 'product',
  vehicle: 'product',
  softwaresourcecode: 'record',
  softwareapplication: 'record',
  mobileapplication: 'record',
  webapplication: 'record',
  dataset: 'record',
  datacatalog: 'record',
  gene: 'record',
  protein: 'record',
  molecularentity: 'record',
  chemicalsubstance: 'record',
  biochementity: 'record',
  taxon: 'record',
  movie: 'record',
  tvseries: 'record',
  videoobject: 'video',
};
/** `og:type` values (before the first dot) that name another kind of page. */
const OG_KINDS: Record<string, PageKind> = {
  product: 'product',
  books: 'product',
  book: 'product',
  video: 'video',
  music: 'lyrics',
};
export const ORGANISATION =
  /^(?:organization|corporation|ngo|localbusiness|educationalorganization|governmentorganization|website)$/i;
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
/** A site's home in one language: `/en/`, `/fr-fr/`, `/pt_BR/index.html`. */
const LANGUAGE_HOME =
  /^\/[a-z]{2}(?:[-_][a-z]{2})?(?:\/(?:index|default|home)\.(?:html?|php|aspx?))?$/i;
/** Path segments of forums, question sites and comment pages. */
const FORUM_SEGMENT =
  /^(?:forums?|threads?|t|viewtopic\.php|showthread\.php|questions|discussions?|comments|board)$/i;
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

/**
 * What the URL's shape says: `url:home`, `url:search`, `url:listing`, `url:forum`, `url:date`,
 * `url:id`, `url:slug`.
 */
export function urlSignals(url: UrlParts): string[] {
  const path = url.pathname.replace(/\/+$/, '');
  const segs = path.split('/').filter(Boolean);
  const q = queryParams(url.search);
  const idQuery = ['p', 'id', 'story', 'article', 'articleid', 'storyid', 'post'].some((k) =>
    /^\d+$/.test(q.get(k) ?? ''),
  );
  if ((!segs.length || HOME_FILE.test(path) || LANGUAGE_HOME.test(path)) && !idQuery) {
    return q.has('s') || q.has('q') || q.has('search') ? ['url:search'] : ['url:home'];
  }
  const out: string[] = [];
  if (segs.some((s) => LISTING_SEGMENT.test(s)) && segs.length <= 3) out.push('url:listing');
  if (segs.some((s) => FORUM_SEGMENT.test(s))) out.push('url:forum');
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
 * page instead of one per signal): JSON-LD blocks, the meta tags, and microdata.
 */
const STRUCTURED_SELECTOR = [
  JSON_LD,
  'meta[property="og:type"]',
  'meta[name="og:type"]',
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  'meta[property$="price:amount"]',
  '[itemprop="datePublished"]',
  '[itemprop~="articleBody"]',
  '[itemtype*="schema.org/" i]',
].join(',');
/** Matches looked at: enough for the head and an article, not a page-long product list. */
const MAX_STRUCTURED = 200;

/** What structured data says, as reasons: `json-ld:NewsArticle`, `og:article`... */
export function structuredSignals(doc: Document): string[] {
  const types = new Set<string>();
  const items = new Set<string>();
  let scripts = 0;
  let og = '';
  let published = false;
  let body = false;
  let price = false;
  let firstItem = '';
  const found = doc.querySelectorAll(STRUCTURED_SELECTOR);
  for (let i = 0; i < found.length && i < MAX_STRUCTURED; i++) {
    const el = found[i] as Element;
    const tag = el.localName;
    if (tag === 'script') {
      if (scripts++ < 20) addJsonLdTypes(el.textContent ?? '', types);
      continue;
    }
    if (tag === 'meta') {
      // Some pages put the value in `value` rather than `content`: it says the same.
      const content =
        (el.getAttribute('content') ?? el.getAttribute('value'))?.trim().toLowerCase() ?? '';
      const keys = [el.getAttribute('property'), el.getAttribute('name')];
      // The first og:type tag decides, as the page's first declaration does.
      if (keys.includes('og:type')) og ||= content || ' ';
      else if (content && keys.includes('article:published_time')) published = true;
      else if (content && /^(?:og|product):price:amount$/.test(keys[0] ?? '')) price = true;
      continue;
    }
    const prop = el.getAttribute('itemprop');
    // A date of the page's article, not of the book, product or video the page is about.
    if (prop === 'datePublished') {
      const item = el.parentElement?.closest('[itemscope]')?.getAttribute('itemtype') ?? '';
      const name = item.trim().split(/\s+/)[0]?.replace(/^.*\//, '').toLowerCase() ?? '';
      if (!name || ARTICLE_TYPES.has(name) || !(name in KIND_TYPES)) published = true;
    }
    if (prop && /(?:^|\s)articleBody(?:\s|$)/.test(prop)) body = true;
    const type = el.getAttribute('itemtype');
    if (!type || !/schema\.org\//i.test(type) || items.size >= 8) continue;
    const name = type.trim().split(/\s+/)[0]?.replace(/^.*\//, '') ?? '';
    // An item that is nobody's property, or the page's main entity, is what the page is about;
    // a nested one is a property value (the article's author, the video in it, a product it
    // reviews). The page's first item counts too when it is an article.
    const main = prop === null || /^mainEntity/.test(prop);
    if (name && (main || (!firstItem && ARTICLE_TYPES.has(name.toLowerCase())))) items.add(name);
    firstItem ||= name || ' ';
  }
  const out: string[] = [];
  for (const t of types) {
    const k = t.toLowerCase();
    if (ARTICLE_TYPES.has(k) || LISTING_TYPES.has(k) || k in KIND_TYPES || ORGANISATION.test(k)) {
      out.push(`json-ld:${t}`);
    }
  }
  og = og.trim();
  if (og) out.push(og === 'article' || og.startsWith('article') ? 'og:article' : `og:${og}`);
  if (published) out.push('meta:published_time');
  if (price) out.push('meta:price');
  if (body) out.push('microdata:articleBody');
  for (const micro of items) {
    const k = micro.toLowerCase();
    if (ARTICLE_TYPES.has(k) || k in KIND_TYPES) out.push(`microdata:${micro}`);
  }
  return out;
}

export function weight(reason: string): number {
  const [kind, value = ''] = reason.split(':');
  const v = value.toLowerCase();
  if (kind === 'url') {
    return { home: -5, search: -5, listing: -3, date: 1, id: 1, slug: 1 }[v] ?? 0;
  }
  if (kind === 'json-ld' || kind === 'microdata') {
    if (v in KIND_TYPES || ORGANISATION.test(v)) return 0;
    return LISTING_TYPES.has(v) ? -3 : 3;
  }
  if (kind === 'og') return v === 'article' ? 2 : 0;
  if (kind === 'meta') return v === 'price' ? 0 : 2;
  if (reason === 'readerable') return 2;
  if (reason === 'headline') return 2;
  if (reason === 'not-readerable') return -2;
  return 0;
}

/** The kind of page the structured data names, when it names one (JSON-LD, microdata, og). */
export function declaredKind(reasons: readonly string[]): PageKind | null {
  for (const r of reasons) {
    const [source, value = ''] = r.split(':');
    const v = value.toLowerCase();
    if (source === 'json-ld' || source === 'microdata') {
      const k = KIND_TYPES[v];
      if (k) return k;
    }
    if (source === 'og') {
      const k = OG_KINDS[v.split('.')[0] as string];
      if (k) return k;
    }
    if (r === 'meta:price') return 'product';
  }
  return null;
}

/** What the first stage found, for the second to finish from. */
export interface PendingDetection {
  reasons: string[];
  score: number;
  /** The kind of page the metadata names, when it names one and no article. */
  declared: PageKind | null;
  organisation: boolean;
  home: boolean;
  structured: boolean;
}

/** Another kind of page than an article, that kind first in the reasons. */
export function notArticle(kind: PageKind, reasons: string[], extra: string[] = []): Detection {
  return { isArticle: false, reasons: [`kind:${kind}`, ...reasons, ...extra] };
}

/**
 * The first stage: a verdict when the URL and the metadata settle it (`done`), else what the
 * second stage needs to finish (`pending`): a page that names another kind, or whose metadata
 * is too thin to call it an article.
 */
export function startDetection(
  doc: Document,
  url: UrlParts,
  /** What `urlSignals(url)` says, when it was worked out elsewhere (the background). */
  urlReasons?: readonly string[],
): { done: Detection; pending?: undefined } | { done?: undefined; pending: PendingDetection } {
  const reasons = urlReasons ? [...urlReasons] : urlSignals(url);
  reasons.push(...structuredSignals(doc));
  const score = reasons.reduce((s, r) => s + weight(r), 0);
  const home = reasons.some((r) => r === 'url:home' || r === 'url:search');
  const typedArticle = reasons.some((r) => /^(?:json-ld|microdata):/.test(r) && weight(r) === 3);
  const organisation = reasons.some((r) => ORGANISATION.test(r.split(':')[1] ?? ''));
  // The metadata names another kind of page and no article: the structure decides (stage two).
  const declared = typedArticle ? null : declaredKind(reasons);
  const structured = reasons.some((r) => weight(r) >= 2);
  if (!declared) {
    if (home && !structured) {
      return {
        done: organisation ? notArticle('landing', reasons) : { isArticle: false, reasons },
      };
    }
    if (score >= 3) return { done: { isArticle: true, reasons } };
  }
  return { pending: { reasons, score, declared, organisation, home, structured } };
}
