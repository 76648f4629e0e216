import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectArticle, structuredSignals, urlSignals } from '../../../utils/article/detect';
import { loadFixture } from '../cleanup/fixture';

const page = (name: string) =>
  loadFixture(name, readFileSync(`tests/fixtures/detect/${name}`, 'utf8')).doc;
/** A path that says nothing either way, as the corpora's pages are served. */
const neutral = new URL('https://site.example/pages/entry.html');
const kindOf = (name: string, url = neutral) => {
  const d = detectArticle(page(name), url);
  return d.isArticle ? 'article' : (d.reasons.find((r) => r.startsWith('kind:')) ?? 'none');
};

describe('pages of other kinds, told apart by their structure and metadata', () => {
  it.each([
    ['discussion-thread.html', 'kind:discussion'],
    ['discussion-link-ld.html', 'kind:discussion'],
    ['lyrics.html', 'kind:lyrics'],
    ['lyrics-stanzas.html', 'kind:lyrics'],
    ['lyrics-ld.html', 'kind:lyrics'],
    ['product.html', 'kind:product'],
    ['product-plain.html', 'kind:product'],
    ['product-microdata.html', 'kind:product'],
    ['record-registry.html', 'kind:record'],
    ['record-database.html', 'kind:record'],
    ['record-repository.html', 'kind:record'],
    ['landing.html', 'kind:landing'],
    ['video.html', 'kind:video'],
    ['video-plain.html', 'kind:video'],
    ['newsletter.html', 'kind:newsletter'],
  ])('%s → %s', (file, kind) => {
    expect(kindOf(file)).toBe(kind);
  });

  it('an organisation at its root is a landing page, also in one language', () => {
    expect(kindOf('landing.html', new URL('https://brightwater.example/'))).toBe('kind:landing');
    expect(kindOf('landing-plain.html', new URL('https://brightwater.example/en/'))).not.toBe(
      'article',
    );
    expect(urlSignals(new URL('https://brightwater.example/fr-fr/'))).toEqual(['url:home']);
  });

  it('puts the kind first among the reasons, the signals after it', () => {
    const d = detectArticle(page('video.html'), neutral);
    expect(d.reasons[0]).toBe('kind:video');
    expect(d.reasons).toEqual(expect.arrayContaining(['og:video.other', 'json-ld:VideoObject']));
  });
});

describe('articles that embed a video, a product box, a sign-up form or comments', () => {
  it.each([
    'article-with-video.html',
    'article-with-product.html',
    'article-with-newsletter.html',
    'article-with-comments.html',
  ])('%s stays an article', (file) => {
    expect(kindOf(file)).toBe('article');
    expect(kindOf(file, new URL('https://courier.example/2024/03/09/old-mill-turns-again'))).toBe(
      'article',
    );
  });

  it('a social-media posting without replies is a post, not a thread', () => {
    const text = 'A long paragraph of a post, with enough words in it to read as prose. '.repeat(6);
    const doc = loadFixture(
      'post.html',
      `<html><head><script type="application/ld+json">{"@type":"SocialMediaPosting"}</script></head>
      <body><article><h1>A post</h1><div><p>${text}</p><p>${text}</p><p>${text}</p></div></article></body></html>`,
    ).doc;
    expect(detectArticle(doc, neutral).isArticle).toBe(true);
    const lines = Array.from({ length: 40 }, (_, i) => `Line ${i} of a post, told in short lines`);
    const one = loadFixture(
      'post-lines.html',
      `<html><head><script type="application/ld+json">{"@type":"SocialMediaPosting"}</script></head>
      <body><article><h1>A post</h1><p>${lines.join('<br>')}.</p></article></body></html>`,
    ).doc;
    expect(detectArticle(one, neutral).isArticle).toBe(true);
  });
});

describe('structured signals of other kinds', () => {
  it('reads the main microdata item, not the ones nested as property values', () => {
    const doc = loadFixture(
      'nested.html',
      `<html><body><article itemscope itemtype="https://schema.org/NewsArticle">
        <div itemprop="video" itemscope itemtype="https://schema.org/VideoObject"></div>
        <div itemprop="about" itemscope itemtype="https://schema.org/Product"></div>
      </article></body></html>`,
    ).doc;
    expect(structuredSignals(doc)).toEqual(['microdata:NewsArticle']);
  });

  it('reads a price meta tag', () => {
    const doc = loadFixture(
      'price.html',
      '<html><head><meta property="product:price:amount" content="12.00"></head></html>',
    ).doc;
    expect(structuredSignals(doc)).toEqual(['meta:price']);
  });
});

describe('a declared video beside an article body', () => {
  it('is the article’s video when the page has a body and says nothing else', () => {
    const doc = page('article-with-video.html');
    for (const el of Array.from(doc.querySelectorAll('meta[property="og:type"]'))) el.remove();
    const d = detectArticle(doc, neutral);
    expect(d.isArticle).toBe(true);
    expect(d.reasons).toContain('json-ld:VideoObject');
  });
});

describe('a short entry that calls itself an article', () => {
  const url = new URL('https://devnotebook.example/entries/treelib.html');
  it('is an article when its headline heads it, however little text it has', () => {
    const { doc } = loadFixture(
      'x.html',
      readFileSync('tests/fixtures/detect/article-short-entry.html', 'utf8'),
    );
    const d = detectArticle(doc, url);
    expect(d.isArticle).toBe(true);
    expect(d.reasons).toContain('headline');
  });

  it('is not, when its headings only name sections (a listing that says og:type article)', () => {
    const html = readFileSync('tests/fixtures/detect/article-short-entry.html', 'utf8').replace(
      '<h3 class="title">A tiny library that draws trees like mind maps</h3>',
      '<h3 class="title">Libraries</h3>',
    );
    const { doc } = loadFixture('x.html', html);
    expect(detectArticle(doc, url).isArticle).toBe(false);
  });

  it('is not, without the page calling itself an article', () => {
    const html = readFileSync('tests/fixtures/detect/article-short-entry.html', 'utf8').replace(
      '<meta name="og:type" value="article">',
      '',
    );
    const { doc } = loadFixture('x.html', html);
    expect(detectArticle(doc, url).isArticle).toBe(false);
  });
});

describe('a catalogue page that says og:type article out of habit', () => {
  it('is the item it declares when its main text is that item’s description', () => {
    const html = readFileSync('tests/fixtures/detect/product-og-article.html', 'utf8');
    const { doc } = loadFixture('x.html', html);
    const d = detectArticle(doc, new URL('https://harbourbooks.example/books/learning-to-sail'));
    expect(d.isArticle).toBe(false);
    expect(d.reasons[0]).toBe('kind:product');
  });
});
