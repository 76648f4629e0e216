/**
 * Article detection, second stage: the page's structure (its paragraphs, lines, key-value rows,
 * what stands beside the headline) and Readability's `isProbablyReaderable`, for the pages whose
 * URL and metadata left the verdict open (detect-signals.ts). It is loaded only for those pages:
 * most articles declare themselves and never need it.
 */
// Only the small readerable check, not the whole of Readability (the package's index pulls both).
// @ts-expect-error The subpath ships without its own type declarations.
import readerable from '@mozilla/readability/Readability-readerable.js';
import {
  KIND_TYPES,
  notArticle,
  type PendingDetection,
  type UrlParts,
  urlSignals,
  weight,
} from './detect-signals';
import type { Detection, PageKind } from './types';

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

/** Paragraphs looked at, and other elements of one sort. */
const MAX_PARAGRAPHS = 3000;
const MAX_ITEMS = 600;
const EMAIL_INPUT = 'input[type="email" i],input[autocomplete="email" i],input[name*="email" i]';
const VOTES = '[class*="vote" i],[id*="vote" i],[aria-label*="vote" i],[itemprop="upvoteCount"]';
/** A store's buy controls: a cart form, an add-to-cart button, a microdata price. */
const CART =
  'form[action*="cart" i],[name*="add-to-cart" i],[class*="add-to-cart" i],[id*="add-to-cart" i],[class*="addtocart" i],[id*="addtocart" i],[itemprop="price"]';
const PLAYER =
  'video,iframe[allowfullscreen],iframe[allow*="fullscreen"],iframe[src*="/embed"],iframe[src*="player"]';
const HINTS = [VOTES, CART, EMAIL_INPUT, PLAYER].join(',');
/** Han, kana and hangul: a text in them says as much in about a third of the characters. */
const DENSE_CHARS = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;

/** Text length without the spaces around it, read once. */
const textLength = (el: Element) => el.textContent?.trim().length ?? 0;

/**
 * What the page's paragraphs say: how much running prose, and whether one block holds it, as
 * an article body does, or it is spread over many small blocks, as replies are. Lengths are in
 * Latin-script characters (a dense script's count is tripled).
 */
export interface Census {
  /** Characters in paragraphs of 140 or more (running prose). */
  prose: number;
  /** Paragraphs of 140 characters or more. */
  long: number;
  /** The block holding most paragraph text (its parent, or grandparent at half weight). */
  main: Element | null;
  /** Paragraph characters in `main`. */
  mainChars: number;
  /** Paragraph characters, all paragraphs of 40 or more. */
  all: number;
  /** The most paragraph characters one element holds as its own children (an article body). */
  topOwn: number;
  /** Elements holding 80 or more paragraph characters as their own children. */
  blocks: number;
  /** Paragraphs of 40–300 characters: blurbs, captions, short news paragraphs. */
  blurbs: number;
  /** 3 for a page in a dense script, else 1. */
  scale: number;
}

export function paragraphCensus(doc: Document): Census {
  const scale = DENSE_SCRIPT.test(doc.documentElement.lang) || DENSE_CHARS.test(doc.title) ? 3 : 1;
  const ps = doc.getElementsByTagName('p');
  const own = new Map<Element, number>();
  const scores = new Map<Element, number>();
  let main: Element | null = null;
  let best = 0;
  let prose = 0;
  let long = 0;
  let blurbs = 0;
  const add = (el: Element | null, n: number) => {
    if (!el || el === doc.body || el === doc.documentElement) return;
    const s = (scores.get(el) ?? 0) + n;
    scores.set(el, s);
    if (s > best) {
      best = s;
      main = el;
    }
  };
  const count = Math.min(ps.length, MAX_PARAGRAPHS);
  for (let i = 0; i < count; i++) {
    const p = ps[i] as Element;
    const len = textLength(p) * scale;
    if (len < 40 || !isVisible(p)) continue;
    if (len >= 140) {
      prose += len;
      long++;
    }
    if (len < 300) blurbs++;
    const parent = p.parentElement;
    if (parent) own.set(parent, (own.get(parent) ?? 0) + len);
    add(parent, len);
    add(parent?.parentElement ?? null, len / 2);
  }
  let mainChars = 0;
  let all = 0;
  let topOwn = 0;
  let blocks = 0;
  const m = main as Element | null;
  for (const [block, chars] of own) {
    all += chars;
    if (chars > topOwn) topOwn = chars;
    if (chars >= 80) blocks++;
    if (m && (block === m || m.contains(block))) mainChars += chars;
  }
  return { prose, long, main: m, mainChars, all, topOwn, blocks, blurbs, scale };
}

