/**
 * Main-thread script time that the always-on content script adds to a page, as a user's browser
 * runs it: page scripts on, the script's timers (the delayed report, the overlay pass after the
 * grace period) and its work on the page's own DOM changes included.
 *
 * One run, three browsers: one without any extension (the baseline), one with the built
 * extension, one with an empty content script (the control: what the measure says of a script
 * that does nothing; it must be about zero). Each page is loaded RUNS times in each browser,
 * interleaved load by load (so drift hits them alike); `Performance.getMetrics` `ScriptDuration`
 * is read after `load` + the overlay grace period + a margin (the budget's measure), then again
 * after the reader's first turn of the wheel (the comment search waits for it); the median of
 * the runs is kept; the extension's share is with - without.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { OVERLAY_GRACE_MS } from '../utils/content/timing';
import { launchWithExtension, scriptDurationMs } from './browser';
import { buildStep, FLOOR_STEPS } from './floor';
import { type BenchPage, benchPages, type CorpusName, everyNth, servePages } from './pages';

export const RUNS = 3;
/** After `load`: the overlay pass runs OVERLAY_GRACE_MS after it; the margin lets it finish. */
export const WAIT_AFTER_LOAD_MS = OVERLAY_GRACE_MS + 250;

export interface ContentTimeRow {
  corpus: CorpusName;
  page: string;
  /** Broadsheet's share: median ScriptDuration with it minus median without, ms. */
  extensionMs: number;
  /** The empty content script's share, same measure (only on control pages). */
  controlMs?: number;
  /** Median ScriptDuration without any extension (the page's own scripts), ms. */
  baselineMs: number;
  /** Whether the always-on script loaded its second part (utils/content/deep.ts) there. */
  deep: boolean;
  /** The `before` build's share, same measure, when one was given. */
  beforeMs?: number;
  /**
   * The same shares read again after the reader's first turn of the wheel (a screen down) and
   * SCROLL_WAIT_MS: what the page costs a reader who reads on, the comment fold included.
   */
  scrolledMs: number;
  beforeScrolledMs?: number;
}

export interface ContentTimeOptions {
  /** Every n-th page of each corpus (1: all). */
  stride?: number;
  /** The empty-script control on every n-th measured page. */
  controlStride?: number;
  log?: (line: string) => void;
  /** Another build (e.g. the previous commit's), measured in the same run, interleaved. */
  before?: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

export async function contentScriptTimes(
  extDir: string,
  opts: ContentTimeOptions = {},
): Promise<ContentTimeRow[]> {
  const { stride = 1, controlStride = 3, log = () => {} } = opts;
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-content-'));
  const servers = await servePages();
  const contexts: BrowserContext[] = [];
  try {
    const empty = join(dir, 'empty-script');
    await buildStep(empty, 'empty content script', FLOOR_STEPS[0]?.code ?? '');
    const dirs = [null, resolve(extDir), empty, ...(opts.before ? [resolve(opts.before)] : [])];
    const launched = await Promise.all(
      dirs.map(async (ext) => (await launchWithExtension(ext, dir)).ctx),
    );
    contexts.push(...launched);
    const [without, withExt, control, before] = launched as [
      BrowserContext,
      BrowserContext,
      BrowserContext,
      BrowserContext | undefined,
    ];
    const pages: BenchPage[] = everyNth(benchPages(), stride);
    const rows: ContentTimeRow[] = [];
    const started = performance.now();
    for (const [i, p] of pages.entries()) {
      const url = servers.url(p);
      const withControl = i % controlStride === 0;
      // Index 0 the page alone, 1 this build; then the control and the build before, if any.
      const order = [
        without,
        withExt,
        ...(withControl ? [control] : []),
        ...(before ? [before] : []),
      ];
      const ms = order.map(() => [] as number[]);
      const scrolled = order.map(() => [] as number[]);
      let deep = false;
      for (let run = 0; run < RUNS; run++) {
        // Each run starts with another browser, so none is always first after a pause.
        for (let k = 0; k < order.length; k++) {
          const j = (k + run) % order.length;
          const probe = j === 1 ? (d: boolean) => (deep ||= d) : undefined;
          let after: number | undefined;
          const t = await scriptDurationMs(
            order[j] as BrowserContext,
            url,
            WAIT_AFTER_LOAD_MS,
            probe,
            undefined,
            (v) => {
              after = v;
            },
          );
          if (t !== null && after !== undefined) {
            ms[j]?.push(t);
            scrolled[j]?.push(after);
          }
        }
      }
      if (ms.some((m) => m.length < RUNS)) {
        log(`${p.corpus}/${p.name}: did not load every time, left out`);
        continue;
      }
      const base = median(ms[0] as number[]);
      const share = (ctx: BrowserContext) => median(ms[order.indexOf(ctx)] as number[]) - base;
      const scrolledBase = median(scrolled[0] as number[]);
      const scrolledShare = (ctx: BrowserContext) =>
        median(scrolled[order.indexOf(ctx)] as number[]) - scrolledBase;
      rows.push({
        corpus: p.corpus,
        page: p.name,
        baselineMs: base,
        deep,
        extensionMs: share(withExt),
        scrolledMs: scrolledShare(withExt),
        ...(withControl ? { controlMs: share(control) } : {}),
        ...(before ? { beforeMs: share(before), beforeScrolledMs: scrolledShare(before) } : {}),
      });
      if ((i + 1) % 10 === 0) {
        const s = (performance.now() - started) / 1000;
        log(`${i + 1}/${pages.length} pages, ${s.toFixed(0)} s`);
      }
    }
    return rows;
  } finally {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await servers.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
