import {
  isHttpUrl,
  isTrackingParam,
  normalizeUrl,
  registrableHost,
  siteOf,
} from '../../../utils/favourites/url';

describe('normalizeUrl', () => {
  const cases: [string, string | null][] = [
    ['https://News.Example.COM/a/B?x=1', 'https://news.example.com/a/B?x=1'],
    ['https://example.com:443/a', 'https://example.com/a'],
    ['http://example.com:80/a', 'http://example.com/a'],
    ['http://example.com:8080/a', 'http://example.com:8080/a'],
    ['https://example.com/a#section-2', 'https://example.com/a'],
    ['https://example.com/a?', 'https://example.com/a'],
    ['https://example.com/a?utm_source=x&utm_medium=y&utm_campaign=z', 'https://example.com/a'],
    ['https://example.com/a?UTM_Source=x', 'https://example.com/a'],
    ['https://example.com/a?fbclid=1&gclid=2&dclid=3&msclkid=4', 'https://example.com/a'],
    ['https://example.com/a?mc_eid=1&mc_cid=2&igshid=3&_hsenc=4&_hsmi=5', 'https://example.com/a'],
    ['https://example.com/a?mkt_tok=1&yclid=2&ref_src=3&spm=4&xtor=RSS-8', 'https://example.com/a'],
    ['https://example.com/a?b=2&a=1', 'https://example.com/a?a=1&b=2'],
    ['https://example.com/a?id=5&utm_source=rss#top', 'https://example.com/a?id=5'],
    ['https://user:pw@example.com/a', 'https://example.com/a'],
    ['  https://example.com/a  ', 'https://example.com/a'],
    ['javascript:alert(1)', null],
    ['data:text/html,hi', null],
    ['ftp://example.com/file', null],
    ['mailto:a@example.com', null],
    ['/relative/path', null],
    ['not a url', null],
    ['', null],
  ];
  it.each(cases)('%s → %s', (raw, expected) => {
    expect(normalizeUrl(raw)).toBe(expected);
  });

  it('uses a canonical URL on the same site', () => {
    expect(
      normalizeUrl('https://m.example.com/a?utm_source=x', 'https://www.example.com/story/a'),
    ).toBe('https://www.example.com/story/a');
    expect(normalizeUrl('https://amp.example.co.uk/a', 'https://www.example.co.uk/a#x')).toBe(
      'https://www.example.co.uk/a',
    );
  });

  it('ignores a canonical URL on another site or not http(s)', () => {
    expect(normalizeUrl('https://example.com/a', 'https://evil.example.org/a')).toBe(
      'https://example.com/a',
    );
    expect(normalizeUrl('https://a.example.co.uk/x', 'https://b.other.co.uk/x')).toBe(
      'https://a.example.co.uk/x',
    );
    expect(normalizeUrl('https://example.com/a', 'javascript:alert(1)')).toBe(
      'https://example.com/a',
    );
    expect(normalizeUrl('https://example.com/a', 'not a url')).toBe('https://example.com/a');
  });

  it('keeps IPs and localhost apart (no canonical across them)', () => {
    expect(normalizeUrl('http://127.0.0.1:8000/a', 'http://localhost:8000/a')).toBe(
      'http://127.0.0.1:8000/a',
    );
  });
});

describe('url helpers', () => {
  it('isHttpUrl accepts http(s) only', () => {
    expect(isHttpUrl('https://example.com')).toBe(true);
    expect(isHttpUrl('http://example.com/x')).toBe(true);
    expect(isHttpUrl('javascript:alert(1)')).toBe(false);
    expect(isHttpUrl(42)).toBe(false);
  });

  it('registrableHost and siteOf', () => {
    expect(registrableHost('www.news.example.com')).toBe('example.com');
    expect(registrableHost('www.bbc.co.uk')).toBe('bbc.co.uk');
    expect(registrableHost('127.0.0.1')).toBe('127.0.0.1');
    expect(siteOf('https://www.example.com/a')).toBe('example.com');
    expect(siteOf('https://news.example.com/a')).toBe('news.example.com');
  });

  it('recognises tracking parameters but keeps real ones', () => {
    expect(isTrackingParam('utm_content')).toBe(true);
    expect(isTrackingParam('id')).toBe(false);
    expect(isTrackingParam('page')).toBe(false);
    expect(isTrackingParam('q')).toBe(false);
  });
});
