/**
 * The reader as its user waits for it: from the click on `Reader view` in the popup until the
 * article's text is painted in the page. The built extension in Chromium, page scripts on, the
 * network off, on real corpus pages (readerable Readability pages and postlight articles).
 *
 * Each run loads the page afresh (a first opening, as a reader meets it), waits until the
 * always-on script has reported and its overlay pass is done, opens the popup as
 * `popup.html?tab=ID` in a tab of its own (as tests/e2e/harness.ts does), and clicks the
 * button once it is enabled. The page's main world watches with a MutationObserver for the
 * reader's text, then waits one animation frame and one task (the frame that paints it).
 *
 * Where the time goes comes from marks: the popup's click event, the background's steps
 * (`globalThis.__broadsheetBench` in the worker), the reader script's `performance.mark`s
 * (left only when the page's root carries `data-broadsheet-bench`) and the observer's. All
 * are epoch milliseconds (`performance.timeOrigin + now`), so they line up across processes.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { launchWithExtension } from './browser';
import { WAIT_AFTER_LOAD_MS } from './content-time';
import { CORPUS, corpusPages } from './corpus';
import { type BenchPage, servePages } from './pages';

export const CLICK_RUNS = 3;
const PAGES_PER_CORPUS = 10;

/** Epoch ms of each step of one opening; absent when a step did not happen (e.g. no injection). */
export interface ClickMarks {
  click: number;
  'bg:received'?: number;
  'bg:asked'?: number;
  'bg:inject'?: number;
  'bg:injected'?: number;
  'bg:present'?: number;
  'reader:start'?: number;
  'reader:open'?: number;
  'reader:state'?: number;
  'reader:extracted'?: number;
  'reader:drawn'?: number;
  'reader:shown'?: number;
  host?: number;
  text?: number;
  frame?: number;
  painted?: number;
  /** V8 compile and script time in the page over the opening (CDP metrics), ms. */
  compileMs?: number;
  scriptMs?: number;
}

export interface ReaderClickRow {
  page: string;
  runs: ClickMarks[];
}

/** Ten readerable Readability pages and ten postlight articles, evenly spread. */
export function readerPages(): BenchPage[] {
  const spread = <T>(xs: T[], n: number) =>
    xs.filter((_, i) => i % Math.max(1, Math.floor(xs.length / n)) === 0).slice(0, n);
  const readability = corpusPages()
    .filter((p) => p.meta.readerable !== false)
    .map((p) => ({
      corpus: 'readability' as const,
      name: p.name,
      path: `/readability/${p.name}/source.html`,
    }));
  const articles = readFileSync(join(CORPUS, 'postlight-labels.tsv'), 'utf8')
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((c) => c[1] === 'page' && c[3] === 'article')
    .map((c) => c[0] as string)
    .sort();
  const postlight = articles.map((name) => ({
    corpus: 'postlight' as const,
    name,
    path: `/postlight/${name}.html`,
  }));
  return [...spread(readability, PAGES_PER_CORPUS), ...spread(postlight, PAGES_PER_CORPUS)];
}

/**
 * Installed in the page's main world before the click: watches for the reader's text. (A
 * string: the bench's own compiled functions carry helpers the page does not have.)
 */
const WATCH_FOR_TEXT = `(() => {
  const seen = {};
  window.__bsSeen = seen;
  const now = () => performance.timeOrigin + performance.now();
  const observers = [];
  const check = () => {
    const root = document.querySelector('broadsheet-reader')?.shadowRoot;
    if (!root || seen.text) return;
    seen.host ??= now();
    if (observers.length < 2) {
      const inner = new MutationObserver(check);
      inner.observe(root, { childList: true, subtree: true, characterData: true });
      observers.push(inner);
    }
    const text = root.querySelector('.bs-content, [role="alert"], .bs-message');
    if (!text || !(text.textContent ?? '').trim()) return;
    seen.text = now();
    for (const o of observers) o.disconnect();
    requestAnimationFrame(() => {
      seen.frame = now();
      setTimeout(() => { seen.painted = now(); }, 0);
    });
  };
  const outer = new MutationObserver(check);
  outer.observe(document.documentElement, { childList: true });
  observers.push(outer);
})()`;

async function worker(ctx: BrowserContext): Promise<Worker> {
  const w = ctx.serviceWorkers().find((s) => s.url().startsWith('chrome-extension://'));
  return w ?? ctx.waitForEvent('serviceworker', { timeout: 15_000 });
}

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

async function metrics(page: Page, cdp: Awaited<ReturnType<BrowserContext['newCDPSession']>>) {
  void page;
  const { metrics: m } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => (m.find((x) => x.name === name)?.value ?? 0) * 1000;
  return { compile: get('V8CompileDuration'), script: get('ScriptDuration') };
}

