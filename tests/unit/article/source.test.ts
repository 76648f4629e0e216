// @vitest-environment jsdom
// DOMPurify needs a real DOM implementation: happy-dom drops nodes it should keep.
import { readFileSync } from 'node:fs';
import { extractArticle } from '@/utils/article/extract';
import { articleFromSource, bodyTextChars, looksEmptied } from '@/utils/article/source';
import { parse } from './helpers';

const URL_ = new URL('https://courier.example/lake/night-ferry');
const SOURCE = readFileSync('tests/fixtures/reader/emptied-by-script-en.html', 'utf8');

/** The fixture as the page's script leaves it: its body replaced by an error screen. */
function emptied(): Document {
  const doc = parse(SOURCE);
  doc.body.innerHTML =
    '<div id="message"><h2>This page is not available right now</h2><p>This can sometimes ' +
    'happen if you have internet connectivity problems or are running software or plugins ' +
    'that affect your internet traffic. Click here to try this page again.</p></div>' +
    '<script>var a = "' +
    'x'.repeat(5000) +
    '";</script>';
  return doc;
}

function serving(html: string, type = 'text/html; charset=utf-8', status = 200) {
  const calls: [string, RequestInit | undefined][] = [];
  const doFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push([String(input), init]);
    return new Response(html, { status, headers: { 'content-type': type } });
  }) as typeof fetch;
  return { calls, doFetch };
}

describe('bodyTextChars', () => {
  it('counts the text outside scripts, styles and templates', () => {
    const doc = parse(
      '<body><p>abc</p><script>var x = "long script";</script><style>p{}</style>' +
        '<template><p>never</p></template><div> de <b>f</b></div></body>',
    );
    expect(bodyTextChars(doc)).toBe(6);
  });

  it('stops counting at its limit', () => {
    const doc = parse(`<body><p>${'word '.repeat(2000)}</p></body>`);
    expect(bodyTextChars(doc, 100)).toBeGreaterThanOrEqual(100);
    expect(bodyTextChars(doc, 100)).toBeLessThan(10_000);
  });
});

describe('looksEmptied', () => {
  it('holds for a page whose script put an error screen in place of the article', () => {
    const doc = emptied();
    expect(looksEmptied(doc, extractArticle(doc, URL_))).toBe(true);
  });

  it('does not hold for the page as served, nor for a short article among a page of text', () => {
    const doc = parse(SOURCE);
    expect(looksEmptied(doc, extractArticle(doc, URL_))).toBe(false);
    const short = parse(
      `<body><nav>${'<a href="/x">Section name</a> '.repeat(200)}</nav>` +
        '<article><h1>Brief</h1><p>Only a lead of a few words here.</p></article></body>',
    );
    expect(looksEmptied(short, null)).toBe(false);
  });
});

describe('articleFromSource', () => {
  it('reads the article again from the HTML its address served, from the cache if it can', async () => {
    const doc = emptied();
    const live = extractArticle(doc, URL_);
    const { calls, doFetch } = serving(SOURCE);
    const article = await articleFromSource(doc, URL_, live, doFetch);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.[0]).toBe(URL_.href);
    expect(calls[0]?.[1]).toMatchObject({ cache: 'force-cache', credentials: 'same-origin' });
    expect(article?.textContent).toContain('a crate of plums bound for the market');
    expect(article?.textContent).toContain('before he takes it out into the dark.');
    expect(article?.textContent).not.toContain('not available right now');
    expect(article?.wordCount ?? 0).toBeGreaterThan(400);
  });

  it('keeps nothing from another page (a changed title), a non-HTML answer, an error or a failure', async () => {
    const doc = emptied();
    const other = SOURCE.replace(/<title>[^<]*<\/title>/, '<title>Another story</title>');
    expect(await articleFromSource(doc, URL_, null, serving(other).doFetch)).toBeNull();
    expect(
      await articleFromSource(doc, URL_, null, serving(SOURCE, 'application/json').doFetch),
    ).toBeNull();
    expect(
      await articleFromSource(doc, URL_, null, serving(SOURCE, 'text/html', 503).doFetch),
    ).toBeNull();
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await articleFromSource(doc, URL_, null, failing)).toBeNull();
  });

  it('keeps the live article when the HTML holds nothing clearly longer', async () => {
    const doc = parse(SOURCE);
    const live = extractArticle(doc, URL_);
    expect(await articleFromSource(doc, URL_, live, serving(SOURCE).doFetch)).toBeNull();
  });

  it('never reads an address other than http(s)', async () => {
    const { calls, doFetch } = serving(SOURCE);
    expect(await articleFromSource(emptied(), new URL('file:///x.html'), null, doFetch)).toBeNull();
    expect(calls).toHaveLength(0);
  });
});
