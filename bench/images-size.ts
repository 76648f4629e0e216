/**
 * Offline images at size (issue 14): 10 000 favourites, each copy showing 3 images, seeded
 * through the options page's Import; then the popup's first row and `reader.html` are timed,
 * every copy gets its 3 images stored as blobs through the store (as a save would store them:
 * incompressible bytes, as JPEG is, 20–120 KB each after scaling), and the same are timed again
 * in the same run, with the database size before and after.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import {
  bundleStore,
  FIRST_ROW_PROBE,
  importThroughOptions,
  type StorageFigures,
  seedFile,
  storage,
} from './favourites-time';

export const IMAGE_FAVOURITES = 10_000;
export const IMAGES_EACH = 3;
const POPUP_OPENS = 6;
const READER_OPENS = 8;

export interface ImagesPhase {
  storage: StorageFigures;
  /** Popup open → first row painted, ms. */
  popupMs: number[];
  /** reader.html?id=… navigation → the copy's heading painted, ms. */
  readerTextMs: number[];
  /** … → every image of the copy loaded (with images stored), ms. */
  readerImagesMs: number[];
}

export interface ImagesReport {
  favourites: number;
  images: { count: number; bytes: number; writeMs: number };
  before: ImagesPhase;
  after: ImagesPhase;
}

/** Popup first row, and reader.html opened on a few favourites, timed. */
async function phase(
  ctx: import('playwright-core').BrowserContext,
  url: (path: string) => string,
  options: Page,
  ids: string[],
  withImages: boolean,
): Promise<ImagesPhase> {
  const popup = await ctx.newPage();
  const popupMs: number[] = [];
  for (let i = 0; i < POPUP_OPENS; i++) {
    await popup.goto(url('popup.html'), { waitUntil: 'commit' });
    await popup.bringToFront();
    const mark = (await (
      await popup.waitForFunction(
        () => (window as unknown as { __bsFirstRow?: unknown }).__bsFirstRow,
        undefined,
        { timeout: 30_000 },
      )
    ).jsonValue()) as { painted: number };
    popupMs.push(mark.painted);
  }
  await popup.close();
  const readerTextMs: number[] = [];
  const readerImagesMs: number[] = [];
  const reader = await ctx.newPage();
  for (const id of ids.slice(0, READER_OPENS)) {
    await reader.goto(url(`reader.html?id=${encodeURIComponent(id)}`), { waitUntil: 'commit' });
    const t = (await (
      await reader.waitForFunction(
        (want) => {
          const h1 = document.querySelector('h1');
          if (!h1?.textContent) return null;
          const w = window as unknown as { __bsText?: number };
          w.__bsText ??= performance.now();
          const imgs = [...document.querySelectorAll<HTMLImageElement>('.bs-content img')];
          if (want && (imgs.length < 3 || !imgs.every((i) => i.complete && i.naturalWidth > 0))) {
            return null;
          }
          return { text: w.__bsText, images: performance.now() };
        },
        withImages,
        { timeout: 30_000, polling: 'raf' },
      )
    ).jsonValue()) as { text: number; images: number };
    readerTextMs.push(t.text);
    if (withImages) readerImagesMs.push(t.images);
  }
  await reader.close();
  return { storage: await storage(options), popupMs, readerTextMs, readerImagesMs };
}

