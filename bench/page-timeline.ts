/**
 * Where an extension page's open goes before its first row is painted (not a benchmark: a
 * timeline for one build). Seeds 10 000 favourites as `npm run bench -- library` does, then for
 * library.html, popup.html?tab=ID and their floors (the same page without its scripts, one
 * static row, as the bench writes them): opens each a few times, alternately, and prints the
 * medians of DOMContentLoaded, first paint, first row in the DOM and painted, and when each
 * script and stylesheet arrived; then one traced open of each page, listing the renderer's
 * main-thread events of 1 ms or more from navigation start to the row's paint.
 * `npx tsx bench/page-timeline.ts [build dir]` (BROADSHEET_TIMELINE_OPENS, default 6).
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { importThroughOptions } from './favourites-time';
import { seedFile, writeFloorPages } from './library-time';

const N = Number(process.env.BROADSHEET_PROFILE_FAVOURITES ?? 10_000);
const OPENS = Number(process.env.BROADSHEET_TIMELINE_OPENS ?? 6);

const PROBE = `(() => {
  globalThis.__name ??= (f) => f;
  if (location.protocol !== 'chrome-extension:') return;
  const lib = location.pathname.endsWith('library.html');
  if (!lib && !location.pathname.endsWith('popup.html')) return;
  const sel = 'ul[aria-label="Favourites"] > li[data-index] a.' + (lib ? 'lib-title' : 'fav-title');
  const out = (window.__bsT = { longTasks: [] });
  let finished;
  window.__bsTDone = new Promise((done) => { finished = done; });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) out.longTasks.push([Math.round(e.startTime), Math.round(e.duration)]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const obs = new MutationObserver(() => {
    if (!document.querySelector(sel)) return;
    obs.disconnect();
    out.inDom = performance.now();
    performance.mark('bs:row-in-dom');
    requestAnimationFrame(() => {
      out.raf = performance.now();
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        out.painted = performance.now();
        performance.mark('bs:row-painted');
        const nav = performance.getEntriesByType('navigation')[0];
        out.dcl = nav ? nav.domContentLoadedEventStart : NaN;
        out.response = nav ? nav.responseEnd : NaN;
        out.firstPaint = performance.getEntriesByName('first-paint')[0]?.startTime ?? NaN;
        out.files = performance
          .getEntriesByType('resource')
          .filter((r) => /\\.(js|css)$/.test(r.name))
          .map((r) => [r.name.split('/').pop(), Math.round(r.startTime), Math.round(r.responseEnd)]);
        finished();
      };
      ch.port2.postMessage(0);
    });
  });
  obs.observe(document, { childList: true, subtree: true });
})();`;

interface Open {
  dcl: number;
  response: number;
  firstPaint: number;
  inDom: number;
  raf: number;
  painted: number;
  files: [string, number, number][];
  longTasks: [number, number][];
}

async function openOnce(page: Page, url: string): Promise<Open> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.bringToFront();
  // Awaited, not polled: waitForFunction would run Playwright's injected script in the page
  // while it loads (see FIRST_ROW_PROBE in library-time.ts).
  await page.evaluate(() => (window as unknown as { __bsTDone: Promise<void> }).__bsTDone);
  await page.waitForTimeout(300);
  return page.evaluate(() => (window as unknown as { __bsT: Open }).__bsT);
}

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

function summary(label: string, opens: Open[]): void {
  const m = (f: (o: Open) => number) => median(opens.map(f)).toFixed(0).padStart(5);
  console.log(
    `${label.padEnd(16)} response ${m((o) => o.response)}  DCL ${m((o) => o.dcl)}  first paint ${m((o) => o.firstPaint)}  row in DOM ${m((o) => o.inDom)}  rAF ${m((o) => o.raf)}  painted ${m((o) => o.painted)}  (painted: ${opens.map((o) => o.painted.toFixed(0)).join(', ')})`,
  );
  const last = opens.at(-1);
  if (last?.files.length) {
    console.log(
      `  files (last open, start→end ms): ${last.files.map(([f, s, e]) => `${f} ${s}→${e}`).join('; ')}`,
    );
  }
  const tasks = opens.flatMap((o) => o.longTasks.filter(([at]) => at < o.painted));
  if (tasks.length)
    console.log(
      `  long tasks before the paint (ms@start): ${tasks.map(([a, d]) => `${d}@${a}`).join(' ')}`,
    );
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: {
    name?: string;
    data?: { url?: string; functionName?: string; documentLoaderURL?: string; type?: string };
  };
}

/** One traced open of `url`: the main thread's events ≥ 1 ms, navigation start → the paint. */
async function tracedOpen(cdp: CDPSession, page: Page, url: string, label: string) {
  const events: TraceEvent[] = [];
  const onData = (e: { value: unknown }) => events.push(...(e.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', onData);
  const done = new Promise<void>((ok) => cdp.once('Tracing.tracingComplete', () => ok()));
  await cdp.send('Tracing.start', {
    categories:
      'devtools.timeline,disabled-by-default-devtools.timeline,v8,v8.execute,blink,blink.user_timing,loading,IndexedDB,toplevel',
    transferMode: 'ReportEvents',
  });
  const open = await openOnce(page, url);
  await cdp.send('Tracing.end');
  await done;
  cdp.off('Tracing.dataCollected', onData);
  const path = new URL(url).pathname;
  const nav = events.find(
    (e) => e.name === 'navigationStart' && (e.args?.data?.documentLoaderURL ?? '').includes(path),
  );
  const painted = events.filter((e) => e.name === 'bs:row-painted').at(-1);
  console.log(
    `  traced open of ${label}: painted ${open.painted.toFixed(0)} ms (DCL ${open.dcl.toFixed(0)}, row in DOM ${open.inDom.toFixed(0)})`,
  );
  if (!nav) {
    console.log('    (no navigationStart in the trace)');
    return;
  }
  const main = events.find(
    (e) => e.name === 'thread_name' && e.pid === nav.pid && e.args?.name === 'CrRendererMain',
  );
  const tid = main?.tid ?? nav.tid;
  const end = (painted?.ts ?? nav.ts + open.painted * 1000) + 5_000;
  const mine = events
    .filter(
      (e) =>
        e.pid === nav.pid &&
        e.tid === tid &&
        e.ts >= nav.ts &&
        e.ts <= end &&
        ((e.ph === 'X' && (e.dur ?? 0) >= 1000) ||
          (e.cat.includes('user_timing') && e.name.startsWith('bs:')) ||
          e.name === 'domContentLoadedEventStart' ||
          e.name === 'firstPaint' ||
          e.name === 'firstContentfulPaint'),
    )
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const stack: number[] = [];
  let busy = 0;
  for (const e of mine) {
    while (stack.length && (stack.at(-1) ?? 0) <= e.ts) stack.pop();
    const at = ((e.ts - nav.ts) / 1000).toFixed(1).padStart(7);
    const dur = e.dur ? `${(e.dur / 1000).toFixed(1).padStart(6)} ms` : '     --  ';
    const data = e.args?.data as Record<string, unknown> | undefined;
    const what =
      e.args?.data?.url?.split('/').pop() ||
      e.args?.data?.functionName ||
      (e.name === 'EvaluateScript' || e.name.startsWith('v8.') ? JSON.stringify(data ?? {}) : '');
    if (!stack.length && e.dur) busy += e.dur / 1000;
    console.log(`    ${at} ${dur} ${'  '.repeat(stack.length)}${e.name}${what ? ` ${what}` : ''}`);
    if (e.dur) stack.push(e.ts + e.dur);
  }
  console.log(`    top-level main-thread time listed: ${busy.toFixed(1)} ms`);
}

async function main() {
  const dir = resolve(process.argv[2] ?? '.output/chrome-mv3');
  const copy = mkdtempSync(join(tmpdir(), 'broadsheet-timeline-ext-'));
  cpSync(dir, copy, { recursive: true });
  writeFloorPages(copy);
  process.env.BROADSHEET_EXTENSION_DIR = copy;
  const tmp = mkdtempSync(join(tmpdir(), 'broadsheet-timeline-'));
  const { startHarness } = await import('../tests/e2e/harness');
  const h = await startHarness();
  try {
    await h.context.addInitScript(PROBE);
    const options = await h.context.newPage();
    await options.goto(h.extensionUrl('options.html'));
    const seed = seedFile(N);
    const seedPath = join(tmp, 'seed.json');
    writeFileSync(seedPath, seed.text);
    const seeded = await importThroughOptions(options, seedPath, 900_000);
    console.log(`seeded ${N} in ${(seeded.ms / 1000).toFixed(1)} s`);
    const tab = await h.context.newPage();
    await tab.goto(`${h.siteA.origin}/basic/article-en.html`);
    const tabId = await h.tabIdOf(tab);
    const pages: [string, string][] = [
      ['library', h.extensionUrl('library.html')],
      ['floor-library', h.extensionUrl('floor-library.html')],
      ['popup', h.extensionUrl(`popup.html?tab=${tabId}`)],
      ['floor-popup', h.extensionUrl('floor-popup.html')],
    ];
    const page = await h.context.newPage();
    const opens = new Map<string, Open[]>(pages.map(([label]) => [label, []]));
    for (let i = 0; i < OPENS; i++) {
      for (const [label, url] of pages) opens.get(label)?.push(await openOnce(page, url));
    }
    for (const [label] of pages) summary(label, opens.get(label) ?? []);
    const cdp = await h.context.newCDPSession(page);
    for (const [label, url] of pages) await tracedOpen(cdp, page, url, label);
  } finally {
    await h.close();
    rmSync(tmp, { recursive: true, force: true });
    rmSync(copy, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
