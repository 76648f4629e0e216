import { afterEach, describe, expect, test } from 'vitest';
import { createHighlightsStore } from '../../../utils/favourites/highlights-store';
import { article } from '../favourites/helpers';
import { type Device, device } from './device';
import { FakeBookmarks } from './fakes';

const open: Device[] = [];
function make(opts: Parameters<typeof device>[0] = {}) {
  const d = device(opts);
  open.push(d);
  return d;
}
afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
});

const urls = (d: Device) =>
  d
    .mirrored()
    .map((b) => b.url)
    .sort();

describe('first switch-on', () => {
  test('an existing library and an existing folder are united, without duplicates', async () => {
    const d = make();
    await d.store.saveArticle(article({ url: 'https://news.example.com/a', title: 'Alpha' }));
    await d.store.saveLink('https://news.example.com/b', 'Beta');
    // The folder came from another device: one bookmark is the same article (tracking
    // parameters and a fragment do not make it another), one is new here.
    const folder = await d.bookmarks.create({ parentId: '2', title: 'Broadsheet' });
    await d.bookmarks.create({
      parentId: folder.id,
      title: 'Alpha',
      url: 'https://news.example.com/a?utm_source=x#top',
    });
    await d.bookmarks.create({
      parentId: folder.id,
      title: 'Gamma',
      url: 'https://other.example.org/g',
    });
    await d.engine.enable();
    await d.settle();
    const favs = await d.favourites();
    expect(favs.map((f) => f.id).sort()).toEqual([
      'https://news.example.com/a',
      'https://news.example.com/b',
      'https://other.example.org/g',
    ]);
    const gamma = favs.find((f) => f.title === 'Gamma');
    expect(gamma?.fetched).toBe(false);
    expect(d.mirrored()).toHaveLength(3);
    expect(urls(d)).toContain('https://news.example.com/b');
    // Still one folder, the one that was there.
    expect(d.bookmarks.childrenOf('2').filter((n) => n.title === 'Broadsheet')).toHaveLength(1);
    const st = await d.engine.status();
    expect(st).toMatchObject({ on: true, phase: 'idle', mirrored: 3 });
  });

  test('nothing is asked for or touched without the permission', async () => {
    const d = make({ granted: false });
    await d.store.saveLink('https://news.example.com/b', 'Beta');
    const st = await d.engine.enable();
    expect(st.phase).toBe('no-permission');
    expect(d.bookmarks.writes).toBe(0);
  });
});

describe('two-way mirror', () => {
  async function on() {
    const d = make();
    await d.engine.enable();
    await d.settle();
    return d;
  }

  test('saved, renamed, archived, unarchived and removed here: the bookmark follows', async () => {
    const d = await on();
    const fav = await d.store.saveArticle(
      article({ url: 'https://news.example.com/a', title: 'Alpha' }),
    );
    await d.settle();
    expect(d.mirrored().map((b) => [b.title, b.url])).toEqual([
      ['Alpha', 'https://news.example.com/a'],
    ]);

    await d.store.write(async (w) => {
      await w.put({ ...fav, title: 'Alpha, revised', updatedAt: Date.now() + 1 }, fav);
    });
    await d.settle();
    expect(d.mirrored()[0]?.title).toBe('Alpha, revised');

    const now = (await d.byId(fav.id))!;
    await d.store.write(async (w) => {
      await w.put({ ...now, archived: 1, archivedAt: Date.now() + 2 }, now);
    });
    await d.settle();
    const archive = d.bookmarks.folder('Archive', d.folder()?.id);
    expect(archive && d.bookmarks.bookmarksIn(archive.id).map((b) => b.url)).toEqual([fav.id]);

    const archived = (await d.byId(fav.id))!;
    await d.store.write(async (w) => {
      await w.put({ ...archived, archived: 0, archivedAt: Date.now() + 3 }, archived);
    });
    await d.settle();
    expect(d.bookmarks.childrenOf(d.folder()!.id).filter((n) => n.url)).toHaveLength(1);

    await d.store.removeFavourite(fav.id);
    await d.settle();
    expect(d.mirrored()).toEqual([]);
  });

  test('a bookmark added, renamed, moved to the archive and back, removed there: the favourite follows', async () => {
    const d = await on();
    await d.store.saveLink('https://news.example.com/keep', 'Keep');
    await d.settle();
    const folder = d.folder()!;
    // Another device's bookmark arrives (bookmark sync writes it; we only hear the event).
    const b = await d.bookmarks.create({
      parentId: folder.id,
      title: 'From the desktop',
      url: 'https://other.example.org/x',
    });
    await d.settle();
    const fav = await d.byId('https://other.example.org/x');
    expect(fav).toMatchObject({ title: 'From the desktop', fetched: false });

    await d.bookmarks.update(b.id, { title: 'Renamed there' });
    await d.settle();
    expect((await d.byId(fav!.id))?.title).toBe('Renamed there');

    const archive = await d.bookmarks.create({ parentId: folder.id, title: 'Archive' });
    await d.bookmarks.move(b.id, { parentId: archive.id });
    await d.settle();
    expect((await d.byId(fav!.id))?.archived).toBe(1);
    await d.bookmarks.move(b.id, { parentId: folder.id });
    await d.settle();
    expect((await d.byId(fav!.id))?.archived).toBe(0);

    await d.bookmarks.remove(b.id);
    await d.settle();
    expect(await d.byId(fav!.id)).toBeNull();
    // The other favourite is still there, and still mirrored.
    expect((await d.favourites()).map((f) => f.id)).toEqual(['https://news.example.com/keep']);
    expect(urls(d)).toEqual(['https://news.example.com/keep']);
  });

  test('our own writes do not come back as changes', async () => {
    const d = await on();
    for (let i = 0; i < 20; i++)
      await d.store.saveLink(`https://news.example.com/${i}`, `Story ${i}`);
    await d.settle();
    const writes = d.bookmarks.writes;
    const syncWrites = d.sync.writes.length;
    await d.settle();
    await new Promise((r) => setTimeout(r, 50));
    await d.settle();
    expect(d.bookmarks.writes).toBe(writes);
    expect(d.sync.writes.length).toBe(syncWrites);
    expect(d.mirrored()).toHaveLength(20);
    expect(await d.favourites()).toHaveLength(20);
  });
});

