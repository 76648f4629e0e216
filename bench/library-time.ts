/**
 * The library at size (`npm run bench -- library`), with the real built extension in Chromium
 * (tests/e2e/harness.ts): 10 000 favourites, each with a ~2 KB offline copy and two of 2 000
 * tags (a thousand of them also tagged `reading-list`, a quarter archived), are imported through
 * the options page's `Import` (our export format), and 20 000 highlights are written beside
 * them. Then, each timed in the page from the action to the frame after the DOM shows its result:
 * - library.html open → first row painted;
 * - Tag combobox changed → the tag's favourites listed (the count checked against the data);
 * - search keystroke → results with their snippet's `mark` painted;
 * - bulk tag: `Add tag…` on 1 000 selected (`Select all` on the `reading-list` tag) → the
 *   page says they were tagged (one transaction);
 * - popup open → first row painted (its list leaves archived ones out: a postings filter);
 * - a 10 000-row Pocket CSV with tags (and archive status) imported on top.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { type ExportedFavourite, exportParts } from '../utils/favourites/export';
import { bundleStore, importThroughOptions } from './favourites-time';
import { fakeArticle, prng } from './fixtures/favourites';

export const LIBRARY_FAVOURITES = 10_000;
export const LIBRARY_TAGS = 2_000;
export const LIBRARY_HIGHLIGHTS = 20_000;
const POCKET_ROWS = 10_000;
const OPENS = 8;
const ROUNDS = 3;
const BULK = 1_000;
const STORE_RUNS = 5;
const BASE_TIME = Date.UTC(2024, 0, 1);

// One per run: two runs at once (other worktrees, same machine) must not replace each other's build.
const STABLE_COPY = join(tmpdir(), `broadsheet-library-bench-extension-${process.pid}`);
export const tagName = (k: number) => `topic ${String(k).padStart(4, '0')}`;

/** The store's own calls, in an extension page (median of STORE_RUNS), ms. */
export interface StoreTimes {
  firstPage: number;
  tag: number;
  searchWithSnippets: number;
  bulkTag: number;
  popupPage: number;
}

export interface LibraryReport {
  /** False when the build has no library.html (a baseline build): library rows are NaN. */
  hasLibrary: boolean;
  /** Each page open's DOMContentLoaded (navigation start → our scripts ran), ms. */
  libraryDclMs: number[];
  popupDclMs: number[];
  /**
   * The floor: the same page with its scripts taken out and one static row in their place
   * (`floor-library.html`, `floor-popup.html`, written into the copy of the build), opened
   * alternately with the real one: what navigation, parsing, styles and the paint cost before
   * any code of ours runs. NaN-free only when the build's pages were found.
   */
  libraryFloorMs: number[];
  popupFloorMs: number[];
  store: StoreTimes | null;
  favourites: number;
  seedMs: number;
  libraryMs: number[];
  tagMs: number[];
  tagRight: boolean;
  searchMs: number[];
  searchRight: boolean;
  bulkMs: number;
  bulkMessage: string;
  popupMs: number[];
  importMs: number;
  importMessage: string;
}

/** Our export file: `n` favourites with copies and tags; expected counts per tag. */
export function seedFile(n: number): {
  text: string;
  perTag: Map<string, number>;
  words: string[];
} {
  const perTag = new Map<string, number>();
  const entries: ExportedFavourite[] = [];
  for (let i = 0; i < n; i++) {
    const a = fakeArticle(i, 2000, 3);
    const at = new Date(BASE_TIME + i * 60_000).toISOString();
    const tags = [tagName(i % LIBRARY_TAGS), tagName((i * 7 + 3) % LIBRARY_TAGS)];
    if (i % 10 === 0) tags.push('reading-list');
    for (const t of new Set(tags)) perTag.set(t, (perTag.get(t) ?? 0) + 1);
    entries.push({
      url: a.url,
      title: a.title,
      siteName: a.siteName,
      byline: a.byline,
      lang: a.lang,
      wordCount: a.wordCount,
      readingMinutes: a.readingMinutes,
      savedAt: at,
      updatedAt: at,
      read: i % 3 === 0,
      archived: i % 4 === 1,
      tags: [...new Set(tags)],
      fetched: true,
      offline: { html: a.contentHtml, text: a.textContent },
    });
  }
  entries.reverse();
  // Search words taken from two articles' bodies: long ones (rare) and short prefixes (common).
  const words: string[] = [];
  for (const i of [4321, 8765]) {
    const body = [...new Set(fakeArticle(i, 2000, 3).textContent.split(/[^\p{L}\p{N}]+/u))];
    const long = body.filter((w) => w.length >= 8).sort();
    words.push(
      long[0] ?? 'x',
      long[long.length - 1] ?? 'x',
      (body.find((w) => w.length >= 5) ?? 'x').slice(0, 3),
    );
  }
  return { text: exportParts(entries).join(''), perTag, words };
}

