/**
 * Two builds' library and popup in one browser, measured alternately (`npx tsx
 * bench/library-ab.ts A_DIR B_DIR`): on a machine whose load moves from minute to minute, two
 * builds timed one after the other (`npm run bench -- library --before=…`) each see another
 * load; here every round opens A, B and the floor (the same page without its scripts, one
 * static row) in turn, the order changing each round, and every tag pick and search is made in
 * A's library then in B's, or the other way round. Both extensions are loaded side by side
 * (their own ids, their own databases), each seeded with the same 10 000 favourites and 2 000
 * tags as `npm run bench -- library` (without the highlights and the Pocket import). The
 * measures are library-time.ts's own. BROADSHEET_AB_ROUNDS (default 10) opens of each page,
 * BROADSHEET_AB_PICK_ROUNDS (default 3) rounds of tag picks and searches.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/e2e/chromium';
import { serve } from '../tests/e2e/server';
import { importThroughOptions } from './favourites-time';
import {
  FIRST_ROW_PROBE,
  firstRow,
  HELPERS,
  pickTag,
  searchWithSnippet,
  seedFile,
  tagName,
  writeFloorPages,
} from './library-time';

const N = Number(process.env.BROADSHEET_PROFILE_FAVOURITES ?? 10_000);
const ROUNDS = Number(process.env.BROADSHEET_AB_ROUNDS ?? 10);
const PICK_ROUNDS = Number(process.env.BROADSHEET_AB_PICK_ROUNDS ?? 3);

/** Chromium's id for an unpacked extension: its path's SHA-256, first 32 hex digits as a–p. */
function unpackedId(path: string): string {
  return [...createHash('sha256').update(path).digest('hex').slice(0, 32)]
    .map((c) => String.fromCharCode(97 + Number.parseInt(c, 16)))
    .join('');
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const fmt = (xs: number[]) =>
  `${quantile(xs, 0.5).toFixed(1).padStart(6)} / ${quantile(xs, 0.95).toFixed(1).padStart(6)}`;

async function main() {
  const [aDir, bDir] = process.argv.slice(2).map((d) => resolve(d));
  if (!aDir || !bDir) throw new Error('usage: tsx bench/library-ab.ts A_DIR B_DIR');
  const root = mkdtempSync(join(tmpdir(), 'broadsheet-ab-'));
  const builds = [
    { name: 'A', dir: join(root, 'a') },
    { name: 'B', dir: join(root, 'b') },
  ];
  cpSync(aDir, builds[0]?.dir ?? '', { recursive: true });
  cpSync(bDir, builds[1]?.dir ?? '', { recursive: true });
  for (const b of builds) writeFloorPages(b.dir);
  const dirs = builds.map((b) => b.dir).join(',');
  const site = await serve(resolve('tests/fixtures'), '127.0.0.1');
  const context = await chromium.launchPersistentContext(join(root, 'profile'), {
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${dirs}`, `--load-extension=${dirs}`],
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
  });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, (r) => r.abort());
  try {
    await context.addInitScript(FIRST_ROW_PROBE);
    const url = (b: number, path: string) =>
      `chrome-extension://${unpackedId(builds[b]?.dir ?? '')}/${path}`;
    const seed = seedFile(N);
    const seedPath = join(root, 'seed.json');
    writeFileSync(seedPath, seed.text);
    for (let b = 0; b < 2; b++) {
      const options = await context.newPage();
      await options.goto(url(b, 'options.html'));
      if (b === 0) {
        const direction = await options.evaluate(() => 'getAllRecords' in IDBIndex.prototype);
        console.error(`getAll with a direction: ${direction ? 'yes' : 'no'}`);
      }
      const seeded = await importThroughOptions(options, seedPath, 900_000);
      console.error(`${builds[b]?.name}: seeded ${N} in ${(seeded.ms / 1000).toFixed(1)} s`);
    }
    const tab = await context.newPage();
    await tab.goto(`${site.origin}/basic/article-en.html`);
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const tabId = await worker.evaluate(async (u) => {
      const tabs = await chrome.tabs.query({});
      return tabs.find((t) => t.url === u)?.id ?? -1;
    }, tab.url());

    const opens: Record<string, number[]> = {};
    const push = (key: string, ms: number) => {
      opens[key] ??= [];
      opens[key].push(ms);
    };
    const page = await context.newPage();
    for (const [kind, path] of [
      ['library', 'library.html'],
      ['popup', `popup.html?tab=${tabId}`],
    ] as const) {
      for (let round = 0; round < ROUNDS; round++) {
        const order = [
          [0, 1, 2],
          [1, 0, 2],
          [2, 0, 1],
          [2, 1, 0],
        ][round % 4] as number[];
        for (const which of order) {
          if (which === 2) {
            const floor = url(round % 2, `floor-${kind}.html`);
            push(`${kind} floor`, (await firstRow(page, floor))[0]);
          } else {
            const [painted, dcl] = await firstRow(page, url(which, path));
            push(`${kind} ${builds[which]?.name}`, painted);
            push(`${kind} ${builds[which]?.name} DCL`, dcl);
          }
        }
      }
      console.error(`${kind}: ${ROUNDS} rounds done`);
    }
    await page.close();

    // Tag picks and searches, in A's library and B's in turn.
    const libs: Page[] = [];
    for (let b = 0; b < 2; b++) {
      const lib = await context.newPage();
      await lib.goto(url(b, 'library.html'));
      await lib.evaluate(HELPERS);
      await lib.waitForFunction(
        () => (document.querySelector('#lib-tag')?.querySelectorAll('option').length ?? 0) > 100,
      );
      libs.push(lib);
    }
    const tags = [17, 421, 999, 1500, 1999, 3, 777, 1234].map(tagName);
    let wrong = 0;
    for (let round = 0; round < PICK_ROUNDS; round++) {
      for (const [i, tag] of tags.entries()) {
        for (const b of (round + i) % 2 ? [1, 0] : [0, 1]) {
          const lib = libs[b] as Page;
          await lib.bringToFront();
          try {
            push(`tag ${builds[b]?.name}`, await pickTag(lib, tag, seed.perTag.get(tag) ?? 0));
          } catch {
            wrong++;
          }
          await pickTag(lib, '', N).catch(() => undefined);
        }
      }
    }
    const queries = ['uniq1234', 'uniq777', 'uniq5000', ...seed.words];
    for (let round = 0; round < PICK_ROUNDS; round++) {
      for (const [i, q] of queries.entries()) {
        for (const b of (round + i) % 2 ? [1, 0] : [0, 1]) {
          const lib = libs[b] as Page;
          await lib.bringToFront();
          try {
            push(`search ${builds[b]?.name}`, await searchWithSnippet(lib, q));
          } catch {
            wrong++;
          }
        }
      }
    }
    console.log(`A = ${aDir}\nB = ${bDir}\nmedian / p95, ms${wrong ? ` (${wrong} WRONG)` : ''}`);
    for (const [key, xs] of Object.entries(opens)) {
      console.log(`  ${key.padEnd(18)} ${fmt(xs)}   (${xs.length})`);
    }
  } finally {
    await context.close().catch(() => {});
    await site.close();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
