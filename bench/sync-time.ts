/**
 * `npm run bench -- sync`: favourites through the bookmarks, in Chromium with the built
 * extension and the real chrome.bookmarks API. 10 000 favourites (links, metadata only) are
 * written through the store bundled into the options page; 3 000 bookmarks (half of them the
 * same articles with tracking parameters, half new) through chrome.bookmarks in the service
 * worker, as bookmark sync would. Then: the switch turned on (first merge), changes on one side
 * timed until the other side has them, storage.sync's bytes and items, and a burst of 1 000
 * saves.
 *
 * An incremental change is timed by the events the other side sends, not by polling: a
 * favourite stored is heard on the favourites change feed (its BroadcastChannel, posted once
 * the write has committed), a bookmark made by chrome.bookmarks.onCreated. Polling every 2 ms
 * (as this bench did until 2026-12-02) ran an IndexedDB read in the engine's own worker, or a
 * chrome.bookmarks.search of 11 500 bookmarks on the browser's UI thread, 500 times a second,
 * beside the very work it timed. `BROADSHEET_SYNC_POLL=1` times them the old way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { grantInProfile, startHarness } from '../tests/e2e/harness';
import { bundleStore } from './favourites-time';

export const SYNC_FAVOURITES = 10_000;
export const SYNC_BOOKMARKS = 3_000;
/** `BROADSHEET_SYNC_BURST=0` leaves the burst out (e.g. to time only incremental changes). */
const BURST = Number(process.env.BROADSHEET_SYNC_BURST ?? 1_000);
const INCREMENTAL_RUNS = Number(process.env.BROADSHEET_SYNC_RUNS ?? 20);
/** Time incremental changes by polling every 2 ms (the earlier method), not by events. */
const POLL = process.env.BROADSHEET_SYNC_POLL === '1';
/** A pause (ms) between a change and the next, to tell contention from cost (diagnosis). */
const GAP_MS = Number(process.env.BROADSHEET_SYNC_GAP_MS ?? 0);

export interface SyncReport {
  favourites: number;
  bookmarks: number;
  /** Click on the switch → the page says "On: N favourites…". */
  firstMergeMs: number;
  /** The engine's own measure of that merge. */
  engineMergeMs: number;
  engineSplit: string;
  afterMerge: { favourites: number; bookmarks: number; uniqueUrls: number };
  bookmarkToFavouriteMs: number[];
  favouriteToBookmarkMs: number[];
  sync: { bytes: number; items: number; largest: number; entries: number };
  burst: { ms: number; writes: number; errors: number; mirrored: number; settledMs: number };
}

