/**
 * Article metadata from the page's JSON-LD and meta tags: title, author, site name, date,
 * language, direction, excerpt, lead image, canonical URL. Pure: reads, never changes the page.
 */

export interface PageMetadata {
  title?: string;
  byline?: string;
  siteName?: string;
  publishedTime?: string;
  lang?: string;
  dir?: 'ltr' | 'rtl';
  excerpt?: string;
  leadImage?: string;
  canonicalUrl?: string;
}

type Json = Record<string, unknown>;

const ARTICLE_TYPES = new Set([
  'Article',
  'NewsArticle',
  'AnalysisNewsArticle',
  'OpinionNewsArticle',
  'ReportageNewsArticle',
  'ReviewNewsArticle',
  'BackgroundNewsArticle',
  'BlogPosting',
  'LiveBlogPosting',
  'SocialMediaPosting',
  'TechArticle',
  'ScholarlyArticle',
  'Report',
  'WebPage',
]);

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clean(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const out = text.replace(/\s+/g, ' ').trim();
  return out || undefined;
}

function types(node: Json): string[] {
  const type = node['@type'];
  const list = Array.isArray(type) ? type : [type];
  return list
    .filter((t): t is string => typeof t === 'string')
    .map((t) => t.replace(/^.*[/#]/, ''));
}

/** Every object of the page's JSON-LD blocks, `@graph` and arrays flattened. */
export function jsonLdNodes(doc: Document): Json[] {
  const out: Json[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 4) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
    } else if (isObject(value)) {
      out.push(value);
      if (value['@graph']) visit(value['@graph'], depth + 1);
    }
  };
  for (const script of doc.querySelectorAll('script[type="application/ld+json" i]')) {
    const text = (script.textContent || '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, '');
    try {
      visit(JSON.parse(text), 0);
    } catch {
      // A broken block is the page's problem; the others still count.
    }
  }
  return out;
}

/** The JSON-LD node describing the article: the most specific article type wins over WebPage. */
export function articleNode(nodes: Json[]): Json | undefined {
  let page: Json | undefined;
  for (const node of nodes) {
    const ts = types(node);
    if (ts.some((t) => ARTICLE_TYPES.has(t) && t !== 'WebPage')) return node;
    if (!page && ts.includes('WebPage')) page = node;
  }
  return page;
}

function names(value: unknown, byId: Map<string, Json>): string[] {
  if (typeof value === 'string') return /^https?:\/\//i.test(value) ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((v) => names(v, byId));
  if (isObject(value)) {
    const ref = typeof value['@id'] === 'string' ? byId.get(value['@id']) : undefined;
    const name = clean(value.name) ?? (ref ? clean(ref.name) : undefined);
    return name ? [name] : [];
  }
  return [];
}

function imageUrl(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return imageUrl(value[0]);
  if (isObject(value)) return imageUrl(value.url ?? value.contentUrl);
  return undefined;
}

const META_KEYS = ['property', 'name', 'itemprop'];
const asciiLower = (text: string) => text.replace(/[A-Z]+/g, (c) => c.toLowerCase());

/**
 * The page's `<meta>` elements by key (`property`, `name` or `itemprop`, ASCII case-insensitive):
 * the first in document order for each, read in one pass instead of a query per key.
 */
function metaIndex(doc: Document): Map<string, Element> {
  const index = new Map<string, Element>();
  for (const el of doc.getElementsByTagName('meta')) {
    for (const attr of META_KEYS) {
      const key = el.getAttribute(attr);
      if (key === null) continue;
      const k = asciiLower(key);
      if (!index.has(k)) index.set(k, el);
    }
  }
  return index;
}

function metaOf(index: Map<string, Element>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = clean(index.get(asciiLower(key))?.getAttribute('content'));
    if (value) return value;
  }
  return undefined;
}

/** An absolute http(s) URL, or undefined for anything else (javascript:, data:, garbage). */
export function httpUrl(value: string | null | undefined, base: URL | string): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** ISO 8601 in UTC, or undefined when the text is not a date. */
export function isoDate(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (!/\d{4}/.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** `fr_FR` → `fr-FR`; undefined for things that are not language tags. */
export function langTag(value: string | null | undefined): string | undefined {
  const tag = value?.trim().replace(/_/g, '-');
  return tag && /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(tag) ? tag : undefined;
}

const SEPARATORS = /\s+[|\-–—·»:\\/_]{1,2}\s+|\s+_/g;

function squash(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * The title without the site name the `<title>` often adds: `Headline | Site`, `Site - Headline`.
 * A segment is the site's name when it matches `siteName` or the host name; without either, a
 * trailing ` | Segment` of at most four words goes when the headline keeps at least three.
 */
export function stripSiteSuffix(title: string, siteName?: string, host?: string): string {
  const parts: { text: string; sepAt: number; sepEnd: number }[] = [];
  for (const m of title.matchAll(SEPARATORS)) {
    parts.push({ text: m[0], sepAt: m.index ?? 0, sepEnd: (m.index ?? 0) + m[0].length });
  }
  if (!parts.length) return title;
  const site = siteName ? squash(siteName) : '';
  const hostName = host ? squash(host.replace(/^www\./, '').replace(/\.[a-z]+$/i, '')) : '';
  const isSite = (segment: string) => {
    const s = squash(segment);
    if (!s) return false;
    if (site && (s === site || site.includes(s) || s.includes(site))) return true;
    if (!hostName || s.length < 3) return false;
    return s === hostName || s.startsWith(hostName) || (s.length >= 4 && hostName.includes(s));
  };
  let out = title;
  // Trailing site names, possibly several: "Headline _Section _Site".
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i];
    if (!part) break;
    const head = out.slice(0, part.sepAt);
    const tail = out.slice(part.sepEnd);
    if (isSite(tail) && head.trim()) {
      out = head;
      continue;
    }
    const words = head.trim().split(/\s+/).length;
    const tailWords = tail.trim().split(/\s+/).length;
    const last = i === parts.length - 1;
    // "Headline | Short Name" and, as newer Readability does, "Headline – My website".
    const pipe = /[|·»]/.test(part.text) && tailWords <= 4 && words >= 3;
    const dash = /[–—]/.test(part.text) && tailWords <= 3 && words >= 4;
    if (last && (pipe || dash)) out = head;
    break;
  }
  // A leading site name: "Site | Headline".
  const first = out.match(/^(.{2,40}?)\s+[|\-–—·»:]\s+/);
  if (first?.[1] && isSite(first[1]) && out.length - first[0].length > 10) {
    out = out.slice(first[0].length);
  }
  return out.trim() || title;
}

/** Metadata of the page, preferring JSON-LD, then Open Graph / Dublin Core / meta, then markup. */
export function extractMetadata(doc: Document, url: URL): PageMetadata {
  const metas = metaIndex(doc);
  const meta = (...keys: string[]) => metaOf(metas, ...keys);
  const nodes = jsonLdNodes(doc);
  const byId = new Map<string, Json>();
  for (const node of nodes) if (typeof node['@id'] === 'string') byId.set(node['@id'], node);
  const ld = articleNode(nodes) ?? {};
  const publisher = ld.publisher;
  const website = nodes.find((n) => types(n).includes('WebSite'));

  const siteName =
    meta('og:site_name') ??
    names(publisher, byId)[0] ??
    clean(website?.name) ??
    meta('application-name');

  const authors = names(ld.author ?? ld.creator, byId);
  const metaAuthor = meta(
    'author',
    'article:author',
    'parsely-author',
    'dc.creator',
    'dcterms.creator',
    'sailthru.author',
  );
  const byline =
    (authors.length ? [...new Set(authors)].join(', ') : undefined) ??
    (metaAuthor && !/^https?:/i.test(metaAuthor) ? metaAuthor : undefined) ??
    clean(doc.querySelector('[rel="author"], [itemprop="author"] [itemprop="name"]')?.textContent);

  const timeEl = () =>
    doc.querySelector(
      'time[itemprop="datePublished"][datetime], time[pubdate][datetime], time[datetime]',
    );
  const publishedTime =
    isoDate(typeof ld.datePublished === 'string' ? ld.datePublished : undefined) ??
    isoDate(
      meta(
        'article:published_time',
        'parsely-pub-date',
        'datePublished',
        'dc.date',
        'dcterms.date',
        'date',
        'pubdate',
      ),
    ) ??
    isoDate(timeEl()?.getAttribute('datetime'));

  const html = doc.documentElement;
  const lang =
    langTag(html?.getAttribute('lang')) ??
    langTag(html?.getAttribute('xml:lang')) ??
    langTag(doc.querySelector('meta[http-equiv="content-language" i]')?.getAttribute('content')) ??
    langTag(typeof ld.inLanguage === 'string' ? ld.inLanguage : undefined) ??
    langTag(meta('og:locale'));

  const dirAttr = (html?.getAttribute('dir') || doc.body?.getAttribute('dir') || '').toLowerCase();
  const dir = dirAttr === 'rtl' || dirAttr === 'ltr' ? dirAttr : undefined;

  const title =
    clean(typeof ld.headline === 'string' ? ld.headline : undefined) ??
    meta('og:title', 'twitter:title', 'dc.title', 'dcterms.title') ??
    clean(doc.title);

  const excerpt =
    clean(typeof ld.description === 'string' ? ld.description : undefined) ??
    meta('og:description', 'description', 'twitter:description', 'dc.description');

  const leadImage =
    httpUrl(imageUrl(ld.image), url) ??
    httpUrl(meta('og:image', 'og:image:url', 'twitter:image', 'twitter:image:src'), url);

  const canonicalUrl =
    httpUrl(doc.querySelector('link[rel~="canonical" i]')?.getAttribute('href'), url) ??
    httpUrl(meta('og:url'), url);

  return { title, byline, siteName, publishedTime, lang, dir, excerpt, leadImage, canonicalUrl };
}
