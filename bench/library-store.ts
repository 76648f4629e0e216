/**
 * The store's own bulk tag and Pocket import at library size, A/B against another source tree
 * of the store in the same browser, interleaved (not a budget check: `npm run bench -- library`
 * is that). `npx tsx bench/library-store.ts [--before=SRC] [--rounds=N] [--profile] [build]`.
 *
 * In the built extension's options page, this tree's store (and `--before`'s, e.g. a
 * `git archive` of an older commit's `utils/` extracted under /tmp) is bundled with esbuild and
 * run on databases of its own, seeded as `npm run bench -- library` seeds its own: 10 000
 * favourites with ~2 KB copies and two of 2 000 tags each (1 000 also `reading-list`), a quarter
 * archived, 20 000 highlights.
 * - bulk tag: `addTag` of a new tag on the 1 000 `reading-list` favourites, then `removeTag` of
 *   it, both builds on the same database, in turn (ABBA), so each starts from the same state;
 * - the reads the library page makes (first page, one tag, a search with 16 snippets, the
 *   popup's page), both builds in turn on the bulk tag's database;
 * - import: a 10 000-row Pocket CSV (two tags a row, 40 % archived, new URLs each round), parsed
 *   and written by `importFavourites`; each build has a database of its own, seeded the same
 *   and fed the same files, so both are in the same state at each round; the order alternates.
 * `--profile` adds a CPU profile (self time by function) of one bulk tag and one import with
 * this tree's store.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { CDPSession, Page } from 'playwright-core';
import { LIBRARY_HIGHLIGHTS, LIBRARY_TAGS, seedFile } from './library-time';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const BEFORE = flag('before');
const ROUNDS = Number(flag('rounds') ?? 3);
const PROFILE = args.includes('--profile');
/** `--only=bulk` or `--only=import`: one of the two. */
const ONLY = flag('only');
const BUILD = resolve(args.find((a) => !a.startsWith('--')) ?? '.output/chrome-mv3');
const N = Number(process.env.BROADSHEET_PROFILE_FAVOURITES ?? 10_000);
const POCKET_ROWS = 10_000;
const tagName = (k: number) => `topic ${String(k).padStart(4, '0')}`;

/** The store, the import and the parser of source tree `dir`, as `globalThis[name]`. */
async function bundle(dir: string, name: string): Promise<string> {
  const out = await build({
    stdin: {
      contents: `import { createFavouritesStore } from './utils/favourites/store';
        import { importFavourites } from './utils/favourites/import';
        import { parseImport } from './utils/favourites/import-parse';
        globalThis[${JSON.stringify(name)}] = { createFavouritesStore, importFavourites, parseImport };`,
      resolveDir: dir,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    // Names kept, so that a profile says which of our functions the time is in.
    minify: false,
    write: false,
    logLevel: 'error',
    nodePaths: [join(ROOT, 'node_modules')],
  });
  // A name for the script, so that a profile tells its functions from the browser's.
  return `${out.outputFiles[0]?.text ?? ''}\n//# sourceURL=${name}.js`;
}

/** Pocket CSV round `r`: `n` rows, each with two tags of the seed's pool, 40 % archived. */
function pocketCsv(n: number, r: number): string {
  let a = (7 + r) >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rows = ['title,url,time_added,tags,status'];
  for (let i = 0; i < n; i++) {
    const tags = `${tagName(Math.floor(rand() * LIBRARY_TAGS))}|${tagName(Math.floor(rand() * LIBRARY_TAGS))}`;
    const status = rand() < 0.4 ? 'archive' : 'unread';
    rows.push(
      `"Pocket item ${i} about harbours",https://pocket${i % 50}.example/r${r}/item/${i},${1_600_000_000 + r * 1_000_000 + i * 60},${tags},${status}`,
    );
  }
  return `${rows.join('\n')}\n`;
}

/** Hands file `path` to the page as `globalThis.__bsFile` (text), through a file input. */
async function giveFile(page: Page, path: string): Promise<void> {
  await page.evaluate(() => {
    const old = document.getElementById('bs-bench-file');
    old?.remove();
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'bs-bench-file';
    input.hidden = true;
    document.body.append(input);
  });
  await page.setInputFiles('#bs-bench-file', path);
  await page.evaluate(async () => {
    const input = document.getElementById('bs-bench-file') as HTMLInputElement;
    (globalThis as unknown as { __bsFile: string }).__bsFile =
      (await input.files?.[0]?.text()) ?? '';
  });
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

/** Self time by function (ms), biggest first; native calls under their caller of ours. */
function selfTimes(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node);
  const ms = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    let node = byId.get(id);
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const own = node?.callFrame.functionName || '(anonymous)';
    let via = '';
    if (node && !node.callFrame.url) {
      let up = parent.get(node.id);
      while (up && !up.callFrame.url) up = parent.get(up.id);
      if (up) via = ` <- ${up.callFrame.functionName || '(anon)'}:${up.callFrame.columnNumber}`;
      node = up ?? node;
    }
    const key = node?.callFrame.url ? `${own}${via || `:${node.callFrame.columnNumber}`}` : own;
    ms.set(key, (ms.get(key) ?? 0) + dt);
  });
  const lines = [...ms]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 18)
    .map(([k, v]) => `    ${v.toFixed(1).padStart(8)} ms  ${k}`);
  return [`    ${total.toFixed(1).padStart(8)} ms  (sampled in all)`, ...lines];
}

