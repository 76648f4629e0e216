// @vitest-environment jsdom
// jsdom: the re-extraction test runs the real extraction (Readability and DOMPurify).
import { extractArticle } from '@/utils/article/extract';
import {
  anchorOf,
  CONTEXT_CHARS,
  describeRange,
  findAnchor,
  HIGHLIGHT_ATTR,
  locate,
  placeAll,
  rangeOf,
  textOf,
  unwrap,
  wrapPosition,
} from '@/utils/highlights/anchor';

function root(html: string): HTMLElement {
  const el = document.createElement('div');
  el.innerHTML = html;
  document.body.replaceChildren(el);
  return el;
}

const ARTICLE = [
  '<p>The ferry company said on <em>Monday</em> that its oldest boat, the <a href="/x">Morning Heron</a>, would be retired at the end of the summer.</p>',
  '<p>Islanders have campaigned for a second daily crossing for eleven years. The harbour master said the new boat could make the trip in forty minutes.</p>',
  '<ul>\n  <li>Two crossings a day</li>\n  <li>A night boat on Fridays</li>\n</ul>',
  '<p>The harbour master said the timetable would be published in May.</p>',
].join('\n');

const mark = (id: string) => (m: HTMLElement) => m.setAttribute(HIGHLIGHT_ATTR, id);
const marksOf = (el: Element, id: string) =>
  [...el.querySelectorAll('mark')].filter((m) => m.getAttribute(HIGHLIGHT_ATTR) === id);
const textIn = (el: Element, id: string) =>
  marksOf(el, id)
    .map((m) => m.textContent)
    .join('');
/** The tag structure without the marks: what wrapping must never change. */
const skeleton = (el: Element): string => {
  const copy = el.cloneNode(true) as Element;
  unwrap(copy);
  return copy.innerHTML;
};

describe('describeRange', () => {
  test('a range across elements becomes its quote, context and offsets', () => {
    const el = root(ARTICLE);
    const em = el.querySelector('em') as HTMLElement;
    const a = el.querySelector('a') as HTMLElement;
    const range = document.createRange();
    range.setStart(em.firstChild as Text, 2); // "nday"
    range.setEnd(a.firstChild as Text, 7); // "Morning"
    const anchor = describeRange(el, range);
    expect(anchor?.quote.exact).toBe('nday that its oldest boat, the Morning');
    const text = textOf(el);
    expect(text.slice(anchor?.position.start, anchor?.position.end)).toBe(anchor?.quote.exact);
    expect(anchor?.quote.prefix).toBe('The ferry company said on Mo');
    expect(anchor?.quote.suffix).toBe(' Heron, would be retired at the ');
    expect(anchor?.quote.suffix.length).toBe(CONTEXT_CHARS);
  });

  test('element boundary points count as the text before them; outer white space is trimmed', () => {
    const el = root(ARTICLE);
    const [first, second] = el.querySelectorAll('p');
    const range = document.createRange();
    range.setStart(first as Element, 0);
    range.setEnd(el, [...el.childNodes].indexOf(second as ChildNode) + 1);
    const anchor = describeRange(el, range);
    expect(anchor?.quote.exact.startsWith('The ferry company')).toBe(true);
    expect(anchor?.quote.exact.endsWith('in forty minutes.')).toBe(true);
    expect(anchor?.position.start).toBe(0);
  });

  test('a range outside the root, or of white space only, is nothing', () => {
    const el = root(ARTICLE);
    const outside = document.createElement('p');
    outside.textContent = 'elsewhere';
    document.body.append(outside);
    const range = document.createRange();
    range.selectNodeContents(outside);
    expect(describeRange(el, range)).toBeNull();
    const ul = el.querySelector('ul') as HTMLElement;
    const blank = document.createRange();
    blank.setStart(ul.firstChild as Text, 0);
    blank.setEnd(ul.firstChild as Text, 1);
    expect(describeRange(el, blank)).toBeNull();
  });

  test('text in a note the reader added (data-anchor-skip) does not count', () => {
    const el = root(`<p data-anchor-skip>Two images were left out.</p>${ARTICLE}`);
    expect(textOf(el).startsWith('The ferry company')).toBe(true);
  });
});

