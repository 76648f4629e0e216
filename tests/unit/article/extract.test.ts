// @vitest-environment jsdom
// DOMPurify needs a real DOM implementation: happy-dom drops nodes it should keep.
import { extractArticle } from '@/utils/article/extract';
import { contentOf, fixture, parse } from './helpers';

const SEED_URL = new URL('https://quotidien.example/monde/climat-feuille-de-route?utm=x');

describe('extractArticle on the seed-like French page', () => {
  const doc = fixture('seed-fr.html');
  const before = doc.documentElement.outerHTML;
  const article = extractArticle(doc, SEED_URL);

  it('finds the article with its title, without the site name', () => {
    expect(article).not.toBeNull();
    expect(article?.title).toBe(
      'Accords sur le climat : Paris et Berlin promettent une feuille de route commune',
    );
  });

  it('keeps the body paragraphs', () => {
    expect(article?.textContent).toContain('fermeture progressive des centrales à charbon');
    expect(article?.textContent).toContain("neutralité carbone à l'horizon 2050");
    expect(article?.textContent).toContain('Source: agences et rédaction');
  });

  it('drops icon ligatures, favourites and share buttons, loading text and comments', () => {
    const text = article?.textContent ?? '';
    for (const junk of [
      'folder_open',
      'access_time',
      'AJOUTER AUX FAVORIS',
      'Please Wait',
      'Comments',
      'Commentaires',
      'Partager',
      'Imprimer',
      'Facebook',
    ]) {
      expect(text).not.toContain(junk);
    }
    expect(text).not.toMatch(/(^|\s)star(\s|$)/);
    expect(article?.contentHtml).not.toContain('sharer');
  });

  it('hands its HTML to copies, JSON and messages (serialized on first read)', () => {
    const html = article?.contentHtml ?? '';
    expect(html).toContain('fermeture progressive des centrales');
    expect(Object.keys(article ?? {})).toContain('contentHtml');
    expect(structuredClone(article)?.contentHtml).toBe(html);
    expect(JSON.parse(JSON.stringify(article)).contentHtml).toBe(html);
    expect({ ...article }.contentHtml).toBe(html);
  });

  it('does not repeat the title inside the body', () => {
    const body = contentOf(article?.contentHtml ?? '');
    const headings = [...body.querySelectorAll('h1, h2')].map((h) => h.textContent?.trim());
    expect(headings).not.toContain(article?.title);
  });

  it('resolves the lazy figure image against the page URL and keeps its caption', () => {
    const body = contentOf(article?.contentHtml ?? '');
    const img = body.querySelector('figure img');
    expect(img?.getAttribute('src')).toBe('https://quotidien.example/images/berlin-reunion.jpg');
    expect(body.querySelector('figure figcaption')?.textContent).toContain('rencontre à Berlin');
  });

  it('reads metadata: site, date, language, lead image, canonical', () => {
    expect(article?.siteName).toBe('Le Quotidien Exemple');
    expect(article?.publishedTime).toBe('2016-03-14T08:30:00.000Z');
    expect(article?.lang).toBe('fr');
    expect(article?.leadImage).toBe('https://quotidien.example/images/climat-une.jpg');
    expect(article?.canonicalUrl).toBe('https://quotidien.example/monde/climat-feuille-de-route');
    expect(article?.url).toBe(SEED_URL.href);
  });

  it('counts words and reading time at the French speed', () => {
    expect(article?.wordCount).toBeGreaterThan(150);
    expect(article?.wordCount).toBeLessThan(320);
    expect(article?.readingMinutes).toBe(Math.max(1, Math.round((article?.wordCount ?? 0) / 195)));
  });

  it('never changes the page it reads', () => {
    expect(doc.documentElement.outerHTML).toBe(before);
  });
});