/** A Pocket CSV of `n` rows, each with two tags of the same pool, 40 % archived. */
function pocketCsv(n: number): string {
  const rand = prng(7);
  const rows = ['title,url,time_added,tags,status'];
  for (let i = 0; i < n; i++) {
    const tags = `${tagName(Math.floor(rand() * LIBRARY_TAGS))}|${tagName(Math.floor(rand() * LIBRARY_TAGS))}`;
    const status = rand() < 0.4 ? 'archive' : 'unread';
    rows.push(
      `"Pocket item ${i} about harbours",https://pocket${i % 50}.example/item/${i},${1_600_000_000 + i * 60},${tags},${status}`,
    );
  }
  return `${rows.join('\n')}\n`;
}

/**
 * Marks when a page's first list row is in the DOM and painted (library or popup), and resolves
 * `__bsFirstRowDone` then, for `firstRow` to await: a `waitForFunction` would poll every frame
 * with Playwright's injected script, which is compiled and run in the page (20–30 ms of its main
 * thread under load) while the page loads: the floor's row is there before, ours after.
 */
export const FIRST_ROW_PROBE = `(() => {
  globalThis.__name ??= (f) => f;
  if (location.protocol !== 'chrome-extension:') return;
  const sel = location.pathname.endsWith('library.html')
    ? 'ul[aria-label="Favourites"] > li[data-index] a.lib-title'
    : 'ul[aria-label="Favourites"] > li[data-index] a.fav-title';
  let painted;
  window.__bsFirstRowDone = new Promise((done) => { painted = done; });
  const obs = new MutationObserver(() => {
    if (!document.querySelector(sel)) return;
    obs.disconnect();
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        const nav = performance.getEntriesByType('navigation')[0];
        window.__bsFirstRow = [performance.now(), nav ? nav.domContentLoadedEventStart : NaN];
        painted(window.__bsFirstRow);
      };
      ch.port2.postMessage(0);
    });
  });
  obs.observe(document, { childList: true, subtree: true });
})();`;

/**
 * Writes `floor-library.html` and `floor-popup.html` into the build copy `dir`: each page as
 * built, its scripts and module preloads removed, one static row (as the probe looks for it) in
 * `#app`. The styles stay: they are part of what any page of ours costs.
 */
export function writeFloorPages(dir: string): void {
  for (const [page, cls] of [
    ['library', 'lib-title'],
    ['popup', 'fav-title'],
  ] as const) {
    const path = join(dir, `${page}.html`);
    if (!existsSync(path)) continue;
    const html = readFileSync(path, 'utf8')
      .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
      .replace(/<link rel="modulepreload"[^>]*>/g, '')
      .replace(
        /<div id="app"><\/div>/,
        `<div id="app"><ul aria-label="Favourites"><li data-index="0"><a class="${cls}" href="#">A favourite</a></li></ul></div>`,
      );
    if (!html.includes(cls)) throw new Error(`${page}.html: no #app to put the floor row in`);
    writeFileSync(join(dir, `floor-${page}.html`), html);
  }
}

/** In the page: waits for `ok` (DOM mutations), then a frame; resolves with ms since `t0`. */
export const HELPERS = `(() => {
  globalThis.__until = (ok, limit = 15000) => new Promise((done, fail) => {
    if (ok()) return done();
    const timer = setTimeout(() => fail(new Error('timed out')), limit);
    const obs = new MutationObserver(() => {
      if (!ok()) return;
      obs.disconnect(); clearTimeout(timer); done();
    });
    obs.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
  });
  globalThis.__frame = () => new Promise((done) => requestAnimationFrame(() => {
    const ch = new MessageChannel(); ch.port1.onmessage = () => done(); ch.port2.postMessage(0);
  }));
})()`;