/** Two devices sharing a bookmark tree and storage.sync, both on, and an article saved on the
 * first that the second has as a favourite too. */
async function savedOnBoth(url: string, title: string) {
  const tree = new FakeBookmarks();
  const a = make({ bookmarks: tree });
  const b = make({ bookmarks: tree, sync: a.sync });
  await a.engine.enable();
  await b.engine.enable();
  const fav = await a.store.saveArticle(article({ url, title }));
  await a.settle();
  await b.settle();
  expect(await b.byId(fav.id)).not.toBeNull();
  return { a, b, fav };
}

describe('two devices', () => {
  test('the same URL saved on both: one favourite each, one bookmark', async () => {
    const tree = new FakeBookmarks();
    const a = make({ bookmarks: tree });
    const sync = a.sync;
    const b = make({ bookmarks: tree, sync });
    await a.engine.enable();
    await b.engine.enable();
    await a.store.saveArticle(
      article({ url: 'https://news.example.com/same?utm_medium=email', title: 'Same' }),
    );
    await b.store.saveLink('https://news.example.com/same', 'Same');
    await a.settle();
    await b.settle();
    await a.settle();
    expect(tree.bookmarksIn(tree.folder()!.id).map((n) => n.url)).toHaveLength(1);
    expect((await a.favourites()).map((f) => f.id)).toEqual(['https://news.example.com/same']);
    expect((await b.favourites()).map((f) => f.id)).toEqual(['https://news.example.com/same']);
  });

  test('tags, read state and progress travel through storage.sync; the later change wins', async () => {
    const { a, b, fav } = await savedOnBoth('https://news.example.com/t', 'Tagged');
    const cur = (await a.byId(fav.id))!;
    await a.store.write(async (w) => {
      await w.put(
        {
          ...cur,
          tags: ['budget', 'city'],
          read: 1,
          progress: 0.5,
          updatedAt: cur.updatedAt + 1000,
        },
        cur,
      );
    });
    await a.settle();
    await b.settle();
    expect(await b.byId(fav.id)).toMatchObject({
      tags: ['budget', 'city'],
      read: 1,
      progress: 0.5,
    });

    // B changes progress later; A gets it, and keeps its tags.
    const onB = (await b.byId(fav.id))!;
    await b.store.write(async (w) => {
      await w.put({ ...onB, progress: 0.9, updatedAt: onB.updatedAt + 5000 }, onB);
    });
    await b.settle();
    await a.settle();
    expect(await a.byId(fav.id)).toMatchObject({ tags: ['budget', 'city'], progress: 0.9 });
  });

  test('highlight counts: shown on the device without them, kept by its other writes, cleared when they go', async () => {
    const { a, b, fav } = await savedOnBoth('https://news.example.com/h', 'Highlighted');
    const marks = createHighlightsStore(a.store);
    const input = (start: number) => ({
      quote: { exact: 'words', prefix: '', suffix: '' },
      position: { start, end: start + 5 },
      colour: 'yellow' as const,
    });
    const made = [await marks.add(fav.id, input(0)), await marks.add(fav.id, input(10))];
    await a.settle();
    await b.settle();
    // B has none of its own: it shows A's two. A, which has them, keeps no "elsewhere" count.
    expect((await b.byId(fav.id))?.highlightsElsewhere).toBe(2);
    expect((await a.byId(fav.id))?.highlightsElsewhere).toBeUndefined();

    // B tags the favourite later: its write passes the count on instead of writing 0 over it.
    const onB = (await b.byId(fav.id))!;
    await b.store.write(async (w) => {
      await w.put({ ...onB, tags: ['kept'], updatedAt: onB.updatedAt + 5000 }, onB);
    });
    await b.settle();
    await a.settle();
    expect(await a.byId(fav.id)).toMatchObject({ tags: ['kept'] });
    expect((await b.byId(fav.id))?.highlightsElsewhere).toBe(2);

    // A removes both: B stops showing a count.
    for (const h of made) await marks.remove(h!.id);
    await a.settle();
    await b.settle();
    expect((await b.byId(fav.id))?.highlightsElsewhere).toBeUndefined();
  });

  test('a removal is remembered: a stale device does not bring the favourite back', async () => {
    let t = 1_000_000;
    const clock = () => t;
    const tree = new FakeBookmarks();
    tree.clock = clock;
    const a = make({ bookmarks: tree, clock });
    await a.engine.enable();
    await a.store.saveLink('https://news.example.com/gone', 'Gone', { now: t });
    await a.settle();
    t += 10_000;
    await a.store.removeFavourite('https://news.example.com/gone');
    await a.settle();
    expect(tree.bookmarksIn(tree.folder()!.id)).toHaveLength(0);

    // A device that was offline: it still has the favourite, and switches sync on only now
    // (no base: it would otherwise bring the bookmark back).
    t += 10_000;
    const stale = make({ bookmarks: tree, sync: a.sync, clock });
    await stale.store.saveLink('https://news.example.com/gone', 'Gone', { now: 1_000_000 });
    await stale.store.saveLink('https://news.example.com/fresh', 'Fresh', { now: t });
    await stale.engine.enable();
    await stale.settle();
    expect((await stale.favourites()).map((f) => f.id)).toEqual(['https://news.example.com/fresh']);
    expect(tree.bookmarksIn(tree.folder()!.id).map((n) => n.url)).toEqual([
      'https://news.example.com/fresh',
    ]);
  });
});

