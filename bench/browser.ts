/** Chromium for the speed benches, and the one measure of a page's main-thread script time. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type CDPSession, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/e2e/chromium';

/**
 * Chromium with `ext` loaded (or none), in a new profile folder under `parent`; requests off
 * loopback are aborted, so the network is off. Page scripts run unless `javaScript` is false.
 */
export async function launchWithExtension(
  ext: string | null,
  parent = tmpdir(),
  { javaScript = true }: { javaScript?: boolean } = {},
): Promise<{ ctx: BrowserContext; profile: string }> {
  const args = [...CHROMIUM_ARGS];
  if (ext) args.push(`--disable-extensions-except=${ext}`, `--load-extension=${ext}`);
  const profile = mkdtempSync(join(parent, 'broadsheet-bench-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args,
    javaScriptEnabled: javaScript,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
  });
  await ctx.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (r) => r.abort());
  if (ext) {
    // The extension's worker is up before the first page, as in a browser that has been open.
    if (!ctx.serviceWorkers().length) await ctx.waitForEvent('serviceworker', { timeout: 15_000 });
  }
  return { ctx, profile };
}

/**
 * Main-thread script time (ms) of one load of `url`: CDP `Performance.getMetrics`
 * `ScriptDuration`, read `waitMs` after the `load` event, so the timers a script sets at
 * `load` and the page's own changes in that time are counted. Null if the page did not load.
 */
/**
 * Whether the always-on script's second part (utils/content/deep.ts) was loaded in the page:
 * read from the extension's isolated worlds, after the script time was read.
 */
async function deepLoaded(cdp: CDPSession): Promise<boolean> {
  const contexts: { id: number; origin: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  for (const c of contexts) {
    if (c.auxData?.type !== 'isolated' || !c.origin.startsWith('chrome-extension://')) continue;
    const r = await cdp.send('Runtime.evaluate', {
      contextId: c.id,
      expression: "typeof globalThis[Symbol.for('broadsheet.deep')]?.fold === 'function'",
      returnByValue: true,
    });
    if (r.result.value === true) return true;
  }
  return false;
}

/** After the reader's first scroll: the second part's injection and its fold have finished. */
export const SCROLL_WAIT_MS = 1000;

/**
 * The reader's first turn of the wheel, `px` down from the middle of the viewport, then `waitMs`:
 * the always-on script looks for comments from then on (or at once where the page's end is in
 * view).
 */
export async function readerScrolls(page: Page, px: number, waitMs: number): Promise<void> {
  await page.mouse.move(640, 400);
  await page.mouse.wheel(0, px);
  await page.waitForTimeout(waitMs);
}

async function scriptMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000;
}

export async function scriptDurationMs(
  ctx: BrowserContext,
  url: string,
  waitMs: number,
  onDeep?: (loaded: boolean) => void,
  /** Reads more of the page once the metrics are taken (it is closed after). */
  inspect?: (page: Page) => Promise<void>,
  /**
   * Then the reader's first turn of the wheel (a screen down), and the same metric again
   * SCROLL_WAIT_MS later: the total, for the work that waits for the reader to scroll.
   */
  scrolled?: (ms: number) => void,
): Promise<number | null> {
  const page = await ctx.newPage();
  try {
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(url, { waitUntil: 'load', timeout: 20_000 });
    await page.waitForTimeout(waitMs);
    const ms = await scriptMs(cdp);
    if (scrolled) {
      await readerScrolls(page, 800, SCROLL_WAIT_MS);
      scrolled(await scriptMs(cdp));
    }
    if (onDeep) onDeep(await deepLoaded(cdp));
    if (inspect) await inspect(page);
    return ms;
  } catch {
    return null;
  } finally {
    await page.close().catch(() => undefined);
  }
}