describe('locate', () => {
  const text = textOf(root(ARTICLE));
  const at = (s: string, from = 0) => text.indexOf(s, from);
  const anchorFor = (s: string, from = 0) => anchorOf(text, at(s, from), at(s, from) + s.length);

  test('the same offsets when they still hold the quote', () => {
    const a = anchorFor('second daily crossing');
    expect(locate(text, a)).toEqual(a.position);
  });

  test('text moved: the exact quote is found where it went', () => {
    const a = anchorFor('second daily crossing');
    const moved = `A short introduction was added above.\n${text}`;
    const found = locate(moved, a);
    expect(moved.slice(found?.start, found?.end)).toBe('second daily crossing');
    expect(found?.start).toBe(a.position.start + 'A short introduction was added above.\n'.length);
  });

  test('a quote that occurs twice: the occurrence whose context fits, not the first', () => {
    const second = at('The harbour master said', at('The harbour master said') + 1);
    const a = anchorOf(text, second, second + 'The harbour master said'.length);
    // Shifted so that the old offsets hold something else.
    const moved = `Intro. ${text}`;
    const found = locate(moved, a);
    expect(found?.start).toBe(second + 'Intro. '.length);
  });

  test('the quote changed a little: found by approximate match with its context', () => {
    const a = anchorFor('campaigned for a second daily crossing for eleven years');
    const edited = text.replace('for eleven years', 'for twelve years');
    const found = locate(edited, a);
    expect(edited.slice(found?.start, found?.end)).toContain('campaigned for a second daily');
    expect(edited.slice(found?.start, found?.end)).toContain('years');
  });

  test('the quote is gone: cannot be placed (null), never a guess elsewhere', () => {
    const a = anchorFor('would be retired at the end of the summer');
    const gone = text.replace(/, would be retired at the end of the summer/, '');
    expect(locate(gone, a)).toBeNull();
    expect(locate('', a)).toBeNull();
  });

  test('a short quote fuzzily matching unrelated text is not placed', () => {
    const a = anchorOf('the tide rose', 4, 8); // "tide"
    expect(locate('an entirely different article about ride sharing and time', a)).toBeNull();
  });
});

describe('wrapping', () => {
  test('a highlight across element boundaries: marks around text only, structure kept', () => {
    const el = root(ARTICLE);
    const before = el.innerHTML;
    const text = textOf(el);
    const s = 'Monday that its oldest boat, the Morning Heron, would';
    const start = text.indexOf(s);
    const marks = wrapPosition(el, { start, end: start + s.length }, mark('h1'));
    // "Monday" (in em), " that its oldest boat, the " (p), "Morning Heron" (a), ", would" (p).
    expect(marks.length).toBe(4);
    expect(textIn(el, 'h1')).toBe(s);
    expect(textOf(el)).toBe(text);
    for (const m of marks) expect(m.children.length).toBe(0);
    expect(el.querySelector('em mark')?.textContent).toBe('Monday');
    expect(el.querySelector('a mark')?.textContent).toBe('Morning Heron');
    expect(skeleton(el)).toBe(before);
    unwrap(el, 'h1');
    expect(el.innerHTML).toBe(before);
  });

  test('across paragraphs and list items: no mark between list items', () => {
    const el = root(ARTICLE);
    const text = textOf(el);
    const start = text.indexOf('forty minutes');
    const end = text.indexOf('night boat') + 'night boat'.length;
    const marks = wrapPosition(el, { start, end }, mark('h2'));
    expect(marks.every((m) => m.parentElement?.localName !== 'ul')).toBe(true);
    expect(el.querySelectorAll('ul > mark').length).toBe(0);
    expect(el.querySelectorAll('li mark').length).toBe(2);
    expect(textIn(el, 'h2').replace(/\s+/g, ' ')).toBe(
      'forty minutes.Two crossings a dayA night boat',
    );
  });

  test('overlapping highlights both show, and removing one leaves the other whole', () => {
    const el = root(ARTICLE);
    const before = el.innerHTML;
    const text = textOf(el);
    const a = 'second daily crossing for eleven';
    const b = 'crossing for eleven years. The harbour';
    const sa = text.indexOf(a);
    const sb = text.indexOf(b);
    wrapPosition(el, { start: sa, end: sa + a.length }, mark('a'));
    wrapPosition(el, { start: sb, end: sb + b.length }, mark('b'));
    expect(textIn(el, 'a')).toBe(a);
    expect(textIn(el, 'b')).toBe(b);
    // The shared words are in both: a mark inside a mark.
    expect(el.querySelector(`mark[${HIGHLIGHT_ATTR}="a"] mark`)?.textContent).toBe(
      'crossing for eleven',
    );
    expect(textOf(el)).toBe(text);
    unwrap(el, 'a');
    expect(marksOf(el, 'a').length).toBe(0);
    expect(textIn(el, 'b')).toBe(b);
    unwrap(el, 'b');
    expect(el.innerHTML).toBe(before);
  });

  test('rangeOf gives back a DOM range over the same text', () => {
    const el = root(ARTICLE);
    const text = textOf(el);
    const s = 'oldest boat, the Morning';
    const start = text.indexOf(s);
    const range = rangeOf(el, { start, end: start + s.length });
    expect(range?.toString()).toBe(s);
    expect(describeRange(el, range as Range)?.position).toEqual({
      start,
      end: start + s.length,
    });
  });
});

