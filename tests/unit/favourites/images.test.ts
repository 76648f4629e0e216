import { openDB } from 'idb';
import { DB_VERSION, wordsFor } from '../../../utils/favourites/db';
import { StoreError } from '../../../utils/favourites/errors';
import {
  collectImages,
  imageUrlsOf,
  sniffImageType,
  storeImagesOf,
} from '../../../utils/favourites/images';
import {
  countFavourite,
  type DocRecord,
  docTerms,
  emptyStats,
  indexDocs,
} from '../../../utils/favourites/postings';
import { createFavouritesStore } from '../../../utils/favourites/store';
import type { Favourite, StoredImage } from '../../../utils/favourites/types';
import { article, freshStore } from './helpers';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const SVG = new TextEncoder().encode(
  '<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>',
);
const HTML = new TextEncoder().encode('<!doctype html><html><body>Not found</body></html>');

function bytesOf(n: number, head: Uint8Array = PNG): Uint8Array {
  const out = new Uint8Array(n);
  out.set(head.subarray(0, Math.min(n, head.length)));
  return out;
}

type Route = (init?: RequestInit) => Response | Promise<Response>;

/** A fetch over a table of URL → response; records what it was asked, and how. */
function fakeFetch(routes: Record<string, Route>) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, init });
    const route = routes[url];
    if (!route) return new Response('nope', { status: 404 });
    return route(init);
  }) as typeof fetch;
  return { fn, calls };
}

const image =
  (bytes: Uint8Array, type = 'image/png') =>
  () =>
    new Response(bytes as BlobPart, { headers: { 'content-type': type } });

/** A response that never ends: a chunk every few ms until aborted. */
function endless(init?: RequestInit): Response {
  let timer: ReturnType<typeof setInterval>;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(PNG);
      timer = setInterval(() => controller.enqueue(new Uint8Array(64 * 1024)), 2);
      init?.signal?.addEventListener('abort', () => {
        clearInterval(timer);
        controller.error(new DOMException('aborted', 'AbortError'));
      });
    },
    cancel() {
      clearInterval(timer);
    },
  });
  return new Response(body, { headers: { 'content-type': 'image/png' } });
}

/** A response that sends its first bytes and then nothing, ever. */
function stalled(init?: RequestInit): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(PNG);
      init?.signal?.addEventListener('abort', () =>
        controller.error(new DOMException('aborted', 'AbortError')),
      );
    },
  });
  return new Response(body, { headers: { 'content-type': 'image/png' } });
}

const html = (...srcs: string[]) =>
  srcs.map((src) => `<p><img src="${src}" alt=""></p>`).join('') + '<p>Text.</p>';

describe('imageUrlsOf and sniffImageType', () => {
  it('takes the http(s) src of each img once, entities decoded, nothing else', () => {
    const got = imageUrlsOf(
      '<p><img alt="a" src="https://s.example/a.png?x=1&amp;y=2"></p>' +
        '<img src="http://s.example/b.jpg"><img src="https://s.example/a.png?x=1&amp;y=2">' +
        '<img src="data:image/png;base64,AAAA"><img srcset="https://s.example/c.png 2x">' +
        '<a href="https://s.example/d.png">d</a><img data-src="https://s.example/e.png">',
    );
    expect(got).toEqual(['https://s.example/a.png?x=1&y=2', 'http://s.example/b.jpg']);
  });

  it('knows raster images by their bytes, and refuses SVG and HTML', () => {
    expect(sniffImageType(PNG)).toBe('image/png');
    expect(sniffImageType(JPEG)).toBe('image/jpeg');
    expect(sniffImageType(new TextEncoder().encode('GIF89a....'))).toBe('image/gif');
    expect(sniffImageType(SVG)).toBeNull();
    expect(sniffImageType(HTML)).toBeNull();
  });
});

