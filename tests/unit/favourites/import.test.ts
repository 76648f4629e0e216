import { readFileSync } from 'node:fs';
import { exportAll } from '../../../utils/favourites/export';
import {
  checkImportSize,
  detectFormat,
  importFavourites,
  MAX_IMPORT_BYTES,
  parseImport,
  parseTime,
} from '../../../utils/favourites/import';
import { article, freshStore } from './helpers';

const fixture = (name: string) => readFileSync(`tests/fixtures/import/${name}`, 'utf8');
// A stand-in sanitizer: DOMPurify does not sanitize under happy-dom. The point here is that
// the import passes every offline HTML through the sanitizer it is given.
const sanitize = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/gi, '')
    .replace(/\son\w+=("[^"]*"|'[^']*'|[^\s>]+)/gi, '');
const opts = { sanitize, now: 1_800_000_000_000 };

describe('format detection', () => {
  it.each([
    ['pocket.csv', 'pocket-csv'],
    ['pocket-export.html', 'pocket-html'],
    ['bookmarks-chrome.html', 'netscape-html'],
    ['bookmarks-firefox.html', 'netscape-html'],
    ['broadsheet-export.json', 'broadsheet-json'],
  ])('%s is %s', (name, format) => {
    expect(detectFormat(fixture(name))).toBe(format);
  });

  it('refuses what it does not know', () => {
    expect(detectFormat('<html><body><p>Hello</p></body></html>')).toBeNull();
    expect(detectFormat('name,email\nJo,jo@example.com')).toBeNull();
    expect(parseImport('\u0000\u0001binary junk', opts).error).toMatch(/not in a format/);
  });
});

describe('Pocket CSV', () => {
  it('parses rows, tags, times and status', () => {
    const result = parseImport(fixture('pocket.csv'), opts);
    expect(result.error).toBeUndefined();
    expect(result.rejected).toEqual([]);
    expect(result.accepted).toHaveLength(4);
    const [first, second] = result.accepted;
    expect(first?.title).toBe('La rédaction répond à vos questions');
    expect(first?.tags).toEqual(['société', 'médias']);
    expect(first?.savedAt).toBe(1710230400 * 1000);
    expect(first?.read).toBe(false);
    expect(first?.fetched).toBe(false);
    expect(second?.read).toBe(true);
    expect(second?.tags).toEqual([]);
  });

  it('rejects hostile rows with reasons and keeps the good ones', () => {
    const result = parseImport(fixture('pocket-hostile.csv'), opts);
    expect(result.accepted.map((a) => a.url)).toEqual([
      'https://news.example.com/world/good-one',
      'https://news.example.com/politics/budget-vote',
      'https://blog.example.org/2024/notes?id=7&utm_campaign=x',
    ]);
    expect(result.accepted[1]?.title).toBe('Budget vote delayed again');
    expect(result.accepted[2]?.savedAt).toBe(opts.now);
    expect(result.rejected.map((r) => r.row)).toEqual([3, 5, 6, 7]);
    expect(result.rejected[0]?.reason).toMatch(/not an http\(s\) URL \(javascript:/);
    expect(result.rejected[1]?.reason).toBe('missing URL');
    expect(result.rejected[2]?.reason).toMatch(/ftp:/);
  });
});

describe('Pocket HTML and bookmarks', () => {
  it('reads Pocket HTML with unread and archive sections', () => {
    const result = parseImport(fixture('pocket-export.html'), opts);
    expect(result.format).toBe('pocket-html');
    expect(result.accepted.map((a) => [a.title, a.read])).toEqual([
      ["Le festival d'été s'ouvre sous la pluie", false],
      ['A comet returns after 70 years', false],
      ['La final de la copa, minuto a minuto', true],
    ]);
    expect(result.accepted[0]?.tags).toEqual(['culture', 'été']);
    expect(result.rejected).toEqual([{ row: 3, reason: expect.stringMatching(/javascript:/) }]);
  });

  it('reads Chrome bookmarks, skipping bookmarklets', () => {
    const result = parseImport(fixture('bookmarks-chrome.html'), opts);
    expect(result.accepted.map((a) => a.title)).toEqual([
      'Ceasefire talks resume in Geneva',
      'Tribune : l’école à l’heure du numérique',
      'خبر عاجل: افتتاح المكتبة',
    ]);
    expect(result.accepted[0]?.savedAt).toBe(1700001000 * 1000);
    expect(result.rejected).toHaveLength(1);
  });

  it('reads Firefox bookmarks with tags, stripping markup from titles', () => {
    const result = parseImport(fixture('bookmarks-firefox.html'), opts);
    expect(result.accepted.map((a) => a.title)).toEqual([
      'Chips act: what changes',
      'Un volcán despierta en Canarias',
    ]);
    // Its TAGS, then its folder.
    expect(result.accepted[0]?.tags).toEqual(['tech', 'policy', 'News']);
    expect(result.rejected[0]?.reason).toMatch(/place:/);
  });
});

describe('Broadsheet JSON', () => {
  it('parses, sanitizes offline HTML and rejects bad entries', () => {
    const result = parseImport(fixture('broadsheet-export.json'), opts);
    expect(result.format).toBe('broadsheet-json');
    expect(result.accepted).toHaveLength(3);
    const first = result.accepted[0];
    expect(first?.offline?.html).not.toMatch(/script|onerror/);
    expect(first?.offline?.text).toContain('lighthouse');
    expect(first?.read).toBe(true);
    expect(result.accepted[1]?.fetched).toBe(false);
    expect(result.rejected).toEqual([
      { row: 3, reason: expect.stringMatching(/javascript:/) },
      { row: 4, reason: 'not a favourite (expected an object)' },
    ]);
  });

  it('refuses truncated JSON and other JSON with a clear message', () => {
    expect(parseImport(fixture('truncated.json'), opts).error).toMatch(/not complete JSON/);
    expect(parseImport('{"hello": 1}', opts).error).toMatch(/not a Broadsheet/);
    expect(
      parseImport('{"format":"broadsheet-favourites","version":9,"favourites":[]}', opts).error,
    ).toMatch(/version 9/);
  });
});

describe('hostile sizes', () => {
  it('refuses files over the limit before reading them', () => {
    expect(checkImportSize(50 * 1024 * 1024, 'title,url\n')).toMatch(/too large \(50 MB\).*25 MB/);
    expect(checkImportSize(1024, 'title,url\n')).toBeNull();
    // Our own exports carry offline copies and may be larger.
    expect(checkImportSize(50 * 1024 * 1024, '{"format":"broadsheet-favourites"')).toBeNull();
    const big = `title,url\n${'x'.repeat(MAX_IMPORT_BYTES)}`;
    expect(parseImport(big, opts).error).toMatch(/too large/);
  });

  it('parses times in seconds, milliseconds, microseconds and ISO', () => {
    expect(parseTime('1700000000')).toBe(1700000000000);
    expect(parseTime(1700000000000)).toBe(1700000000000);
    expect(parseTime('1700000000000000')).toBe(1700000000000);
    expect(parseTime('2024-01-01T00:00:00Z')).toBe(Date.UTC(2024, 0, 1));
    expect(parseTime('soon')).toBeNull();
    expect(parseTime('')).toBeNull();
  });
});

describe('importFavourites', () => {
  it('dedupes by normalized URL, newest wins, and reports progress', async () => {
    const store = freshStore();
    const parsed = parseImport(fixture('broadsheet-export.json'), opts);
    const progress: number[] = [];
    const summary = await importFavourites(store, parsed.accepted, {
      onProgress: (done) => progress.push(done),
    });
    expect(summary).toEqual({ added: 2, updated: 0, unchanged: 0 });
    expect(progress.at(-1)).toBe(2);
    const harbour = await store.getFavourite('https://news.example.com/world/harbour-reopens');
    expect(harbour?.title).toBe('The harbour reopens after the storm');
    expect(harbour?.savedAt).toBe(Date.parse('2024-03-29T08:00:00.000Z'));
    expect((await store.search('lighthouse')).total).toBe(1);
    // Newest first by first-saved time.
    expect((await store.listPage()).map((f) => f.site)).toEqual([
      'example-journal.fr',
      'news.example.com',
    ]);
  });

  it('never changes a saved favourite with an older row, updates with a newer one', async () => {
    const store = freshStore();
    const saved = await store.saveArticle(
      article({ url: 'https://news.example.com/world/good-one', title: 'Saved title' }),
      { now: Date.parse('2030-01-01') },
    );
    const rows = parseImport(fixture('pocket-hostile.csv'), opts).accepted;
    const summary = await importFavourites(store, rows);
    expect(summary).toEqual({ added: 2, updated: 0, unchanged: 1 });
    expect(await store.getFavourite(saved.id)).toEqual(saved);

    const later = Date.parse('2031-01-01');
    const newer = [{ ...rows[0]!, title: 'Renamed', savedAt: later, updatedAt: later }];
    expect(await importFavourites(store, newer)).toEqual({ added: 0, updated: 1, unchanged: 0 });
    const updated = await store.getFavourite(saved.id);
    expect(updated?.title).toBe('Renamed');
    expect(updated?.savedAt).toBe(saved.savedAt);
    expect(updated?.fetched).toBe(true);
    expect((await store.getCopy(saved.id))?.text).toContain('council');
    expect((await store.search('council')).total).toBe(1);
  });

  it('writes all rows in one transaction or none', async () => {
    const store = freshStore();
    const kept = await store.saveArticle(article(), { now: 1 });
    const rows = parseImport(fixture('pocket.csv'), opts).accepted;
    const original = IDBObjectStore.prototype.put;
    let calls = 0;
    IDBObjectStore.prototype.put = function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (++calls === 3) throw new DOMException('Quota', 'QuotaExceededError');
      return original.apply(this, args);
    } as typeof original;
    try {
      await expect(importFavourites(store, rows)).rejects.toMatchObject({ code: 'quota' });
    } finally {
      IDBObjectStore.prototype.put = original;
    }
    expect(await store.count()).toBe(1);
    expect(await store.getFavourite(kept.id)).toEqual(kept);
  });

  it('export then import into a fresh database gives the same list', async () => {
    const source = freshStore();
    await source.saveArticle(article({ title: 'One' }), { now: 10, tags: ['x'] });
    await source.saveArticle(article({ url: 'https://b.example.org/2', title: 'Two' }), {
      now: 20,
    });
    await source.saveLink('https://c.example.net/3', 'Three', { now: 30 });
    await source.markRead('https://b.example.org/2', true);
    const parts = await exportAll(source, new Date('2024-05-01T00:00:00Z'));
    const json = parts.join('');
    const parsed = JSON.parse(json);
    expect(parsed.format).toBe('broadsheet-favourites');
    expect(parsed.favourites.map((f: { title: string }) => f.title)).toEqual([
      'Three',
      'Two',
      'One',
    ]);

    const target = freshStore();
    const result = parseImport(json, opts);
    expect(result.rejected).toEqual([]);
    await importFavourites(target, result.accepted);
    // seq is each database's own numbering; everything else must be the same.
    const strip = (list: { seq: number }[]) => list.map(({ seq: _s, ...rest }) => rest);
    expect(strip(await target.listPage())).toEqual(strip(await source.listPage()));
    expect((await target.getCopy('https://b.example.org/2'))?.text).toBe(
      (await source.getCopy('https://b.example.org/2'))?.text,
    );
  });
});
