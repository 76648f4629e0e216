import { describe, expect, it } from 'vitest';
import { foldComments } from '../../../utils/cleanup/apply';
import { countComments } from '../../../utils/cleanup/comments';
import { findComments, inside, loadFixture, MATCHER, STRINGS } from './fixture';

/** The article paragraphs of a fixture that must stay out of every section found. */
function paragraphsKept(doc: Document, body: string, sections: readonly Element[]) {
  const ps = Array.from(doc.querySelectorAll(`${body} > p`)).filter(
    (p) => (p.textContent?.length ?? 0) > 60,
  );
  expect(ps.length).toBeGreaterThanOrEqual(4);
  return ps.every((p) => !inside(p, sections));
}

describe('comment threads found by their shape', () => {
  it('a blog thread under "3 thoughts on “…”", as one section with its heading and form', () => {
    const { doc } = loadFixture('shape-blog-thread.html');
    const sections = findComments(doc);
    expect(sections).toEqual([doc.querySelector('#responses')]);
    expect(paragraphsKept(doc, '.entry', sections)).toBe(true);
    expect(countComments(sections[0] as Element, MATCHER)).toBe(3);
  });

  it("Facebook's plugin tag inside the site's own module: the module", () => {
    const { doc } = loadFixture('shape-fb-module.html');
    const sections = findComments(doc);
    expect(sections).toEqual([doc.querySelector('.modulo-social')]);
    expect(paragraphsKept(doc, '.nota-cuerpo', sections)).toBe(true);
  });

  it("Changyan's mount in a Chinese page, with the box's own title", () => {
    const { doc } = loadFixture('platform-china.html');
    expect(findComments(doc)).toEqual([doc.querySelector('.mod-pl')]);
  });

  it('a Japanese list under コメント一覧, counted from its items', () => {
    const { doc } = loadFixture('comments-ja-list.html');
    const sections = findComments(doc);
    expect(sections).toEqual([doc.querySelector('#kakikomi')]);
    expect(paragraphsKept(doc, '.kiji-honbun', sections)).toBe(true);
    expect(countComments(sections[0] as Element, MATCHER)).toBe(3);
  });

  it('a home-grown box of items inside the article body, after its last paragraph', () => {
    const { doc } = loadFixture('shape-homegrown-box.html');
    const sections = findComments(doc);
    expect(sections).toEqual([doc.querySelector('.story-comments')]);
    expect(paragraphsKept(doc, '.beitrag-text', sections)).toBe(true);
    expect(countComments(sections[0] as Element, MATCHER)).toBe(5);
  });

  it('finds the same thread without any comment name, from permalinks and Reply links', () => {
    const { doc } = loadFixture('shape-blog-thread.html');
    for (const el of Array.from(doc.querySelectorAll('[class]'))) {
      el.setAttribute('class', el.getAttribute('class')?.replace(/comment/g, 'note') ?? '');
    }
    const sections = findComments(doc);
    expect(sections).toHaveLength(1);
    expect(sections[0]?.contains(doc.querySelector('.thread-list'))).toBe(true);
    expect(paragraphsKept(doc, '.entry', sections)).toBe(true);
  });

  it('reads schema.org Comment microdata as a thread', () => {
    const { doc } = loadFixture('trap-teasers.html');
    const list = doc.querySelector('.cards') as Element;
    list.innerHTML = ['Ana', 'Ben', 'Cleo']
      .map(
        (name, i) =>
          `<li itemprop="comment" itemscope itemtype="https://schema.org/Comment"><span itemprop="author">${name}</span> <time datetime="2024-05-1${i}">1${i} May</time><p itemprop="text">A reader's view, number ${i}, long enough to count.</p></li>`,
      )
      .join('');
    doc.querySelector('.more-from-writers h2')?.replaceChildren('From our readers');
    expect(findComments(doc)).toEqual([doc.querySelector('.more-from-writers')]);
  });
});

