import { plainText } from '../../../utils/favourites/text';
import { LIMITS, validateArticleInput } from '../../../utils/favourites/validate';

const sanitize = (html: string) => html.replace(/<script[\s\S]*?<\/script>/gi, '');

const good = {
  url: 'https://news.example.com/a',
  title: 'A title',
  contentHtml: '<p>Body</p><script>alert(1)</script>',
  textContent: 'Body',
  wordCount: 1,
  readingMinutes: 1,
};

describe('validateArticleInput', () => {
  it('accepts a good article and sanitizes its HTML again', () => {
    const result = validateArticleInput(good, sanitize);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.article.contentHtml).toBe('<p>Body</p>');
  });

  it.each([
    [null, 'not an object'],
    ['string', 'not an object'],
    [{ ...good, url: 'javascript:alert(1)' }, 'url'],
    [{ ...good, url: 42 }, 'url'],
    [{ ...good, textContent: 'x'.repeat(LIMITS.text + 1) }, 'textContent'],
    [{ ...good, contentHtml: 'x'.repeat(LIMITS.html + 1) }, 'contentHtml'],
  ])('rejects %#', (input, error) => {
    const result = validateArticleInput(input, sanitize);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(error);
  });

  it('bounds and cleans every other field', () => {
    const result = validateArticleInput(
      {
        ...good,
        title: `<img src=x onerror=alert(1)>${'T'.repeat(900)}`,
        canonicalUrl: 'javascript:alert(1)',
        leadImage: 'data:image/png;base64,AAA',
        lang: 'en"><script>',
        dir: 'sideways',
        publishedTime: 'yesterday-ish',
        wordCount: -5,
        siteName: { toString: 'evil' },
      },
      sanitize,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const a = result.article;
    expect(a.title.length).toBeLessThanOrEqual(LIMITS.title);
    expect(a.title).not.toContain('<');
    expect(a.canonicalUrl).toBeUndefined();
    expect(a.leadImage).toBeUndefined();
    expect(a.lang).toBeUndefined();
    expect(a.dir).toBeUndefined();
    expect(a.publishedTime).toBeUndefined();
    expect(a.siteName).toBeUndefined();
    expect(a.wordCount).toBe(1);
  });

  it('falls back to the URL when the title is empty', () => {
    const result = validateArticleInput({ ...good, title: '<b></b>' }, sanitize);
    expect(result.ok && result.article.title).toBe(good.url);
  });
});

describe('plainText', () => {
  it('strips tags and script bodies but keeps comparisons', () => {
    expect(plainText('<script>alert(1)</script>Budget <b>vote</b>', 100)).toBe('Budget vote');
    expect(plainText('Is a<b true? 3 < 4 &amp; 5 > 2', 100)).toBe('Is a<b true? 3 < 4 & 5 > 2');
    expect(plainText('&lt;img src=x onerror=alert(1)&gt;Hi', 100)).toBe('Hi');
  });
});
