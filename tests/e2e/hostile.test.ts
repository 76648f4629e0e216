import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Harness, startHarness } from './harness';

/** Main-thread time the content script may take over 10 s of a pathological page. */
const BOUND_MS = 250;
const WATCH_MS = 10_000;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** CPU time sampled in the extension's own code (the page's scripts are not counted). */
async function extensionCpuMs(page: Page, url: string): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.goto(url);
  await page.waitForTimeout(WATCH_MS);
  const { profile } = await cdp.send('Profiler.stop');
  const ours = new Set(
    profile.nodes.filter((n) => n.callFrame.url.startsWith('chrome-extension://')).map((n) => n.id),
  );
  let us = 0;
  profile.samples?.forEach((id, i) => {
    if (ours.has(id)) us += profile.timeDeltas?.[i] ?? 0;
  });
  await cdp.detach();
  return us / 1000;
}

test('a 10 MB, 200 000-node page that mutates every millisecond and throws: bounded, page unharmed', async () => {
  const page = await h.context.newPage();
  const logs: string[] = [];
  page.on('console', (m) => {
    if (m.text().includes('Broadsheet')) logs.push(m.text());
  });
  const ms = await extensionCpuMs(page, `${h.siteA.origin}/hostile/huge-mutating.html`);
  console.log(`huge mutating page: ${ms.toFixed(0)} ms in Broadsheet's code over ${WATCH_MS} ms`);
  expect(await page.evaluate(() => document.getElementsByTagName('*').length)).toBeGreaterThan(
    200_000,
  );
  expect(ms).toBeLessThan(BOUND_MS);
  // The page keeps working: its own timer kept ticking, its article is still there.
  const ticks = Number(await page.locator('#ticks').textContent());
  expect(ticks).toBeGreaterThan(100);
  expect(await page.getByText('Update number 49999').isVisible()).toBe(true);
  expect(logs.length).toBeLessThanOrEqual(1);
  await page.close();
});

test('the reader on that page says it is too large, in words, and closes cleanly', async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}/hostile/huge-mutating.html`);
  const dialog = await h.openReader(page);
  await expect.poll(() => dialog.innerText()).toMatch(/too large/i);
  await page.keyboard.press('Escape');
  await expect.poll(() => dialog.count()).toBe(0);
  expect(Number(await page.locator('#ticks').textContent())).toBeGreaterThan(0);
  await page.close();
});
