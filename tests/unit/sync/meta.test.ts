import { afterEach, describe, expect, test } from 'vitest';
import type { Favourite } from '../../../utils/favourites/types';
import {
  decodeShard,
  itemBytes,
  keyHash,
  type MetaEntry,
  mergeMeta,
  packShard,
  SHARD_BYTES,
  shardKey,
} from '../../../utils/sync/meta';
import { type Device, device } from './device';
import { FakeArea, SYNC_QUOTA } from './fakes';

const open: Device[] = [];
afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
});

const entry = (i: number, tags: string[] = []): MetaEntry => ({
  h: keyHash(`https://news.example.com/${i}`),
  u: 1_700_000_000_000 + i,
  r: (i % 2) as 0 | 1,
  p: i % 1000,
  n: i % 3,
  g: tags,
});

describe('the storage.sync form', () => {
  test('a shard keeps the most recently changed entries that fit under its size', () => {
    const entries = Array.from({ length: 1000 }, (_, i) => entry(i, ['politics']));
    const { value, kept, left } = packShard(0, entries);
    expect(kept + left).toBe(1000);
    expect(itemBytes(shardKey(0), value)).toBeLessThanOrEqual(SHARD_BYTES);
    const back = decodeShard(value);
    expect(back.has(entry(999).h)).toBe(true);
    expect(back.has(entry(0).h)).toBe(false);
    expect(back.get(entry(999).h)).toEqual(entry(999, ['politics']));
  });

  test('malformed entries (another version, a hostile extension) are skipped', () => {
    const back = decodeShard([
      ['short', 'x'],
      'text',
      [keyHash('a'), 'zz', 1, 5000, -3, '<b>tag</b>', 7],
      null,
    ]);
    expect([...back.values()]).toEqual([
      { h: keyHash('a'), u: Number.parseInt('zz', 36), r: 1, p: 1000, n: 0, g: ['<b>tag</b>'] },
    ]);
  });

  test('per field: a side that changed wins; both changed, the later one', () => {
    const base = { g: ['a'], r: 0 as const, p: 100 };
    const local = { g: ['a', 'b'], r: 0 as const, p: 100, updatedAt: 10 };
    // Remote changed progress only: taken; local's tag change kept.
    expect(mergeMeta(local, { ...entry(1), g: ['a'], r: 0, p: 500, u: 5 }, base)).toEqual({
      p: 500,
    });
    // Both changed the tags: the later wins.
    expect(mergeMeta(local, { ...entry(1), g: ['c'], r: 0, p: 100, u: 20 }, base)).toEqual({
      g: ['c'],
    });
    expect(mergeMeta(local, { ...entry(1), g: ['c'], r: 0, p: 100, u: 5 }, base)).toEqual({});
  });
});

function seedFavourites(count: number): Favourite[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `https://news.example.com/story/${i}`;
    return {
      id,
      url: id,
      normalizedUrl: id,
      title: `Story number ${i} about the city council and its budget`,
      site: 'news.example.com',
      wordCount: 0,
      savedAt: 1_700_000_000_000 + i * 1000,
      updatedAt: 1_700_000_000_000 + i * 1000,
      read: (i % 3 === 0 ? 1 : 0) as 0 | 1,
      tags: i % 4 === 0 ? ['politics', 'local news'] : [],
      progress: (i % 10) / 10,
      fetched: true,
      seq: i + 1,
    };
  });
}

test('10 000 favourites: storage.sync stays inside its quotas, most recent first', async () => {
  const d = device();
  open.push(d);
  const favs = seedFavourites(10_000);
  const db = await d.store.db();
  const tx = db.transaction('favourites', 'readwrite');
  for (const f of favs) void tx.store.put(f);
  await tx.done;
  await d.engine.enable();
  await d.settle();
  const usage = d.sync.usage();
  expect(d.sync.errors).toEqual([]);
  expect(usage.total).toBeLessThan(SYNC_QUOTA.QUOTA_BYTES - 15_000);
  expect(usage.largest).toBeLessThanOrEqual(SYNC_QUOTA.QUOTA_BYTES_PER_ITEM);
  expect(usage.items).toBeLessThan(20);
  const all = new Map<string, MetaEntry>();
  for (const [k, v] of d.sync.data)
    if (k.startsWith('bs:m')) for (const [h, e] of decodeShard(v)) all.set(h, e);
  // The newest favourite is there with its fields; the oldest is not (it syncs by its bookmark).
  const newest = favs[9999] as Favourite;
  expect(all.get(keyHash(newest.id))).toMatchObject({
    r: newest.read,
    p: Math.round((newest.progress ?? 0) * 1000),
  });
  expect(all.has(keyHash((favs[0] as Favourite).id))).toBe(false);
  const st = await d.engine.status();
  expect(st.meta?.entries).toBe(all.size);
  expect(st.meta?.entries).toBeGreaterThan(1000);
  console.info(
    `storage.sync at 10 000 favourites: ${usage.total} bytes, ${usage.items} items, ${all.size} favourites' fields`,
  );
}, 120_000);

test('a burst of 1 000 saves makes few storage.sync writes, none over the write rates', async () => {
  // Time runs ten times faster for storage.sync's counters than for the engine's delays
  // (400 ms between writes here stand for the 4 s of the real settings).
  const start = Date.now();
  const scaled = () => start + (Date.now() - start) * 10;
  const sync = new FakeArea(true, scaled);
  const d = device({ sync, engine: { flushMs: 100, minFlushIntervalMs: 400 } });
  open.push(d);
  await d.engine.enable();
  await d.settle();
  const before = sync.writes.length;
  const t0 = Date.now();
  for (let i = 0; i < 1000; i++) {
    await d.store.saveLink(`https://news.example.com/burst/${i}`, `Burst ${i}`);
  }
  await d.settle();
  const elapsed = Date.now() - t0;
  const writes = sync.writes.length - before;
  expect(sync.errors).toEqual([]);
  expect(writes).toBeGreaterThan(0);
  expect(writes).toBeLessThanOrEqual(Math.ceil(elapsed / 400) + 2);
  expect(d.mirrored()).toHaveLength(1000);
  console.info(`1 000 saves in ${elapsed} ms: ${writes} storage.sync writes`);
}, 120_000);
