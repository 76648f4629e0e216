import { afterEach, describe, expect, test } from 'vitest';
import { createAreaView } from '../../../utils/sync/area-view';
import type { StorageAreaLike } from '../../../utils/sync/engine';
import { decodeShard, decodeTombs, keyHash, shardKey, shardOf } from '../../../utils/sync/meta';
import { type Device, device } from './device';
import { FakeArea, FakeBookmarks } from './fakes';

const open: Device[] = [];
function make(opts: Parameters<typeof device>[0] = {}) {
  const d = device(opts);
  open.push(d);
  return d;
}
afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
});

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
/** What `get(null)` would give: every item's key and JSON, counted as storage.sync counts them. */
const truth = (area: FakeArea) => {
  const u = area.usage();
  return { bytes: u.total, items: u.items };
};
const ours = (k: string) => k.startsWith('bs:');

describe('the usage figure, kept without reading the whole area again', () => {
  test('equals what get(null) gives after our writes, another writer’s and a removal; read once', async () => {
    const area = new FakeArea(true);
    await area.set({ settings: { theme: 'sepia' }, 'bs:m0': [['aaaaaaaaaa', '1', 0, 0, 0]] });
    const view = createAreaView(area, ours);
    area.onChanged((c) => view.observe(c));
    await view.load();
    expect(view.usage()).toEqual(truth(area));

    // Ours: known at once, before its own change event comes back.
    const mine = { 'bs:m1': [['bbbbbbbbbb', '2', 1, 500, 3, 'city hall']] };
    await area.set(mine);
    view.wrote(mine);
    expect(view.usage()).toEqual(truth(area));
    await tick();
    expect(view.usage()).toEqual(truth(area));

    // Another writer (the options page's settings, another device's entries), and a removal.
    await area.set({ settings: { theme: 'dark', fontSize: 21, width: 'wide' } });
    await area.set({ 'bs:m0': [['cccccccccc', '3', 0, 0, 0, 'a much longer tag than before']] });
    await area.remove('bs:m1');
    await tick();
    expect(view.usage()).toEqual(truth(area));
    expect(view.value('bs:m1')).toBeUndefined();
    expect(view.value('bs:m0')).toEqual(area.data.get('bs:m0'));
    // Only our own items' values are kept.
    expect(view.value('settings')).toBeUndefined();
    expect(area.readsOfAll).toBe(1);
  });

  test('a change heard while the first read is on its way is not lost, nor counted twice', async () => {
    for (const readFirst of [true, false]) {
      const area = new FakeArea(true);
      await area.set({ settings: { theme: 'sepia' } });
      // A slow read: its snapshot is taken before (readFirst) or after the change lands.
      const slow: StorageAreaLike = {
        async get(keys) {
          if (readFirst) {
            const got = await area.get(keys);
            await tick(20);
            return got;
          }
          await tick(20);
          return area.get(keys);
        },
        set: (items) => area.set(items),
      };
      const view = createAreaView(slow, ours);
      area.onChanged((c) => view.observe(c));
      const loading = view.load();
      await tick(1);
      await area.set({ 'bs:x': [['dddddddddd', 'k']], settings: { theme: 'dark' } });
      await loading;
      await tick();
      expect(view.usage()).toEqual(truth(area));
      expect(view.value('bs:x')).toEqual([['dddddddddd', 'k']]);
    }
  });
});

describe('the engine', () => {
  test('its status shows what get(null) would give, after our writes and another device’s; the area is read whole once', async () => {
    const d = make();
    await d.sync.set({ settings: { theme: 'sepia', collapseComments: true } });
    await d.engine.enable();
    const fav = await d.store.saveLink('https://news.example.com/harbour', 'Harbour');
    await d.settle();
    expect((await d.engine.status()).meta).toMatchObject(truth(d.sync));

    // Another device: its entry for this favourite (tags, read), and the settings changed.
    const h = keyHash(fav.id);
    const key = shardKey(shardOf(h));
    const cur = (d.sync.data.get(key) as unknown[]) ?? [];
    await d.sync.set({
      [key]: [...cur, [h, (Date.now() + 60_000).toString(36), 1, 250, 0, 'from the desk']],
    });
    await d.sync.set({ settings: { theme: 'dark', collapseComments: false, fontSize: 20 } });
    await d.settle();
    expect((await d.byId(fav.id))?.tags).toEqual(['from the desk']);
    // Our next write: its status counts the other device's items as they are now.
    await d.store.saveLink('https://news.example.com/quay', 'Quay');
    await d.settle();
    expect((await d.engine.status()).meta).toMatchObject(truth(d.sync));
    expect(d.sync.writes.length).toBeGreaterThanOrEqual(2);
    expect(d.sync.readsOfAll).toBe(1);
  });

  test('a storage.sync write never runs while a merge does', async () => {
    const sync = new FakeArea(true);
    // A write that takes a while (a busy browser): merges would run under it if they could.
    sync.delayMs = 40;
    const tree = new FakeBookmarks();
    let calls = 0;
    let underAWrite = 0;
    const watched = new Set(['get', 'getSubTree', 'getTree', 'search', 'create', 'update']);
    const api = new Proxy(tree, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target);
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          if (watched.has(String(prop)) || prop === 'move' || prop === 'remove') {
            calls++;
            if (sync.inFlight) underAWrite++;
          }
          return v.apply(target, args);
        };
      },
    });
    const d = make({ bookmarks: tree, sync, engine: { bookmarks: () => api } });
    await d.engine.enable();
    await d.settle();
    const folder = d.folder()!.id;
    // Changes on both sides, closer together than a write takes.
    for (let i = 0; i < 15; i++) {
      await tree.create({ parentId: folder, title: `There ${i}`, url: `https://a.example/${i}` });
      await d.store.saveLink(`https://b.example/${i}`, `Here ${i}`);
      await tick(15);
    }
    await d.settle();
    expect(calls).toBeGreaterThan(30);
    expect(sync.writes.length).toBeGreaterThan(1);
    expect(underAWrite).toBe(0);
    expect(await d.favourites()).toHaveLength(30);
    expect(d.mirrored()).toHaveLength(30);
  });

  test('a removal not yet written when the worker stops is written at its next start', async () => {
    // After the first write, the next one waits a minute: the worker stops before it.
    const d = make({ engine: { minFlushIntervalMs: 60_000 } });
    await d.engine.enable();
    const fav = await d.store.saveLink('https://news.example.com/gone', 'Gone');
    await d.settle();
    const h = keyHash(fav.id);
    const shard = () => decodeShard(d.sync.data.get(shardKey(shardOf(h))));
    expect(shard().has(h)).toBe(true);

    await d.store.removeFavourite(fav.id);
    for (let i = 0; i < 100 && d.mirrored().length; i++) await tick(10);
    expect(d.mirrored()).toHaveLength(0);
    await tick(50);
    // Not written yet: no tombstone for it, its entry still there.
    expect(decodeTombs(d.sync.data.get('bs:x'), Date.now()).has(h)).toBe(false);

    // Stopped; the new worker has nothing of it in memory, and the base forgot it.
    const engine = d.restart();
    await engine.start();
    await d.settle();
    expect(decodeTombs(d.sync.data.get('bs:x'), Date.now()).has(h)).toBe(true);
    expect(shard().has(h)).toBe(false);
    // Written: storage.local keeps nothing more of it.
    expect(d.local.data.get('sync:pending')).toEqual({ tombs: [], gone: [] });
  });
});