/** [first row painted, DOMContentLoaded], ms since navigation start. */
export async function firstRow(page: Page, url: string): Promise<[number, number]> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.bringToFront();
  return page.evaluate(() =>
    Promise.race([
      (window as unknown as { __bsFirstRowDone: Promise<[number, number]> }).__bsFirstRowDone,
      new Promise<never>((_, fail) =>
        setTimeout(() => fail(new Error('no first row in 30 s')), 30_000),
      ),
    ]),
  );
}

type W = typeof globalThis & {
  __until(ok: () => boolean, limit?: number): Promise<void>;
  __frame(): Promise<void>;
};

/** Picks `tag` in the Tag combobox; ms until its `expected` favourites are listed, painted. */
export async function pickTag(page: Page, tag: string, expected: number): Promise<number> {
  return page.evaluate(
    async ([name, n]) => {
      const w = globalThis as W;
      const select = document.querySelector<HTMLSelectElement>('#lib-tag');
      if (!select) throw new Error('no Tag combobox');
      const count = () => document.querySelector('.library > .fav-count')?.textContent ?? '';
      const shown = `${Number(n).toLocaleString('en-US')} shown`;
      const t0 = performance.now();
      select.value = name as string;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await w.__until(
        () => count().includes(shown) && !!document.querySelector('li[data-index] a.lib-title'),
      );
      await w.__frame();
      return performance.now() - t0;
    },
    [tag, expected] as const,
  );
}

/** Types `query` (one input event); ms until the first result's snippet `mark` is painted. */
export async function searchWithSnippet(page: Page, query: string): Promise<number> {
  return page.evaluate(async (q) => {
    const w = globalThis as W;
    const box = document.querySelector<HTMLInputElement>('input.lib-search');
    if (!box) throw new Error('no search box');
    const set = (value: string) => {
      box.value = value;
      box.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
    };
    set('');
    await w.__until(() => !document.querySelector('li[data-index] mark'));
    await w.__frame();
    const t0 = performance.now();
    set(q);
    await w.__until(() => !!document.querySelector('li[data-index] mark'));
    await w.__frame();
    return performance.now() - t0;
  }, query);
}

