// @vitest-environment jsdom
// DOMPurify needs a real DOM implementation: happy-dom drops nodes it should keep.
import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';
import { extractArticle } from '@/utils/article/extract';
import { sanitizeHtml } from '@/utils/article/sanitize';
import { fixture } from './helpers';

/**
 * Puts HTML in a page of a happy-dom window WITH JavaScript on, then does the worst a renderer
 * could: re-creates scripts so they run, clicks everything, fires load/error/focus/mouse events.
 * Returns whether the page's code managed to set `window.__pwned`.
 */
async function runs(html: string): Promise<boolean> {
  const win = new Window({
    url: 'https://reader.example/',
    settings: {
      enableJavaScriptEvaluation: true,
      suppressInsecureJavaScriptEnvironmentWarning: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      navigation: { disableMainFrameNavigation: true, disableChildFrameNavigation: true },
    } as never,
  });
  const doc = win.document;
  const box = doc.createElement('div');
  doc.body.append(box);
  box.innerHTML = html;
  for (const old of [...box.querySelectorAll('script')]) {
    const script = doc.createElement('script');
    script.textContent = old.textContent;
    old.replaceWith(script);
  }
  for (const el of [...box.querySelectorAll('*')]) {
    for (const type of ['load', 'error', 'mouseover', 'focus'])
      el.dispatchEvent(new win.Event(type));
    (el as unknown as { click?: () => void }).click?.();
  }
  await win.happyDOM.waitUntilComplete();
  const pwned = (win as unknown as Record<string, unknown>).__pwned === 1;
  await win.happyDOM.close();
  return pwned;
}

describe('the hostile page', () => {
  const url = new URL('https://harbour.example/news/budget');
  const article = extractArticle(fixture('hostile.html'), url);
  const html = article?.contentHtml ?? '';

  it('still gives the article text', () => {
    expect(article?.title).toBe('Council approves the new harbour budget');
    expect(article?.textContent).toContain('temporary pontoon');
  });

  it('keeps no script, handler, dangerous URL or embedded frame', () => {
    for (const bad of [
      /<script/i,
      /\son[a-z]+\s*=/i,
      /javascript:/i,
      /data:text/i,
      /<iframe/i,
      /<object/i,
      /<embed/i,
      /<form/i,
      /<input/i,
      /<button/i,
      /<style/i,
      /style=/i,
      /expression\(/i,
      /srcdoc/i,
      /formaction/i,
      /<svg[^>]*onload/i,
    ]) {
      expect(html).not.toMatch(bad);
    }
  });

  it('keeps a data: image but not a javascript: canonical or lead image', () => {
    expect(html).toContain('src="data:image/png;base64,');
    expect(article?.canonicalUrl).toBeUndefined();
    // Not the javascript: og:image: the first image of the content instead.
    expect(article?.leadImage).toBe('https://harbour.example/news/x');
  });

  it('runs nothing when rendered, where the raw page would', async () => {
    const raw = readFileSync('tests/fixtures/reader/hostile.html', 'utf8');
    const rawBody = raw.slice(raw.indexOf('<article>'), raw.indexOf('</article>'));
    expect(await runs(rawBody)).toBe(true); // the harness does catch code that runs
    expect(await runs(html)).toBe(false);
    expect(await runs(sanitizeHtml(rawBody, window))).toBe(false);
  });
});

describe('sanitizeHtml', () => {
  it('opens links in a new tab without opener or referrer', () => {
    const out = sanitizeHtml('<p><a href="https://a.example/x">x</a></p>', window);
    expect(out).toBe(
      '<p><a href="https://a.example/x" target="_blank" rel="noopener noreferrer">x</a></p>',
    );
  });

  it('drops obfuscated javascript: URLs and non-image data: URLs', () => {
    const out = sanitizeHtml(
      '<a href=" jav&#x09;ascript:alert(1)">a</a><a href="data:text/html,x">b</a>' +
        '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
      window,
    );
    expect(out).not.toMatch(/href=|src=/);
    expect(out).toContain('>a</a>');
  });

  it('keeps pre whitespace, tables, figures and dir/lang', () => {
    const input =
      '<figure><img src="https://i.example/a.jpg" alt="a"><figcaption>cap</figcaption></figure>' +
      '<pre><code>a\n  b</code></pre><table><tbody><tr><td>1</td></tr></tbody></table>' +
      '<p dir="rtl" lang="ar">نص</p>';
    expect(sanitizeHtml(input, window)).toBe(
      input.replace(
        '<img src="https://i.example/a.jpg" alt="a">',
        '<img src="https://i.example/a.jpg" alt="a">',
      ),
    );
  });
});
