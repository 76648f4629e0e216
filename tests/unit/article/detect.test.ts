import { describe, expect, it } from 'vitest';
import {
  detectArticle,
  jsonLdTypes,
  structuredSignals,
  urlSignals,
} from '../../../utils/article/detect';
import { loadFixture } from '../cleanup/fixture';

const u = (s: string) => new URL(s);

describe('urlSignals', () => {
  it.each([
    ['https://www.lemonde.example/', 'url:home'],
    ['https://news.example/index.html', 'url:home'],
    ['https://news.example/?s=brexit', 'url:search'],
    ['https://news.example/tag/climate/', 'url:listing'],
    ['https://news.example/category/politics', 'url:listing'],
    ['https://news.example/author/jane-doe/', 'url:listing'],
    ['https://news.example/rubrique/politique/', 'url:listing'],
    ['https://news.example/2024/05/14/night-bus', 'url:date'],
    ['https://news.example/world/europe-68912345', 'url:id'],
    ['https://news.example/?p=8812', 'url:id'],
    ['https://news.example/politics/minister-resigns-after-vote-on-budget', 'url:slug'],
  ])('%s → %s', (url, reason) => {
    expect(urlSignals(u(url))).toContain(reason);
  });

  it('does not call a short section path an article', () => {
    expect(urlSignals(u('https://news.example/sport/'))).toEqual([]);
  });
});

describe('jsonLdTypes', () => {
  it('reads @graph, arrays, type arrays and skips broken blocks', () => {
    const { doc } = loadFixture(
      'x.html',
      `<html><head>
      <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
        {"@type":"WebSite","name":"X"},{"@type":["ReportageNewsArticle","Article"],"headline":"H"}]}</script>
      <script type="application/ld+json">[{"@type":"BreadcrumbList"},{"@type":"OpinionNewsArticle"}]</script>
      <script type="application/ld+json">{ broken </script>
      </head><body></body></html>`,
    );
    expect(jsonLdTypes(doc).sort()).toEqual(
      ['Article', 'BreadcrumbList', 'OpinionNewsArticle', 'ReportageNewsArticle', 'WebSite'].sort(),
    );
  });
});

describe('structuredSignals', () => {
  it('reads JSON-LD, the first og:type, the publication date and microdata in one pass', () => {
    const { doc } = loadFixture(
      'structured.html',
      `<html><head>
        <meta property="og:title" name="og:type" content="Article">
        <meta property="og:type" content="website">
        <meta name="og:type" property="description" content="A page">
        <script type="application/ld+json">{"@type": "NewsArticle"}</script>
      </head><body itemscope itemtype="https://schema.org/BlogPosting">
        <div itemprop="articleBody"><p>Text.</p></div>
      </body></html>`,
    );
    expect(structuredSignals(doc).sort()).toEqual(
      [
        'json-ld:NewsArticle',
        'microdata:BlogPosting',
        'microdata:articleBody',
        'og:article',
      ].sort(),
    );
  });

  it('says when the page was published, from a meta tag or microdata', () => {
    const meta = loadFixture(
      'published.html',
      '<html><head><meta property="article:published_time" content="2026-01-02"></head></html>',
    ).doc;
    expect(structuredSignals(meta)).toEqual(['meta:published_time']);
    const micro = loadFixture('micro.html', '<p><time itemprop="datePublished">Jan 2</time></p>');
    expect(structuredSignals(micro.doc)).toEqual(['meta:published_time']);
    const empty = loadFixture('empty.html', '<meta name="article:published_time" content="">');
    expect(structuredSignals(empty.doc)).toEqual([]);
  });
});