export async function syncTimes(
  buildDir: string,
  { log = (_: string) => {} }: { log?: (line: string) => void } = {},
): Promise<SyncReport> {
  // The harness loads BROADSHEET_EXTENSION_DIR (default: the Chrome build, `buildDir`).
  void buildDir;
  const profile = mkdtempSync(join(tmpdir(), 'broadsheet-bench-sync-'));
  const h = await startHarness({ userDataDir: profile });
  try {
    await h.restart(() => grantInProfile(profile, h.extensionId, 'bookmarks'));
    const storeCode = await bundleStore();
    const page = await h.context.newPage();
    await page.goto(h.extensionUrl('options.html'));
    await page.evaluate(storeCode);

    log(`seeding ${SYNC_FAVOURITES} favourites and ${SYNC_BOOKMARKS} bookmarks…`);
    await page.evaluate(async (n) => {
      const store = (
        globalThis as never as {
          __bsStore: { write: (fn: (w: never) => Promise<void>) => Promise<void> };
        }
      ).__bsStore;
      await store.write(async (w: never) => {
        const writer = w as { put: (r: unknown) => Promise<unknown> };
        for (let i = 0; i < n; i++) {
          const id = `https://news.example.com/story/${i}`;
          await writer.put({
            id,
            url: id,
            normalizedUrl: id,
            title: `Story number ${i} about the harbour and the council budget`,
            site: 'news.example.com',
            wordCount: 0,
            savedAt: 1_700_000_000_000 + i * 1000,
            updatedAt: 1_700_000_000_000 + i * 1000,
            read: (i % 3 === 0 ? 1 : 0) as 0 | 1,
            tags: i % 4 === 0 ? ['politics', 'local'] : [],
            fetched: false,
          });
        }
      });
    }, SYNC_FAVOURITES);
    const sw = await h.serviceWorker();
    // tsx names the functions it compiles with a __name helper: evaluated code needs it too.
    await sw.evaluate('globalThis.__name ??= (f) => f');
    await page.evaluate('globalThis.__name ??= (f) => f');
    await sw.evaluate(async (n) => {
      const folder = await chrome.bookmarks.create({ parentId: '2', title: 'Broadsheet' });
      const jobs: Promise<unknown>[] = [];
      for (let i = 0; i < n; i++) {
        const url =
          i % 2
            ? `https://news.example.com/story/${i}?utm_source=newsletter`
            : `https://other.example.org/desk/${i}`;
        jobs.push(chrome.bookmarks.create({ parentId: folder.id, title: `Desk ${i}`, url }));
      }
      await Promise.all(jobs);
    }, SYNC_BOOKMARKS);
    const expected = SYNC_FAVOURITES + SYNC_BOOKMARKS / 2;

    log('first merge…');
    const toggle = page.getByRole('checkbox', {
      name: "Keep favourites in my browser's bookmarks",
    });
    const status = page.locator('section[aria-labelledby="sync-h"] [role="status"]');
    const t0 = performance.now();
    await toggle.check();
    const want = `On: ${expected.toLocaleString('en-US')} favourites`;
    await page.waitForFunction(
      (w) =>
        document
          .querySelector('section[aria-labelledby="sync-h"] [role="status"]')
          ?.textContent?.startsWith(w),
      want,
      { polling: 'raf', timeout: 120_000 },
    );
    const firstMergeMs = performance.now() - t0;
    log(`  ${(await status.textContent()) ?? ''}`);

    const counts = async () =>
      sw.evaluate(async () => {
        const favs = await new Promise<number>((ok) => {
          const open = indexedDB.open('broadsheet-favourites');
          open.onsuccess = () => {
            const req = open.result.transaction('favourites').objectStore('favourites').count();
            req.onsuccess = () => {
              ok(req.result);
              open.result.close();
            };
          };
        });
        const [folder] = (await chrome.bookmarks.search({ title: 'Broadsheet' })).filter(
          (b) => !b.url,
        );
        const urls: string[] = [];
        type Node = { url?: string; children?: Node[] };
        const walk = (n: Node) => {
          if (n.url) urls.push(n.url.replace(/\?utm_source=newsletter$/, ''));
          for (const c of n.children ?? []) walk(c);
        };
        if (folder) for (const n of await chrome.bookmarks.getSubTree(folder.id)) walk(n);
        return { favourites: favs, bookmarks: urls.length, uniqueUrls: new Set(urls).size };
      });
    const afterMerge = await counts();
    const engine = await sw.evaluate(async () => {
      const st = (await chrome.storage.local.get('sync:status'))['sync:status'] as {
        lastMerge?: { ms: number; readMs?: number; favouritesMs?: number; bookmarksMs?: number };
      };
      const m = st?.lastMerge;
      return {
        ms: m?.ms ?? Number.NaN,
        split: `read ${m?.readMs} ms, favourites ${m?.favouritesMs} ms, bookmarks ${m?.bookmarksMs} ms`,
      };
    });

    log(`  the engine: ${engine.ms} ms (${engine.split})`);
    log('incremental changes…');
    /** What the engine says of the merge that carried each change (diagnosis of the p95). */
    const explain: string[] = [];
    /** The engine's account of the merge that carried the last change, once it is written. */
    const lastMerge = async (after: number, changedAt?: number) => {
      for (let tries = 0; tries < 200; tries++) {
        const m = await sw.evaluate(async () => {
          const st = (await chrome.storage.local.get('sync:status'))['sync:status'] as {
            lastMerge?: {
              at: number;
              ms: number;
              full?: boolean;
              waitMs?: number;
              steps?: Record<string, number>;
            };
            lastFlush?: { at: number; ms: number; readMs?: number };
          };
          return st?.lastMerge ? { ...st.lastMerge, flush: st.lastFlush } : null;
        });
        if (m && m.at >= after) {
          const steps = Object.entries(m.steps ?? {})
            .map(([k, v]) => `${k} ${v}`)
            .join(', ');
          // A storage.sync write that ran while this change was on its way.
          const f = m.flush;
          const overlap =
            f && f.at + f.ms >= after && f.at <= m.at
              ? `; a flush of ${f.ms} ms (${f.readMs} ms of it reading) overlapped`
              : '';
          // When the worker heard of the change (its first event), from the change's start.
          const heard =
            changedAt !== undefined
              ? `; heard ${(m.at - m.ms - (m.waitMs ?? 0) - changedAt).toFixed(0)} ms after the change began`
              : '';
          return `waited ${m.waitMs} ms, merge ${m.ms} ms${m.full ? ' FULL' : ''} (${steps})${overlap}${heard}`;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      return 'no merge recorded';
    };
    const wallClock = () => sw.evaluate(() => Date.now());
    const bookmarkToFavouriteMs: number[] = [];
    const favouriteToBookmarkMs: number[] = [];
    for (let i = 0; i < INCREMENTAL_RUNS; i++) {
      // There → here: a bookmark written (as bookmark sync does), until the favourite is stored.
      let at = await wallClock();
      const there = (await sw.evaluate(
        async ({ k, poll }) => {
          const [folder] = (await chrome.bookmarks.search({ title: 'Broadsheet' })).filter(
            (b) => !b.url,
          );
          const id = `https://incoming.example.net/${k}`;
          const db = await new Promise<IDBDatabase>((ok) => {
            const open = indexedDB.open('broadsheet-favourites');
            open.onsuccess = () => ok(open.result);
          });
          const has = () =>
            new Promise<boolean>((ok) => {
              const req = db.transaction('favourites').objectStore('favourites').getKey(id);
              req.onsuccess = () => ok(req.result !== undefined);
            });
          // The store announces each committed write on this channel (utils/favourites/changes.ts).
          const feed = new BroadcastChannel('broadsheet-favourites');
          const heard = new Promise<number>((ok) => {
            feed.onmessage = (e: MessageEvent) => {
              const ids = (e.data as { ids?: string[] })?.ids ?? [];
              if (ids.includes(id)) ok(performance.now());
            };
          });
          const start = performance.now();
          const wall = Date.now();
          await chrome.bookmarks.create({
            parentId: folder?.id,
            title: `Incoming ${k}`,
            url: id,
          });
          let end: number;
          if (poll) {
            while (!(await has())) await new Promise((r) => setTimeout(r, 2));
            end = performance.now();
          } else {
            end = await heard;
            // Heard means committed: checked once, untimed.
            if (!(await has())) throw new Error(`${id} announced but not stored`);
          }
          feed.close();
          db.close();
          return { ms: end - start, wall };
        },
        { k: i, poll: POLL },
      )) as { ms: number; wall: number };
      bookmarkToFavouriteMs.push(there.ms);
      explain.push(
        `there→here ${i}: ${there.ms.toFixed(0)} ms; ${await lastMerge(at, there.wall)}`,
      );
      if (GAP_MS) await new Promise((r) => setTimeout(r, GAP_MS));
      at = await wallClock();
      // Here → there: a favourite saved by an extension page, until its bookmark exists.
      const here = (await page.evaluate(
        async ({ k, poll }) => {
          const store = (
            globalThis as never as {
              __bsStore: { saveLink: (u: string, t: string) => Promise<unknown> };
            }
          ).__bsStore;
          const url = `https://outgoing.example.net/${k}`;
          let made: (at: number) => void = () => {};
          const heard = new Promise<number>((ok) => {
            made = ok;
          });
          const listener = (_id: string, node: { url?: string }) => {
            if (node.url === url) made(performance.now());
          };
          chrome.bookmarks.onCreated.addListener(listener);
          const start = performance.now();
          const wall = Date.now();
          await store.saveLink(url, `Outgoing ${k}`);
          const savedMs = performance.now() - start;
          let end: number;
          if (poll) {
            while (!(await chrome.bookmarks.search({ url })).length) {
              await new Promise((r) => setTimeout(r, 2));
            }
            end = performance.now();
          } else {
            end = await heard;
          }
          chrome.bookmarks.onCreated.removeListener(listener);
          return { ms: end - start, wall, savedMs };
        },
        { k: i, poll: POLL },
      )) as { ms: number; wall: number; savedMs: number };
      favouriteToBookmarkMs.push(here.ms);
      explain.push(
        `here→there ${i}: ${here.ms.toFixed(0)} ms; ${await lastMerge(at, here.wall)}; the save itself ${here.savedMs.toFixed(0)} ms`,
      );
    }
    for (const line of explain) log(`  ${line}`);

    log(`burst of ${BURST} saves…`);
    await page.evaluate(() => {
      const w = window as never as { __syncWrites: number };
      w.__syncWrites = 0;
      chrome.storage.onChanged.addListener((_c, area) => {
        if (area === 'sync') w.__syncWrites++;
      });
    });
    const before = (await counts()).bookmarks;
    const burst = await page.evaluate(async (n) => {
      const store = (
        globalThis as never as {
          __bsStore: { saveLink: (u: string, t: string) => Promise<unknown> };
        }
      ).__bsStore;
      const start = performance.now();
      for (let i = 0; i < n; i++)
        await store.saveLink(`https://burst.example.net/${i}`, `Burst ${i}`);
      return performance.now() - start;
    }, BURST);
    const settleStart = performance.now();
    let mirrored = 0;
    while (performance.now() - settleStart < 60_000) {
      mirrored = (await counts()).bookmarks - before;
      if (mirrored >= BURST) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const settledMs = performance.now() - settleStart + burst;
    // Let the debounced storage.sync writes land.
    await new Promise((r) => setTimeout(r, 6000));
    const after = await sw.evaluate(async () => {
      const st = (await chrome.storage.local.get('sync:status'))['sync:status'] as {
        meta?: { errors: number; entries: number };
        error?: string;
      };
      const all = await chrome.storage.sync.get(null);
      let largest = 0;
      for (const [k, v] of Object.entries(all)) {
        largest = Math.max(largest, k.length + new TextEncoder().encode(JSON.stringify(v)).length);
      }
      return {
        bytes: await chrome.storage.sync.getBytesInUse(null),
        items: Object.keys(all).length,
        largest,
        entries: st?.meta?.entries ?? 0,
        errors: (st?.meta?.errors ?? 0) + (st?.error ? 1 : 0),
      };
    });
    const writes = await page.evaluate(
      () => (window as never as { __syncWrites: number }).__syncWrites,
    );
    return {
      favourites: SYNC_FAVOURITES,
      bookmarks: SYNC_BOOKMARKS,
      firstMergeMs,
      engineMergeMs: engine.ms,
      engineSplit: engine.split,
      afterMerge,
      bookmarkToFavouriteMs,
      favouriteToBookmarkMs,
      sync: {
        bytes: after.bytes,
        items: after.items,
        largest: after.largest,
        entries: after.entries,
      },
      burst: { ms: burst, writes, errors: after.errors, mirrored, settledMs },
    };
  } finally {
    await h.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
