/**
 * Main-thread script time that the always-on content script adds to a page: Chrome's
 * `Performance.getMetrics` ScriptDuration with the extension, minus without it, per corpus page.
 * Page scripts are switched off in both runs (content scripts still run), so the difference is
 * ours alone; each page is loaded twice per browser and the smaller figure kept.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/e2e/chromium';
import { serve } from '../tests/e2e/server';
import { OVERLAY_GRACE_MS } from '../utils/content/timing';
import { corpusPages, READABILITY } from './corpus';

const RUNS = 2;
/** Profile folders to remove once their browsers have closed. */
const profiles: string[] = [];

/**
 * Chromium with page scripts off and `ext` loaded (or none), in a new profile folder under
 * `parent`; requests off the loopback server are aborted.
 */
export async function launchWithExtension(
  ext: string | null,
  parent = tmpdir(),
): Promise<{ ctx: BrowserContext; profile: string }> {
  const args = [...CHROMIUM_ARGS];
  if (ext) args.push(`--disable-extensions-except=${ext}`, `--load-extension=${ext}`);
  const profile = mkdtempSync(join(parent, 'broadsheet-bench-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args,
    javaScriptEnabled: false,
  });
  await ctx.route(/^https?:\/\/(?!127\.0\.0\.1)/, (r) => r.abort());
  return { ctx, profile };
}

async function open(ext: string | null): Promise<BrowserContext> {
  const { ctx, profile } = await launchWithExtension(ext);
  profiles.push(profile);
  return ctx;
}

/** Main-thread script time (ms) of one load of `url`, read `waitMs` after the load event. */
export async function scriptDurationMs(
  ctx: BrowserContext,
  url: string,
  waitMs: number,
): Promise<number> {
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(waitMs);
  const { metrics } = await cdp.send('Performance.getMetrics');
  await page.close();
  return (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000;
}

async function scriptMs(ctx: BrowserContext, url: string): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < RUNS; i++) {
    best = Math.min(best, await scriptDurationMs(ctx, url, OVERLAY_GRACE_MS + 400));
  }
  return best;
}

export interface ContentTimeRow {
  page: string;
  extensionMs: number;
  readerableMs: number;
}

export async function contentScriptTimes(
  extDir: string,
  limit = Infinity,
): Promise<ContentTimeRow[]> {
  const site = await serve(READABILITY, '127.0.0.1');
  const withExt = await open(extDir);
  const without = await open(null);
  const readerable = readFileSync(
    join('node_modules/@mozilla/readability/Readability-readerable.js'),
    'utf8',
  );
  const rows: ContentTimeRow[] = [];
  try {
    for (const p of corpusPages().slice(0, limit)) {
      const url = `${site.origin}/${p.name}/source.html`;
      const a = await scriptMs(withExt, url);
      const b = await scriptMs(without, url);
      // isProbablyReaderable alone on the same page, timed in the page's own main thread.
      const page = await without.newPage();
      await page.goto(url, { waitUntil: 'load' });
      const readerableMs = await page.evaluate((src) => {
        const module = { exports: {} as unknown };
        new Function('module', src)(module);
        const exported = module.exports as ((d: Document) => boolean) | Record<string, unknown>;
        const fn = (typeof exported === 'function' ? exported : exported.isProbablyReaderable) as (
          d: Document,
        ) => boolean;
        const t0 = performance.now();
        fn(document);
        return performance.now() - t0;
      }, readerable);
      await page.close();
      rows.push({ page: p.name, extensionMs: Math.max(0, a - b), readerableMs });
    }
  } finally {
    await Promise.all([withExt.close(), without.close(), site.close()]);
    for (const dir of profiles.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