/** Key–value rows: a `dt` with its `dd`, a table row of a heading cell and a value, or two cells. */
export function fieldRows(doc: Document): { rows: number; chars: number } {
  let rows = 0;
  let chars = 0;
  const dts = doc.getElementsByTagName('dt');
  const trs = doc.getElementsByTagName('tr');
  if (dts.length + trs.length < 8) return { rows, chars };
  for (let i = 0; i < dts.length && i < MAX_ITEMS; i++) {
    const dd = dts[i]?.nextElementSibling;
    if (dd?.localName !== 'dd') continue;
    const len = textLength(dd);
    if (len > 200) continue;
    rows++;
    chars += len + textLength(dts[i] as Element);
  }
  for (let i = 0; i < trs.length && i < MAX_ITEMS; i++) {
    const cells = (trs[i] as Element).children;
    if (cells.length < 2 || cells.length > 3) continue;
    if (cells.length === 3 && cells[0]?.localName !== 'th') continue;
    const len = textLength(trs[i] as Element);
    if (len < 2 || len > 240) continue;
    rows++;
    chars += len;
  }
  return { rows, chars };
}

export interface Lines {
  lines: number;
  /** Lines of at most 70 characters (Latin-script). */
  short: number;
  /** Lines said more than once (a chorus), counting each saying. */
  repeated: number;
  /** Lines that end a sentence (prose broken into lines does; verses mostly do not). */
  sentences: number;
  /** Lines with a digit in them (a table of contents, a list of specifications). */
  numbered: number;
  /** Stanzas: runs of lines between blank lines or blocks. */
  stanzas: number;
  chars: number;
  block: Element | null;
}

