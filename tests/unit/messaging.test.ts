import { isHttpUrl, parseMessage } from '@/utils/messaging';

const report = {
  url: 'https://news.example/a',
  title: 'A title',
  detection: { isArticle: true, reasons: ['json-ld:NewsArticle'] },
  cleanup: { overlays: 1, comments: 2 },
};

describe('the message protocol', () => {
  test('accepts each of our messages in its exact shape', () => {
    expect(parseMessage({ type: 'page:report', report })).toEqual({ type: 'page:report', report });
    expect(parseMessage({ type: 'tab:get-state', tabId: 3 })).toEqual({
      type: 'tab:get-state',
      tabId: 3,
    });
    expect(parseMessage({ type: 'ping' })).toEqual({ type: 'ping' });
  });

  test('refuses unknown types, wrong shapes and non-http pages', () => {
    expect(parseMessage(null)).toBeNull();
    expect(parseMessage('page:report')).toBeNull();
    expect(parseMessage({ type: 'fav:delete-everything' })).toBeNull();
    expect(parseMessage({ type: 'tab:get-state', tabId: '3' })).toBeNull();
    expect(parseMessage({ type: 'tab:get-state', tabId: -1 })).toBeNull();
    expect(
      parseMessage({ type: 'page:report', report: { ...report, url: 'javascript:alert(1)' } }),
    ).toBeNull();
    expect(
      parseMessage({ type: 'page:report', report: { ...report, detection: null } }),
    ).toBeNull();
  });

  test('tag messages: a list of strings, of bounded size, or nothing', () => {
    expect(parseMessage({ type: 'fav:get-tags' })).toEqual({ type: 'fav:get-tags' });
    expect(parseMessage({ type: 'fav:preview', tabId: 4 })).toEqual({
      type: 'fav:preview',
      tabId: 4,
    });
    expect(parseMessage({ type: 'fav:set-tags', tags: ['a', 'b'] })).toEqual({
      type: 'fav:set-tags',
      tags: ['a', 'b'],
    });
    expect(parseMessage({ type: 'fav:set-tags', tags: 'a, b' })).toBeNull();
    expect(parseMessage({ type: 'fav:set-tags', tags: [1] })).toBeNull();
    expect(parseMessage({ type: 'fav:set-tags', tags: ['x'.repeat(10_001)] })).toBeNull();
    expect(parseMessage({ type: 'fav:set-tags', tags: Array(201).fill('a') })).toBeNull();
  });

  test('clamps what a lying page reports', () => {
    const msg = parseMessage({
      type: 'page:report',
      report: {
        ...report,
        title: 'x'.repeat(50_000),
        cleanup: { overlays: 1e9, comments: -4 },
        detection: { isArticle: 'yes', reasons: ['ok', 42, 'y'.repeat(200)] },
      },
    });
    if (msg?.type !== 'page:report') throw new Error('expected a report');
    expect(msg.report.title.length).toBe(1000);
    expect(msg.report.cleanup).toEqual({ overlays: 10_000, comments: 0 });
    expect(msg.report.detection).toEqual({ isArticle: false, reasons: ['ok'] });
  });

  test('only http and https URLs count as pages', () => {
    expect(isHttpUrl('https://a.example/')).toBe(true);
    expect(isHttpUrl('http://127.0.0.1:8080/x')).toBe(true);
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'nope']) {
      expect(isHttpUrl(bad)).toBe(false);
    }
  });
});