/** One opening: fresh load, popup, click, painted text. Null when the reader did not show. */
async function openOnce(ctx: BrowserContext, url: string): Promise<ClickMarks | null> {
  const sw = await worker(ctx);
  const page = await ctx.newPage();
  const popup = await ctx.newPage();
  try {
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(url, { waitUntil: 'load', timeout: 20_000 });
    await page.waitForTimeout(WAIT_AFTER_LOAD_MS);
    const tabId = await sw.evaluate(async (u) => {
      const tabs = await chrome.tabs.query({});
      return tabs.find((t) => t.url === u)?.id ?? null;
    }, page.url());
    if (tabId === null) return null;
    await page.evaluate(WATCH_FOR_TEXT);
    await page.evaluate(() => document.documentElement.setAttribute('data-broadsheet-bench', ''));
    await sw.evaluate(() => {
      (globalThis as { __broadsheetBench?: unknown[] }).__broadsheetBench = [];
    });
    await popup.goto(`chrome-extension://${new URL(sw.url()).host}/popup.html?tab=${tabId}`);
    const button = popup.getByRole('button', { name: 'Reader view' });
    if (!(await until(() => button.isEnabled()))) return null;
    await button.evaluate((b) => {
      // The popup closes itself once the reader is open, as a toolbar popup does: kept open
      // here, after its work, so that the click's time can still be read from it.
      window.close = () => undefined;
      b.addEventListener(
        'click',
        (e) => {
          (window as unknown as { __bsClick: number }).__bsClick =
            performance.timeOrigin + e.timeStamp;
        },
        { capture: true, once: true },
      );
    });
    const before = await metrics(page, cdp);
    await button.click();
    const painted = await until(() =>
      page.evaluate(
        () => !!(window as unknown as { __bsSeen: { painted?: number } }).__bsSeen.painted,
      ),
    );
    if (!painted) return null;
    const after = await metrics(page, cdp);
    const click = await popup.evaluate(
      () => (window as unknown as { __bsClick: number }).__bsClick,
    );
    const seen = await page.evaluate(
      () => (window as unknown as { __bsSeen: Record<string, number> }).__bsSeen,
    );
    const reader = await page.evaluate(() =>
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('broadsheet:'))
        .map((m) => [m.name.slice('broadsheet:'.length), performance.timeOrigin + m.startTime]),
    );
    const bg = await sw.evaluate(() => {
      const g = globalThis as { __broadsheetBench?: [string, number][] };
      const marks = g.__broadsheetBench ?? [];
      g.__broadsheetBench = undefined;
      return marks;
    });
    const marks: ClickMarks = {
      click,
      ...Object.fromEntries([...bg, ...reader]),
      ...seen,
      compileMs: after.compile - before.compile,
      scriptMs: after.script - before.script,
    };
    await cdp.detach().catch(() => undefined);
    return marks;
  } catch (e) {
    if (process.env.BENCH_DEBUG) console.error(e);
    return null;
  } finally {
    await popup.close().catch(() => undefined);
    await page.close().catch(() => undefined);
  }
}

export interface ClickBuild {
  name: string;
  dir: string;
}

/**
 * Every page, CLICK_RUNS fresh openings per build; with several builds (before/after), one
 * browser each, their openings interleaved so that load on the machine hits them alike.
 */
export async function readerClickTimes(
  builds: ClickBuild[],
  opts: { log?: (line: string) => void; pages?: number } = {},
): Promise<Map<string, ReaderClickRow[]>> {
  const servers = await servePages();
  const contexts: BrowserContext[] = [];
  const out = new Map<string, ReaderClickRow[]>(builds.map((b) => [b.name, []]));
  try {
    for (const b of builds) contexts.push((await launchWithExtension(resolve(b.dir))).ctx);
    for (const p of readerPages().slice(0, opts.pages ?? Infinity)) {
      const runs = builds.map(() => [] as ClickMarks[]);
      for (let i = 0; i < CLICK_RUNS; i++) {
        for (let k = 0; k < builds.length; k++) {
          const j = (k + i) % builds.length;
          const m = await openOnce(contexts[j] as BrowserContext, servers.url(p));
          if (m) runs[j]?.push(m);
        }
      }
      for (const [j, b] of builds.entries()) {
        const got = runs[j] as ClickMarks[];
        if (got.length < CLICK_RUNS) {
          opts.log?.(`${b.name}: ${p.corpus}/${p.name}: ${got.length} of ${CLICK_RUNS} runs`);
        }
        out.get(b.name)?.push({ page: `${p.corpus}/${p.name}`, runs: got });
      }
    }
  } finally {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await servers.close();
  }
  return out;
}

/** One opening cut into its steps, ms (0 for a step that was not on the click's path). */
export interface ClickSteps {
  total: number;
  popupToBackground: number;
  /** The background waits for the reader's earlier message (e.g. drawing ahead) to be answered. */
  queue: number;
  backgroundToReader: number;
  stateRoundTrip: number;
  extraction: number;
  renderShow: number;
  toFrame: number;
  framePaint: number;
  /** Whether the reader script was injected only after the click. */
  injectedAfterClick: boolean;
  compileMs: number;
  scriptMs: number;
}

export function steps(m: ClickMarks): ClickSteps | null {
  const { click, painted, frame } = m;
  const asked = m['bg:asked'];
  const open = m['reader:open'];
  const shown = m['reader:shown'] ?? m.text;
  if (painted === undefined || frame === undefined || asked === undefined || !open || !shown) {
    return null;
  }
  const state = m['reader:state'] ?? open;
  const extracted = m['reader:extracted'];
  const extractEnd = extracted !== undefined && extracted > state ? extracted : state;
  return {
    total: painted - click,
    popupToBackground: (m['bg:received'] ?? asked) - click,
    queue: asked - (m['bg:received'] ?? asked),
    backgroundToReader: open - asked,
    stateRoundTrip: state - open,
    extraction: extractEnd - state,
    renderShow: shown - extractEnd,
    toFrame: frame - shown,
    framePaint: painted - frame,
    injectedAfterClick: (m['bg:inject'] ?? Number.NEGATIVE_INFINITY) > click,
    compileMs: m.compileMs ?? 0,
    scriptMs: m.scriptMs ?? 0,
  };
}