export async function imagesAtSize(
  extDir = '.output/chrome-mv3',
  opts: { favourites?: number; log?: (line: string) => void } = {},
): Promise<ImagesReport> {
  const n = opts.favourites ?? IMAGE_FAVOURITES;
  const log = opts.log ?? (() => {});
  const tmp = mkdtempSync(join(tmpdir(), 'broadsheet-img-bench-'));
  const envBefore = process.env.BROADSHEET_EXTENSION_DIR;
  try {
    if (!envBefore) {
      const copy = join(tmp, 'extension');
      cpSync(resolve(extDir), copy, { recursive: true });
      process.env.BROADSHEET_EXTENSION_DIR = copy;
    }
    const { startHarness } = await import('../tests/e2e/harness');
    const seed = seedFile(n, IMAGES_EACH);
    const seedPath = join(tmp, 'seed.json');
    writeFileSync(seedPath, seed.text);
    const storeCode = await bundleStore();
    const site = join(tmp, 'site');
    mkdirSync(site);
    const h = await startHarness({ fixtures: site });
    try {
      const ctx = h.context;
      await ctx.addInitScript(FIRST_ROW_PROBE);
      const options = await ctx.newPage();
      await options.goto(h.extensionUrl('options.html'));
      log(`seeding ${n} favourites…`);
      await importThroughOptions(options, seedPath, 900_000);
      await options.evaluate(storeCode);
      // The newest few: the ones a reader opens.
      const ids = (await options.evaluate(async () => {
        const store = (
          globalThis as unknown as {
            __bsStore: { listPage(q: object): Promise<{ id: string }[]> };
          }
        ).__bsStore;
        return (await store.listPage({ limit: 20 })).map((f) => f.id);
      })) as string[];
      log('timing without images…');
      const before = await phase(ctx, (p) => h.extensionUrl(p), options, ids, false);

      log(`storing ${n * IMAGES_EACH} images…`);
      const t0 = performance.now();
      const stored = (await options.evaluate(
        async ({ count, each }) => {
          const store = (
            globalThis as unknown as {
              __bsStore: {
                listPage(q: object): Promise<{ id: string }[]>;
                getCopy(id: string): Promise<{ html: string } | undefined>;
                putImages(
                  id: string,
                  html: string,
                  images: unknown[],
                  report: object,
                ): Promise<boolean>;
              };
            }
          ).__bsStore;
          // A fixed sequence of sizes, 20–120 KB: the same every run.
          let seedN = 12345;
          const next = () => {
            seedN = (seedN * 1103515245 + 12345) % 2147483648;
            return seedN / 2147483648;
          };
          const jpeg = (size: number) => {
            const bytes = new Uint8Array(size);
            for (let o = 0; o < size; o += 65536) {
              crypto.getRandomValues(bytes.subarray(o, Math.min(size, o + 65536)));
            }
            bytes.set([0xff, 0xd8, 0xff, 0xe0]);
            return bytes;
          };
          // Random bytes would not decode: the reader needs images that load, so each blob is a
          // real small JPEG (drawn here) padded after its end marker to its size.
          const canvas = new OffscreenCanvas(64, 48);
          const g = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
          g.fillStyle = '#7a9';
          g.fillRect(0, 0, 64, 48);
          const drawn = await canvas.convertToBlob({ type: 'image/jpeg' });
          const real = new Uint8Array(await drawn.arrayBuffer());
          const image = (size: number) => {
            const b = jpeg(Math.max(size, real.length));
            b.set(real);
            return b;
          };
          let images = 0;
          let bytes = 0;
          const all = await store.listPage({ limit: count });
          for (const fav of all) {
            const copy = await store.getCopy(fav.id);
            if (!copy) continue;
            const srcs = [...copy.html.matchAll(/<img[^>]+src="([^"]+)"/g)].map((m) => m[1]);
            const list = srcs.slice(0, each).map((url) => {
              const size = Math.round(20_000 + next() * 100_000);
              images++;
              bytes += size;
              return {
                fav: fav.id,
                url,
                blob: new Blob([image(size)], { type: 'image/jpeg' }),
                type: 'image/jpeg',
                bytes: size,
              };
            });
            await store.putImages(fav.id, copy.html, list, { leftOut: [], at: Date.now() });
          }
          return { images, bytes };
        },
        { count: n, each: IMAGES_EACH },
      )) as { images: number; bytes: number };
      const writeMs = performance.now() - t0;
      log(
        `stored ${stored.images} images (${(stored.bytes / 1e6).toFixed(0)} MB) in ${(writeMs / 1000).toFixed(1)} s`,
      );
      const after = await phase(ctx, (p) => h.extensionUrl(p), options, ids, true);
      return {
        favourites: n,
        images: { count: stored.images, bytes: stored.bytes, writeMs },
        before,
        after,
      };
    } finally {
      await h.close();
    }
  } finally {
    if (envBefore === undefined) delete process.env.BROADSHEET_EXTENSION_DIR;
    rmSync(tmp, { recursive: true, force: true });
  }
}
