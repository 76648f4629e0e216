// @vitest-environment jsdom
// DOMPurify needs a real DOM implementation: happy-dom drops nodes it should keep.
import { extractMetadata, stripSiteSuffix } from '@/utils/article/metadata';
import { readingMinutes, wordCount } from '@/utils/article/reading-time';
import { fixture, parse } from './helpers';

describe('extractMetadata', () => {
  it('reads JSON-LD @graph: authors by reference and inline, publisher, date, image', () => {
    const meta = extractMetadata(
      fixture('metadata-graph.html'),
      new URL('https://zeitung.example/a/1'),
    );
    expect(meta.title).toBe('Neue Brücke über den Rhein eröffnet');
    expect(meta.byline).toBe('Anna Schmidt, Jonas Weber');
    expect(meta.siteName).toBe('Beispiel-Zeitung GmbH');
    expect(meta.publishedTime).toBe('2024-05-02T06:15:00.000Z');
    expect(meta.leadImage).toBe('https://zeitung.example/img/bruecke.jpg');
    expect(meta.lang).toBe('de');
    expect(meta.excerpt).toContain('vier Jahren Bauzeit');
  });

  it('falls back to meta tags and <time datetime>', () => {
    const doc = parse(`<html><head><meta name="author" content="https://x.example/me">
      <meta property="og:locale" content="pt_BR"><meta property="og:site_name" content="Diário">
      </head><body><time datetime="2023-11-05T10:00:00Z">5 nov</time></body></html>`);
    const meta = extractMetadata(doc, new URL('https://d.example/'));
    expect(meta.byline).toBeUndefined(); // a URL is not a name
    expect(meta.lang).toBe('pt-BR');
    expect(meta.siteName).toBe('Diário');
    expect(meta.publishedTime).toBe('2023-11-05T10:00:00.000Z');
  });

  it('matches meta keys in any case, in property, name or itemprop, the first one of each', () => {
    const doc = parse(`<html><head><meta property="OG:Title" content="First title">
      <meta name="og:title" content="Second title"><meta itemprop="datePublished" content="">
      <meta name="DATEPUBLISHED" content="2020-01-02T03:04:05Z">
      <meta name="Description" content="  An   excerpt "></head><body></body></html>`);
    const meta = extractMetadata(doc, new URL('https://m.example/'));
    expect(meta.title).toBe('First title');
    // The first datePublished is empty: the next key is tried, not the next element.
    expect(meta.publishedTime).toBeUndefined();
    expect(meta.excerpt).toBe('An excerpt');
  });

  it('reads a single author object and ignores an unparseable date', () => {
    const doc = parse(`<script type="application/ld+json">{"@type":"BlogPosting",
      "author":{"@type":"Person","name":"Ana López"},"datePublished":"yesterday"}</script>`);
    const meta = extractMetadata(doc, new URL('https://b.example/'));
    expect(meta.byline).toBe('Ana López');
    expect(meta.publishedTime).toBeUndefined();
  });
});

describe('stripSiteSuffix', () => {
  it.each([
    [
      'Lavrov et Kerry évoquent la Syrie | Le Quotidien',
      'Le Quotidien',
      'Lavrov et Kerry évoquent la Syrie',
    ],
    [
      'Budget vote delayed again - The Example Times',
      'The Example Times',
      'Budget vote delayed again',
    ],
    // As newer Readability does: a short tail after an en dash is the site's name.
    ['Budget vote delayed again – BBC News', undefined, 'Budget vote delayed again'],
    ['Ukraine talks – live', undefined, 'Ukraine talks – live'],
    ['Budget vote delayed again | Chronicle', undefined, 'Budget vote delayed again'],
    ['Chronicle | Budget vote delayed again today', 'Chronicle', 'Budget vote delayed again today'],
    [
      'Spider-Man - the reboot nobody asked for',
      undefined,
      'Spider-Man - the reboot nobody asked for',
    ],
    ['Syrie : les négociations reprennent', undefined, 'Syrie : les négociations reprennent'],
  ])('%s', (title, site, expected) => {
    expect(stripSiteSuffix(title, site, 'news.example')).toBe(expected);
  });

  it('recognises the site by its host name', () => {
    expect(stripSiteSuffix('Neue Brücke eröffnet - Zeitung', undefined, 'www.zeitung.de')).toBe(
      'Neue Brücke eröffnet',
    );
  });
});

describe('reading time', () => {
  const words = (n: number) => Array.from({ length: n }, () => 'mot').join(' ');
  it('uses the speed of the language', () => {
    expect(readingMinutes(words(1950), 'fr')).toBe(10);
    expect(readingMinutes(words(2380), 'en-GB')).toBe(10);
    expect(readingMinutes(words(1790), 'de')).toBe(10);
    expect(readingMinutes(words(10), 'fr')).toBe(1);
  });

  it('counts Chinese by characters', () => {
    const zh = '宇航员在太空中喝酒会怎么样'.repeat(40); // 520 characters
    expect(wordCount(zh)).toBe(260);
    expect(readingMinutes(zh, 'zh-CN')).toBe(2);
    expect(wordCount('Paris, le 3 mars : l’État répond.')).toBe(6);
  });
});