/** The block of lines broken by `<br>` holding most lines (a song, a poem; an address has a few). */
export function brokenLines(doc: Document, scale = 1): Lines {
  const out: Lines = {
    lines: 0,
    short: 0,
    repeated: 0,
    sentences: 0,
    numbered: 0,
    stanzas: 0,
    chars: 0,
    block: null,
  };
  const brs = doc.getElementsByTagName('br');
  if (brs.length < 12) return out;
  const counts = new Map<Element, number>();
  let block: Element | null = null;
  let best = 0;
  const add = (el: Element | null, n: number) => {
    if (!el || el === doc.body) return;
    const c = (counts.get(el) ?? 0) + n;
    counts.set(el, c);
    if (c > best) {
      best = c;
      block = el;
    }
  };
  for (let i = 0; i < brs.length && i < MAX_PARAGRAPHS; i++) {
    const parent = (brs[i] as Element).parentElement;
    add(parent, 1);
    // Verses one paragraph each: their container holds the song.
    if (parent && /^(?:p|span|div)$/.test(parent.localName)) add(parent.parentElement, 0.9);
  }
  const b = block as Element | null;
  if (!b || best < 10) return out;
  const lines: string[] = [];
  let line = '';
  let gap = true;
  const walker = doc.createTreeWalker(b, 5 /* SHOW_ELEMENT | SHOW_TEXT */);
  const BLOCKS = /^(?:br|p|div|li|h[1-6]|blockquote)$/;
  let steps = 0;
  const end = () => {
    const l = line.trim().replace(/\s+/g, ' ');
    line = '';
    if (!l) {
      gap = true;
      return;
    }
    if (gap) out.stanzas++;
    gap = false;
    lines.push(l);
  };
  for (let n = walker.nextNode(); n && steps < 4000; n = walker.nextNode(), steps++) {
    if (n.nodeType === 3) line += n.nodeValue ?? '';
    else if (BLOCKS.test((n as Element).localName)) {
      const brk = (n as Element).localName === 'br';
      end();
      if (!brk) gap = true;
    }
  }
  end();
  const seen = new Map<string, number>();
  for (const l of lines) {
    const k = l.toLowerCase().replace(/[^\p{L}\p{N} ]/gu, '');
    seen.set(k, (seen.get(k) ?? 0) + 1);
    if (l.length * scale <= 70) out.short++;
    if (/[.。!?！？:;]["'”’»)]*$/.test(l)) out.sentences++;
    if (/\d/.test(l)) out.numbered++;
    out.chars += l.length * scale;
  }
  for (const c of seen.values()) if (c > 1) out.repeated += c;
  out.lines = lines.length;
  out.block = b;
  return out;
}

/** Whether `el` and the page's headline share a block of little text (the page's main part). */
function besideHeadline(doc: Document, el: Element, scale: number): boolean {
  const h1 = doc.querySelector('h1');
  if (!h1) return false;
  let box: Element | null = el;
  for (let i = 0; box && i < 8 && !box.contains(h1); i++) box = box.parentElement;
  return !!box && box !== doc.body && textLength(box) * scale < 2500;
}

/**
 * The page's kind read from its structure, for a page whose metadata left it open: what the
 * main content is, not what is somewhere on the page (an article embeds videos, product boxes,
 * sign-up forms and comment threads; its body still holds the prose).
 */
export function structuralKind(
  doc: Document,
  url: UrlParts,
  c: Census = paragraphCensus(doc),
  organisation = false,
): PageKind | null {
  // An article body: several paragraphs of running prose side by side in one block.
  const body = c.topOwn >= 1200 && c.long >= 3;

  const lines = brokenLines(doc, c.scale);
  if (
    lines.lines >= 12 &&
    lines.short >= 0.85 * lines.lines &&
    lines.sentences <= 0.3 * lines.lines &&
    lines.numbered <= 0.1 * lines.lines &&
    lines.stanzas >= 3 &&
    (lines.repeated >= 4 || lines.lines >= 24)
  ) {
    const inside = !!lines.block && !!c.main && lines.block.contains(c.main);
    if (lines.chars > (inside ? 0 : c.prose)) return 'lyrics';
  }

  // What else the page holds, in one native query: vote buttons, buy controls, an email
  // field, players. Only for a page without an article body.
  let votes = 0;
  let cart: Element | null = null;
  let email: Element | null = null;
  const players: Element[] = [];
  if (!body) {
    const hints = doc.querySelectorAll(HINTS);
    for (let i = 0; i < hints.length && i < MAX_ITEMS; i++) {
      const el = hints[i] as Element;
      if (el.matches(PLAYER)) players.push(el);
      else if (el.matches(EMAIL_INPUT)) email ??= el;
      else if (el.matches(CART)) cart ??= el;
      else votes++;
    }
  }

  if (!body) {
    const forum = urlSignals(url).includes('url:forum');
    // Replies: many small blocks of prose, none of them an article body.
    if ((votes >= 3 || forum) && c.blocks >= 4 && c.topOwn < 0.4 * c.all) {
      return 'discussion';
    }
  }

  const fields = fieldRows(doc);
  if (fields.rows >= 8 && fields.chars > c.mainChars && c.mainChars < 2500) return 'record';

  if (!body) {
    if (cart && besideHeadline(doc, cart, c.scale)) return 'product';

    const form = email?.closest('form') ?? email?.parentElement;
    if (
      email &&
      form &&
      !form.querySelector('input[type="password" i]') &&
      c.prose < 1200 &&
      besideHeadline(doc, form, c.scale)
    ) {
      return 'newsletter';
    }

    // One player beside the headline, little prose; a watch page puts its player first.
    const player = players[0];
    const h1 = doc.querySelector('h1');
    const first = !!h1 && !!player && !!(player.compareDocumentPosition(h1) & 4);
    if (
      players.length === 1 &&
      player &&
      c.prose < (first ? 1200 : 600) &&
      besideHeadline(doc, player, c.scale)
    ) {
      return 'video';
    }
  }

  if (!body && c.long <= 2 && c.blurbs >= 5 && c.blocks >= 4) {
    const segs = url.pathname.split('/').filter(Boolean).length;
    const headings = doc.querySelectorAll('h2,h3').length;
    const shallow = segs <= 1 || organisation || urlSignals(url).includes('url:home');
    if (shallow && headings >= 4 && headings * 2 >= c.blurbs) return 'landing';
  }
  return null;
}

/** Paragraphs past which Readability's check is replaced by the same test on the first ones. */
const READERABLE_SAMPLE = 2000;

/**
 * Readability's `isProbablyReaderable` score (square roots of long paragraphs' length past 140
 * characters, over 20) on the first paragraphs only: on a page of 50 000 paragraphs its own
 * check gathers every one (and every `div > br`) into a set before it looks at the first.
 */
function readerableSample(doc: Document, minLength: number): boolean {
  const ps = doc.getElementsByTagName('p');
  let score = 0;
  for (let i = 0; i < READERABLE_SAMPLE; i++) {
    const p = ps[i] as Element;
    if (!isVisible(p) || p.closest('li')) continue;
    const len = textLength(p);
    if (len < minLength) continue;
    score += Math.sqrt(len - minLength);
    if (score > 20) return true;
  }
  return false;
}

function readerableText(doc: Document): boolean {
  try {
    const dense = DENSE_SCRIPT.test(doc.documentElement.lang) || DENSE_CHARS.test(doc.title);
    if (doc.getElementsByTagName('p').length > READERABLE_SAMPLE) {
      return readerableSample(doc, dense ? 40 : 140);
    }
    return isProbablyReaderable(
      doc,
      dense
        ? { minContentLength: 40, visibilityChecker: isVisible }
        : { visibilityChecker: isVisible },
    );
  } catch {
    return false;
  }
}

/** Separators between a headline and the site's name in a title: ` | `, ` - `, ` — `, `:`, `｜`. */
const TITLE_SEPARATORS = /\s[|\-–—·»]\s|\s*[|｜:：]\s*/;

/**
 * Whether a heading near the top of the page says what the title says, and that is a headline
 * (a sentence's length, not a section's name): an entry, however short its text. Latin-script
 * characters (a dense script's count tripled).
 */
export function headlineMatchesTitle(doc: Document, scale: number): boolean {
  const fold = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  const parts = doc.title.split(TITLE_SEPARATORS).map(fold).filter(Boolean);
  const headline = parts.sort((a, b) => b.length - a.length)[0] ?? '';
  if (headline.length * scale < 36) return false;
  const heads = doc.querySelectorAll('h1,h2,h3');
  for (let i = 0; i < heads.length && i < 12; i++) {
    const text = fold(heads[i]?.textContent ?? '');
    if (text && (text === headline || (text.length * scale >= 36 && headline.includes(text)))) {
      return true;
    }
  }
  return false;
}

/**
 * Whether the page's main text belongs to a microdata item of the declared kind (a book's or a
 * product's description inside its `itemscope`): the page is about that item. An article that
 * embeds a product box keeps its own text outside the box.
 */
function proseOfItem(doc: Document, census: Census, declared: PageKind): boolean {
  const main = census.main;
  if (!main) return false;
  const items = doc.querySelectorAll('[itemscope][itemtype]');
  for (let i = 0; i < items.length && i < 40; i++) {
    const item = items[i] as Element;
    const name = (item.getAttribute('itemtype') ?? '').trim().split(/\s+/)[0]?.replace(/^.*\//, '');
    if (KIND_TYPES[name?.toLowerCase() ?? ''] === declared && item.contains(main)) return true;
  }
  return false;
}

/**
 * Finishes what `startDetection` left open: a page whose metadata names another kind is that
 * kind unless its body says article; a page with thin metadata is read by its structure, then
 * by Readability's check on its text.
 */
export function finishDetection(doc: Document, url: UrlParts, p: PendingDetection): Detection {
  const { reasons, declared, organisation } = p;
  let score = p.score;
  const not = (kind: PageKind, extra: string[] = []) => notArticle(kind, reasons, extra);

  // The metadata names another kind of page and no article: that kind, unless the page also
  // calls itself an article (og:type, a publication date) and its body says so too. A post
  // (a social-media posting, a forum's first post) is a thread only with its replies, and a
  // declared video is the page's only when no article body stands beside it.
  if (declared) {
    const census = paragraphCensus(doc);
    const seen = structuralKind(doc, url, census, organisation);
    const body = census.topOwn >= 1200 && census.long >= 3;
    let other: boolean;
    // A post's text may be one block of lines, as long as it stands alone.
    if (declared === 'discussion') {
      other = census.topOwn < 1200 || census.blocks >= 4 || seen === 'discussion';
    }
    // Articles often declare the video they embed and nothing else: the body tells.
    else if (declared === 'video') other = !body || !!seen;
    else
      other = score < 2 || !!seen || census.mainChars < 1200 || proseOfItem(doc, census, declared);
    if (other) return not(declared);
  }

  if (p.home && !p.structured) {
    return organisation ? not('landing') : { isArticle: false, reasons };
  }
  if (score < 3) {
    const census = paragraphCensus(doc);
    const seen = structuralKind(doc, url, census, organisation);
    if (seen) return not(seen);
    // An article body in one block is readable text: no second walk over the paragraphs.
    const readable = (census.topOwn >= 1200 && census.long >= 3) || readerableText(doc);
    reasons.push(readable ? 'readerable' : 'not-readerable');
    score += weight(reasons[reasons.length - 1] as string);
    // A short entry that calls itself an article: its headline heads it, however little text.
    if (!readable && p.structured && headlineMatchesTitle(doc, census.scale)) {
      reasons.push('headline');
      score += weight('headline');
    }
  }
  return { isArticle: score >= 2, reasons };
}