describe('detectArticle', () => {
  it('says the seed page is an article, with its reasons, without reading the text', () => {
    const { doc } = loadFixture('seed-fr.html');
    const d = detectArticle(doc, u('https://www.exemple-info.fr/2016/03/06/lavrov-kerry-syrie/'));
    expect(d.isArticle).toBe(true);
    expect(d.reasons).toEqual(
      expect.arrayContaining(['url:date', 'json-ld:NewsArticle', 'og:article']),
    );
    expect(d.reasons).not.toContain('readerable');
  });

  it('says a home page is not an article', () => {
    const { doc } = loadFixture('home-en.html');
    const d = detectArticle(doc, u('https://www.dailyledger.example/'));
    expect(d).toEqual({ isArticle: false, reasons: expect.arrayContaining(['url:home']) });
  });

  it('says a section page is not an article', () => {
    const { doc } = loadFixture('section-fr.html');
    const d = detectArticle(doc, u('https://www.courrier-du-soir.example/rubrique/politique/'));
    expect(d.isArticle).toBe(false);
    expect(d.reasons).toEqual(expect.arrayContaining(['url:listing', 'json-ld:CollectionPage']));
  });

  it('falls back to the text when nothing else tells', () => {
    const { doc } = loadFixture('comments-ja.html');
    for (const el of Array.from(doc.querySelectorAll('meta[property], script'))) el.remove();
    const d = detectArticle(doc, u('https://news.example/ja/story'));
    expect(d.reasons).toContain('readerable');
    expect(d.isArticle).toBe(true);
  });

  it('reads text hidden by an inline style, `hidden` or aria-hidden as no text', () => {
    const para =
      'A long paragraph of ordinary reporting, with enough words in it to count. '.repeat(8);
    const page = (attrs: string[]) =>
      `<html><body>${attrs.map((a) => `<p ${a}>${para}</p>`).join('')}</body></html>`;
    const hidden = ['style="color: red; display: none"', 'hidden', 'aria-hidden="true"'];
    const url = u('https://news.example/story');
    const shown = loadFixture('shown.html', page(['', 'style="color: red"', 'class="x"'])).doc;
    expect(detectArticle(shown, url).reasons).toContain('readerable');
    const gone = loadFixture('hidden.html', page(hidden)).doc;
    expect(detectArticle(gone, url).reasons).toContain('not-readerable');
  });

  it('says an empty page at an article-like URL is not an article', () => {
    const { doc } = loadFixture('x.html', '<html><body><p>Hello.</p></body></html>');
    const d = detectArticle(doc, u('https://news.example/story/some-long-slug-of-words'));
    expect(d).toEqual({ isArticle: false, reasons: ['url:slug', 'not-readerable'] });
  });

  it.each(['comments-ar.html', 'comments-zh.html', 'trap-opinion-comment.html'])(
    '%s is an article',
    (file) => {
      const { doc } = loadFixture(file);
      expect(detectArticle(doc, u('https://news.example/a/b')).isArticle).toBe(true);
    },
  );
});

describe('the two stages of detection', () => {
  it('settles a page that declares its article in the first stage, with no structure read', async () => {
    const { startDetection } = await import('../../../utils/article/detect-signals');
    const { doc } = loadFixture(
      'x.html',
      '<html><head><meta property="og:type" content="article"><meta property="article:published_time" content="2026-01-02"></head><body><h1>T</h1><p>Short.</p></body></html>',
    );
    const first = startDetection(
      doc,
      u('https://news.example/2026/01/02/night-buses-return-to-four-lines'),
    );
    expect(first.done?.isArticle).toBe(true);
    expect(first.pending).toBeUndefined();
  });

  it('leaves a page with thin metadata to the second stage, which gives the same verdict as both', async () => {
    const { startDetection } = await import('../../../utils/article/detect-signals');
    const { finishDetection } = await import('../../../utils/article/detect-structure');
    const { doc } = loadFixture('home-en.html');
    const url = u('https://news.example/sport/');
    const first = startDetection(doc, url);
    expect(first.pending).toBeDefined();
    expect(finishDetection(doc, url, first.pending as never)).toEqual(detectArticle(doc, url));
  });
});

describe('meta tags written with `value`', () => {
  it('reads og:type and the publication date from `value` when `content` is absent', () => {
    const { doc } = loadFixture(
      'x.html',
      '<html><head><meta property="og:type" value="article"><meta property="article:published_time" value="2024-05-14"></head><body></body></html>',
    );
    expect(structuredSignals(doc)).toEqual(['og:article', 'meta:published_time']);
  });
});