describe('collectImages: bad input is capped, refused or left out, with its reason', () => {
  it('stores good images and says why each other one is left out', async () => {
    const { fn, calls } = fakeFetch({
      'https://s.example/ok.png': image(PNG),
      'https://s.example/ok.jpg': image(JPEG, 'image/jpeg'),
      'https://s.example/page.png': image(HTML, 'text/html'),
      'https://s.example/lies.png': image(HTML, 'image/png'),
      'https://s.example/evil.svg': image(SVG, 'image/svg+xml'),
      'https://s.example/hidden-svg.png': image(SVG, 'image/png'),
      'https://s.example/huge.png': () =>
        new Response(PNG as BlobPart, {
          headers: { 'content-type': 'image/png', 'content-length': String(10 ** 9) },
        }),
      'https://s.example/endless.png': endless,
    });
    const urls = [
      'ok.png',
      'page.png',
      'lies.png',
      'evil.svg',
      'hidden-svg.png',
      'huge.png',
      'endless.png',
      'missing.png',
      'ok.jpg',
    ].map((u) => `https://s.example/${u}`);
    const { images, leftOut } = await collectImages(html(...urls), {
      fetch: fn,
      maxDownload: 1024 * 1024,
    });
    expect(images.map((i) => [i.url, i.type])).toEqual([
      ['https://s.example/ok.png', 'image/png'],
      ['https://s.example/ok.jpg', 'image/jpeg'],
    ]);
    expect(Object.fromEntries(leftOut.map((l) => [l.url.slice(18), l.reason]))).toEqual({
      'page.png': 'not-image',
      'lies.png': 'not-image',
      'evil.svg': 'svg',
      'hidden-svg.png': 'svg',
      'huge.png': 'too-large',
      'endless.png': 'too-large',
      'missing.png': 'failed',
    });
    // No cookies, no referrer.
    for (const call of calls) {
      expect(call.init?.credentials).toBe('omit');
      expect(call.init?.referrerPolicy).toBe('no-referrer');
    }
  });

  it('a response that stalls is given up at the time limit, and the others still land', async () => {
    const { fn } = fakeFetch({
      'https://s.example/a.png': image(PNG),
      'https://s.example/stalled.png': stalled,
    });
    const started = Date.now();
    const { images, leftOut } = await collectImages(
      html('https://s.example/stalled.png', 'https://s.example/a.png'),
      { fetch: fn, imageTimeoutMs: 200, totalTimeoutMs: 5_000 },
    );
    expect(images.map((i) => i.url)).toEqual(['https://s.example/a.png']);
    expect(leftOut).toEqual([{ url: 'https://s.example/stalled.png', reason: 'timeout' }]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('keeps the article under its cap: scales down what can be, leaves out the rest', async () => {
    const { fn } = fakeFetch({
      'https://s.example/1.png': image(bytesOf(400)),
      'https://s.example/2.png': image(bytesOf(400)),
      'https://s.example/3.png': image(bytesOf(400)),
      'https://s.example/4.png': image(bytesOf(900)),
    });
    const shrunk: number[] = [];
    const shrink = async (blob: Blob, max: number) => {
      shrunk.push(max);
      // This "encoder" halves an image; anything under 100 bytes of room cannot be done.
      return max >= 100
        ? new Blob([new Uint8Array(Math.min(max, blob.size / 2))], { type: 'image/webp' })
        : null;
    };
    const { images, leftOut } = await collectImages(
      html(...[1, 2, 3, 4].map((n) => `https://s.example/${n}.png`)),
      { fetch: fn, totalCap: 1000, maxStored: 600, shrink },
    );
    const total = images.reduce((n, i) => n + i.bytes, 0);
    expect(total).toBeLessThanOrEqual(1000);
    expect(images.map((i) => [i.url.slice(18), i.bytes, Boolean(i.scaled)])).toEqual([
      ['1.png', 400, false],
      ['2.png', 400, false],
      ['3.png', 200, true],
    ]);
    expect(leftOut).toEqual([{ url: 'https://s.example/4.png', reason: 'too-large' }]);
  });

  it('looks at no more than the first images of a page full of them', async () => {
    const urls = Array.from({ length: 5 }, (_, i) => `https://s.example/${i}.png`);
    const { fn, calls } = fakeFetch(Object.fromEntries(urls.map((u) => [u, image(PNG)])));
    const { images, leftOut } = await collectImages(html(...urls), { fetch: fn, maxImages: 3 });
    expect(images).toHaveLength(3);
    expect(calls).toHaveLength(3);
    expect(leftOut.map((l) => l.reason)).toEqual(['too-many', 'too-many']);
  });
});

function stored(fav: string, url: string, n = 10): StoredImage {
  return {
    fav,
    url,
    blob: new Blob([bytesOf(n) as BlobPart], { type: 'image/png' }),
    type: 'image/png',
    bytes: n,
  };
}

describe('the images store', () => {
  it('saving stores images after the text; remove takes them, Undo gives them back', async () => {
    const store = freshStore();
    const a = article({ contentHtml: html('https://s.example/x.png', 'https://s.example/y.png') });
    const fav = await store.saveArticle(a);
    expect(await store.getImages(fav.id)).toEqual([]);
    const { fn } = fakeFetch({
      'https://s.example/x.png': image(PNG),
      'https://s.example/y.png': image(JPEG, 'image/jpeg'),
    });
    expect(await storeImagesOf(store, fav.id, a.contentHtml, { fetch: fn })).toEqual([]);
    const images = await store.getImages(fav.id);
    expect(images.map((i) => i.url).sort()).toEqual([
      'https://s.example/x.png',
      'https://s.example/y.png',
    ]);
    expect((await store.getCopy(fav.id))?.images).toMatchObject({ stored: 2, leftOut: [] });
    expect(await store.imageUsage()).toEqual({ count: 2, bytes: PNG.length + JPEG.length });

    const removed = await store.removeFavourite(fav.id);
    expect(removed?.images).toHaveLength(2);
    expect(await store.getImages(fav.id)).toEqual([]);
    expect((await store.imageUsage()).count).toBe(0);

    await store.restoreFavourite(removed as NonNullable<typeof removed>);
    expect((await store.getImages(fav.id)).map((i) => i.type).sort()).toEqual([
      'image/jpeg',
      'image/png',
    ]);
    expect((await store.getCopy(fav.id))?.images?.stored).toBe(2);

    // Delete all takes every image too.
    await store.write((w) => w.clear());
    expect(await store.imageUsage()).toEqual({ count: 0, bytes: 0 });
    await store.close();
  });

  it('images of a copy saved again meanwhile are not written over the new copy', async () => {
    const store = freshStore();
    const first = article({ contentHtml: html('https://s.example/old.png') });
    const fav = await store.saveArticle(first);
    await store.saveArticle({ ...first, contentHtml: html('https://s.example/new.png') });
    const wrote = await store.putImages(
      fav.id,
      first.contentHtml,
      [stored(fav.id, 'https://s.example/old.png')],
      {
        leftOut: [],
        at: 1,
      },
    );
    expect(wrote).toBe(false);
    expect(await store.getImages(fav.id)).toEqual([]);
    // Nor for a favourite removed meanwhile.
    await store.removeFavourite(fav.id);
    expect(await store.putImages(fav.id, first.contentHtml, [], { leftOut: [], at: 1 })).toBe(
      false,
    );
    await store.close();
  });

  it('storage full: the text copy stays, as many images as fit are kept, the rest are listed', async () => {
    const store = freshStore();
    const urls = ['a', 'b', 'c'].map((n) => `https://s.example/${n}.png`);
    const a = article({ contentHtml: html(...urls) });
    const fav = await store.saveArticle(a);
    const { fn } = fakeFetch(Object.fromEntries(urls.map((u) => [u, image(PNG)])));
    // A store that has room for one image only.
    const full = {
      putImages: (id: string, h: string, images: StoredImage[], report: never) => {
        if (images.length > 1) throw new StoreError('quota');
        return store.putImages(id, h, images, report);
      },
    };
    const left = await storeImagesOf(full, fav.id, a.contentHtml, { fetch: fn });
    expect(left).toEqual([
      { url: urls[1], reason: 'quota' },
      { url: urls[2], reason: 'quota' },
    ]);
    expect((await store.getImages(fav.id)).map((i) => i.url)).toEqual([urls[0]]);
    const copy = await store.getCopy(fav.id);
    expect(copy?.text).toBe(a.textContent);
    expect(copy?.images?.leftOut.map((l) => l.reason)).toEqual(['quota', 'quota']);
    await store.close();
  });
});

/** A v4 database as the v4 code left it: favourites, copies, docs with their postings, counts. */
async function createV4(name: string, n: number): Promise<Favourite[]> {
  const db = await openDB(name, 4, {
    upgrade(d) {
      const favs = d.createObjectStore('favourites', { keyPath: 'id' });
      favs.createIndex('savedAt', 'savedAt');
      favs.createIndex('seq', 'seq', { unique: true });
      d.createObjectStore('copies', { keyPath: 'id' });
      d.createObjectStore('docs', { keyPath: ['at', 'seq'] });
      d.createObjectStore('terms', { keyPath: 't' });
      d.createObjectStore('tails', { keyPath: 'b' });
      d.createObjectStore('meta', { keyPath: 'k' });
    },
  });
  const stats = emptyStats();
  const favs: Favourite[] = [];
  const docs: DocRecord[] = [];
  const tx = db.transaction(
    ['favourites', 'copies', 'docs', 'terms', 'tails', 'meta'],
    'readwrite',
  );
  for (let i = 0; i < n; i++) {
    const id = `https://site${i % 3}.example/story/${i}`;
    const fav: Favourite = {
      id,
      url: id,
      normalizedUrl: id,
      title: `Story ${i}`,
      site: `site${i % 3}.example`,
      wordCount: 3,
      savedAt: 1000 + i,
      updatedAt: 1000 + i,
      read: (i % 2) as 0 | 1,
      tags: [],
      fetched: i !== 0,
      seq: ++stats.seq,
    };
    const text = `Body of story ${i} walrus${i}`;
    favs.push(fav);
    countFavourite(stats, fav, 1);
    await tx.objectStore('favourites').put(fav);
    if (fav.fetched) await tx.objectStore('copies').put({ id, html: `<p>${text}</p>`, text });
    docs.push({
      at: -fav.savedAt,
      seq: fav.seq,
      w: docTerms(fav, wordsFor(fav, text)).join(' '),
      ix: '',
    });
  }
  await tx.objectStore('meta').put(stats);
  await indexDocs(tx as never, docs);
  await tx.done;
  db.close();
  return favs;
}

describe('database upgrade v4 → v5', () => {
  it('adds the images store and keeps every favourite, copy, count and search entry', async () => {
    const name = `test-v4-${Math.random()}`;
    const v4 = await createV4(name, 40);
    const store = createFavouritesStore(name);
    const db = await store.db();
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBeGreaterThanOrEqual(5);
    expect(db.objectStoreNames.contains('images')).toBe(true);
    expect([...db.transaction('images').store.indexNames]).toEqual(['fav']);
    expect(await store.count()).toBe(40);
    expect(await store.count({ read: true })).toBe(20);
    expect(await db.count('copies')).toBe(39);
    const all = await store.listPage({ limit: 100 });
    expect(all.map((f) => f.id)).toEqual(v4.map((f) => f.id).reverse());
    expect(all).toEqual([...v4].reverse());
    for (const fav of v4.slice(1)) {
      const i = fav.title.slice(6);
      expect(await store.getCopy(fav.id)).toEqual({
        id: fav.id,
        html: `<p>Body of story ${i} walrus${i}</p>`,
        text: `Body of story ${i} walrus${i}`,
      });
    }
    expect((await store.search('walrus7')).items.map((f) => f.id)).toEqual([v4[7]?.id]);
    expect((await store.listSites()).map((s) => s.count)).toEqual([14, 13, 13]);
    expect(await store.getImages(v4[3]?.id ?? '')).toEqual([]);
    // And it takes images from now on.
    const id = v4[3]?.id ?? '';
    const copy = await store.getCopy(id);
    expect(
      await store.putImages(id, copy?.html ?? '', [stored(id, 'https://s.example/z.png')], {
        leftOut: [],
        at: 2,
      }),
    ).toBe(true);
    expect(await store.getImages(id)).toHaveLength(1);
    await store.close();
  });
});

describe('database upgrade v5 → v6', () => {
  it('adds the highlights store and keeps every favourite, copy, image and search entry', async () => {
    const name = `test-v5-${Math.random()}`;
    const v4 = await createV4(name, 30);
    // v5 as the v5 code left it: the images store, one image stored.
    const id = v4[4]?.id ?? '';
    const v5 = await openDB(name, 5, {
      upgrade(d) {
        d.createObjectStore('images', { keyPath: ['fav', 'url'] }).createIndex('fav', 'fav');
      },
    });
    await v5.put('images', stored(id, 'https://s.example/a.png'));
    v5.close();
    const store = createFavouritesStore(name);
    const db = await store.db();
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBeGreaterThanOrEqual(6);
    expect(db.objectStoreNames.contains('highlights')).toBe(true);
    expect([...db.transaction('highlights').store.indexNames].sort()).toEqual(['at', 'fav']);
    expect(await store.count()).toBe(30);
    expect(await store.count({ read: true })).toBe(15);
    expect(await db.count('copies')).toBe(29);
    expect(await store.listPage({ limit: 100 })).toEqual([...v4].reverse());
    expect((await store.getImages(id)).map((i) => i.url)).toEqual(['https://s.example/a.png']);
    expect((await store.search('walrus9')).items.map((f) => f.id)).toEqual([v4[9]?.id]);
    // And it takes highlights from now on.
    await db.put('highlights', {
      id: 'h1',
      fav: id,
      quote: { exact: 'story', prefix: 'Body of ', suffix: ' 4' },
      position: { start: 8, end: 13 },
      colour: 'yellow',
      at: 5,
      updatedAt: 5,
    });
    expect(await db.getAllFromIndex('highlights', 'fav', id)).toHaveLength(1);
    await store.close();
  });
});
