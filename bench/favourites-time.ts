/**
 * Favourites at size, with the real built extension in Chromium (tests/e2e/harness.ts):
 * 10 000 favourites, each with a ~5 KB offline copy, are imported through the options page's
 * `Import` input (a file in our export format, docs/export-format.md); then
 * - popup open to first row painted (navigation start → first favourite row in the DOM → next
 *   frame), timed in the popup page;
 * - search keystroke to results: the search box gets a query (one input event, as the keystroke
 *   that completes it) and the time runs until the list shows that query's matches, painted;
 *   each result is checked against a count computed here from the generated data;
 * - save: click on the popup's `Save to favourites` to `aria-pressed="true"`, on fixture pages
 *   of our own (generated under the OS temp dir, without a canonical link, so each is new);
 * - import of a 10 000-row Pocket CSV on top (input → "Import done" and the new count shown);
 * - database size from navigator.storage.estimate() in an extension page.
 * For where the time goes, the store's own search and save are also timed in the popup page
 * (utils/favourites/store.ts bundled with esbuild and evaluated there, on the same database).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { wordsFor } from '../utils/favourites/db';
import { type ExportedFavourite, exportParts } from '../utils/favourites/export';
import { normalizeUrl, siteOf } from '../utils/favourites/url';
import { queryWords } from '../utils/favourites/words';
import { fakeArticle, fakePocketCsv } from './fixtures/favourites';

export const FAVOURITES = 10_000;
const POCKET_ROWS = 10_000;
const POPUP_OPENS = 8;
const SEARCH_ROUNDS = 2;
const SAVES = 15;
/** Pause before each timed click in the popup, so its list reload is over, ms. */
const SETTLE_MS = 1000;
/** The list's default search debounce (components/favourites/FavouritesList.tsx). */
export const SEARCH_DEBOUNCE_MS = 0;
const ROOT = resolve('.');
const BASE_TIME = Date.UTC(2024, 0, 1);

export interface SearchRow {
  query: string;
  /** Keystroke → results painted, one per round, ms. */
  ms: number[];
  /** `store.search()` alone in the popup page (median of 3), ms. */
  storeMs: number;
  /** Matches the list said it found, and what the generated data says it should. */
  shown: string;
  expected: number;
  ok: boolean;
}

export interface FavouritesReport {
  favourites: number;
  /** Import of the 10 000-favourite export file used to seed (not a budget). */
  seedMs: number;
  seedBytes: number;
  /** Popup open → first row painted, one per open (the first is the cold one). */
  popupMs: number[];
  /** Same opens: → first row in the DOM (before the frame). */
  popupDomMs: number[];
  search: SearchRow[];
  /** Click → aria-pressed=true, first save of each page (reader script injected then). */
  saveMs: number[];
  /** Same pages saved again after Remove (reader script already in the page). */
  resaveMs: number[];
  /** `store.saveArticle()` alone in the popup page, ~5 KB article. */
  storeSaveMs: number[];
  importCsv: { rows: number; bytes: number; ms: number; message: string; countText: string };
  db: { afterSeed: StorageFigures; afterAll: StorageFigures };
}

export interface StorageFigures {
  usage: number;
  indexedDB: number | null;
}

/**
 * Our export file: `n` fake articles with their offline copies, newest last in `i`. With
 * `images`, each copy shows that many images (`imageUrl(i, k)`), not stored yet.
 */
export function seedFile(n: number, images = 0): { text: string; articles: ExportedFavourite[] } {
  const articles: ExportedFavourite[] = [];
  for (let i = 0; i < n; i++) {
    const a = fakeArticle(i);
    const at = new Date(BASE_TIME + i * 60_000).toISOString();
    articles.push({
      url: a.url,
      title: a.title,
      siteName: a.siteName,
      byline: a.byline,
      lang: a.lang,
      dir: a.dir,
      wordCount: a.wordCount,
      readingMinutes: a.readingMinutes,
      savedAt: at,
      updatedAt: at,
      read: i % 3 === 0,
      tags: [],
      fetched: true,
      offline: {
        html:
          a.contentHtml +
          Array.from(
            { length: images },
            (_, k) => `<p><img src="${imageUrl(i, k)}" alt=""></p>`,
          ).join(''),
        text: a.textContent,
      },
    });
  }
  articles.reverse(); // the format lists newest first
  return { text: exportParts(articles).join(''), articles };
}

