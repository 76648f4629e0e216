import { afterEach, expect, test } from 'vitest';
import { type Device, device } from './device';

const open: Device[] = [];
afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
});

test('bad bookmarks in the folder: ignored with a reason, kept as the user made them', async () => {
  const d = device();
  open.push(d);
  const folder = await d.bookmarks.create({ parentId: '2', title: 'Broadsheet' });
  const bad = [
    'javascript:alert(1)',
    'data:text/html,<b>x</b>',
    'file:///etc/passwd',
    'place:sort=8&maxResults=10',
  ];
  for (const url of bad)
    await d.bookmarks.create({ parentId: folder.id, title: `Bad ${url.slice(0, 4)}`, url });
  await d.bookmarks.create({
    parentId: folder.id,
    title: '',
    url: 'https://news.example.com/untitled',
  });
  await d.bookmarks.create({
    parentId: folder.id,
    title: 'W'.repeat(5000),
    url: 'https://news.example.com/long',
  });
  const mine = await d.bookmarks.create({ parentId: folder.id, title: 'My own folder' });
  await d.bookmarks.create({
    parentId: mine.id,
    title: 'Inside',
    url: 'https://news.example.com/inside',
  });
  const before = JSON.stringify([...d.bookmarks.nodes.values()]);

  await d.engine.enable();
  await d.settle();

  const favs = await d.favourites();
  expect(favs.map((f) => f.id).sort()).toEqual([
    'https://news.example.com/long',
    'https://news.example.com/untitled',
  ]);
  // No title: the favourite shows its address; 5 000 characters: cut, never a crash.
  expect(favs.find((f) => f.id.endsWith('untitled'))?.title).toBe(
    'https://news.example.com/untitled',
  );
  expect(favs.find((f) => f.id.endsWith('long'))?.title.length).toBeLessThanOrEqual(1000);
  // Nothing the user made was changed or removed (the empty title is not "fixed" either).
  expect(JSON.stringify([...d.bookmarks.nodes.values()])).toBe(before);
  const st = await d.engine.status();
  expect(st.ignoredCounts).toEqual({ scheme: 4, folder: 1 });
  expect(st.ignored.find((i) => i.reason === 'folder')).toMatchObject({
    title: 'My own folder',
    count: 1,
  });
  expect(
    st.ignored
      .filter((i) => i.reason === 'scheme')
      .map((i) => i.url?.split(':')[0])
      .sort(),
  ).toEqual(['data', 'file', 'javascript', 'place']);
});

test('100 000 bookmarks in the folder: the first 20 000 mirrored, the rest left alone and counted', async () => {
  const d = device();
  open.push(d);
  const folder = await d.bookmarks.create({ parentId: '2', title: 'Broadsheet' });
  d.bookmarks.bulk(
    folder.id,
    Array.from({ length: 100_000 }, (_, i) => ({
      title: `Story ${i}`,
      url: `https://news.example.com/${i}`,
      dateAdded: 1000 + i,
    })),
  );
  const st = await d.engine.enable();
  expect(st.phase).toBe('idle');
  expect(st.ignoredCounts['too-many']).toBe(80_000);
  expect(await d.store.count()).toBe(20_000);
  // Nothing of the user's removed.
  expect(d.bookmarks.bookmarksIn(folder.id)).toHaveLength(100_000);
}, 120_000);
