/**
 * Readies a CLONE of the page for extraction: lazy images get their real source, `<noscript>`
 * image fallbacks replace their placeholders, and URLs become absolute. Mutates the document
 * it is given, so call it on a copy, never on the live page.
 */
import { linkShare } from './clean';

const LAZY_SRC_ATTRS = [
  'data-src',
  'data-lazy-src',
  'data-original',
  'data-lazy',
  'data-url',
  'data-hi-res-src',
  'data-full-src',
  'data-echo',
  'data-img-src',
  'data-actualsrc',
];
const LAZY_SRCSET_ATTRS = ['data-srcset', 'data-lazy-srcset', 'data-original-set'];
const IMAGE_URL = /^(?:https?:)?\/\/|^\/|\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#]|$)/i;
const URL_ATTRS: [string, string][] = [
  ['a', 'href'],
  ['area', 'href'],
  ['img', 'src'],
  ['source', 'src'],
  ['video', 'src'],
  ['video', 'poster'],
  ['audio', 'src'],
  ['track', 'src'],
  ['blockquote', 'cite'],
  ['q', 'cite'],
  ['del', 'cite'],
  ['ins', 'cite'],
];

/** A `src` that stands in for the real image: missing, a tiny data: URI, a spacer or blank. */
export function isPlaceholderSrc(src: string | null): boolean {
  if (!src?.trim()) return true;
  const value = src.trim();
  if (/^data:/i.test(value)) return value.length < 300 || !/^data:image\//i.test(value);
  return /(?:^|[/_.-])(?:blank|spacer|pixel|placeholder|transparent|grey|gray|1x1|lazy|loading)(?:[._-]|\.(?:gif|png|svg)|$)/i.test(
    value.split(/[?#]/)[0] ?? '',
  );
}

/** The page's base URL: `<base href>` resolved against the page URL. */
export function baseUrl(doc: Document, url: URL): URL {
  const href = doc.querySelector('base[href]')?.getAttribute('href');
  if (href) {
    try {
      return new URL(href, url);
    } catch {
      // An unusable <base> is ignored, as browsers do.
    }
  }
  return url;
}

function absolute(value: string, base: URL): string {
  const text = value.trim();
  if (!text || text.startsWith('#') || /^(?:data|javascript|mailto|tel|about):/i.test(text)) {
    return text;
  }
  try {
    return new URL(text, base).href;
  } catch {
    return text;
  }
}

/**
 * One candidate of a srcset: a URL (which may hold commas, as image CDNs' "c_fill,w_80" do), an
 * optional width or density, then a comma or the end. Readability reads srcset the same way.
 */
const SRCSET_CANDIDATE = /(\S+)(\s+[\d.]+[xw])?(\s*(?:,|$))/g;

function absoluteSrcset(value: string, base: URL): string {
  return value.replace(
    SRCSET_CANDIDATE,
    (_, src: string, descriptor: string | undefined, end: string) =>
      absolute(src, base) + (descriptor ?? '') + end,
  );
}

/** The elements inside a `<noscript>`, whether the parser kept them as text or as nodes. */
function noscriptContent(noscript: Element): Element[] {
  if (noscript.children.length) return [...noscript.children];
  const text = noscript.textContent || '';
  if (!/<img|<picture/i.test(text)) return [];
  const template = noscript.ownerDocument.createElement('template');
  template.innerHTML = text;
  return [...template.content.children];
}

function singleImage(elements: Element[]): Element | null {
  const media = elements.filter((el) => el.matches('img, picture') || el.querySelector('img'));
  if (media.length !== 1 || !media[0]) return null;
  const first = media[0];
  return first.matches('img, picture')
    ? first
    : first.querySelector('picture') || first.querySelector('img');
}

function resolveNoscripts(doc: Document): void {
  for (const noscript of [...doc.querySelectorAll('noscript')]) {
    const image = singleImage(noscriptContent(noscript));
    if (!image) continue;
    const prev = noscript.previousElementSibling;
    const prevImg = prev?.matches('img')
      ? prev
      : prev?.querySelectorAll('img').length === 1
        ? prev.querySelector('img')
        : null;
    if (prevImg && (isPlaceholderSrc(prevImg.getAttribute('src')) || hasLazySource(prevImg))) {
      prevImg.replaceWith(doc.importNode(image, true));
      noscript.remove();
    } else if (!prevImg) {
      noscript.replaceWith(doc.importNode(image, true));
    } else {
      noscript.remove();
    }
  }
}

function hasLazySource(img: Element): boolean {
  return [...LAZY_SRC_ATTRS, ...LAZY_SRCSET_ATTRS].some((a) => img.hasAttribute(a));
}

function resolveLazy(el: Element): void {
  const srcAttr =
    el.localName === 'source' && el.parentElement?.localName === 'picture' ? null : 'src';
  if (srcAttr && isPlaceholderSrc(el.getAttribute(srcAttr))) {
    const real = LAZY_SRC_ATTRS.map((a) => el.getAttribute(a)).find((v) => v && IMAGE_URL.test(v));
    if (real) el.setAttribute(srcAttr, real);
  }
  const srcset = el.getAttribute('srcset');
  if (!srcset || isPlaceholderSrc(srcset.split(/\s+/)[0] ?? '')) {
    const real = LAZY_SRCSET_ATTRS.map((a) => el.getAttribute(a)).find((v) => v?.trim());
    if (real) el.setAttribute('srcset', real);
    else if (srcset) el.removeAttribute('srcset');
  }
  if (el.localName === 'img' && isPlaceholderSrc(el.getAttribute('src'))) {
    const first = el.getAttribute('srcset')?.trim().split(/\s+/)[0];
    if (first) el.setAttribute('src', first);
  }
  el.removeAttribute('loading');
}

/** Resolves lazy images and `<noscript>` fallbacks, in place, on a clone. */
export function prepareImages(doc: Document): void {
  resolveNoscripts(doc);
  for (const el of doc.querySelectorAll('img, picture source, video source')) resolveLazy(el);
}

/**
 * Makes the clone's base URL `base`, whatever URL the clone itself has, so that URLs resolved
 * in it (Readability resolves those of the article) resolve as in the page.
 */
export function pinBase(doc: Document, base: URL): void {
  let el = doc.querySelector('base[href]');
  if (!el) {
    el = doc.createElement('base');
    (doc.head ?? doc.documentElement)?.prepend(el);
  }
  el.setAttribute('href', base.href);
}

/** Makes every URL under `root` absolute against `base`, in place. */
export function absolutizeUrls(root: ParentNode, base: URL): void {
  for (const [tag, attr] of URL_ATTRS) {
    for (const el of root.querySelectorAll(`${tag}[${attr}]`)) {
      el.setAttribute(attr, absolute(el.getAttribute(attr) || '', base));
    }
  }
  for (const el of root.querySelectorAll('img[srcset], source[srcset]')) {
    el.setAttribute('srcset', absoluteSrcset(el.getAttribute('srcset') || '', base));
  }
}

/**
 * URL attributes that Readability's own pass (`_fixRelativeUris`: `a[href]`, and `src`,
 * `poster`, `srcset` of media) leaves as they are.
 */
const LEFT_BY_READABILITY =
  'area[href], track[src], blockquote[cite], q[cite], del[cite], ins[cite]';

/**
 * Makes absolute the URLs under `root` that Readability did not already resolve (against the
 * same base, pinned in the clone): one query instead of going over every link and image again.
 */
export function absolutizeRemainingUrls(root: ParentNode, base: URL): void {
  for (const el of root.querySelectorAll(LEFT_BY_READABILITY)) {
    const attr = el.localName === 'area' ? 'href' : el.localName === 'track' ? 'src' : 'cite';
    el.setAttribute(attr, absolute(el.getAttribute(attr) || '', base));
  }
}

/** Resolves lazy images and makes every URL absolute, in place, on a clone. */
export function prepareDocument(doc: Document, url: URL): void {
  prepareImages(doc);
  absolutizeUrls(doc, baseUrl(doc, url));
}

/**
 * What the page's author meant to show, in the clone: our own parts (folded comment sections,
 * "Show comments…" buttons, overlays we took down) and what the page hides from everyone
 * (`hidden`, `display: none` or `visibility: hidden`, from its style sheets or inline) go
 * before Readability scores anything. Read from the live document, whose styles are computed,
 * and mapped to the clone by walking both trees in step (a clone has the same shape).
 */

/** Our marks on the live page: what we folded or took down, and the buttons we added. */
const OURS = ['data-broadsheet-folded', 'data-broadsheet-removed', 'data-broadsheet-show-comments'];

/**
 * Elements worth asking the browser about: blocks that can hold a paragraph or a widget. Inline
 * elements are left alone (a hidden word inside a sentence stays Readability's business), and
 * so are `noscript` and `template`, never rendered and handled on their own.
 */
const CONTAINERS = new Set([
  'div',
  'section',
  'aside',
  'form',
  'ul',
  'ol',
  'li',
  'p',
  'article',
  'header',
  'footer',
  'nav',
  'table',
  'figure',
  'dl',
  'blockquote',
  'dialog',
  'main',
]);

/**
 * Hidden text above this share of the page's text is not furniture: a page that hides its
 * whole body while it loads, or an article behind an "anti-flicker" style, stays as it is.
 */
const MAX_HIDDEN_SHARE = 0.5;

type Rendered = (el: Element) => boolean;

function renderedBy(doc: Document): Rendered {
  const probe = doc.body as (HTMLElement & { checkVisibility?: unknown }) | null;
  if (probe && typeof probe.checkVisibility === 'function') {
    // One style and layout pass for the whole page (it is usually clean already); then each
    // call reads the element's box. `visibilityProperty`: visibility:hidden counts as hidden.
    return (el) => el.checkVisibility({ visibilityProperty: true });
  }
  // No layout (unit tests' DOMs): what the markup itself says.
  return (el) => {
    if (el.hasAttribute('hidden')) return false;
    const style = (el as HTMLElement).style;
    return !style || (style.display !== 'none' && style.visibility !== 'hidden');
  };
}

/**
 * An inline box the page keeps hidden until hovered (a person's card after their name, with a
 * photo and links to other stories): mostly links, never prose. A hidden span of prose (the
 * rest of a paragraph behind "Read more") is not one, and stays.
 */
function isHiddenLinkCard(el: Element, rendered: Rendered): boolean {
  if (el.localName !== 'span' || !el.firstElementChild || rendered(el)) return false;
  const text = (el.textContent || '').replace(/\s+/g, ' ').trim().length;
  if (!text) return false;
  let linked = 0;
  for (const link of Array.from(el.querySelectorAll('a'))) {
    linked += (link.textContent || '').replace(/\s+/g, ' ').trim().length;
  }
  return linked >= 0.6 * text;
}

/** The walker's next element after the current one's subtree. */
function skipSubtree(walker: TreeWalker): Node | null {
  for (;;) {
    const next = walker.nextSibling();
    if (next) return next;
    if (!walker.parentNode()) return null;
  }
}

/**
 * Removes from `clone` (a `cloneNode(true)` of `live`, untouched since) our folded and removed
 * parts and our buttons, and the page's hidden containers. Returns how many went.
 */
export function removeHiddenParts(live: Document, clone: Document): number {
  const liveBody = live.body;
  const cloneBody = clone.body;
  if (!liveBody || !cloneBody) return 0;
  const rendered = renderedBy(live);
  // A page hidden as a whole (still loading, or behind its own veil): nothing to tell apart.
  if (!rendered(liveBody)) return 0;
  const a = live.createTreeWalker(liveBody, 1 /* NodeFilter.SHOW_ELEMENT */);
  const b = clone.createTreeWalker(cloneBody, 1 /* NodeFilter.SHOW_ELEMENT */);
  const ours: Element[] = [];
  const hidden: Element[] = [];
  let x = a.nextNode() as Element | null;
  let y = b.nextNode() as Element | null;
  while (x && y) {
    // The trees are copies of each other; should they ever differ, stop rather than guess.
    if (x.localName !== y.localName) break;
    const name = x.localName;
    if (OURS.some((attr) => (x as Element).hasAttribute(attr))) {
      ours.push(y);
    } else if (name === 'details' || name === 'svg' || name === 'math') {
      // A closed <details> hides its text until asked, as the author meant: keep it whole.
    } else if (CONTAINERS.has(name) ? rendered(x) : !isHiddenLinkCard(x, rendered)) {
      x = a.nextNode() as Element | null;
      y = b.nextNode() as Element | null;
      continue;
    } else {
      hidden.push(y);
    }
    x = skipSubtree(a) as Element | null;
    y = skipSubtree(b) as Element | null;
  }
  for (const el of ours) el.remove();
  if (hidden.length) {
    const total = (cloneBody.textContent || '').length;
    let gone = 0;
    for (const el of hidden) gone += (el.textContent || '').length;
    if (gone > total * MAX_HIDDEN_SHARE) return ours.length;
    for (const el of hidden) el.remove();
  }
  return ours.length + hidden.length;
}

/** A paragraph this long is prose (a sentence or more), not a label or a caption. */
const PROSE_CHARS = 80;
/** More blocks than this sharing the body's class are a list (cards, teasers), not its parts. */
const MAX_BODY_PARTS = 2;
/** Text between the body and its next part: an ad's label, a "Continue reading" line. */
const MAX_GAP_CHARS = 80;
/** Where the rest of a body never is: a part inside one of these belongs to that, not the body. */
const NOT_BODY =
  'aside,nav,footer,header,form,[role=complementary],[role=navigation],[role=contentinfo],[id*="omment"],[class*="omment"]';

function textLength(el: Element): number {
  return el.textContent?.replace(/\s+/g, ' ').trim().length ?? 0;
}

/**
 * An article body split in two by the page's layout (an ad slot or a promo between two
 * wrappers), in the clone: the later blocks that share the body block's tag and first class
 * and hold prose are moved into it, so that Readability, which keeps the best block and its
 * siblings, reads the article to its end. The body block is the one holding the most prose
 * paragraphs itself. Several such blocks (teaser cards), blocks of mostly links, and blocks
 * inside an aside, a footer or a comment section are left where they are. Returns how many
 * blocks were joined.
 */
export function joinSplitBody(doc: Document): number {
  const prose = new Map<Element, number>();
  const ps = doc.getElementsByTagName('p');
  for (let i = 0; i < ps.length && i < 3000; i++) {
    const p = ps[i] as Element;
    const len = textLength(p);
    if (len >= PROSE_CHARS && p.parentElement) {
      prose.set(p.parentElement, (prose.get(p.parentElement) ?? 0) + len);
    }
  }
  let body: Element | null = null;
  let best = 0;
  for (const [el, len] of prose) {
    if (len > best) {
      best = len;
      body = el;
    }
  }
  const token = body?.classList[0];
  if (!body || !token || best < 2 * PROSE_CHARS) return 0;
  const main = body;
  const alike = Array.from(doc.getElementsByClassName(token)).filter(
    (el) =>
      el !== main && el.localName === main.localName && !el.contains(main) && !main.contains(el),
  );
  // The body is the first of its kind, and there are few of them: a body the page writes as a
  // series of blocks (one a section) is Readability's to read, and is not moved about.
  if (alike.some((el) => main.compareDocumentPosition(el) & 2)) return 0;
  if (!alike.length || alike.length > MAX_BODY_PARTS) return 0;
  const bodyOutside = !main.closest(NOT_BODY);
  let joined = 0;
  let last: Element = main;
  for (const part of alike) {
    if (bodyOutside && part.closest(NOT_BODY)) continue;
    // Only an interruption lies between (an ad slot, a promo): no heading, figure or text of
    // the story's own, which the move would put after the part.
    const between = doc.createRange();
    between.setStartAfter(last);
    between.setEndBefore(part);
    const gap = between.cloneContents();
    if ((gap.textContent ?? '').replace(/\s+/g, ' ').trim().length > MAX_GAP_CHARS) continue;
    if (gap.querySelector('h1,h2,h3,h4,h5,h6,figure,img,picture,video,table,ul,ol,blockquote')) {
      continue;
    }
    const own = prose.get(part) ?? 0;
    const text = part.textContent ?? '';
    if (own < PROSE_CHARS || own < 0.6 * textLength(part) || linkShare(part, text) > 0.3) continue;
    main.append(...Array.from(part.childNodes));
    last = part;
    joined++;
  }
  // The emptied parts go once every gap is measured (each gap starts after the part before).
  for (const part of alike) if (!part.firstChild) part.remove();
  return joined;
}

/**
 * Posts the author embedded from a social network: a tweet, an Instagram, TikTok, Threads,
 * Bluesky or Mastodon post, a Reddit card. Pages quote them as a `blockquote` with the post's
 * text, which the network's script replaces with a frame when it runs.
 */
const EMBEDDED_POST = [
  'blockquote.twitter-tweet',
  'blockquote.twitter-video',
  'blockquote.instagram-media',
  'blockquote.tiktok-embed',
  'blockquote.text-post-media',
  'blockquote.bluesky-embed',
  'blockquote.mastodon-embed',
  'blockquote.reddit-embed-bq',
  'blockquote.reddit-card',
].join(', ');

/** Elements a wrapper may hold beside the post and still hold nothing else. */
const INERT = new Set(['script', 'noscript', 'style', 'link', 'template']);

function holdsOnly(wrapper: Element, child: Element): boolean {
  for (let n = wrapper.firstChild; n; n = n.nextSibling) {
    if (n === child) continue;
    if (n.nodeType === 3 && !(n.nodeValue ?? '').trim()) continue;
    if (n.nodeType === 8) continue;
    if (n.nodeType === 1 && INERT.has((n as Element).localName)) continue;
    return false;
  }
  return true;
}

/**
 * Takes embedded posts out of wrappers that hold nothing else. The wrapper's name says what it
 * is ("social-media-embed"), and Readability throws out whatever is named "social", "share" or
 * "embed" together with the post the author quoted. Nothing is lost: the wrapper held only the
 * post (and the network's script). Returns how many posts were unwrapped.
 */
export function keepEmbeddedPosts(doc: Document): number {
  const body = doc.body;
  if (!body) return 0;
  let unwrapped = 0;
  for (const post of Array.from(body.querySelectorAll(EMBEDDED_POST))) {
    let wrapper: Element | null = post.parentElement;
    let moved = false;
    while (
      wrapper &&
      wrapper !== body &&
      (wrapper.localName === 'div' ||
        wrapper.localName === 'span' ||
        wrapper.localName === 'section') &&
      holdsOnly(wrapper, post)
    ) {
      const up: Element | null = wrapper.parentElement;
      wrapper.replaceWith(post);
      moved = true;
      wrapper = up;
    }
    if (moved) unwrapped++;
  }
  return unwrapped;
}