/**
 * Imports file `path` through the options page's Import (already open in `options`) and waits
 * until the page says "Import done" and shows the new count. Throws on any other answer.
 */
export async function importThroughOptions(
  options: Page,
  path: string,
  timeout: number,
): Promise<{ ms: number; message: string; countText: string }> {
  const countLocator = options.locator('.fav-data .fav-count');
  await options.waitForFunction(
    () => !!document.querySelector('.fav-data .fav-count')?.textContent,
  );
  const before = (await countLocator.textContent()) ?? '';
  const t0 = performance.now();
  await options.getByLabel('Import').setInputFiles(path);
  // Done when the page says so and shows the new count.
  await options.waitForFunction(
    (was) => {
      const status = document.querySelector('.fav-data [role="status"]')?.textContent ?? '';
      const shown = document.querySelector('.fav-data .fav-count')?.textContent ?? '';
      if (document.querySelector('.fav-data [role="status"] .error')) return true;
      return /^Import done/.test(status) && !!shown && shown !== was;
    },
    before,
    { polling: 'raf', timeout },
  );
  const ms = performance.now() - t0;
  const message =
    (await options.locator('.fav-data [role="status"] p').first().textContent()) ?? '';
  const countText = (await countLocator.textContent()) ?? '';
  if (!message.startsWith('Import done')) throw new Error(`import of ${path}: ${message}`);
  return { ms, message, countText };
}

/** The `k`-th image of the `i`-th seeded article's copy. */
export const imageUrl = (i: number, k: number) => `https://img.example/${i}/${k}.jpg`;

/** Query → number of seeded favourites it should find (every word a prefix of a word held). */
function expectedMatches(articles: ExportedFavourite[]): (query: string) => number {
  const index = new Map<string, number[]>();
  articles.forEach((a, n) => {
    const site = siteOf(normalizeUrl(a.url) ?? a.url);
    const fav = { title: a.title, site, siteName: a.siteName, byline: a.byline, tags: a.tags };
    for (const w of wordsFor(fav, a.offline?.text)) {
      const list = index.get(w);
      if (list) list.push(n);
      else index.set(w, [n]);
    }
  });
  const words = [...index.keys()];
  return (query) => {
    let ids: number[] | null = null;
    for (const q of queryWords(query)) {
      const found = new Set<number>();
      for (const w of words) if (w.startsWith(q)) for (const n of index.get(w) ?? []) found.add(n);
      ids = ids === null ? [...found] : ids.filter((n: number) => found.has(n));
    }
    return ids?.length ?? 0;
  };
}

/** Search words: body-only unique words, accents and case left out, prefixes, several words. */
function queries(articles: ExportedFavourite[]): string[] {
  // A rare made-up word from one article's body, so some query finds a handful.
  const body = articles[Math.floor(articles.length * 0.43)]?.offline?.text ?? '';
  const rare =
    [...new Set(body.split(/[\s.]+/))]
      .filter((w) => w && !w.startsWith('uniq'))
      .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))[0] ?? 'x';
  return [
    'uniq1234',
    'uniq9876',
    'uniq5000',
    'redaction',
    'REDACTION',
    'economie',
    'societe',
    'election',
    'gouvernement climat',
    'strasse',
    'politica',
    'ELECCIONES',
    'harbour storm',
    'gov',
    'wirt',
    'beispiel',
    'writer 42',
    rare.toLowerCase(),
    'zzqxv',
    'uniq77',
  ];
}

/** Fixture pages for saving: our own article with its canonical link removed, one per save. */
function savePages(dir: string): void {
  const en = readFileSync(join(ROOT, 'tests/fixtures/basic/article-en.html'), 'utf8');
  const fr = readFileSync(join(ROOT, 'tests/fixtures/basic/article-fr.html'), 'utf8');
  const strip = (html: string) => html.replace(/<link rel="canonical"[^>]*>\n?/g, '');
  for (let i = 0; i < SAVES; i++) {
    const page = strip(i % 2 ? fr : en).replace(/<title>/, `<title>(${i}) `);
    writeFileSync(join(dir, `save-${i}.html`), page);
  }
  writeFileSync(join(dir, 'tab.html'), strip(en));
}