export async function libraryTimes(
  extDir = '.output/chrome-mv3',
  opts: { favourites?: number; log?: (line: string) => void } = {},
): Promise<LibraryReport> {
  const n = opts.favourites ?? LIBRARY_FAVOURITES;
  const log = opts.log ?? (() => {});
  const tmp = mkdtempSync(join(tmpdir(), 'broadsheet-lib-bench-'));
  const envBefore = process.env.BROADSHEET_EXTENSION_DIR;
  try {
    // The harness loads BROADSHEET_EXTENSION_DIR as it is when it starts: one place, where
    // each run copies its build (so a rebuild during the run cannot change it, and --before can
    // load another). It read it once, on import, until 2026-12-02: since sync-time.ts imported
    // it first, every run (and --before's) had loaded .output/chrome-mv3.
    if (!envBefore || envBefore === STABLE_COPY) {
      rmSync(STABLE_COPY, { recursive: true, force: true });
      cpSync(resolve(extDir), STABLE_COPY, { recursive: true });
      process.env.BROADSHEET_EXTENSION_DIR = STABLE_COPY;
    }
    const floors = process.env.BROADSHEET_EXTENSION_DIR === STABLE_COPY;
    if (floors) writeFloorPages(STABLE_COPY);
    const { startHarness } = await import('../tests/e2e/harness');
    const hasLibrary = existsSync(
      join(process.env.BROADSHEET_EXTENSION_DIR ?? extDir, 'library.html'),
    );
    const seed = seedFile(n);
    const seedPath = join(tmp, 'seed.json');
    writeFileSync(seedPath, seed.text);
    const csvPath = join(tmp, 'pocket.csv');
    writeFileSync(csvPath, pocketCsv(POCKET_ROWS));
    const storeCode = await bundleStore();
    const h = await startHarness();
    try {
      const ctx = h.context;
      await ctx.addInitScript(FIRST_ROW_PROBE);
      const options = await ctx.newPage();
      await options.goto(h.extensionUrl('options.html'));
      const importFile = (path: string, timeout: number) =>
        importThroughOptions(options, path, timeout);
      log(`seeding ${n} favourites with ${LIBRARY_TAGS} tags…`);
      const seeded = await importFile(seedPath, 900_000);
      log(`seeded in ${(seeded.ms / 1000).toFixed(1)} s`);

      // 20 000 highlights beside them, through the store's database (one transaction). Not in
      // a baseline build: this store's code would upgrade its database.
      if (hasLibrary) await options.evaluate(storeCode);
      if (hasLibrary)
        await options.evaluate(async (count) => {
          const store = (
            globalThis as unknown as {
              __bsStore: {
                db(): Promise<IDBDatabase & { transaction: IDBDatabase['transaction'] }>;
                listPage(q: object): Promise<{ id: string }[]>;
              };
            }
          ).__bsStore;
          const favs = await store.listPage({ limit: 5000 });
          const db = (await store.db()) as unknown as {
            transaction(
              s: string,
              m: string,
            ): { store: { put(v: object): Promise<unknown> }; done: Promise<void> };
          };
          const tx = db.transaction('highlights', 'readwrite');
          const writes: Promise<unknown>[] = [];
          for (let i = 0; i < count; i++) {
            const fav = favs[i % favs.length]?.id ?? '';
            writes.push(
              tx.store.put({
                id: `h${i}`,
                fav,
                quote: { exact: `quoted words ${i}`, prefix: 'before ', suffix: ' after' },
                position: { start: i % 500, end: (i % 500) + 14 },
                colour: 'yellow',
                note: i % 3 ? undefined : `note ${i}`,
                at: 1_700_000_000_000 + i,
                updatedAt: 1_700_000_000_000 + i,
              }),
            );
          }
          await Promise.all(writes);
          await tx.done;
        }, LIBRARY_HIGHLIGHTS);
      if (hasLibrary) log(`${LIBRARY_HIGHLIGHTS} highlights written`);
      const libraryMs: number[] = [];
      const libraryDclMs: number[] = [];
      const libraryFloorMs: number[] = [];
      const popupFloorMs: number[] = [];
      const tagMs: number[] = [];
      const searchMs: number[] = [];
      let tagRight = true;
      let searchRight = true;
      let bulk = { ms: Number.NaN, message: '' };
      let storeTimes: StoreTimes | null = null;
      if (hasLibrary) {
        storeTimes = await timeStore(options);
        log(`store alone: ${JSON.stringify(storeTimes)}`);
        // Library opens.
        const library = await ctx.newPage();
        for (let i = 0; i < OPENS; i++) {
          // The floor first, so that the page left open after the loop is the library.
          if (floors)
            libraryFloorMs.push((await firstRow(library, h.extensionUrl('floor-library.html')))[0]);
          const [painted, dcl] = await firstRow(library, h.extensionUrl('library.html'));
          libraryMs.push(painted);
          libraryDclMs.push(dcl);
        }
        log(`library opens: ${libraryMs.map((m) => m.toFixed(0)).join(', ')} ms`);
        log(`floor opens: ${libraryFloorMs.map((m) => m.toFixed(0)).join(', ')} ms`);
        await library.evaluate(HELPERS);
        await library.waitForFunction(
          () => (document.querySelector('#lib-tag')?.querySelectorAll('option').length ?? 0) > 100,
        );

        // Tag filters: small tags, then the large one.
        const tags = [17, 421, 999, 1500, 1999, 3, 777, 1234].map(tagName);
        for (let round = 0; round < ROUNDS; round++) {
          for (const tag of tags) {
            const expected = seed.perTag.get(tag) ?? 0;
            try {
              tagMs.push(await pickTag(library, tag, expected));
            } catch {
              tagRight = false;
            }
            await pickTag(library, '', n).catch(() => undefined);
          }
        }
        log(`tag filters: median ${median(tagMs).toFixed(0)} ms`);

        // Search with snippets.
        const queries = ['uniq1234', 'uniq777', 'uniq5000', ...seed.words];
        for (let round = 0; round < ROUNDS; round++) {
          for (const q of queries) {
            try {
              searchMs.push(await searchWithSnippet(library, q));
            } catch {
              searchRight = false;
            }
          }
        }
        log(`search with snippets: median ${median(searchMs).toFixed(0)} ms`);
        await library.evaluate(() => {
          const box = document.querySelector<HTMLInputElement>('input.lib-search');
          if (!box) return;
          box.value = '';
          box.dispatchEvent(new InputEvent('input', { bubbles: true }));
        });

        // Bulk tag of 1 000 selected.
        const bulkCount = seed.perTag.get('reading-list') ?? 0;
        if (bulkCount !== BULK) throw new Error(`reading-list has ${bulkCount}, not ${BULK}`);
        await pickTag(library, 'reading-list', BULK);
        await library.getByRole('checkbox', { name: 'Select all', exact: true }).check();
        await library.getByText('1,000 selected').waitFor();
        await library.getByRole('button', { name: 'Add tag…' }).click();
        await library.getByLabel('Tag to add').fill('bulk tagged');
        bulk = await library.evaluate(async () => {
          const w = globalThis as W;
          const form = document.querySelector<HTMLFormElement>('form.lib-tag-form');
          if (!form) throw new Error('no tag form');
          const t0 = performance.now();
          form.requestSubmit();
          await w.__until(
            () => /Tagged 1,000 favourites/.test(document.body.textContent ?? ''),
            30_000,
          );
          await w.__frame();
          return { ms: performance.now() - t0, message: 'Tagged 1,000 favourites.' };
        });
        log(`bulk tag: ${bulk.ms.toFixed(0)} ms`);
        await library.close();
      }

      // Popup opens.
      const tab = await ctx.newPage();
      await tab.goto(`${h.siteA.origin}/basic/article-en.html`);
      const tabId = await h.tabIdOf(tab);
      const popup = await ctx.newPage();
      const popupMs: number[] = [];
      const popupDclMs: number[] = [];
      for (let i = 0; i < OPENS; i++) {
        const [painted, dcl] = await firstRow(popup, h.extensionUrl(`popup.html?tab=${tabId}`));
        popupMs.push(painted);
        popupDclMs.push(dcl);
        if (floors)
          popupFloorMs.push((await firstRow(popup, h.extensionUrl('floor-popup.html')))[0]);
      }
      log(`popup opens: ${popupMs.map((m) => m.toFixed(0)).join(', ')} ms`);
      await Promise.all([popup.close(), tab.close()]);

      await options.reload();
      await options.getByLabel('Import').waitFor({ state: 'attached' });
      const imported = await importFile(csvPath, 120_000);
      log(`pocket import: ${(imported.ms / 1000).toFixed(2)} s: ${imported.message}`);
      return {
        hasLibrary,
        libraryDclMs,
        popupDclMs,
        libraryFloorMs,
        popupFloorMs,
        store: storeTimes,
        favourites: n,
        seedMs: seeded.ms,
        libraryMs,
        tagMs,
        tagRight,
        searchMs,
        searchRight,
        bulkMs: bulk.ms,
        bulkMessage: bulk.message,
        popupMs,
        importMs: imported.ms,
        importMessage: imported.message,
      };
    } finally {
      await h.close();
    }
  } finally {
    if (envBefore === undefined) {
      rmSync(STABLE_COPY, { recursive: true, force: true });
      delete process.env.BROADSHEET_EXTENSION_DIR;
    }
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The store's own calls in `page` (where the bundled store is `__bsStore`), medians. */
async function timeStore(page: Page): Promise<StoreTimes> {
  return page.evaluate(
    async ([runs, bulkTag, tag]) => {
      type S = {
        library(q: object): Promise<{ items: { id: string }[] }>;
        snippets(ids: string[], q: string): Promise<unknown[]>;
        listPage(q: object): Promise<{ id: string }[]>;
        addTag(ids: string[], tag: string): Promise<unknown>;
        removeTag(ids: string[], tag: string): Promise<unknown>;
      };
      const store = (globalThis as unknown as { __bsStore: S }).__bsStore;
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
      const time = async (fn: () => Promise<unknown>) => {
        const out: number[] = [];
        for (let i = 0; i < (runs as number); i++) {
          const t0 = performance.now();
          await fn();
          out.push(performance.now() - t0);
        }
        return med(out);
      };
      const firstPage = await time(() => store.library({ limit: 50 }));
      const tagMs = await time(() => store.library({ tag, limit: 50 }));
      const searchWithSnippets = await time(async () => {
        const r = await store.library({ text: 'uniq12', limit: 50 });
        await store.snippets(
          r.items.slice(0, 16).map((f) => f.id),
          'uniq12',
        );
      });
      const popupPage = await time(() => store.listPage({ archived: false, limit: 50 }));
      const ids = (await store.library({ tag: bulkTag, limit: 1000 })).items.map((f) => f.id);
      const bulks: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        await store.addTag(ids, `store bulk ${i}`);
        bulks.push(performance.now() - t0);
        await store.removeTag(ids, `store bulk ${i}`);
      }
      return { firstPage, tag: tagMs, searchWithSnippets, bulkTag: med(bulks), popupPage };
    },
    [STORE_RUNS, 'reading-list', tagName(421)] as const,
  );
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}
