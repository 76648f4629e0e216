/**
 * `npm run bench`: sizes of the built extension, then timings measured in Chromium.
 * Needs a build (`npm run build`); prints tables, and exits non-zero when a budget is broken.
 */
import { existsSync } from 'node:fs';
import { SCROLL_WAIT_MS } from './browser';
import { contentPhases } from './content-phases';
import { contentProfile } from './content-profile';
import { contentScriptTimes, RUNS, WAIT_AFTER_LOAD_MS } from './content-time';
import { quantile } from './corpus';
import { favouritesTimes, SEARCH_DEBOUNCE_MS } from './favourites-time';
import { floorTimes } from './floor';
import { imagesAtSize } from './images-size';
import { LIBRARY_HIGHLIGHTS, LIBRARY_TAGS, libraryTimes } from './library-time';
import { CORPORA } from './pages';
import {
  CLICK_RUNS,
  type ClickSteps,
  type ReaderClickRow,
  readerClickTimes,
  steps,
} from './reader-click';
import { readerTimes } from './reader-time';
import { ALWAYS_ON, ALWAYS_ON_BUDGET, sizes } from './sizes';
import { table } from './table';

/** The build measured (BROADSHEET_BUILD: a copy, so that rebuilding meanwhile cannot change it). */
const BUILD = process.env.BROADSHEET_BUILD ?? '.output/chrome-mv3';
if (!existsSync(`${BUILD}/manifest.json`)) {
  console.error('No build in .output/chrome-mv3: run `npm run build` first.');
  process.exit(2);
}

/**
 * `npm run bench -- content reader`: only the named sections (sizes always). `--all`: every
 * page of every corpus (else the content section loads every CONTENT_STRIDE-th page of each
 * corpus, to stay under ~10 minutes on 2 cores).
 */
const args = process.argv.slice(2);
const all = args.includes('--all');
const CONTENT_STRIDE = 5;
/** `--before=DIR`: another build (e.g. the previous commit's) timed in the same run, interleaved. */
const before = args.find((a) => a.startsWith('--before='))?.slice('--before='.length);
const only = new Set(args.filter((a) => !a.startsWith('--')));
for (const name of only) {
  const sections = [
    'content',
    'content-profile',
    'content-phases',
    'reader',
    'reader-engine',
    'favourites',
    'images',
    'library',
    'sync',
    'floor',
  ];
  if (!sections.includes(name)) {
    console.error(`Unknown section "${name}": ${sections.join(', ')}.`);
    process.exit(2);
  }
}
/** The diagnostics (no budget) run only when asked for by name. */
const DIAGNOSTICS = new Set(['floor', 'content-profile', 'content-phases']);
const want = (section: string) => (only.size ? only.has(section) : !DIAGNOSTICS.has(section));

const stats = (xs: number[]) => ({
  median: quantile(xs, 0.5).toFixed(1),
  p95: quantile(xs, 0.95).toFixed(1),
  max: Math.max(...xs).toFixed(1),
});

const failures: string[] = [];
const rows = sizes(BUILD);
table(
  'Built files (Chrome MV3), bytes as shipped (minified) and gzipped',
  rows.map((r) => ({ file: r.file, bytes: r.bytes, gzip: r.gzip })),
);
const alwaysOn = rows.find((r) => r.file === ALWAYS_ON);
if (!alwaysOn) failures.push(`${ALWAYS_ON} is missing`);
else if (alwaysOn.bytes > ALWAYS_ON_BUDGET) {
  failures.push(`${ALWAYS_ON} is ${alwaysOn.bytes} B, over the ${ALWAYS_ON_BUDGET} B budget`);
}

