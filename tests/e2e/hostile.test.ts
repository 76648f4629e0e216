import { chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from './chromium';
import { type Harness, startHarness } from './harness';

/**
 * Main-thread time the content script may take over 10 s of a pathological page, as a multiple
 * of the page's own script time in the same profile: a busy machine slows both alike, so the
 * bound holds where an absolute one (250 ms) failed beside another browser. Measured on this
 * 200 000-node page: 0.7–1.6× on a loaded 2-core machine (detection and the first fold over
 * 10 MB of markup; the watch then looks away and keeps to its own budget).
 */
const BOUND_SHARE = 3;
const WATCH_MS = 10_000;
/** This file's tests load a 10 MB page, each more than once: a busy machine needs the room. */
const SLOW_TEST_MS = 180_000;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Time sampled in the extension's own code and in the page's own scripts, in one profile. */
async function cpuMs(page: Page, url: string): Promise<{ ours: number; page: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.waitForTimeout(WATCH_MS);
  const { profile } = await cdp.send('Profiler.stop');
  const idsOf = (test: (u: string) => boolean) =>
    new Set(profile.nodes.filter((n) => test(n.callFrame.url)).map((n) => n.id));
  const ours = idsOf((u) => u.startsWith('chrome-extension://'));
  const theirs = idsOf((u) => u.startsWith(url));
  let us = 0;
  let them = 0;
  profile.samples?.forEach((id, i) => {
    const dt = profile.timeDeltas?.[i] ?? 0;
    if (ours.has(id)) us += dt;
    else if (theirs.has(id)) them += dt;
  });
  await cdp.detach();
  return { ours: us / 1000, page: them / 1000 };
}

test(
  'a 10 MB, 200 000-node page that mutates every millisecond and throws: bounded, page unharmed',
  async () => {
    const page = await h.context.newPage();
    const logs: string[] = [];
    page.on('console', (m) => {
      if (m.text().includes('Broadsheet')) logs.push(m.text());
    });
    const ms = await cpuMs(page, `${h.siteA.origin}/hostile/huge-mutating.html`);
    console.log(
      `huge mutating page over ${WATCH_MS} ms: ${ms.ours.toFixed(0)} ms in Broadsheet's code, ` +
        `${ms.page.toFixed(0)} ms in the page's own scripts (${((100 * ms.ours) / ms.page).toFixed(1)} %)`,
    );
    expect(await page.evaluate(() => document.getElementsByTagName('*').length)).toBeGreaterThan(
      200_000,
    );
    // The page's own scripts did run (else the share means nothing), and ours took a small part.
    expect(ms.page).toBeGreaterThan(100);
    expect(ms.ours).toBeLessThan(BOUND_SHARE * ms.page);
    expect(await page.getByText('Update number 49999').isVisible()).toBe(true);
    // The page keeps working: its own timer kept ticking (against the same page, same time, in a
    // browser without the extension), its article is still there.
    const ticks = Number(await page.locator('#ticks').textContent());
    await page.close();
    const plainTicks = await ticksWithout(`${h.siteA.origin}/hostile/huge-mutating.html`);
    console.log(`the page's own timer: ${ticks} ticks with Broadsheet, ${plainTicks} without`);
    expect(ticks).toBeGreaterThan(0.25 * plainTicks);
    expect(logs.length).toBeLessThanOrEqual(1);
  },
  SLOW_TEST_MS,
);

/** The page's tick count after WATCH_MS in a browser without the extension. */
async function ticksWithout(url: string): Promise<number> {
  const plain = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const p = await (await plain.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await p.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await p.waitForTimeout(WATCH_MS);
    expect(await p.getByText('Update number 49999').isVisible()).toBe(true);
    return Number(await p.locator('#ticks').textContent());
  } finally {
    await plain.close();
  }
}

test('the reader on that page says it is too large, in words, and closes cleanly', async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}/hostile/huge-mutating.html`, {
    waitUntil: 'domcontentloaded',
    timeout: 60_000,
  });
  await page.locator('#ticks').filter({ hasNotText: /^0$/ }).waitFor({ timeout: 60_000 });
  const started = Date.now();
  const dialog = await h.openReader(page);
  await expect.poll(() => dialog.innerText()).toMatch(/too large/i);
  console.log(`the reader answered "too large" ${Date.now() - started} ms after the click`);
  await page.keyboard.press('Escape');
  await expect.poll(() => dialog.count()).toBe(0);
  expect(Number(await page.locator('#ticks').textContent())).toBeGreaterThan(0);
  await page.close();
});
