// @vitest-environment jsdom
// DOMPurify needs a real DOM implementation: happy-dom drops nodes it should keep.
import { extractArticle } from '@/utils/article/extract';
import { joinSplitBody } from '@/utils/article/prepare';
import { fixture, parse } from './helpers';

const URL_ = new URL('https://tidewater.example/news/2026/02/11/harbour-ferries/');
const prose = (n: number) =>
  `Paragraph ${n} of the story goes on for a while, long enough to be a sentence of prose and more than a label.`;
const block = (cls: string, from: number, to: number) =>
  `<div class="${cls}">${Array.from({ length: to - from + 1 }, (_, i) => `<p>${prose(from + i)}</p>`).join('')}</div>`;

describe('joinSplitBody', () => {
  it('reads a body split by an ad slot to its end, without the teaser cards after it', () => {
    const article = extractArticle(fixture('split-body-en.html'), URL_);
    const text = article?.textContent ?? '';
    expect(text).toContain('without a vote against it.');
    expect(text).toContain('Not everyone is pleased with the decision.');
    expect(text).toContain('from the first of March.');
    expect(text).not.toContain('Drivers heading into town');
  });

  it('moves the later part into the body block', () => {
    const doc = parse(
      `<body><div class="w">${block('story-text a', 1, 3)}</div><div class="ad">Ad</div><div class="w2">${block('story-text b', 4, 5)}</div></body>`,
    );
    expect(joinSplitBody(doc)).toBe(1);
    const body = doc.querySelector('.story-text') as Element;
    expect(body.querySelectorAll('p')).toHaveLength(5);
    expect(doc.querySelectorAll('.story-text')).toHaveLength(1);
  });

  it('leaves blocks that are a list of cards, links, or in an aside or a comment section', () => {
    const cards = `${block('story-text', 1, 3)}${[4, 5, 6, 7].map((n) => block('story-text', n, n)).join('')}`;
    const links = `${block('story-text', 1, 3)}<div class="story-text"><p><a href="/x">${prose(4)}</a></p></div>`;
    const aside = `${block('story-text', 1, 3)}<aside>${block('story-text', 4, 4)}</aside>`;
    const comments = `${block('story-text', 1, 3)}<section id="comments">${block('story-text', 4, 4)}</section>`;
    const before = `${block('story-text lead', 1, 1)}${block('story-text', 2, 4)}`;
    // A heading between: the story goes on in a section of its own, which a move would reorder.
    const section = `${block('story-text', 1, 3)}<h2>What comes next</h2>${block('story-text', 4, 5)}`;
    for (const html of [cards, links, aside, comments, before, section]) {
      expect(joinSplitBody(parse(`<body>${html}</body>`)), html.slice(0, 60)).toBe(0);
    }
  });
});