// The always-on content script's main-thread time per page, page scripts on (issue 13's budget).
if (want('content')) {
  const CONTENT_MEDIAN_MS = 5;
  const CONTENT_P95_MS = 15;
  const stride = all ? 1 : CONTENT_STRIDE;
  const started = performance.now();
  const times = await contentScriptTimes(BUILD, {
    stride,
    ...(before ? { before } : {}),
    log: (line) => console.error(`  content: ${line}`),
  });
  console.error(
    `  content: ${times.length} pages in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  const row = (measure: string, xs: number[], budget = '') => ({
    measure,
    pages: xs.length,
    median: quantile(xs, 0.5).toFixed(2),
    p95: quantile(xs, 0.95).toFixed(2),
    mean: (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2),
    max: Math.max(...xs).toFixed(2),
    budget,
  });
  const budget = `<= ${CONTENT_MEDIAN_MS} ms median, <= ${CONTENT_P95_MS} ms p95`;
  const ext = times.map((r) => r.extensionMs);
  const real = times.filter((r) => r.corpus !== 'fixtures').map((r) => r.extensionMs);
  const control = times.flatMap((r) => (r.controlMs === undefined ? [] : [r.controlMs]));
  table(
    `Always-on content script, main-thread time per page, ms: ScriptDuration ${RUNS} loads with the extension and ${RUNS} without (median of each), page scripts on, read ${WAIT_AFTER_LOAD_MS} ms after load${stride > 1 ? `; every ${stride}th page of each corpus (--all for every page)` : ''}`,
    [
      row('all pages', ext, budget),
      ...CORPORA.map((c) =>
        row(
          `  ${c}`,
          times.filter((r) => r.corpus === c).map((r) => r.extensionMs),
        ),
      ),
      row('  real pages (readability + postlight)', real),
      row(
        '  pages that loaded the second part (page-deep.js)',
        times.filter((r) => r.deep).map((r) => r.extensionMs),
      ),
      row(
        '  pages that did not',
        times.filter((r) => !r.deep).map((r) => r.extensionMs),
      ),
      ...(before
        ? [
            row(
              'the build before (--before), same run',
              times.flatMap((r) => (r.beforeMs === undefined ? [] : [r.beforeMs])),
            ),
          ]
        : []),
      row('control: an empty content script', control, '~0'),
      row(
        "the pages' own scripts (without the extension)",
        times.map((r) => r.baselineMs),
      ),
    ],
  );
  table(
    `The same pages read again after the reader's first turn of the wheel (a screen down) and ${SCROLL_WAIT_MS} ms: what a reader who reads on pays, the comment fold (which waits for that scroll, or runs at once where the page's end is in view) included; ms`,
    [
      row(
        'all pages, load + first scroll',
        times.map((r) => r.scrolledMs),
      ),
      row(
        '  real pages (readability + postlight)',
        times.filter((r) => r.corpus !== 'fixtures').map((r) => r.scrolledMs),
      ),
      ...(before
        ? [
            row(
              'the build before (--before), same run',
              times.flatMap((r) => (r.beforeScrolledMs === undefined ? [] : [r.beforeScrolledMs])),
            ),
          ]
        : []),
    ],
  );
  table(
    'Slowest 8 pages for the content script, ms',
    [...times]
      .sort((a, b) => b.extensionMs - a.extensionMs)
      .slice(0, 8)
      .map((r) => ({
        page: `${r.corpus}/${r.page}`,
        extension: r.extensionMs.toFixed(2),
        withScroll: r.scrolledMs.toFixed(2),
        pageScripts: r.baselineMs.toFixed(1),
      })),
  );
  if (quantile(ext, 0.5) > CONTENT_MEDIAN_MS || quantile(ext, 0.95) > CONTENT_P95_MS) {
    failures.push(
      `content script ${quantile(ext, 0.5).toFixed(2)} ms median / ${quantile(ext, 0.95).toFixed(2)} ms p95, over ${CONTENT_MEDIAN_MS} / ${CONTENT_P95_MS} ms`,
    );
  }
}

// Where the always-on script's time goes, page scripts on (a diagnostic: only when named).
if (want('content-profile')) {
  const only = (process.env.BROADSHEET_PROFILE_PAGES ?? '').split(',').filter(Boolean);
  const prof = await contentProfile(BUILD, all ? 1 : CONTENT_STRIDE, only);
  const total = prof.perPage.reduce((a, r) => a + r.ms, 0);
  table(
    `Always-on script, sampled time per page (V8 sampling profiler, every 50 us, page scripts on; ${prof.pages} pages), ms`,
    [
      ...CORPORA.map((c) => {
        const xs = prof.perPage.filter((r) => r.corpus === c).map((r) => r.ms);
        return {
          corpus: c,
          pages: xs.length,
          median: quantile(xs, 0.5).toFixed(2),
          p95: quantile(xs, 0.95).toFixed(2),
        };
      }),
    ],
  );
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([fn, ms]) => ({
        function: fn,
        msPerPage: (ms / prof.pages).toFixed(3),
        share: `${((100 * ms) / total).toFixed(1)}%`,
      }));
  table('Where it goes: functions on the stack (inclusive), all pages', top(prof.inclusive, 30));
  // The typical page: each function's median over pages (0 where it did not run), so that
  // one 10 000-comment page does not stand for all of them.
  const typical = [...prof.inclusive.keys()]
    .map((fn) => ({
      fn,
      xs: prof.pageInclusive.map((m) => m.get(fn) ?? 0),
    }))
    .map(({ fn, xs }) => ({
      function: fn,
      median: quantile(xs, 0.5),
      p75: quantile(xs, 0.75),
      pages: xs.filter((x) => x > 0).length,
    }))
    .sort((a, b) => b.median - a.median || b.p75 - a.p75)
    .slice(0, 30)
    .map((r) => ({ ...r, median: r.median.toFixed(3), p75: r.p75.toFixed(3) }));
  table('Where it goes on a typical page: inclusive ms, median and p75 over pages', typical);
  table(
    'Where it goes: innermost function of the script (self, with the native calls it makes)',
    top(prof.self, 25),
  );
}

// The same, in real milliseconds per guarded step (a diagnostic: only when named).
if (want('content-phases')) {
  const { rows, steps } = await contentPhases(BUILD, all ? 1 : CONTENT_STRIDE);
  const shares = rows.map((r) => r.shareMs);
  const stepRows = [...steps]
    .map(([key, label]) => {
      const xs = rows.map((r) => r.steps.get(key) ?? 0);
      return {
        step: `${key} ${label}`.slice(0, 80),
        median: quantile(xs, 0.5),
        p75: quantile(xs, 0.75),
        p95: quantile(xs, 0.95),
        pages: xs.filter((x) => x > 0).length,
      };
    })
    .filter((r) => r.pages)
    .sort((a, b) => b.median - a.median || b.p75 - a.p75)
    .map((r) => ({
      ...r,
      median: r.median.toFixed(2),
      p75: r.p75.toFixed(2),
      p95: r.p95.toFixed(2),
    }));
  table(
    `Always-on script by step, real ms (performance.measure, page scripts on, ${rows.length} pages; ScriptDuration share ${quantile(shares, 0.5).toFixed(2)} median / ${quantile(shares, 0.95).toFixed(2)} p95)`,
    stepRows,
  );
}

// What any content script pays before its own work (a diagnostic for issue 3's budget).
if (want('floor')) {
  const rows = await floorTimes(BUILD);
  table(
    `Main-thread time of minimal content scripts, each one step more than the one before (ScriptDuration with minus without; ${rows[0]?.ms.length ?? 0} corpus pages, page scripts off)`,
    rows.map((r) => ({
      script: r.name,
      median: quantile(r.ms, 0.5).toFixed(2),
      p95: quantile(r.ms, 0.95).toFixed(2),
      mean: (r.ms.reduce((a, b) => a + b, 0) / r.ms.length).toFixed(2),
    })),
  );
}

// The reader from the user's click to its painted text (issue 13's budget).
if (want('reader')) {
  const READER_CLICK_MS = 100;
  const started = performance.now();
  const builds = [
    ...(before ? [{ name: 'before', dir: before }] : []),
    { name: before ? 'this build' : 'Broadsheet', dir: BUILD },
  ];
  const byBuild = await readerClickTimes(builds, {
    log: (line) => console.error(`  reader: ${line}`),
  });
  console.error(`  reader: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const perPage = (rows: ReaderClickRow[], pick: (s: ClickSteps) => number) =>
    rows.flatMap((r) => {
      const xs = r.runs.flatMap((m) => {
        const st = steps(m);
        return st ? [pick(st)] : [];
      });
      return xs.length ? [quantile(xs, 0.5)] : [];
    });
  const STEPS: [string, (s: ClickSteps) => number][] = [
    ['click -> text painted', (s) => s.total],
    ['  popup -> background (message)', (s) => s.popupToBackground],
    ['  background waits for the drawing ahead still under way', (s) => s.queue],
    [
      '  background -> reader script (message; injection, compile and set-up if not there)',
      (s) => s.backgroundToReader,
    ],
    ['  reader asks the tab state (round trip)', (s) => s.stateRoundTrip],
    ['  extraction (Readability, clean-up, DOMPurify) after the click', (s) => s.extraction],
    ['  render and show (Preact, overlay, focus: style and layout)', (s) => s.renderShow],
    ['  to the next frame', (s) => s.toFrame],
    ['  that frame (style, layout, paint)', (s) => s.framePaint],
    ['  V8 compile in the page over the opening', (s) => s.compileMs],
    ['  script time in the page over the opening', (s) => s.scriptMs],
  ];
  const rows: Record<string, string | number>[] = [];
  for (const [name, list] of byBuild) {
    for (const [i, [measure, pick]] of STEPS.entries()) {
      const xs = perPage(list, pick);
      rows.push({
        build: i === 0 ? name : '',
        measure,
        median: quantile(xs, 0.5).toFixed(1),
        p95: quantile(xs, 0.95).toFixed(1),
        budget: i === 0 ? `<= ${READER_CLICK_MS} ms median` : '',
      });
    }
    const all = list.flatMap((r) => r.runs.flatMap((m) => steps(m) ?? []));
    rows.push({
      build: '',
      measure: `  openings where the script was injected after the click`,
      median: `${all.filter((x) => x.injectedAfterClick).length} of ${all.length}`,
      p95: '',
      budget: '',
    });
  }
  const pages = byBuild.values().next().value?.length ?? 0;
  table(
    `Reader from the click on \`Reader view\` in the popup to its text painted in the page, ms (${pages} real corpus pages x ${CLICK_RUNS} fresh openings, median per page; page scripts on${before ? '; builds interleaved' : ''})`,
    rows,
  );
  const ours = byBuild.get(builds[builds.length - 1]?.name ?? '') ?? [];
  const total = quantile(
    perPage(ours, (s) => s.total),
    0.5,
  );
  if (!(total <= READER_CLICK_MS)) {
    failures.push(`reader ${total.toFixed(0)} ms median click to text, over ${READER_CLICK_MS} ms`);
  }
}