describe('the folder deleted, the switch turned off', () => {
  async function withThree() {
    const d = make();
    await d.engine.enable();
    for (const x of ['a', 'b', 'c']) await d.store.saveLink(`https://news.example.com/${x}`, x);
    await d.settle();
    return d;
  }

  test('a deleted folder asks first; "keep them" makes the folder again', async () => {
    const d = await withThree();
    await d.bookmarks.removeTree(d.folder()!.id);
    await d.settle();
    expect(await d.favourites()).toHaveLength(3);
    expect(await d.engine.status()).toMatchObject({
      phase: 'ask',
      ask: { removals: 3, folderGone: true },
    });
    // Changes meanwhile wait for the answer.
    await d.store.saveLink('https://news.example.com/d', 'd');
    await d.settle();
    expect(d.folder()).toBeUndefined();
    await d.engine.decide('restore');
    await d.settle();
    expect(await d.favourites()).toHaveLength(4);
    expect(d.mirrored()).toHaveLength(4);
    expect((await d.engine.status()).phase).toBe('idle');
  });

  test('a deleted folder, and "remove them too"', async () => {
    const d = await withThree();
    await d.bookmarks.removeTree(d.folder()!.id);
    await d.settle();
    await d.engine.decide('remove');
    await d.settle();
    expect(await d.favourites()).toHaveLength(0);
    expect(d.folder()).toBeDefined();
  });

  test('off leaves both sides as they are, and later changes are not mirrored', async () => {
    const d = await withThree();
    const st = await d.engine.disable();
    expect(st).toMatchObject({ on: false, phase: 'off' });
    expect(await d.favourites()).toHaveLength(3);
    expect(d.mirrored()).toHaveLength(3);
    await d.store.removeFavourite('https://news.example.com/a');
    await d.bookmarks.create({
      parentId: d.folder()!.id,
      title: 'New there',
      url: 'https://other.example.org/n',
    });
    await d.settle();
    expect(d.mirrored()).toHaveLength(4);
    expect(await d.favourites()).toHaveLength(2);
    // On again: united, nothing removed on either side.
    await d.engine.enable();
    await d.settle();
    expect((await d.favourites()).map((f) => f.id).sort()).toEqual([
      'https://news.example.com/a',
      'https://news.example.com/b',
      'https://news.example.com/c',
      'https://other.example.org/n',
    ]);
    expect(d.mirrored()).toHaveLength(4);
  });
});

describe('the worker stopped in the middle of a merge', () => {
  test('a new worker finishes it, with no duplicates on either side', async () => {
    const d = make();
    await d.store.write(async (w) => {
      for (let i = 0; i < 600; i++) {
        const id = `https://news.example.com/${i}`;
        await w.put({
          id,
          url: id,
          normalizedUrl: id,
          title: `Story ${i}`,
          site: 'news.example.com',
          wordCount: 0,
          savedAt: i,
          updatedAt: i,
          read: 0,
          tags: [],
          fetched: false,
        });
      }
    });
    d.bookmarks.failAfter = 300;
    await d.engine.enable().catch(() => {});
    await d.settle();
    const made = d.mirrored().length;
    expect(made).toBeGreaterThan(0);
    expect(made).toBeLessThan(600);
    d.bookmarks.failAfter = Number.POSITIVE_INFINITY;
    const engine = d.restart();
    await engine.start();
    await d.settle();
    const list = urls(d);
    expect(list).toHaveLength(600);
    expect(new Set(list).size).toBe(600);
    expect(await d.favourites()).toHaveLength(600);
  }, 30_000);
});