describe('extractArticle keeps what readers need', () => {
  const article = extractArticle(
    fixture('kept-elements.html'),
    new URL('https://chronicle.example/news/2024/trams.html'),
  );
  const body = contentOf(article?.contentHtml ?? '');

  it('resolves data-src / data-srcset lazy images against <base>', () => {
    const img = body.querySelector('img[alt="The new tram depot at dawn"]');
    expect(img?.getAttribute('src')).toBe(
      'https://chronicle.example/news/2024/images/tram-depot.jpg',
    );
    expect(img?.getAttribute('srcset')).toContain(
      'https://chronicle.example/news/2024/images/tram-depot-1280.jpg 1280w',
    );
    expect(img?.hasAttribute('loading')).toBe(false);
  });

  it('replaces a placeholder with its <noscript> image', () => {
    const imgs = [...body.querySelectorAll('img[alt="Workers lifting rails"]')];
    expect(imgs).toHaveLength(1);
    expect(imgs[0]?.getAttribute('src')).toBe(
      'https://cdn.chronicle.example/photos/rails-lifted.jpg',
    );
  });

  it('keeps figures with captions', () => {
    expect(body.querySelectorAll('figure figcaption').length).toBe(2);
  });

  it('keeps code whitespace intact', () => {
    const code = body.querySelector('pre')?.textContent ?? '';
    expect(code).toContain('for stop in route.stops:\n    wait = headway(stop, hour)');
    expect(code).toContain('\n        add_vehicle(route, hour)');
  });

  it('keeps tables, blockquotes and lists', () => {
    expect(body.querySelectorAll('table tr')).toHaveLength(3);
    expect(body.querySelector('table caption')?.textContent).toBe('Average weekday boardings');
    expect(body.querySelector('blockquote')?.textContent).toContain('a reason to walk');
    expect(body.querySelectorAll('ul li')).toHaveLength(3);
  });

  it('makes relative links absolute, opening in a new tab without opener', () => {
    const link = [...body.querySelectorAll('a')].find((a) => a.textContent?.includes('full plan'));
    expect(link?.getAttribute('href')).toBe(
      'https://chronicle.example/transport/southern-extension.html',
    );
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('resolves the URLs Readability leaves (quote sources) against <base> too', () => {
    const para = '<p>The depot opened after three years of work on the southern line. </p>';
    const doc = parse(
      `<html><head><title>Depot</title><base href="/news/2024/"></head><body><article>
      <h1>Depot</h1>${para.repeat(6)}<blockquote cite="sources/mayor.html"><p>${'A reason to walk. '.repeat(8)}</p></blockquote>
      <p>See <a href="#note-1">note 1</a> and <a href="plan.html">the plan</a>.</p>${para.repeat(4)}</article></body></html>`,
    );
    const before = doc.documentElement.outerHTML;
    const article = extractArticle(doc, new URL('https://chronicle.example/a/b.html'));
    const body = contentOf(article?.contentHtml ?? '');
    expect(body.querySelector('blockquote')?.getAttribute('cite')).toBe(
      'https://chronicle.example/news/2024/sources/mayor.html',
    );
    const hrefs = [...body.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toContain('https://chronicle.example/news/2024/plan.html');
    expect(doc.documentElement.outerHTML).toBe(before);
  });

  it('takes the byline from meta and English reading speed', () => {
    expect(article?.byline).toBe('Alex Morgan');
    expect(article?.title).toBe('How the city rebuilt its tram network');
    expect(article?.lang).toBe('en-GB');
    expect(article?.readingMinutes).toBe(Math.max(1, Math.round((article?.wordCount ?? 0) / 238)));
  });
});

describe('right-to-left pages', () => {
  it('keeps dir=rtl and lang, and drops Arabic favourites links and comment headings', () => {
    const article = extractArticle(fixture('rtl-ar.html'), new URL('https://mithal.example/a/1'));
    expect(article?.dir).toBe('rtl');
    expect(article?.lang).toBe('ar');
    expect(article?.title).toBe('افتتاح مكتبة عامة جديدة في وسط المدينة');
    expect(article?.textContent).toContain('مكتبة عامة جديدة');
    expect(article?.textContent).not.toContain('أضف إلى المفضلة');
    expect(article?.textContent).not.toContain('تعليقات');
  });

  it('takes the direction from the body when <html> has none (Hebrew)', () => {
    const para =
      '<p>העירייה פתחה ביום ראשון ספרייה ציבורית חדשה במרכז העיר, ובה יותר ממאה אלף ספרים, ' +
      'אולמות קריאה ופינות מיוחדות לילדים ולסטודנטים. ראש העירייה אמר כי הפרויקט נמשך שלוש שנים.</p>';
    const doc = parse(
      `<html lang="he"><head><title>ספרייה חדשה</title></head><body dir="rtl"><article><h1>ספרייה חדשה</h1>${para.repeat(4)}</article></body></html>`,
    );
    const article = extractArticle(doc, new URL('https://news.example/he/1'));
    expect(article?.dir).toBe('rtl');
    expect(article?.lang).toBe('he');
  });
});

describe('pages without an article', () => {
  it('returns null, and takes the whole page in "try anyway" mode', () => {
    const url = new URL('https://weather.example/');
    expect(extractArticle(fixture('no-article.html'), url)).toBeNull();
    const anyway = extractArticle(fixture('no-article.html'), url, { wholePage: true });
    expect(anyway?.textContent).toContain('Sunny spells this afternoon');
    expect(anyway?.textContent).not.toContain('Maps');
  });

  it('returns null for an empty page even when trying anyway', () => {
    expect(
      extractArticle(parse('<html><body></body></html>'), new URL('https://x.example/'), {
        wholePage: true,
      }),
    ).toBeNull();
  });

  it('refuses non-web URLs', () => {
    expect(extractArticle(fixture('seed-fr.html'), new URL('file:///tmp/a.html'))).toBeNull();
  });
});

describe('extractArticle on a page read away from its own site', () => {
  const para = (i: number) =>
    `<p>Paragraph ${i} of the report: the ferry company said the new timetable would add two crossings a day from March, and the port authority agreed to dredge the outer channel before the summer season begins.</p>`;
  const page = (canonical: string) =>
    parse(`<html><head><title>Ferries add crossings</title>
      <link rel="canonical" href="${canonical}"></head><body><article><h1>Ferries add crossings</h1>
      ${[1, 2, 3, 4, 5].map(para).join('')}
      <p>Read more:</p>
      <p><a href="https://www.daily.example/2026/ferries-strike">Ferry workers call off their strike</a></p>
      <p><a href="https://daily.example/2026/harbour-budget">The harbour's budget, line by line</a></p>
      <p><a href="https://www.daily.example/2026/tides">Why the tides ran so high this week</a></p>
      </article></body></html>`);
  // An archived or mirrored copy: loaded from one host, naming its own site as canonical.
  const mirror = new URL('http://127.0.0.1:8123/saved/ferries.html');

  it('drops the related links to the canonical site, and their label', () => {
    const article = extractArticle(page('https://www.daily.example/2026/ferries'), mirror);
    const text = article?.textContent ?? '';
    expect(text).toContain('Paragraph 5 of the report');
    expect(text).not.toContain('Ferry workers call off');
    expect(text).not.toContain('Read more:');
  });

  it('keeps them when they go to a site that is not the page’s own', () => {
    const article = extractArticle(page('https://other.example/ferries'), mirror);
    expect(article?.textContent ?? '').toContain('Ferry workers call off');
  });
});