describe('what looks like comments and is not', () => {
  it('teaser cards with author, date, avatar and comment counts are not a thread', () => {
    const { doc } = loadFixture('trap-teasers.html');
    expect(findComments(doc)).toEqual([]);
  });

  it('reader comments quoted inside a story, before its last paragraph, stay', () => {
    const { doc } = loadFixture('trap-quoted-comments.html');
    const sections = findComments(doc);
    expect(paragraphsKept(doc, '.story-body', sections)).toBe(true);
    expect(inside(doc.querySelector('.comment-quotes') as Element, sections)).toBe(false);
  });

  it('a page whose every class says "comment" keeps its article whole', () => {
    const { doc } = loadFixture('bad-every-comment.html');
    const sections = findComments(doc);
    expect(paragraphsKept(doc, '.comments-text', sections)).toBe(true);
    expect(inside(doc.querySelector('h1') as Element, sections)).toBe(false);
  });

  it('hundreds of comments that outweigh the article: the thread is found, the article kept', () => {
    const { doc } = loadFixture('bad-10k-comments.html');
    const list = doc.querySelector('.talk-list') as Element;
    const items: string[] = [];
    for (let i = 1; i <= 300; i++) {
      items.push(
        `<li id="c${i}"><b class="name">Reader ${i}</b> <time>14 May 2024</time> <p>Opinion number ${i}, with a few words more.</p> <a href="#c${i}">Reply</a></li>`,
      );
    }
    list.innerHTML = items.join('');
    // happy-dom is far slower than a browser: a budget to match.
    const sections = findComments(doc, { budgetMs: 60_000 });
    expect(sections).toEqual([doc.querySelector('section.talk')]);
    expect(paragraphsKept(doc, '.story-body', sections)).toBe(true);
    expect(countComments(sections[0] as Element, MATCHER)).toBe(10_000); // The heading says so.
  });

  it('gives up politely on its time budget, returning what it has (nothing at 0 ms)', () => {
    const { doc } = loadFixture('shape-blog-thread.html');
    expect(() => findComments(doc, { budgetMs: -1 })).not.toThrow();
    expect(findComments(doc, { budgetMs: 1000 })).toHaveLength(1);
  });
});

describe('the buttons', () => {
  it('say how many comments they fold, and a shown section can be folded again', () => {
    const { doc, win } = loadFixture('shape-blog-thread.html');
    const sections = findComments(doc);
    const section = sections[0] as Element;
    foldComments(sections, doc, STRINGS, (s) => countComments(s, MATCHER));
    const show = section.previousElementSibling as HTMLButtonElement;
    expect(show.textContent).toBe('Show comments (3)');
    show.click();
    expect(win.getComputedStyle(section).display).not.toBe('none');
    const hide = section.previousElementSibling as HTMLButtonElement;
    expect(hide.textContent).toBe('Hide comments');
    hide.click();
    expect(win.getComputedStyle(section).display).toBe('none');
    expect(section.previousElementSibling?.textContent).toBe('Show comments (3)');
    expect(doc.querySelectorAll('[data-broadsheet-show-comments]')).toHaveLength(1);
  });

  it('without a number, the plain "Show comments…"', () => {
    const { doc } = loadFixture('platform-china.html');
    const sections = findComments(doc);
    foldComments(sections, doc, STRINGS, (s) => countComments(s, MATCHER));
    expect(sections[0]?.previousElementSibling?.textContent).toBe('Show comments…');
  });
});

describe('labels that count comments', () => {
  it.each([
    ['42 comments on “A title”', 42],
    ['3 thoughts on “Allotment diary”', 3],
    ['One response to “A title”', 1],
    ['12 Responses to A title', 12],
    ['1.234 Kommentare zu „Ein Titel“', 1234],
    ['Kommentare (5)', 5],
    ['17 réactions à « Un titre »', 17],
    ['评论 (12)', 12],
    ['コメント一覧', null],
    ['网友评论', null],
  ])('%s', (label, n) => {
    expect(MATCHER.labels.is(label)).toBe(true);
    expect(MATCHER.labels.count(label)).toBe(n);
  });

  it.each(['3 thoughts', 'One day in Paris', '42 ways to comment on a photo'])(
    '%s is not a comment label',
    (label) => {
      expect(MATCHER.labels.is(label)).toBe(false);
    },
  );
});