// The reader's engine alone, in the page, next to Readability alone (issue 4's budget).
if (want('reader-engine')) {
  const READER_RATIO = 1.5;
  const READER_P95_MS = 150;
  const started = performance.now();
  const reader = await readerTimes(BUILD);
  console.error(
    `  reader: ${reader.length} pages in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  const readerOpen = reader.map((r) => r.readerMs);
  const readabilityAlone = reader.map((r) => r.readabilityMs);
  const readerRatio = quantile(readerOpen, 0.5) / quantile(readabilityAlone, 0.5);
  table(
    `Reader open per page, ms (median of 5 runs each; ${reader.length} corpus pages, ${reader.filter((r) => r.opened).length} showed an article; page scripts off)`,
    [
      {
        measure: 'reader open: extract + render',
        ...stats(readerOpen),
        budget: `<= ${READER_RATIO}x Readability median, <= ${READER_P95_MS} ms p95`,
      },
      {
        measure: '  extract (clone, Readability, clean-up, DOMPurify)',
        ...stats(reader.map((r) => r.extractMs)),
        budget: '',
      },
      {
        measure: '  render (shadow-root overlay, Preact, layout)',
        ...stats(reader.map((r) => r.renderMs)),
        budget: '',
      },
      { measure: 'Readability.parse alone (on a clone)', ...stats(readabilityAlone), budget: '' },
      {
        measure: 'ratio of the medians, reader / Readability',
        median: `${readerRatio.toFixed(2)}x`,
        p95: '',
        max: '',
        budget: '',
      },
    ],
  );
  table(
    'Slowest 5 pages for the reader, ms',
    [...reader]
      .sort((a, b) => b.readerMs - a.readerMs)
      .slice(0, 5)
      .map((r) => ({
        page: r.page,
        reader: r.readerMs.toFixed(1),
        extract: r.extractMs.toFixed(1),
        render: r.renderMs.toFixed(1),
        readability: r.readabilityMs.toFixed(1),
        ratio: `${(r.readerMs / r.readabilityMs).toFixed(1)}x`,
      })),
  );
  if (readerRatio > READER_RATIO) {
    failures.push(
      `reader open ${readerRatio.toFixed(2)}x Readability alone at the median, over ${READER_RATIO}x`,
    );
  }
  if (quantile(readerOpen, 0.95) > READER_P95_MS) {
    failures.push(
      `reader open p95 ${quantile(readerOpen, 0.95).toFixed(1)} ms, over ${READER_P95_MS} ms`,
    );
  }
}

// Offline images at 10 000 favourites (issue 14): the popup and reader.html must not get slower.
if (want('images')) {
  const started = performance.now();
  const img = await imagesAtSize(BUILD, {
    log: (line) => console.error(`  images: ${line}`),
  });
  console.error(`  images: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const ratio = (a: number[], b: number[]) => (quantile(b, 0.5) / quantile(a, 0.5)).toFixed(2);
  table(
    `Offline images: ${img.favourites.toLocaleString('en-US')} favourites, ${img.images.count.toLocaleString('en-US')} images stored as blobs (${(img.images.bytes / 1e6).toFixed(0)} MB, written in ${(img.images.writeMs / 1000).toFixed(1)} s), same run before and after, ms`,
    [
      {
        measure: 'popup open -> first row painted',
        before: stats(img.before.popupMs).median,
        after: stats(img.after.popupMs).median,
        ratio: ratio(img.before.popupMs, img.after.popupMs),
        budget: 'not slower',
      },
      {
        measure: 'reader.html -> heading painted',
        before: stats(img.before.readerTextMs).median,
        after: stats(img.after.readerTextMs).median,
        ratio: ratio(img.before.readerTextMs, img.after.readerTextMs),
        budget: 'not slower',
      },
      {
        measure: 'reader.html -> every image loaded (after)',
        before: '-',
        after: stats(img.after.readerImagesMs).median,
        ratio: '',
        budget: '',
      },
    ],
  );
  table('Favourites database size with offline images (navigator.storage.estimate()), bytes', [
    ...(['before', 'after'] as const).map((w) => ({
      when: `${w} images`,
      usage: img[w].storage.usage,
      indexedDB: img[w].storage.indexedDB ?? 'n/a',
    })),
    {
      when: 'per favourite, after',
      usage: Math.round(img.after.storage.usage / img.favourites),
      indexedDB: Math.round((img.after.storage.indexedDB ?? 0) / img.favourites),
    },
  ]);
  // Slower by more than a quarter, at the median of the same run, counts as slower.
  for (const [name, a, b] of [
    ['popup first row', img.before.popupMs, img.after.popupMs],
    ['reader.html heading', img.before.readerTextMs, img.after.readerTextMs],
  ] as const) {
    if (quantile(b, 0.5) > 1.25 * quantile(a, 0.5) + 5) {
      failures.push(`${name} with images ${ratio(a, b)}× slower than without`);
    }
  }
}

// Favourites at 10 000 with the real extension (issue 5's budgets).
if (want('library')) {
  const LIBRARY_MS = 150;
  const TAG_MS = 50;
  const SEARCH_P95_MS = 50;
  const BULK_MS = 1000;
  const POPUP_MS = 150;
  const IMPORT_MS = 5000;
  const started = performance.now();
  const lib = await libraryTimes(BUILD, { log: (line) => console.error(`  library: ${line}`) });
  // `--before=DIR`: the same run on another build (its library rows too when it has the page).
  const base = before
    ? await libraryTimes(before, { log: (line) => console.error(`  library (before): ${line}`) })
    : null;
  console.error(`  library: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const once = (ms: number) => ({ median: ms.toFixed(0), p95: '', max: '' });
  const rowsOut: Record<string, string>[] = [
    {
      measure: `library.html open -> first row painted (${lib.libraryMs.length} opens)`,
      ...stats(lib.libraryMs),
      budget: `<= ${LIBRARY_MS} ms median`,
    },
    {
      measure: '  -> DOMContentLoaded (page and scripts loaded)',
      ...stats(lib.libraryDclMs),
      budget: '',
    },
    {
      measure: '  floor: the same page without its scripts, one static row (alternate opens)',
      ...stats(lib.libraryFloorMs),
      budget: '',
    },
    {
      measure: `Tag picked -> its favourites listed (${lib.tagMs.length}${lib.tagRight ? '' : ', SOME WRONG'})`,
      ...stats(lib.tagMs),
      budget: `<= ${TAG_MS} ms median`,
    },
    {
      measure: `search keystroke -> results with snippet mark painted (${lib.searchMs.length}${lib.searchRight ? '' : ', SOME MISSING'})`,
      ...stats(lib.searchMs),
      budget: `<= ${SEARCH_P95_MS} ms p95`,
    },
    {
      measure: 'bulk Add tag… on 1,000 selected -> said done',
      ...once(lib.bulkMs),
      budget: `<= ${BULK_MS} ms`,
    },
    {
      measure: `popup open -> first row painted (${lib.popupMs.length} opens, archived left out)`,
      ...stats(lib.popupMs),
      budget: `<= ${POPUP_MS} ms median`,
    },
    { measure: '  -> DOMContentLoaded', ...stats(lib.popupDclMs), budget: '' },
    {
      measure: '  floor: the same page without its scripts, one static row (alternate opens)',
      ...stats(lib.popupFloorMs),
      budget: '',
    },
    {
      measure: 'import 10,000-row Pocket CSV with tags (on top)',
      ...once(lib.importMs),
      budget: `<= ${IMPORT_MS} ms`,
    },
    { measure: 'seed: import of our export with copies and tags', ...once(lib.seedMs), budget: '' },
  ];
  if (lib.store) {
    const s = lib.store;
    rowsOut.push(
      { measure: 'store alone: library first page (50)', ...once(s.firstPage), budget: '' },
      { measure: "store alone: one tag's favourites", ...once(s.tag), budget: '' },
      { measure: 'store alone: search + 16 snippets', ...once(s.searchWithSnippets), budget: '' },
      { measure: 'store alone: addTag on 1,000', ...once(s.bulkTag), budget: '' },
      { measure: 'store alone: popup page (not archived, 50)', ...once(s.popupPage), budget: '' },
    );
  }
  if (base) {
    if (base.hasLibrary) {
      rowsOut.push(
        {
          measure: 'BEFORE: library.html open -> first row painted',
          ...stats(base.libraryMs),
          budget: '',
        },
        { measure: 'BEFORE:   floor', ...stats(base.libraryFloorMs), budget: '' },
        { measure: 'BEFORE: Tag picked -> listed', ...stats(base.tagMs), budget: '' },
        { measure: 'BEFORE: search -> snippet mark painted', ...stats(base.searchMs), budget: '' },
        { measure: 'BEFORE: bulk Add tag… on 1,000', ...once(base.bulkMs), budget: '' },
      );
    }
    rowsOut.push(
      { measure: 'BEFORE: popup open -> first row painted', ...stats(base.popupMs), budget: '' },
      { measure: 'BEFORE:   -> DOMContentLoaded', ...stats(base.popupDclMs), budget: '' },
      { measure: 'BEFORE:   floor', ...stats(base.popupFloorMs), budget: '' },
      { measure: 'BEFORE: import 10,000-row Pocket CSV', ...once(base.importMs), budget: '' },
      { measure: 'BEFORE: seed', ...once(base.seedMs), budget: '' },
    );
  }
  table(
    `Library with ${lib.favourites.toLocaleString('en-US')} favourites, ${LIBRARY_TAGS.toLocaleString('en-US')} tags, ${LIBRARY_HIGHLIGHTS.toLocaleString('en-US')} highlights (built extension in Chromium), ms`,
    rowsOut,
  );
  const over = (what: string, ms: number, budget: number) => {
    if (!(ms <= budget)) failures.push(`library: ${what} ${ms.toFixed(0)} ms, over ${budget} ms`);
  };
  over('first rows', quantile(lib.libraryMs, 0.5), LIBRARY_MS);
  over('tag filter', quantile(lib.tagMs, 0.5), TAG_MS);
  over('search with snippets p95', quantile(lib.searchMs, 0.95), SEARCH_P95_MS);
  over('bulk tag', lib.bulkMs, BULK_MS);
  over('popup first row', quantile(lib.popupMs, 0.5), POPUP_MS);
  over('Pocket import', lib.importMs, IMPORT_MS);
  if (!lib.tagRight || !lib.searchRight) failures.push('library: some results were wrong');
}

if (want('sync')) {
  const FIRST_MERGE_MS = 10_000;
  const INCREMENTAL_MS = 200;
  const SYNC_QUOTA_BYTES = 102_400;
  const started = performance.now();
  // Imported here, not at the top: it imports the e2e harness, which reads
  // BROADSHEET_EXTENSION_DIR once, and `library` (above) sets it to its copy of each build.
  const { syncTimes } = await import('./sync-time');
  const r = await syncTimes(BUILD, { log: (line) => console.error(`  sync: ${line}`) });
  console.error(`  sync: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const once = (v: string) => ({ median: v, p95: '', max: '' });
  const both = [...r.bookmarkToFavouriteMs, ...r.favouriteToBookmarkMs];
  const dupes = r.afterMerge.bookmarks - r.afterMerge.uniqueUrls;
  table(
    `Sync through the bookmarks: ${r.favourites.toLocaleString('en-US')} favourites, ${r.bookmarks.toLocaleString('en-US')} bookmarks (built extension in Chromium)`,
    [
      {
        measure: 'first merge: switch clicked -> "On: N favourites" shown, ms',
        ...once(r.firstMergeMs.toFixed(0)),
        budget: `<= ${FIRST_MERGE_MS} ms`,
      },
      {
        measure: "  the engine's own measure of it, ms",
        ...once(r.engineMergeMs.toFixed(0)),
        budget: '',
      },
      {
        measure: '  after it: favourites / bookmarks / duplicate URLs',
        ...once(`${r.afterMerge.favourites} / ${r.afterMerge.bookmarks} / ${dupes}`),
        budget: `${r.favourites + r.bookmarks / 2} / same / 0`,
      },
      {
        measure: `bookmark written -> favourite stored (${r.bookmarkToFavouriteMs.length} runs), ms`,
        ...stats(r.bookmarkToFavouriteMs),
        budget: `<= ${INCREMENTAL_MS} ms`,
      },
      {
        measure: `favourite saved -> bookmark there (${r.favouriteToBookmarkMs.length} runs), ms`,
        ...stats(r.favouriteToBookmarkMs),
        budget: `<= ${INCREMENTAL_MS} ms`,
      },
      {
        measure: 'storage.sync: bytes / items / largest item, bytes',
        ...once(`${r.sync.bytes} / ${r.sync.items} / ${r.sync.largest}`),
        budget: '< 102 400 / 512 / 8 192',
      },
      {
        measure: '  favourites whose tags, read state and progress are in it',
        ...once(String(r.sync.entries)),
        budget: '',
      },
      {
        measure: `burst of 1 000 saves: storage.sync writes / errors`,
        ...once(`${r.burst.writes} / ${r.burst.errors}`),
        budget: '<= 120 a minute / 0',
      },
      {
        measure: '  the saves, then all 1 000 mirrored, ms',
        ...once(
          `${r.burst.ms.toFixed(0)}, ${r.burst.settledMs.toFixed(0)} (${r.burst.mirrored} mirrored)`,
        ),
        budget: '',
      },
    ],
  );
  if (r.firstMergeMs > FIRST_MERGE_MS)
    failures.push(`sync: first merge ${r.firstMergeMs.toFixed(0)} ms`);
  if (quantile(both, 0.5) > INCREMENTAL_MS)
    failures.push('sync: incremental change median over budget');
  // A change a reader waits a second for now and then is not reflected in 200 ms: the tail too.
  for (const [what, ms] of [
    ['bookmark -> favourite', r.bookmarkToFavouriteMs],
    ['favourite -> bookmark', r.favouriteToBookmarkMs],
  ] as const) {
    const p95 = quantile(ms, 0.95);
    if (p95 > INCREMENTAL_MS)
      failures.push(`sync: ${what} p95 ${p95.toFixed(0)} ms, over ${INCREMENTAL_MS} ms`);
  }
  if (dupes !== 0 || r.afterMerge.favourites !== r.favourites + r.bookmarks / 2)
    failures.push('sync: merge result');
  if (r.sync.bytes >= SYNC_QUOTA_BYTES || r.sync.largest > 8192 || r.sync.items >= 512)
    failures.push('sync: storage.sync quota');
  if (r.burst.errors) failures.push('sync: storage.sync write errors in the burst');
}

if (want('favourites')) {
  const SAVE_MEDIAN_MS = 20;
  const POPUP_MS = 150;
  const SEARCH_P95_MS = 50;
  const IMPORT_MS = 5000;
  const started = performance.now();
  const fav = await favouritesTimes(BUILD, {
    log: (line) => console.error(`  favourites: ${line}`),
  });
  console.error(`  favourites: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const keystrokes = fav.search.flatMap((s) => s.ms);
  const once = (ms: number) => ({ median: ms.toFixed(0), p95: '', max: '' });
  table(
    `Favourites with ${fav.favourites.toLocaleString('en-US')} saved, each with a ~5 KB offline copy (built extension in Chromium), ms`,
    [
      {
        measure: `save: click -> aria-pressed (${fav.saveMs.length} new pages)`,
        ...stats(fav.saveMs),
        budget: `<= ${SAVE_MEDIAN_MS} ms median`,
      },
      {
        measure: '  same pages saved again (reader already in the page)',
        ...stats(fav.resaveMs),
        budget: '',
      },
      {
        measure: '  store.saveArticle alone (the database write)',
        ...stats(fav.storeSaveMs),
        budget: '',
      },
      {
        measure: `popup open -> first row painted (${fav.popupMs.length} opens)`,
        ...stats(fav.popupMs),
        budget: `<= ${POPUP_MS} ms`,
      },
      { measure: '  -> first row in the DOM', ...stats(fav.popupDomMs), budget: '' },
      { measure: '  first (cold) open', ...once(fav.popupMs[0] ?? Number.NaN), budget: '' },
      {
        measure: `search keystroke -> results painted (${fav.search.length} queries x ${keystrokes.length / fav.search.length})`,
        ...stats(keystrokes),
        budget: `<= ${SEARCH_P95_MS} ms p95`,
      },
      { measure: '  of which the list waits (debounce)', ...once(SEARCH_DEBOUNCE_MS), budget: '' },
      {
        measure: '  store.search alone (limit 500)',
        ...stats(fav.search.map((s) => s.storeMs)),
        budget: '',
      },
      {
        measure: `import ${fav.importCsv.rows.toLocaleString('en-US')}-row Pocket CSV (on top)`,
        ...once(fav.importCsv.ms),
        budget: `<= ${IMPORT_MS} ms`,
      },
      {
        measure: `seed: import of our export (${(fav.seedBytes / 1e6).toFixed(0)} MB)`,
        ...once(fav.seedMs),
        budget: '',
      },
    ],
  );
  table(
    'Favourites search queries: keystroke -> results painted (each round), store.search alone',
    fav.search.map((s) => ({
      query: s.query,
      shown: s.shown.replace(/^\s*·\s*/, ''),
      expected: s.expected,
      keystrokeMs: s.ms.map((m) => m.toFixed(0)).join(' / '),
      storeMs: s.storeMs.toFixed(1),
      right: s.ok ? 'yes' : 'NO',
    })),
  );
  const perFav = (bytes: number, n: number) => Math.round(bytes / n);
  table('Favourites database size (navigator.storage.estimate() in an extension page), bytes', [
    {
      when: `after the seed (${fav.favourites.toLocaleString('en-US')} with copies)`,
      usage: fav.db.afterSeed.usage,
      indexedDB: fav.db.afterSeed.indexedDB ?? 'n/a',
      perFavourite: perFav(fav.db.afterSeed.indexedDB ?? fav.db.afterSeed.usage, fav.favourites),
    },
    {
      when: `after saves and the Pocket import (${fav.importCsv.countText})`,
      usage: fav.db.afterAll.usage,
      indexedDB: fav.db.afterAll.indexedDB ?? 'n/a',
      perFavourite: '',
    },
  ]);
  if (quantile(fav.saveMs, 0.5) > SAVE_MEDIAN_MS) {
    failures.push(
      `save ${quantile(fav.saveMs, 0.5).toFixed(1)} ms median, over ${SAVE_MEDIAN_MS} ms`,
    );
  }
  if (quantile(fav.popupMs, 0.5) > POPUP_MS) {
    failures.push(
      `popup first row ${quantile(fav.popupMs, 0.5).toFixed(0)} ms median, over ${POPUP_MS} ms`,
    );
  }
  if (quantile(keystrokes, 0.95) > SEARCH_P95_MS) {
    failures.push(
      `search ${quantile(keystrokes, 0.95).toFixed(0)} ms p95 keystroke to results, over ${SEARCH_P95_MS} ms`,
    );
  }
  if (fav.importCsv.ms > IMPORT_MS) {
    failures.push(`Pocket CSV import ${fav.importCsv.ms.toFixed(0)} ms, over ${IMPORT_MS} ms`);
  }
  for (const s of fav.search.filter((r) => !r.ok)) {
    failures.push(`search "${s.query}" showed "${s.shown.trim()}", expected ${s.expected} matches`);
  }
}

if (failures.length) {
  console.error(`\nOver budget:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log(only.size ? `\nAll budgets met in: ${[...only].join(', ')}.` : '\nAll budgets met.');