async function profiled<T>(cdp: CDPSession, label: string, fn: () => Promise<T>): Promise<T> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await fn();
  const { profile } = await cdp.send('Profiler.stop');
  console.log(`  CPU profile, ${label} (self time):`);
  for (const line of selfTimes(profile as never)) console.log(line);
  return result;
}

type Lib = {
  createFavouritesStore(name: string): Store;
  importFavourites(store: Store, rows: unknown[]): Promise<unknown>;
  parseImport(text: string, opts: object): { accepted: unknown[]; error?: string };
};
type Store = {
  library(q: object): Promise<{ items: { id: string }[]; total: number }>;
  listPage(q: object): Promise<{ id: string }[]>;
  addTag(ids: string[], tag: string): Promise<{ changed: number }>;
  removeTag(ids: string[], tag: string): Promise<{ changed: number }>;
  count(q?: object): Promise<number>;
  db(): Promise<unknown>;
  close(): Promise<void>;
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const fmt = (xs: number[]) =>
  `median ${median(xs).toFixed(0)} ms (${xs.map((x) => x.toFixed(0)).join(', ')})`;

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), 'broadsheet-lib-store-'));
  const copy = join(tmp, 'ext');
  cpSync(BUILD, copy, { recursive: true });
  process.env.BROADSHEET_EXTENSION_DIR = copy;
  const variants: [string, string][] = [['new', ROOT]];
  if (BEFORE) {
    if (!existsSync(join(BEFORE, 'utils/favourites/store.ts')))
      throw new Error(`${BEFORE}: no store`);
    variants.push(['old', resolve(BEFORE)]);
  }
  const code = await Promise.all(variants.map(([name, dir]) => bundle(dir, `__bs_${name}`)));
  const seed = seedFile(N);
  const seedPath = join(tmp, 'seed.json');
  writeFileSync(seedPath, seed.text);
  const { startHarness } = await import('../tests/e2e/harness');
  const h = await startHarness();
  try {
    // tsx names the functions it compiles with a __name helper: page.evaluate needs it too.
    await h.context.addInitScript('globalThis.__name ??= (f) => f;');
    const page = await h.context.newPage();
    await page.goto(h.extensionUrl('options.html'));
    for (const c of code) await page.evaluate(c);
    await giveFile(page, seedPath);
    const names = variants.map(([name]) => name);
    // One database for the bulk tags (both builds on it), one per build for the imports.
    const dbs = [
      ...(ONLY === 'import' ? [] : ['bench-bulk']),
      ...(ONLY === 'bulk' ? [] : names.map((n) => `bench-import-${n}`)),
    ];
    for (const db of dbs) {
      const t0 = performance.now();
      await page.evaluate(
        async ([db, highlights]) => {
          const g = globalThis as unknown as { __bs_new: Lib; __bsFile: string };
          const lib = g.__bs_new;
          const store = lib.createFavouritesStore(db as string);
          const parsed = lib.parseImport(g.__bsFile, { sanitize: (s: string) => s });
          if (parsed.error) throw new Error(parsed.error);
          await lib.importFavourites(store, parsed.accepted);
          const favs = await store.listPage({ limit: 5000 });
          const idb = (await store.db()) as {
            transaction(
              s: string,
              m: string,
            ): { store: { put(v: object): Promise<unknown> }; done: Promise<void> };
          };
          const tx = idb.transaction('highlights', 'readwrite');
          const writes: Promise<unknown>[] = [];
          for (let i = 0; i < (highlights as number); i++) {
            writes.push(
              tx.store.put({
                id: `h${i}`,
                fav: favs[i % favs.length]?.id ?? '',
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
          await store.close();
        },
        [db, LIBRARY_HIGHLIGHTS] as const,
      );
      console.log(`seeded ${db} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    await page.evaluate(() => {
      (globalThis as unknown as { __bsFile?: string }).__bsFile = '';
    });
    const cdp = await h.context.newCDPSession(page);

    const bulk = (name: string, tag: string, remove = true) =>
      page.evaluate(
        async ([name, tag, remove]) => {
          const lib = (globalThis as unknown as Record<string, Lib>)[`__bs_${name}`] as Lib;
          const store = lib.createFavouritesStore('bench-bulk');
          const ids = (await store.library({ tag: 'reading-list', limit: 1000 })).items.map(
            (f) => f.id,
          );
          const t0 = performance.now();
          const added = await store.addTag(ids, tag as string);
          const t1 = performance.now();
          const removed = remove ? await store.removeTag(ids, tag as string) : { changed: 1000 };
          const t2 = performance.now();
          const right = added.changed === 1000 && removed.changed === 1000;
          await store.close();
          return { add: t1 - t0, remove: t2 - t1, right };
        },
        [name, tag, remove] as const,
      );
    const addMs = new Map(names.map((n) => [n, [] as number[]]));
    const removeMs = new Map(names.map((n) => [n, [] as number[]]));
    for (let r = 0; r < (ONLY === 'import' ? 0 : ROUNDS * 2); r++) {
      const order = r % 2 ? [...names].reverse() : names;
      for (const name of order) {
        const t = await bulk(name, `ab ${name} ${r}`);
        if (!t.right) throw new Error(`bulk tag (${name}) changed the wrong number`);
        addMs.get(name)?.push(t.add);
        removeMs.get(name)?.push(t.remove);
      }
    }
    for (const name of ONLY === 'import' ? [] : names) {
      console.log(`bulk addTag 1 000 (${name}): ${fmt(addMs.get(name) ?? [])}`);
      console.log(`bulk removeTag 1 000 (${name}): ${fmt(removeMs.get(name) ?? [])}`);
    }
    // The store's reads the page makes (as `npm run bench -- library` times them alone).
    const reads = (name: string) =>
      page.evaluate(
        async ([name, tag]) => {
          const lib = (globalThis as unknown as Record<string, Lib>)[`__bs_${name}`] as Lib;
          const store = lib.createFavouritesStore('bench-bulk') as Store & {
            snippets(ids: string[], q: string): Promise<unknown[]>;
          };
          const time = async (fn: () => Promise<unknown>) => {
            const t0 = performance.now();
            await fn();
            return performance.now() - t0;
          };
          await store.count();
          const out = {
            firstPage: await time(() => store.library({ limit: 50 })),
            tag: await time(() => store.library({ tag, limit: 50 })),
            searchWithSnippets: await time(async () => {
              const r = await store.library({ text: 'uniq12', limit: 50 });
              await store.snippets(
                r.items.slice(0, 16).map((f) => f.id),
                'uniq12',
              );
            }),
            popupPage: await time(() => store.listPage({ archived: false, limit: 50 })),
          };
          await store.close();
          return out;
        },
        [name, tagName(421)] as const,
      );
    const readMs = new Map(names.map((n) => [n, [] as Record<string, number>[]]));
    for (let r = 0; r < (ONLY === 'import' ? 0 : ROUNDS * 3); r++) {
      for (const name of r % 2 ? [...names].reverse() : names)
        readMs.get(name)?.push(await reads(name));
    }
    for (const name of ONLY === 'import' ? [] : names) {
      const runs = readMs.get(name) ?? [];
      for (const key of ['firstPage', 'tag', 'searchWithSnippets', 'popupPage']) {
        console.log(`store alone ${key} (${name}): ${fmt(runs.map((x) => x[key] ?? NaN))}`);
      }
    }
    if (PROFILE && ONLY !== 'import') {
      await profiled(cdp, 'addTag of 1 000 (new)', () => bulk('new', 'profiled', false));
      await page.evaluate(async () => {
        const lib = (globalThis as unknown as { __bs_new: Lib }).__bs_new;
        const store = lib.createFavouritesStore('bench-bulk');
        const ids = (await store.library({ tag: 'profiled', limit: 1000 })).items.map((f) => f.id);
        await store.removeTag(ids, 'profiled');
        await store.close();
      });
    }

    const importOnce = (name: string) =>
      page.evaluate(async (name) => {
        const g = globalThis as unknown as Record<string, Lib> & { __bsFile: string };
        const lib = g[`__bs_${name}`] as Lib;
        const store = lib.createFavouritesStore(`bench-import-${name}`);
        await store.count();
        const t0 = performance.now();
        const parsed = lib.parseImport(g.__bsFile, { sanitize: (s: string) => s });
        const t1 = performance.now();
        await lib.importFavourites(store, parsed.accepted);
        const t2 = performance.now();
        const total = await store.count();
        await store.close();
        return { parse: t1 - t0, write: t2 - t1, total };
      }, name);
    const parseMs = new Map(names.map((n) => [n, [] as number[]]));
    const writeMs = new Map(names.map((n) => [n, [] as number[]]));
    for (let r = 0; r < (ONLY === 'bulk' ? 0 : ROUNDS); r++) {
      const csv = join(tmp, `pocket-${r}.csv`);
      writeFileSync(csv, pocketCsv(POCKET_ROWS, r));
      await giveFile(page, csv);
      const order = r % 2 ? [...names].reverse() : names;
      const totals: number[] = [];
      for (const name of order) {
        const t = await importOnce(name);
        parseMs.get(name)?.push(t.parse);
        writeMs.get(name)?.push(t.write);
        totals.push(t.total);
        console.log(
          `  import round ${r} (${name}): parse ${t.parse.toFixed(0)} ms, write ${t.write.toFixed(0)} ms, ${t.total} favourites`,
        );
      }
      if (new Set(totals).size > 1) throw new Error(`import totals differ: ${totals.join(', ')}`);
    }
    for (const name of ONLY === 'bulk' ? [] : names) {
      console.log(`import parse (${name}): ${fmt(parseMs.get(name) ?? [])}`);
      console.log(`import write (${name}): ${fmt(writeMs.get(name) ?? [])}`);
    }
    if (PROFILE && ONLY !== 'bulk') {
      const csv = join(tmp, 'pocket-p.csv');
      writeFileSync(csv, pocketCsv(POCKET_ROWS, 99));
      await giveFile(page, csv);
      await profiled(cdp, 'Pocket import (new)', () => importOnce('new'));
    }
  } finally {
    await h.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