describe('placeAll', () => {
  test('places those it finds, reports the others, in order, and can be run again', () => {
    const el = root(ARTICLE);
    const text = textOf(el);
    const keep = 'a night boat on Fridays'.replace('a', 'A');
    const k = text.indexOf(keep);
    const highlights = [
      { id: 'keep', ...anchorOf(text, k, k + keep.length) },
      {
        id: 'lost',
        quote: { exact: 'a sentence this article never had', prefix: '', suffix: '' },
        position: { start: 10, end: 43 },
      },
    ];
    const first = placeAll(el, highlights, (m, h) => m.setAttribute(HIGHLIGHT_ATTR, h.id));
    expect([...first.placed.keys()]).toEqual(['keep']);
    expect(first.unplaced.map((h) => h.id)).toEqual(['lost']);
    const again = placeAll(el, highlights, (m, h) => m.setAttribute(HIGHLIGHT_ATTR, h.id));
    expect(again.placed.size).toBe(1);
    expect(marksOf(el, 'keep').length).toBe(1);
    expect(textIn(el, 'keep')).toBe(keep);
  });
});

describe('a re-extracted article whose text shifted', () => {
  const page = (body: string) =>
    new DOMParser().parseFromString(
      `<!doctype html><html lang="en"><head><title>Ferry to be retired</title></head><body><main><article><h1>Ferry to be retired</h1>${body}</article></main></body></html>`,
      'text/html',
    );
  const paragraphs = [
    'The ferry company said on Monday that its oldest boat, the Morning Heron, would be retired at the end of the summer after forty-one years of service on the island route.',
    'Islanders have campaigned for a second daily crossing for eleven years, and the company now says the new boat will make that possible from the autumn timetable onwards.',
    'The harbour master said the new boat could make the trip in forty minutes, a quarter of an hour faster than the old one, and would carry twice as many cars.',
    'Fares will stay the same for residents, the company said, but visitors will pay a small supplement during the summer months to cover the cost of the extra crossings.',
    'A farewell sailing for the Morning Heron is planned for the last weekend of September, when former crew members will be invited on board for one more trip.',
  ];
  const html = (ps: string[]) => ps.map((p) => `<p>${p}</p>`).join('\n');
  const contentOf = (doc: Document) => {
    const article = extractArticle(doc, new URL('https://ferries.example/news/heron'));
    if (!article) throw new Error('no article');
    return root(article.contentHtml);
  };

  test('highlights made on the first extraction are found in the second, or reported', () => {
    const first = contentOf(page(html(paragraphs)));
    const text = textOf(first);
    const make = (s: string) => {
      const at = text.indexOf(s);
      expect(at).toBeGreaterThanOrEqual(0);
      return anchorOf(text, at, at + s.length);
    };
    const moved = make('a quarter of an hour faster than the old one');
    const edited = make('campaigned for a second daily crossing for eleven years');
    const removed = make('former crew members will be invited on board for one more trip');

    // The site added a paragraph at the top, corrected a figure and cut the last paragraph.
    const changed = [
      'Update: this article was corrected after publication to give the right number of years.',
      ...paragraphs.slice(0, 4).map((p) => p.replace('eleven years', 'twelve years')),
    ];
    const second = contentOf(page(html(changed)));
    const text2 = textOf(second);
    const m = findAnchor(second, moved);
    expect(m?.start).not.toBe(moved.position.start);
    expect(text2.slice(m?.start, m?.end)).toBe('a quarter of an hour faster than the old one');
    const e = findAnchor(second, edited);
    expect(text2.slice(e?.start, e?.end)).toMatch(/^campaigned for a second daily crossing/);
    expect(findAnchor(second, removed)).toBeNull();
  });
});