/** Bundles the favourites store for evaluation in an extension page: `__bsStore`. */
export async function bundleStore(): Promise<string> {
  const out = await build({
    stdin: {
      contents: `import { createFavouritesStore } from './utils/favourites/store';
        globalThis.__bsStore = createFavouritesStore();`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    write: false,
    logLevel: 'error',
  });
  return out.outputFiles[0]?.text ?? '';
}

/** Marks when the popup's first favourite row is in the DOM, and the frame after. */
export const FIRST_ROW_PROBE = `(() => {
  // tsx names the functions it compiles with a __name helper: page.evaluate needs it too.
  globalThis.__name ??= (f) => f;
  if (location.protocol !== 'chrome-extension:' || !location.pathname.endsWith('/popup.html')) {
    return;
  }
  const sel = 'ul[aria-label="Favourites"] > li[data-index] a.fav-title';
  const obs = new MutationObserver(() => {
    if (!document.querySelector(sel)) return;
    obs.disconnect();
    const dom = performance.now();
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { window.__bsFirstRow = { dom, painted: performance.now() }; };
      ch.port2.postMessage(0);
    });
  });
  obs.observe(document, { childList: true, subtree: true });
})();`;

export async function storage(page: Page): Promise<StorageFigures> {
  return page.evaluate(async () => {
    const e = (await navigator.storage.estimate()) as StorageEstimate & {
      usageDetails?: { indexedDB?: number };
    };
    return { usage: e.usage ?? 0, indexedDB: e.usageDetails?.indexedDB ?? null };
  });
}

/** Sets the search box to `query` (one input event) and times until its matches are painted. */
async function searchOnce(popup: Page, query: string): Promise<{ ms: number; shown: string }> {
  return popup.evaluate(async (q) => {
    const box = document.querySelector<HTMLInputElement>(
      'input[type="search"][aria-label="Search favourites"]',
    );
    if (!box) throw new Error('no search box');
    const matches = () => document.querySelector('.fav-count .fav-matches');
    const set = (value: string) => {
      box.value = value;
      box.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
    };
    const until = (ok: () => boolean, limit = 10_000) =>
      new Promise<void>((done, fail) => {
        if (ok()) return done();
        const timer = setTimeout(() => {
          const rows = document.querySelectorAll('li[data-index]').length;
          const state = `rows ${rows}, matches ${matches()?.textContent}, box "${box.value}"`;
          fail(new Error(`search "${q}" timed out (${state})`));
        }, limit);
        const obs = new MutationObserver(() => {
          if (!ok()) return;
          obs.disconnect();
          clearTimeout(timer);
          done();
        });
        obs.observe(document.body, { childList: true, subtree: true, characterData: true });
      });
    const frame = () =>
      new Promise<void>((done) =>
        requestAnimationFrame(() => {
          const ch = new MessageChannel();
          ch.port1.onmessage = () => done();
          ch.port2.postMessage(0);
        }),
      );
    // Back to the plain list first: no matches line, rows shown.
    set('');
    await until(() => !matches() && !!document.querySelector('li[data-index]'));
    await frame();
    const t0 = performance.now();
    set(q);
    await until(() => !!matches());
    await frame();
    return { ms: performance.now() - t0, shown: matches()?.textContent ?? '' };
  }, query);
}

/**
 * Times a click until `Save to favourites` reports aria-pressed = `want`: on Save itself to
 * save, on the saved state's `Remove` to remove (a press of Save never removes).
 */
async function clickSave(popup: Page, want: 'true' | 'false'): Promise<number> {
  const save = popup.getByRole('button', { name: 'Save to favourites' });
  const button =
    want === 'true'
      ? save
      : popup.locator('.tab-panel').getByRole('button', { name: 'Remove', exact: true });
  await button.waitFor();
  await popup.waitForFunction(
    (el) => !!el && !(el as HTMLButtonElement).disabled,
    await button.elementHandle(),
  );
  return button.evaluate(
    (el, [expected, watched]) =>
      new Promise<number>((done, fail) => {
        const timer = setTimeout(() => fail(new Error('save did not finish in 15 s')), 15_000);
        const obs = new MutationObserver(() => {
          if (watched?.getAttribute('aria-pressed') !== expected) return;
          obs.disconnect();
          clearTimeout(timer);
          done(performance.now() - t0);
        });
        obs.observe(watched as Element, { attributes: true, attributeFilter: ['aria-pressed'] });
        const t0 = performance.now();
        (el as HTMLButtonElement).click();
      }),
    [want, await save.elementHandle()] as const,
  );
}

/**
 * Runs everything on a fresh profile, with a copy of the build in `extDir` (unless
 * BROADSHEET_EXTENSION_DIR names one already). Takes minutes: seeding writes ~5.5 million
 * search-index entries.
 */
export async function favouritesTimes(
  extDir = '.output/chrome-mv3',
  opts: { favourites?: number; pocketRows?: number; log?: (line: string) => void } = {},
): Promise<FavouritesReport> {
  const n = opts.favourites ?? FAVOURITES;
  const log = opts.log ?? (() => {});
  const tmp = mkdtempSync(join(tmpdir(), 'broadsheet-fav-bench-'));
  const pagesDir = join(tmp, 'site');
  mkdirSync(pagesDir);
  const envBefore = process.env.BROADSHEET_EXTENSION_DIR;
  try {
    return await measure();
  } finally {
    if (envBefore === undefined) delete process.env.BROADSHEET_EXTENSION_DIR;
    rmSync(tmp, { recursive: true, force: true });
  }

  async function measure(): Promise<FavouritesReport> {
    // The harness loads a copy of the build, so a rebuild during the run cannot change it.
    if (!envBefore) {
      const copy = join(tmp, 'extension');
      cpSync(resolve(extDir), copy, { recursive: true });
      process.env.BROADSHEET_EXTENSION_DIR = copy;
    }
    const { startHarness } = await import('../tests/e2e/harness');
    savePages(pagesDir);
    const seed = seedFile(n);
    const seedPath = join(tmp, 'seed.json');
    writeFileSync(seedPath, seed.text);
    const csv = fakePocketCsv(opts.pocketRows ?? POCKET_ROWS);
    const csvPath = join(tmp, 'pocket.csv');
    writeFileSync(csvPath, csv);
    const expect = expectedMatches(seed.articles);
    const storeCode = await bundleStore();

    const h = await startHarness({ fixtures: pagesDir });
    try {
      const ctx = h.context;
      await ctx.addInitScript(FIRST_ROW_PROBE);

      // Seed: our export file through the options page's Import.
      const options = await ctx.newPage();
      await options.goto(h.extensionUrl('options.html'));
      const importAndWait = (path: string, timeout: number) =>
        importThroughOptions(options, path, timeout);
      log(`seeding ${n} favourites (${(seed.text.length / 1e6).toFixed(0)} MB file)…`);
      const seeded = await importAndWait(seedPath, 900_000);
      log(`seeded in ${(seeded.ms / 1000).toFixed(1)} s: ${seeded.message}`);
      const afterSeed = await storage(options);

      // Popup open → first row painted, on a tab showing an article.
      const tab = await ctx.newPage();
      await tab.goto(`${h.siteA.origin}/tab.html`);
      const tabId = await h.tabIdOf(tab);
      const popupUrl = h.extensionUrl(`popup.html?tab=${tabId}`);
      const popup = await ctx.newPage();
      const popupMs: number[] = [];
      const popupDomMs: number[] = [];
      for (let i = 0; i < POPUP_OPENS; i++) {
        await popup.goto(popupUrl, { waitUntil: 'commit' });
        await popup.bringToFront();
        const mark = (await (
          await popup.waitForFunction(
            () => (window as unknown as { __bsFirstRow?: unknown }).__bsFirstRow,
            undefined,
            { timeout: 30_000 },
          )
        ).jsonValue()) as { dom: number; painted: number };
        popupMs.push(mark.painted);
        popupDomMs.push(mark.dom);
      }
      log(`popup opens: ${popupMs.map((m) => m.toFixed(0)).join(', ')} ms`);

      // Search as you type, in the last popup.
      await popup.evaluate(storeCode);
      const search: SearchRow[] = [];
      for (const query of queries(seed.articles)) {
        search.push({ query, ms: [], storeMs: 0, shown: '', expected: expect(query), ok: false });
      }
      for (let round = 0; round < SEARCH_ROUNDS; round++) {
        for (const row of search) {
          const r = await searchOnce(popup, row.query);
          row.ms.push(r.ms);
          row.shown = r.shown;
        }
      }
      for (const row of search) {
        const n = Number(/([\d,]+)/.exec(row.shown)?.[1]?.replace(/,/g, '') ?? Number.NaN);
        row.ok = n === row.expected;
        row.storeMs = await popup.evaluate(async (q) => {
          const store = (
            globalThis as unknown as {
              __bsStore: { search(q: string, o: object): Promise<unknown> };
            }
          ).__bsStore;
          const times: number[] = [];
          for (let i = 0; i < 3; i++) {
            const t0 = performance.now();
            await store.search(q, { limit: 500 });
            times.push(performance.now() - t0);
          }
          return times.sort((a, b) => a - b)[1] as number;
        }, row.query);
      }
      log('search done');

      // The store's own save (the database write), ~5 KB articles, then removed again.
      const storeSaveMs: number[] = [];
      for (let i = 0; i < SAVES; i++) {
        const article = fakeArticle(50_000 + i);
        storeSaveMs.push(
          await popup.evaluate(async (a) => {
            const store = (
              globalThis as unknown as {
                __bsStore: {
                  saveArticle(a: unknown): Promise<{ id: string }>;
                  removeFavourite(id: string): Promise<unknown>;
                };
              }
            ).__bsStore;
            const t0 = performance.now();
            const fav = await store.saveArticle(a);
            const ms = performance.now() - t0;
            await store.removeFavourite(fav.id);
            return ms;
          }, article),
        );
      }
      await popup.close();

      // Saves from the popup, each on a page of its own; then Remove and save again.
      const saveMs: number[] = [];
      const resaveMs: number[] = [];
      for (let i = 0; i < SAVES; i++) {
        const page = await ctx.newPage();
        await page.goto(`${h.siteA.origin}/save-${i}.html`);
        const p = await h.openPopup(page);
        await p.bringToFront();
        await p.waitForFunction(
          () => document.querySelector('[role="status"]')?.textContent === 'Article detected',
          undefined,
          { timeout: 15_000 },
        );
        // As a reader would: the list has loaded before the click (each save or removal
        // reloads it, which would otherwise compete with the next click for the database).
        await p.waitForFunction(() => (window as { __bsFirstRow?: unknown }).__bsFirstRow);
        await p.waitForTimeout(SETTLE_MS);
        saveMs.push(await clickSave(p, 'true'));
        await p.waitForTimeout(SETTLE_MS);
        await clickSave(p, 'false');
        await p.waitForTimeout(SETTLE_MS);
        resaveMs.push(await clickSave(p, 'true'));
        await Promise.all([p.close(), page.close()]);
      }
      log(`saves: ${saveMs.map((m) => m.toFixed(0)).join(', ')} ms`);

      // A 10 000-row Pocket CSV on top of all that.
      await options.reload();
      await options.getByLabel('Import').waitFor({ state: 'attached' });
      const imported = await importAndWait(csvPath, 120_000);
      log(`pocket import: ${(imported.ms / 1000).toFixed(2)} s: ${imported.message}`);
      const afterAll = await storage(options);

      return {
        favourites: n,
        seedMs: seeded.ms,
        seedBytes: seed.text.length,
        popupMs,
        popupDomMs,
        search,
        saveMs,
        resaveMs,
        storeSaveMs,
        importCsv: {
          rows: opts.pocketRows ?? POCKET_ROWS,
          bytes: csv.length,
          ms: imported.ms,
          message: imported.message,
          countText: imported.countText,
        },
        db: { afterSeed, afterAll },
      };
    } finally {
      await h.close();
    }
  }
}
